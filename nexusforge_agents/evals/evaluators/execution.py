"""Executability, as ChatDev and MetaGPT report it: the generated backend imports, boots, answers its health and
CRUD endpoints for every entity, and its own tests pass. A case is executable only if every stage passes.

``running_backend`` boots the app once per case for all live evaluators (uvicorn on 127.0.0.1 at a free port,
through the same local deploy target users get), and stops it afterwards.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from ...errors import DeploymentFailedError
from ...tools.deploy_local import deploy_local, stop_local
from ...tools.processes import clean_env, run_process
from ...tools.sandbox import run_app_tests
from .base import EvalContext, Score, not_built
from .probes import ApiProbe

BOOT_TIMEOUT_S = 40.0
IMPORT_TIMEOUT_S = 60.0


@contextlib.asynccontextmanager
async def running_backend(ctx: EvalContext, *, timeout_s: float = BOOT_TIMEOUT_S) -> AsyncIterator[EvalContext]:
    """Boot ``ctx.app_dir``'s backend; set ``ctx.base_url`` and ``ctx.probe``, or ``ctx.server_error``."""
    if not ctx.built or ctx.app_dir is None:
        ctx.server_error = ctx.build_error or "no app"
        yield ctx
        return
    if not (ctx.app_dir / "backend" / "main.py").is_file():
        ctx.server_error = "no backend/main.py"
        yield ctx
        return
    (ctx.app_dir / "app.db").unlink(missing_ok=True)  # each scoring starts from empty tables
    key = f"eval:{ctx.case.id}:{uuid.uuid4().hex[:8]}"
    try:
        ctx.base_url = await deploy_local(ctx.app_dir, key, python=ctx.python, timeout_s=timeout_s, records=ctx.records)
    except DeploymentFailedError as exc:
        ctx.server_error = exc.message
        yield ctx
        return
    opened = ApiProbe(ctx.base_url)
    probe: ApiProbe | None = opened
    try:
        await opened.open()
    except Exception as exc:  # it booted but /openapi.json is unusable; the evaluators say what is missing
        await opened.close()
        probe, ctx.server_error = None, f"/openapi.json unusable: {type(exc).__name__}: {exc}"
    ctx.probe = probe
    try:
        yield ctx
    finally:
        if probe is not None:
            await probe.close()
        ctx.probe = None
        stop_local(key, records=ctx.records)


async def import_check(app_dir: Path, python: str | None = None) -> tuple[bool, str]:
    """``import backend.main`` in a fresh interpreter, against a throwaway database."""
    with tempfile.TemporaryDirectory(prefix="nf-import-") as tmp:
        env = clean_env({"DATABASE_URL": f"sqlite:///{Path(tmp) / 'import.db'}"})
        result = await run_process(
            [python or sys.executable, "-c", "import backend.main"], cwd=app_dir, timeout_s=IMPORT_TIMEOUT_S, env=env
        )
    if result.exit_code == 0:
        return True, "backend.main imports"
    last = (result.output.strip().splitlines() or ["(no output)"])[-1]
    return False, f"import backend.main failed: {last[:300]}"


class ExecutabilityEvaluator:
    """1.0 when the app imports, boots, is healthy, serves CRUD for every entity and passes its own tests.

    ``rerun_tests``: run the app's tests again instead of trusting the build's QA report (always done when the
    build recorded none, e.g. for an app folder made by hand).
    """

    name = "executability"
    needs_server = True

    def __init__(self, *, rerun_tests: bool = False, tests_timeout_s: float = 180.0) -> None:
        self.rerun_tests = rerun_tests
        self.tests_timeout_s = tests_timeout_s

    async def evaluate(self, ctx: EvalContext) -> Score:
        if not ctx.built or ctx.app_dir is None:
            return not_built(self.name, ctx)
        stages: dict[str, bool] = {}
        notes: list[str] = []
        stages["imports"], note = await import_check(ctx.app_dir, ctx.python)
        notes.append(note)
        stages["boots"] = ctx.base_url is not None and ctx.probe is not None
        if not stages["boots"]:
            notes.append(f"did not boot: {ctx.server_error}")
        crud_rate = 0.0
        if ctx.probe is not None:
            health = await ctx.probe.health()
            stages["health"] = bool(health.ok)
            notes.append(health.reason)
            crud_rate, crud_notes = await self._crud(ctx)
            stages["crud"] = crud_rate == 1.0
            notes += crud_notes
        else:
            stages["health"] = stages["crud"] = False
        stages["own_tests"], note = await self._tests(ctx)
        notes.append(note)
        failed = [k for k, ok in stages.items() if not ok]
        reason = (
            "imports, boots, healthy, CRUD for every entity, own tests pass"
            if not failed
            else (f"failed: {', '.join(failed)} ({'; '.join(n for n in notes if n)})")
        )
        return Score(
            name=self.name,
            value=0.0 if failed else 1.0,
            passed=not failed,
            reason=reason[:600],
            details={"stages": stages, "crud_rate": crud_rate, "notes": notes},
        )

    async def _crud(self, ctx: EvalContext) -> tuple[float, list[str]]:
        assert ctx.probe is not None
        probe = ctx.probe
        wanted = [e.plural for e in ctx.spec.entities] if ctx.spec else sorted(probe.resources)
        if not wanted:
            return 0.0, ["no entity resources found"]
        notes, ok = [], 0
        for plural in wanted:
            resource = probe.resources.get(plural)
            if resource is None:
                notes.append(f"{plural}: no /api/{plural} list+create endpoints")
                continue
            outcome = await probe.crud(resource)
            ok += bool(outcome.ok)
            notes.append(outcome.reason)
        return ok / len(wanted), notes

    async def _tests(self, ctx: EvalContext) -> tuple[bool, str]:
        report = ctx.result.tests if ctx.result else None
        if report is None or self.rerun_tests:
            assert ctx.app_dir is not None
            report = await run_app_tests(ctx.app_dir, timeout_s=self.tests_timeout_s, python=ctx.python)
        verdict = "pass" if report.passed else "FAIL"
        return report.passed, f"own tests {verdict}: {report.passed_count} passed, {report.failed_count} failed"
