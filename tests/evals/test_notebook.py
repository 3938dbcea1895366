"""The eval notebook runs headless from top to bottom (nbclient), so it never rots."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "evals/notebooks/eval_quickstart.ipynb"


@pytest.mark.slow
def test_the_eval_notebook_runs_and_compares_two_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("NEXUSFORGE_EVAL_OUT", str(tmp_path / "runs"))
    monkeypatch.setenv("NEXUSFORGE_EVAL_LIMIT", "1")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "tailwind -> css" in text and "cases better:" in text and "self-contained" in text
    rich = [o for o in outputs if o.output_type in ("execute_result", "display_data")]
    assert any("image/svg+xml" in o.data for o in rich)  # the charts
    assert any("ui_yes" in o.data.get("text/html", "") for o in rich)  # the DataFrame
    assert (tmp_path / "runs/css/report.html").is_file()
    assert len(list((tmp_path / "runs").glob("*/cases/*/result.json"))) == 2
