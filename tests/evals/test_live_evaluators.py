"""Evaluators that talk to the running backend: executability and UI tests, on real uvicorn processes."""

from __future__ import annotations

from nexusforge_agents.evals.dataset import UITest
from nexusforge_agents.evals.evaluators import ExecutabilityEvaluator, UITestEvaluator, accuracy, running_backend
from nexusforge_agents.evals.evaluators.ui_plan import plan_task

from .apps import make_app
from .helpers import context

UI_TESTS = [
    "Search for a note using a specific keyword.",  # data/search -> YES
    "Submit a note with an empty title to check the form validation errors.",  # data/validation -> YES
    "Navigate to the invoices section and pay an invoice.",  # not checkable (payment)
    "Add a new invoice with an amount and a due date.",  # data/create on a resource the app lacks -> NO
    "Verify that the website uses 'white' as the background color and 'navy' as the component color.",  # YES
    "Check the statistics chart of notes on the dashboard.",  # stats: works, but no dashboard page -> PARTIAL
]


async def test_executability_passes_for_a_working_app(tmp_path):
    ctx = context(make_app(tmp_path), tests_pass=None)  # no QA report: the evaluator runs the tests itself
    async with running_backend(ctx):
        assert ctx.base_url and ctx.base_url.startswith("http://127.0.0.1:")
        score = await ExecutabilityEvaluator().evaluate(ctx)
    assert score.passed and score.value == 1.0, score.reason
    assert score.details["stages"] == {"imports": True, "boots": True, "health": True, "crud": True, "own_tests": True}


async def test_executability_fails_when_the_backend_does_not_import(tmp_path):
    ctx = context(make_app(tmp_path, import_error=True))
    async with running_backend(ctx):
        assert ctx.base_url is None and ctx.server_error
        score = await ExecutabilityEvaluator().evaluate(ctx)
    assert not score.passed and score.value == 0.0
    assert score.details["stages"]["imports"] is False and score.details["stages"]["boots"] is False
    assert "a_module_that_does_not_exist" in score.reason


async def test_executability_fails_when_crud_or_own_tests_fail(tmp_path):
    ctx = context(make_app(tmp_path, broken_delete=True, failing_test=True), tests_pass=None)
    async with running_backend(ctx):
        score = await ExecutabilityEvaluator().evaluate(ctx)
    stages = score.details["stages"]
    assert not score.passed and stages["boots"] and stages["health"]
    assert stages["crud"] is False and stages["own_tests"] is False
    assert "delete" in score.reason


async def test_executability_of_a_failed_build_is_zero(tmp_path):
    score = await ExecutabilityEvaluator().evaluate(context(tmp_path, build_error="BUILD_FAILED: spec agent crashed"))
    assert score.value == 0.0 and not score.passed and "spec agent crashed" in score.reason


def test_ui_test_plans_depend_on_the_text_only():
    kinds = [plan_task(UITest(task=t)).kind for t in UI_TESTS]
    assert kinds == ["data", "data", "not_checkable", "data", "colour", "stats"]
    assert plan_task(UITest(task=UI_TESTS[0])).operations == ["search"]
    assert "validation" in plan_task(UITest(task=UI_TESTS[1])).operations
    assert plan_task(UITest(task="Test the user registration and login functionality.")).kind == "auth"
    assert plan_task(UITest(task="Navigate through the website using the navigation menu.")).kind == "navigation"


async def test_ui_tests_verdicts_on_a_working_app(tmp_path):
    ctx = context(make_app(tmp_path), ui_tests=UI_TESTS)
    async with running_backend(ctx):
        score = await UITestEvaluator().evaluate(ctx)
    verdicts = [t["verdict"] for t in score.details["tests"]]
    assert verdicts == ["YES", "YES", "NOT_CHECKABLE", "NO", "YES", "PARTIAL"], score.details["tests"]
    assert score.value == (3 + 0.5) / 6
    assert score.details["checkable_accuracy"] == (3 + 0.5) / 5


async def test_ui_tests_fail_when_the_app_is_down_or_ignores_the_palette(tmp_path):
    ctx = context(make_app(tmp_path, import_error=True, background="#f8fafc", primary="#334155"), ui_tests=UI_TESTS)
    async with running_backend(ctx):
        score = await UITestEvaluator().evaluate(ctx)
    verdicts = [t["verdict"] for t in score.details["tests"]]
    assert verdicts == ["NO", "NO", "NOT_CHECKABLE", "NO", "NO", "NO"], score.details["tests"]
    assert score.value == 0.0


async def test_ui_navigation_checks_the_named_sections(tmp_path):
    ctx = context(
        make_app(tmp_path),
        ui_tests=[
            "Test the navigation menu to ensure all sections (home, notes) are accessible from the homepage.",
            "Test the navigation menu to ensure all sections (notes, invoices) are accessible.",
            "Test the navigation menu to ensure all sections (invoices, payroll) are accessible.",
        ],
    )
    async with running_backend(ctx):
        score = await UITestEvaluator().evaluate(ctx)
    assert [t["verdict"] for t in score.details["tests"]] == ["YES", "PARTIAL", "NO"], score.details["tests"]


def test_accuracy_is_the_papers_formula():
    assert accuracy({"YES": 2, "PARTIAL": 1, "NO": 1, "NOT_CHECKABLE": 1}) == 2.5 / 5
    assert accuracy({}) is None


async def test_ui_auth_tests_each_use_a_fresh_account(tmp_path):
    tests = ["Test the user registration functionality.", "Perform a login operation using valid credentials."]
    ctx = context(make_app(tmp_path, auth=True), ui_tests=tests)
    async with running_backend(ctx):
        score = await UITestEvaluator().evaluate(ctx)
    assert [t["kind"] for t in score.details["tests"]] == ["auth", "auth"]
    assert [t["verdict"] for t in score.details["tests"]] == ["YES", "YES"], score.details["tests"]


async def test_ui_auth_test_fails_on_an_app_without_accounts(tmp_path):
    ctx = context(make_app(tmp_path), ui_tests=["Perform a login operation using valid credentials."])
    async with running_backend(ctx):
        score = await UITestEvaluator().evaluate(ctx)
    assert (
        score.details["tests"][0]["verdict"] == "NO" and "no /api/auth/register" in score.details["tests"][0]["reason"]
    )


async def test_a_test_naming_no_resource_is_probed_on_the_main_one(tmp_path):
    ctx = context(make_app(tmp_path), ui_tests=["Test Search Functionality", "Test the invoice search functionality."])
    async with running_backend(ctx):
        score = await UITestEvaluator().evaluate(ctx)
    assert [t["verdict"] for t in score.details["tests"]] == ["YES", "NO"], score.details["tests"]
    assert score.details["tests"][0]["reason"].startswith("notes:")
