"""The feature claims of a build: what the code writer says it built (``features.json`` in the app), checked
against the code and the test run, so a claim of ``built`` always names tests that exist and did not fail.

The offline coder writes ``features.json`` from its feature library; a coder that writes none claims nothing,
and every feature of the spec is then ``not_built`` with that reason.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..schemas import AppSpec, FeatureClaim, TestReport
from ..spec_conventions import CLAIMS_FILE

_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+?::\S+)", re.MULTILINE)


class _ClaimsFile(BaseModel):
    features: list[FeatureClaim]


def _defined_tests(code_files: dict[str, str]) -> set[str]:
    ids = set()
    for path, text in code_files.items():
        if path.startswith("tests/") and path.endswith(".py"):
            try:
                tree = ast.parse(text)
            except SyntaxError:
                continue
            ids |= {f"{path}::{n.name}" for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    return ids


def _not_built(claim: FeatureClaim, reason: str) -> FeatureClaim:
    return FeatureClaim(name=claim.name, kind=claim.kind, status="not_built", reason=reason)


def checked_claims(
    out: Path, spec: AppSpec | None, code_files: dict[str, str], tests: TestReport | None
) -> list[FeatureClaim]:
    """One claim per spec feature, in the spec's order."""
    if spec is None:
        return []
    claimed: dict[str, FeatureClaim] = {}
    problem = ""
    try:
        parsed = _ClaimsFile.model_validate_json((out / CLAIMS_FILE).read_text(encoding="utf-8"))
        claimed = {c.name: c for c in parsed.features}
    except FileNotFoundError:
        problem = f"the code writer made no claims (no {CLAIMS_FILE})"
    except (ValidationError, json.JSONDecodeError, UnicodeDecodeError) as error:
        problem = f"{CLAIMS_FILE} is not a valid claims file: {str(error)[:200]}"
    defined = _defined_tests(code_files)
    failed = set(_FAILED.findall(tests.output)) if tests and not tests.passed else set()
    claims = []
    for feature in spec.features:
        claim = claimed.get(feature.name) or FeatureClaim(
            name=feature.name, kind=feature.kind, status="not_built", reason=problem or "no claim made for it"
        )
        if claim.status == "built":
            missing = [t for t in claim.tests if t not in defined]
            broken = [t for t in claim.tests if t in failed]
            if not claim.tests:
                claim = _not_built(claim, "claimed built, but it names no test")
            elif missing:
                claim = _not_built(claim, f"claimed built, but its tests are not in the code: {missing[:3]}")
            elif broken:
                claim = _not_built(claim, f"its tests failed: {broken[:3]}")
        claims.append(claim)
    return claims


def claims_line(claims: list[FeatureClaim]) -> str:
    """'features 11/12 built; not built: X (reason)'."""
    built = sum(c.status == "built" for c in claims)
    line = f"features {built}/{len(claims)} built"
    missing = [f"{c.name} ({c.reason})" for c in claims if c.status != "built"]
    return line + (f"; not built: {'; '.join(missing)}" if missing else "")
