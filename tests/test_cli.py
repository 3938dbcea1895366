import json

import pytest

from tests.cli_helpers import run_cli


def test_help_lists_the_commands(tmp_path):
    result = run_cli("--help", home=tmp_path)
    assert result.returncode == 0
    for command in ("build", "resume", "cancel", "templates"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["build", "   "], "App description is required", "INVALID_INPUT"),
        (["build", "x" * 9000], "too long", "INVALID_INPUT"),
        (["build", "Build a todo app", "--template", "nope"], "Unknown template 'nope'", "TEMPLATE_NOT_FOUND"),
        (["build", "Build a todo app", "--model", "coder"], "AGENT=MODEL_ID", "INVALID_INPUT"),
        (["build", "Build a todo app", "--model", "coder=nope:x"], "Unknown model provider", "INVALID_INPUT"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, args, message, code):
    result = run_cli(*args, home=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error {code}: "), result.stderr


def test_a_non_empty_out_folder_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    result = run_cli("build", "Build a todo app", "--out", str(tmp_path / "out"), home=tmp_path)
    assert result.returncode == 2 and "not empty" in result.stderr
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


def test_templates_lists_at_least_eight_with_example_prompts(tmp_path):
    result = run_cli("templates", "--json", home=tmp_path)
    templates = json.loads(result.stdout)
    assert len(templates) >= 8
    assert {"analytics_dashboard", "ecommerce_store"} <= {t["id"] for t in templates}
    assert all(t["example_prompt"] for t in templates)


def test_resume_of_an_unknown_session_fails_clearly(tmp_path):
    result = run_cli("resume", "no-such-session", home=tmp_path)
    assert result.returncode == 1 and "SESSION_NOT_FOUND" in result.stderr


def test_offline_build_succeeds_and_prints_the_result(tmp_path):
    out = tmp_path / "todo-app"
    result = run_cli(
        "build",
        "Build a todo app with React and FastAPI",
        "--out",
        str(out),
        "--no-video",
        "--json",
        home=tmp_path / "home",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    built = json.loads(result.stdout)
    assert built["status"] == "completed" and built["tests"]["passed"]
    assert built["orchestrator"] == "Starri" and built["demo_video"] is None
    assert all(model.startswith(("offline", "ruff")) for model in built["models_used"])
    assert (out / "spec.json").exists() and (out / "build.json").exists()
    assert sorted(p.stem for p in (out / "mockups").glob("*.png")) == sorted(built["specification"]["ui_components"])
    for phase in ("generating_spec", "building", "optimizing", "deploying"):
        assert f"✓ {phase}" in result.stderr, "the progress display names every phase"


def test_cloud_run_without_configuration_fails_the_deploy_phase(tmp_path, monkeypatch):
    for name in ("NEXUSFORGE_GCP_PROJECT", "NEXUSFORGE_GCP_REGION", "NEXUSFORGE_GCP_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    result = run_cli(
        "build",
        "Build a todo app",
        "--out",
        str(tmp_path / "app"),
        "--no-video",
        "--deploy",
        "cloudrun",
        home=tmp_path / "home",
    )
    assert result.returncode == 1
    assert "DEPLOYMENT_FAILED" in result.stderr and "NEXUSFORGE_GCP_PROJECT" in result.stderr


def test_a_command_whose_extra_is_missing_says_how_to_install_it():
    import typer
    from typer.testing import CliRunner

    from nexusforge_agents.cli import _needs_extra

    app = typer.Typer()
    _needs_extra("server", ["serve", "keys"], "sse_starlette is not installed")(app)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "`nexusforge serve` needs the server extra: sse_starlette is not installed" in result.output
    assert "nexusforge-agents[server]" in CliRunner().invoke(app, ["--help"]).output
