"""The specification: is it valid and consistent, and does it name what the prompt asks for?

Validity is structural: the spec parses as an ``AppSpec``, its endpoints are exactly the ones the generated
backend serves by the project's conventions (``spec_conventions.derive_endpoints``), every entity is shown by a
component, and Login / Dashboard exist exactly when auth / the dashboard are on.

Coverage is keyword based (no model): the prompt's content words (``text.terms``, palette sentences removed)
that the spec's structure names (entity names, field names and choices, UI components, endpoint paths), plus
the capabilities the prompt asks for by name (sign-in, a dashboard or charts, real-time updates) that the spec
turns on. Feature strings are not counted: a spec can copy the prompt into them without modelling anything.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from ...schemas import AppSpec
from ...spec_conventions import derive_endpoints, describe_component
from .base import EvalContext, Score, not_built
from .colors import palette_sentences
from .text import covered, terms, vocabulary

CAPABILITIES: dict[str, re.Pattern[str]] = {
    "auth": re.compile(
        r"\b(log ?in|logins?|sign[ -]?(in|up)|registration|register an account|accounts?|authenticat\w*|passwords?)\b",
        re.IGNORECASE,
    ),
    "dashboard": re.compile(
        r"\b(dashboards?|charts?|graphs?|analytics|statistics?|statistical|visuali[sz]ations?|kpis?)\b", re.IGNORECASE
    ),
    "realtime": re.compile(r"\b(real[- ]?time|live updates?|instant(ly)?|chat|notifications?)\b", re.IGNORECASE),
}


def requested_capabilities(prompt: str) -> list[str]:
    return [name for name, pattern in CAPABILITIES.items() if pattern.search(prompt)]


def _enabled(spec: AppSpec, capability: str) -> bool:
    return {"auth": spec.auth.enabled, "dashboard": spec.dashboard, "realtime": spec.realtime}[capability]


def spec_vocabulary(spec: AppSpec) -> set[str]:
    names: list[str] = [spec.name]
    for entity in spec.entities:
        names += [entity.name, entity.plural]
        for f in entity.fields:
            names.append(f.name)
            names += f.choices or []
    names += spec.ui_components
    names += [e.path for e in spec.api_endpoints]
    return vocabulary(*names)


def coverage(prompt: str, spec: AppSpec) -> dict[str, Any]:
    """Which prompt terms and requested capabilities the spec's structure names."""
    body = prompt
    for sentence in palette_sentences(prompt):
        body = body.replace(sentence, " ")
    wanted = terms(body)
    vocab = spec_vocabulary(spec)
    named = [t for t in wanted if covered(t, vocab)]
    capabilities = requested_capabilities(body)
    honoured = [c for c in capabilities if _enabled(spec, c)]
    total = len(wanted) + len(capabilities)
    return {
        "value": (len(named) + len(honoured)) / total if total else 1.0,
        "terms": wanted,
        "named": named,
        "missing": [t for t in wanted if t not in named],
        "capabilities": capabilities,
        "capabilities_missing": [c for c in capabilities if c not in honoured],
    }


def validity_problems(spec: AppSpec | dict[str, Any]) -> list[str]:
    """What is wrong with ``spec`` as a specification the generators can build; [] when nothing."""
    try:
        spec = AppSpec.model_validate(spec if isinstance(spec, dict) else spec.model_dump())
    except ValidationError as exc:
        return [f"not a valid AppSpec: {err['loc']}: {err['msg']}" for err in exc.errors()[:5]]
    problems = []
    for attr in ("name", "plural"):
        values = [getattr(e, attr) for e in spec.entities]
        if len(values) != len(set(values)):
            problems.append(f"duplicate entity {attr}s: {values}")
    declared = {(e.method, e.path) for e in spec.api_endpoints}
    served = {(e.method, e.path) for e in derive_endpoints(spec)}
    if declared != served:
        extra, absent = sorted(declared - served), sorted(served - declared)
        problems.append(f"api_endpoints differ from what the backend serves: extra {extra[:3]}, absent {absent[:3]}")
    shown = {
        info.entity.name
        for c in spec.ui_components
        if (info := describe_component(spec, c)).kind in ("list", "form", "detail") and info.entity
    }
    unshown = [e.name for e in spec.entities if e.name not in shown]
    if unshown:
        problems.append(f"entities no component shows: {unshown}")
    if spec.auth.enabled != ("Login" in spec.ui_components):
        state = ("on", "absent") if spec.auth.enabled else ("off", "present")
        problems.append(f"auth is {state[0]} but the Login component is {state[1]}")
    if spec.dashboard != ("Dashboard" in spec.ui_components):
        problems.append(f"dashboard flag is {spec.dashboard} but the Dashboard component disagrees")
    return problems


class SpecValidityEvaluator:
    """1.0 when the spec is valid and consistent with the conventions the generators follow."""

    name = "spec_valid"
    needs_server = False

    async def evaluate(self, ctx: EvalContext) -> Score:
        spec = ctx.spec
        if spec is None:
            return (
                not_built(self.name, ctx)
                if ctx.build_error
                else Score(name=self.name, value=0.0, passed=False, reason="the build recorded no specification")
            )
        problems = validity_problems(spec)
        reason = "valid and consistent" if not problems else "; ".join(problems)
        return Score(
            name=self.name,
            value=0.0 if problems else 1.0,
            passed=not problems,
            reason=reason,
            details={"problems": problems, "entities": [e.name for e in spec.entities]},
        )


class SpecCoverageEvaluator:
    """Share of the prompt's key terms and requested capabilities that the spec's structure names."""

    name = "spec_coverage"
    needs_server = False

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold

    async def evaluate(self, ctx: EvalContext) -> Score:
        spec = ctx.spec
        if spec is None:
            return not_built(self.name, ctx)
        found = coverage(ctx.case.prompt, spec)
        value = found.pop("value")
        reason = f"{len(found['named'])}/{len(found['terms'])} prompt terms named"
        if found["capabilities"]:
            got = len(found["capabilities"]) - len(found["capabilities_missing"])
            reason += f", {got}/{len(found['capabilities'])} capabilities on"
        if found["missing"]:
            reason += f"; missing: {', '.join(found['missing'][:12])}"
        if found["capabilities_missing"]:
            reason += f"; capabilities off: {', '.join(found['capabilities_missing'])}"
        passed = value >= self.threshold
        return Score(name=self.name, value=round(value, 4), passed=passed, reason=reason, details=found)
