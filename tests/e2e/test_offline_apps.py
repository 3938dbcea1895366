"""Must-show: offline builds of three different prompts produce apps whose own tests pass when set up exactly as
the generated README says: `pip install -r requirements.txt` into a fresh venv, then `pytest` from the app root.

The builds skip the demo video (tests/e2e/test_demo_video.py proves it), and the venv is made without pip: this
interpreter's pip installs the requirements into it (``pip --python``), the same install without first copying pip
itself into every venv."""

import json
import subprocess
import sys

import pytest

from tests.cli_helpers import ROOT, run_cli

WEBGEN = json.loads((ROOT / "evals/datasets/webgen-bench-dev.jsonl").read_text().splitlines()[0])["instruction"]
PROMPTS = {
    "dashboard": "Build a real-time analytics dashboard with charts and user authentication",
    "store": "Create an online store for selling handmade jewelry with product catalog and shopping cart",
    "webgen": WEBGEN,
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(PROMPTS))
def test_generated_app_passes_its_own_tests_in_a_fresh_venv(tmp_path, kind):
    app = tmp_path / "app"
    built = run_cli(
        "build", PROMPTS[kind], "--out", str(app), "--json", "--no-video", home=tmp_path / "home", timeout=600
    )
    assert built.returncode == 0, built.stderr[-3000:]
    readme = (app / "README.md").read_text()
    assert "pip install -r requirements.txt" in readme and "pytest" in readme
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), "install", "-q", "-r", "requirements.txt"],
        cwd=app,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    tests = subprocess.run([str(venv / "bin/pytest"), "-q"], cwd=app, capture_output=True, text=True, timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert " passed" in tests.stdout and " failed" not in tests.stdout
