"""The revision edit format's strict applier (``providers/edits.py``), and a fallback chain whose revision falls
to a coder that cannot edit (the offline engine writes the revised app instead)."""

from __future__ import annotations

import pytest

from nexusforge_agents.config import Settings
from nexusforge_agents.context import Capability
from nexusforge_agents.providers.edits import SMALL_FILE_CHARS, EditReply, apply_edits
from nexusforge_agents.providers.llm_revise import reference_changes
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.providers.registry import resolve
from nexusforge_agents.spec_delta import SpecDelta
from nexusforge_agents.spec_revision import apply_delta
from tests.providers import real_support
from tests.providers.cassettes.revise_replies import BASE_PROMPT
from tests.providers.real_support import make_ctx

no_keys = real_support.no_keys

BIG = "def total(values):\n    return sum(values)\n\n\n" + "# padding\n" * (SMALL_FILE_CHARS // 10) + "X = 1\nY = 1\n"
FILES = {"app/calc.py": BIG, "app/flags.json": '{"dark": false}', "README.md": "# Calc\n"}


def _reply(*patches: dict, delete: list[str] | None = None) -> EditReply:
    return EditReply.model_validate({"patches": list(patches), "delete": delete or []})


def test_edits_apply_in_order_and_whole_contents_only_for_new_or_small_files():
    reply = _reply(
        {"path": "app/calc.py", "edits": [
            {"search": "    return sum(values)\n", "replace": "    return round(sum(values), 2)\n"},
            {"search": "round(sum(values), 2)", "replace": "round(sum(values), 4)"},  # sees the first edit's text
        ]},
        {"path": "app/flags.json", "content": '{"dark": true}'},
        {"path": "app/new.py", "content": "NEW = True\n"},
        delete=["README.md"],
    )  # fmt: skip
    files, problems = apply_edits(FILES, reply, new_paths=set())
    assert problems == []
    assert "return round(sum(values), 4)" in files["app/calc.py"] and files["app/flags.json"] == '{"dark": true}'
    assert files["app/new.py"] == "NEW = True\n" and "README.md" not in files
    assert FILES["README.md"] == "# Calc\n", "the input is not changed"


@pytest.mark.parametrize(
    ("patch", "problem"),
    [
        ({"path": "app/calc.py", "content": "X = 2\n"}, "send search/replace edits for it, not the whole file"),
        (
            {"path": "app/calc.py", "edits": [{"search": "Z = 1\n", "replace": ""}]},
            "edit 1 of 1: the search text is not",
        ),
        ({"path": "app/calc.py", "edits": [{"search": " = 1\n", "replace": " = 2\n"}]}, "occurs 2 times"),
        ({"path": "app/calc.py", "edits": [{"search": "", "replace": "x"}]}, "the search text is empty"),
        ({"path": "app/other.py", "edits": [{"search": "a", "replace": "b"}]}, "does not exist: a new file needs"),
        (
            {"path": "app/calc.py", "edits": [{"search": "X = 1\n", "replace": "X = (\n"}]},
            "app/calc.py does not compile",
        ),
        ({"path": "app/flags.json", "content": "{dark}"}, "app/flags.json is not valid JSON"),
        ({"path": "../outside.py", "content": "x = 1\n"}, ".."),
    ],
)
def test_an_edit_that_does_not_apply_is_named_and_nothing_is_applied(patch, problem):
    good = {"path": "README.md", "content": "# Changed\n"}
    files, problems = apply_edits(FILES, _reply(good, patch), new_paths=set())
    assert files == FILES, "all or nothing"
    assert len(problems) == 1 and problem in problems[0], problems


def test_deletions_and_repeated_paths_are_checked():
    _, problems = apply_edits(FILES, _reply(delete=["missing.py"]), new_paths=set())
    assert problems == ["cannot delete missing.py: no such file"]
    twice = {"path": "README.md", "content": "a\n"}
    _, problems = apply_edits(FILES, _reply(twice, twice), new_paths=set())
    assert problems == ["README.md is patched twice; put all its edits in one entry, in order"]


def test_a_file_new_in_the_revision_may_be_sent_whole_whatever_its_size():
    files, problems = apply_edits(
        FILES, _reply({"path": "app/calc.py", "content": "X = 2\n"}), new_paths={"app/calc.py"}
    )
    assert problems == [] and files["app/calc.py"] == "X = 2\n"


@pytest.mark.usefixtures("no_keys")
async def test_a_fallback_coder_that_cannot_edit_writes_the_revised_app(tmp_path):
    settings = Settings(home=tmp_path, fallback_coder="offline")
    chain = resolve("gemini:gemini-2.5-pro", Capability.CODER, settings)  # no key: the offline coder takes over
    before = extract_spec(BASE_PROMPT)
    field = {"name": "due_date", "type": "date"}
    delta = SpecDelta(request="add a due date", changes=[{"op": "add_field", "entity": "Task", "field": field}])
    after = apply_delta(before, delta)
    files = await chain.revise_code(make_ctx(tmp_path, "coder"), before, after, delta, generate_app(before))
    assert chain.model_id == "offline-codegen-1" and files == generate_app(after)


def test_the_generator_sorts_a_revision_by_who_changed_each_file():
    before = extract_spec(BASE_PROMPT)
    customer = {"name": "Customer", "plural": "customers", "fields": [{"name": "name", "type": "string"}]}
    delta = SpecDelta.model_validate(
        {"request": "add a due date to tasks and customers", "changes": [
            {"op": "add_field", "entity": "Task", "field": {"name": "due_date", "type": "date"}},
            {"op": "add_entity", "entity": customer},
        ]}
    )  # fmt: skip
    scaffold = generate_app(before)
    files = {
        **scaffold,
        "backend/schemas.py": scaffold["backend/schemas.py"] + "\n# mine\n",
        "backend/mine.py": "X = 1\n",
    }
    del files["README.md"]  # the model deleted it in the build
    ref = reference_changes(before, apply_delta(before, delta), files)
    assert (
        list(ref.to_port) == ["backend/schemas.py"] and "+    due_date: dt.date\n" in ref.to_port["backend/schemas.py"]
    )
    assert "backend/models.py" in ref.done and "backend/routers/customers.py" in ref.added
    assert ref.own == ["backend/mine.py"] and "README.md" not in ref.applied_to(files), "a deleted file stays deleted"
