"""Datasets: the WebGen-Bench dev file as it is, the smoke set, and JSONL files of the same shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.evals import load_dataset, load_jsonl, smoke_dataset
from nexusforge_agents.templates import TEMPLATES

WEBGEN = Path(__file__).resolve().parents[2] / "evals/datasets/webgen-bench-dev.jsonl"


def test_webgen_bench_dev_loads_as_it_is():
    data = load_jsonl(WEBGEN)
    assert len(data) == 51 and sum(len(c.ui_tests) for c in data) == 338
    first = data.cases[0]
    assert first.id == "000001" and first.prompt.startswith("Please implement a website for generating stock")
    assert first.application_type == "Analytics Platforms/Dashboards"
    assert first.ui_tests[0].category == "Functional Testing" and first.ui_tests[0].subcategories == ["Searching"]
    assert "Category" in first.metadata
    assert data.head(3).ids() == ["000001", "000003", "000005"]


def test_smoke_set_has_every_template_and_the_contract_examples():
    data = load_dataset("smoke")
    assert len(data) == len(TEMPLATES) + 4
    prompts = [c.prompt for c in data]
    assert all(t.example_prompt in prompts for t in TEMPLATES)
    assert "Build a real-time analytics dashboard with charts and user authentication" in prompts
    assert smoke_dataset().ids() == data.ids()


def test_any_jsonl_with_prompt_or_instruction_works(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"prompt": "Build a todo app"}\n\n{"id": "x/y", "instruction": "Build a blog"}\n')
    data = load_jsonl(path)
    assert data.ids() == ["0001", "x/y"] and data.cases[1].folder_name == "x_y"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"prompt": "a"}\nnot json\n', ":2: not valid JSON"),
        ('{"title": "no prompt"}\n', "needs a non-empty 'instruction' or 'prompt'"),
        ('{"id": 1, "prompt": "a"}\n{"id": 1, "prompt": "b"}\n', "duplicate case ids"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(text)
    with pytest.raises(InvalidInputError, match=message):
        load_jsonl(path)


def test_missing_file_is_invalid_input(tmp_path):
    with pytest.raises(InvalidInputError, match="No dataset file"):
        load_dataset(tmp_path / "nope.jsonl")
