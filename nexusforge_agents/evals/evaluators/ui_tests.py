"""UI tests: each WebGen-Bench ``ui_instruct`` case checked mechanically against the built app.

Verdicts are YES / PARTIAL / NO, or NOT_CHECKABLE when the test needs a browser-driving agent or a person
(``ui_plan.NOT_CHECKABLE``). Accuracy is the paper's: (YES + 0.5 * PARTIAL) / tests, over all tests, so a test we
cannot check counts as not passed; the accuracy over checkable tests is reported beside it. Rules, per kind:

- colour: the palette the test names, checked as ``colors.check_palette`` does; YES all honoured (and no
  name outside the CSS table), PARTIAL some, NO none.
- navigation: the named sections have routed pages linked from the navigation; with no section named, every
  route is linked. YES all, PARTIAL some, NO none (or no frontend).
- auth: register, log in, /me and a refused wrong password against the backend, plus a Login page.
- stats: /api/stats answers with non-zero counts after rows were created, and a dashboard page exists.
- a test that asks the app to compute something (generate, calculate, match, summarize, compare, report ...)
  is at most PARTIAL: probes show the data is stored and served, not that the computation happens.
- when the npm build was measured (``--frontend-build``) and failed, no page counts as existing.
- data: the resource the test's words name (by resource, entity or field names), and each operation the test
  asks for probed against it (create, read, update, delete, search, filter, sort, validation; plus the auth
  flow and /ws/updates when the test says so). YES needs every probe to pass, a page for the resource and at
  least 75% of the content words of the test (and of its expected result, those the prompt also uses) named by
  the app (resources, fields, pages, spec); NO when no resource matches or every probe fails; PARTIAL otherwise.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from ..dataset import UITest
from .base import EvalContext, Score
from .colors import check_palette, parse_palette
from .frontend import FrontendPages, frontend_pages
from .probes import ProbeResult, Resource
from .spec import spec_vocabulary
from .text import covered, terms, vocabulary
from .ui_plan import TaskPlan, plan_task

Verdict = Literal["YES", "PARTIAL", "NO", "NOT_CHECKABLE"]
TERM_SHARE_FOR_YES = 0.75


def accuracy(counts: dict[str, int]) -> float | None:
    """WebGen-Bench's accuracy: (YES + 0.5 PARTIAL) / all tests."""
    total = sum(counts.get(v, 0) for v in ("YES", "PARTIAL", "NO", "NOT_CHECKABLE"))
    return (counts.get("YES", 0) + 0.5 * counts.get("PARTIAL", 0)) / total if total else None


def checkable_accuracy(counts: dict[str, int]) -> float | None:
    total = sum(counts.get(v, 0) for v in ("YES", "PARTIAL", "NO"))
    return (counts.get("YES", 0) + 0.5 * counts.get("PARTIAL", 0)) / total if total else None


class UITestEvaluator:
    """Per case: the paper's accuracy over the case's UI tests; details list each test's verdict and reason."""

    name = "ui_tests"
    needs_server = True

    async def evaluate(self, ctx: EvalContext) -> Score:
        tests = ctx.case.ui_tests
        if not tests:
            return Score(name=self.name, value=None, reason="the case has no UI tests")
        judged = [await self.judge(ctx, test) for test in tests]
        counts = Counter(j["verdict"] for j in judged)
        value = accuracy(counts)
        reason = ", ".join(f"{counts.get(v, 0)} {v}" for v in ("YES", "PARTIAL", "NO", "NOT_CHECKABLE"))
        details: dict[str, Any] = {v: counts.get(v, 0) for v in ("YES", "PARTIAL", "NO", "NOT_CHECKABLE")}
        details |= {"tests": judged, "checkable_accuracy": checkable_accuracy(counts)}
        return Score(name=self.name, value=value, passed=None, reason=reason, details=details)

    async def judge(self, ctx: EvalContext, test: UITest) -> dict[str, Any]:
        plan = plan_task(test)
        if plan.kind == "not_checkable":
            verdict, why = "NOT_CHECKABLE", f"needs a browser or a person: {plan.why}"
        elif not ctx.built or ctx.app_dir is None:
            verdict, why = "NO", f"no app: {ctx.build_error or 'build missing'}"
        else:
            verdict, why = await self._check(ctx, plan, test)
        return {"task": test.task, "kind": plan.kind, "operations": plan.operations, "verdict": verdict, "reason": why}

    async def _check(self, ctx: EvalContext, plan: TaskPlan, test: UITest) -> tuple[Verdict, str]:
        assert ctx.app_dir is not None
        pages = ctx.shared.get("frontend_pages")
        if pages is None:
            pages = ctx.shared["frontend_pages"] = frontend_pages(ctx.app_dir / "frontend")
        built = ctx.shared.get("frontend_build")  # set when the npm build was measured in this run
        if built is False and plan.kind in ("colour", "navigation"):
            return "NO", "the frontend does not build, so no page shows it"
        if built is False:
            pages = FrontendPages()
        if plan.kind == "colour":
            return self._colour(ctx, test)
        if plan.kind == "navigation":
            return self._navigation(plan, pages)
        if ctx.probe is None:
            return "NO", f"the backend is not running: {ctx.server_error}"
        if plan.kind == "auth":
            outcome = await ctx.probe.auth_flow()
            page = "Login" in pages.components or bool(pages.page_for({"login", "sign", "register", "account"}))
            return _grade([outcome], page, 1.0, "a Login page")
        if plan.kind == "stats":
            return await self._stats(ctx, plan, pages)
        return await self._data(ctx, plan, pages)

    def _colour(self, ctx: EvalContext, test: UITest) -> tuple[Verdict, str]:
        assert ctx.app_dir is not None
        ok, missing, unknown = check_palette(parse_palette(test.task), ctx.app_dir / "frontend")
        if not ok and not missing:
            return "NOT_CHECKABLE", f"no CSS colour named: {unknown}"
        why = f"honoured {ok}; missing {missing}; not checkable {unknown}"
        if not missing and not unknown:
            return "YES", why
        return ("PARTIAL" if ok else "NO"), why

    def _navigation(self, plan: TaskPlan, pages: FrontendPages) -> tuple[Verdict, str]:
        if not pages.exists:
            return "NO", "no frontend pages found"
        if plan.terms:
            found = [t for t in plan.terms if pages.page_for({t}) or covered(t, pages.vocab())]
            linked = [t for t in plan.terms if pages.page_for({t})]
            if len(linked) == len(plan.terms):
                return "YES", f"linked pages for {linked}"
            return ("PARTIAL" if found else "NO"), f"linked pages for {linked}; named only {found}; of {plan.terms}"
        routes = {r for r in pages.routes if r != "/"}
        unlinked = sorted(routes - pages.links)
        if routes and not unlinked:
            return "YES", f"all {len(routes)} routes are linked from the navigation"
        return ("PARTIAL" if routes - set(unlinked) else "NO"), f"routes not linked: {unlinked[:6]}"

    async def _stats(self, ctx: EvalContext, plan: TaskPlan, pages: FrontendPages) -> tuple[Verdict, str]:
        assert ctx.probe is not None
        for resource in list(ctx.probe.resources.values())[:3]:  # stats over an empty app would show nothing
            await ctx.probe.create(resource)
        outcome = await ctx.probe.stats()
        page = "Dashboard" in pages.components or bool(pages.page_for({"dashboard", "stat", "analytics", "report"}))
        verdict, why = _grade([outcome], page, self._term_share(ctx, plan, pages), "a dashboard page")
        return _cap(plan, verdict, why)

    async def _data(self, ctx: EvalContext, plan: TaskPlan, pages: FrontendPages) -> tuple[Verdict, str]:
        assert ctx.probe is not None
        resource = match_resource(plan.terms, ctx.probe.resources)
        if resource is None and not plan.terms:  # "Test the search functionality": the app's main resource
            resource = main_resource(ctx)
        if resource is None:
            return "NO", f"no resource for {plan.terms or 'the test'} among {sorted(ctx.probe.resources)}"
        outcomes = [await self._probe(ctx, op, resource) for op in plan.operations]
        if plan.needs_auth and ctx.probe.has_auth:
            outcomes.append(await ctx.probe.auth_flow())
        elif plan.needs_auth:
            outcomes.append(ProbeResult(False, "the test needs sign-in; the app has none"))
        if plan.needs_realtime:
            outcomes.append(await ctx.probe.realtime(resource))
        page = bool(pages.page_for(vocabulary(resource.name)) or _component_for(resource, pages))
        verdict, why = _grade(outcomes, page, self._term_share(ctx, plan, pages), f"a page for {resource.name}")
        return _cap(plan, verdict, f"{resource.name}: {why}")

    async def _probe(self, ctx: EvalContext, op: str, resource: Resource) -> ProbeResult:
        assert ctx.probe is not None
        probe = ctx.probe
        if op in ("create", "read", "update", "delete"):
            cache = ctx.shared.setdefault("crud", {})
            if resource.name not in cache:
                cache[resource.name] = await probe.crud(resource)
            outcome: ProbeResult = cache[resource.name]
            return ProbeResult(outcome.steps.get(op if op != "read" else "list", False), f"{op}: {outcome.reason}")
        if op == "search":
            return await probe.search(resource)
        if op == "filter":
            found = await probe.search(resource)
            fields = {w for name in resource.properties for w in vocabulary(name)}
            by = fields & {"category", "type", "status", "date", "tag", "genre", "kind", "level"}
            ok = bool(found.ok) and bool(by)
            return ProbeResult(ok, f"filter: {found.reason}; filterable fields {sorted(by) or 'none'}")
        if op == "sort":
            params = probe.openapi["paths"][resource.path]["get"].get("parameters", [])
            names = [p.get("name", "") for p in params]
            ok = any(n in ("sort", "order", "order_by", "sort_by", "ordering") for n in names)
            return ProbeResult(ok, f"sort: list parameters {names}")
        if op == "validation":
            return await probe.validation(resource)
        return ProbeResult(False, f"unknown operation {op}")

    def _term_share(self, ctx: EvalContext, plan: TaskPlan, pages: FrontendPages) -> float:
        """Share of the test's content words that the app names: the task's, and those of the expected result
        that the prompt also uses (its domain words; the rest of an expected result is mostly verbs)."""
        asked = set(terms(ctx.case.prompt))
        wanted = plan.terms + [t for t in plan.expected_terms if covered(t, asked)]
        if not wanted:
            return 1.0
        vocab = pages.vocab()
        if ctx.spec is not None:
            vocab |= spec_vocabulary(ctx.spec)
        if ctx.probe is not None:
            for resource in ctx.probe.resources.values():
                vocab |= vocabulary(resource.name, *resource.properties)
                for schema in resource.properties.values():
                    vocab |= vocabulary(*[str(v) for v in schema.get("enum", [])])
        return sum(covered(t, vocab) for t in wanted) / len(wanted)


def _component_for(resource: Resource, pages: FrontendPages) -> bool:
    words = vocabulary(resource.name)
    return any(vocabulary(c) & words for c in pages.components)


def main_resource(ctx: EvalContext) -> Resource | None:
    """The resource of the spec's first entity, else the first the API lists."""
    assert ctx.probe is not None
    resources = ctx.probe.resources
    first = ctx.spec.entities[0].plural if ctx.spec and ctx.spec.entities else None
    return resources.get(first or "") or next(iter(resources.values()), None)


def match_resource(words: list[str], resources: dict[str, Resource]) -> Resource | None:
    """The resource the words name best: by its own name (2 points a word), else by its fields (1 point)."""
    best, best_score = None, 0
    for resource in resources.values():
        own = vocabulary(resource.name)
        fields = vocabulary(*resource.properties)
        score = sum(2 * covered(w, own) + covered(w, fields) for w in words)
        if score > best_score:
            best, best_score = resource, score
    return best


def _cap(plan: TaskPlan, verdict: Verdict, why: str) -> tuple[Verdict, str]:
    if plan.computed and verdict == "YES":
        return "PARTIAL", f"at most PARTIAL: the test asks the app to compute something; {why}"
    return verdict, why


def _grade(outcomes: list[ProbeResult], page: bool, term_share: float, page_label: str) -> tuple[Verdict, str]:
    judged = [o for o in outcomes if o.ok is not None]
    passed = [o for o in judged if o.ok]
    notes = "; ".join(o.reason for o in outcomes)
    summary = f"{len(passed)}/{len(judged)} probes pass, {page_label} {'exists' if page else 'missing'}, "
    summary += f"{term_share:.0%} of the test's words named; {notes}"
    if not judged or not passed:
        return "NO", summary
    if len(passed) == len(judged) and page and term_share >= TERM_SHARE_FOR_YES:
        return "YES", summary
    return "PARTIAL", summary
