"""npm install + npm run build on a frontend folder, with the node_modules cache shared between cases.

The packages here have no dependencies and a build script in plain Node, so npm runs for real without the
network."""

from __future__ import annotations

import json
import shutil

import pytest

from nexusforge_agents.evals.evaluators import FrontendBuildEvaluator

from .apps import make_app
from .helpers import context

pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
BUILD_JS = (
    "const fs = require('fs');\n"
    "fs.mkdirSync('dist', {recursive: true});\n"
    "fs.writeFileSync('dist/index.html', '<!doctype html><div id=root></div>');\n"
)


def frontend(tmp_path, name: str, script: str):
    app = make_app(tmp_path / name)
    package = {"name": name, "private": True, "scripts": {"build": script}}
    (app / "frontend/package.json").write_text(json.dumps(package))
    (app / "frontend/build.cjs").write_text(BUILD_JS)
    return app


async def test_frontend_build_passes_and_reuses_the_install_cache(tmp_path):
    evaluator = FrontendBuildEvaluator(tmp_path / "npm-cache", timeout_s=120)
    first = await evaluator.evaluate(context(frontend(tmp_path, "a", "node build.cjs")))
    second = await evaluator.evaluate(context(frontend(tmp_path, "b", "node build.cjs")))
    assert first.passed and first.value == 1.0, first.reason
    assert "installed into cache" in first.reason
    assert second.passed and "node_modules from cache" in second.reason
    assert (tmp_path / "b/frontend/dist/index.html").is_file()


async def test_frontend_build_fails_when_the_build_script_fails(tmp_path):
    app = frontend(tmp_path, "a", "node -e \"console.error('TS2304: Cannot find name'); process.exit(2)\"")
    ctx = context(app)
    score = await FrontendBuildEvaluator(tmp_path / "npm-cache", timeout_s=120).evaluate(ctx)
    assert not score.passed and score.value == 0.0
    assert "exit 2" in score.reason and "TS2304" in score.details["output"]
    assert ctx.shared["frontend_build"] is False


async def test_frontend_build_fails_without_a_package_json(tmp_path):
    app = make_app(tmp_path)
    (app / "frontend/package.json").unlink()
    score = await FrontendBuildEvaluator(tmp_path / "npm-cache").evaluate(context(app))
    assert not score.passed and "no frontend/package.json" in score.reason
