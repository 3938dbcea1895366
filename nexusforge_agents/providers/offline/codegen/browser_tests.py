"""The generated app's browser tests: what its spec's pages promise, checked in a real Chromium.

``browser_plan`` reads the spec once, at generation time, into a ``BrowserPlan``: every page's route, document
title and element ids; one flow per form page (valid values for its bound controls, the text to find on the
entity's list page afterwards); every navigation element with its target route; the sign-in page when the app
has accounts. The app gets the plan as ``tests/browser_plan.json``, the checks as ``tests/browser_checks.py``
(``nexusforge_agents/tools/browser_checks.py`` verbatim) and the pytest module that drives them.
"""

from __future__ import annotations

from importlib.resources import files

from ....appspec import AppSpec, Element, Entity, EntityField, Page
from ....tools import browser_checks
from ....tools.browser_checks import PLAN_FILE, BrowserPlan, FlowCheck, FormInput, LoginCheck, NavCheck, PageCheck

# Playwright's sync API as the tests use it; 1.65 drives Debian's Chromium 156 (the version CI installs).
PLAYWRIGHT_REQUIREMENT = "playwright>=1.65.2,<1.66"
_MARK = "Browser check"
_FORM_CONTROLS = frozenset(
    {"input", "password", "email", "textarea", "number", "date", "select", "radio", "checkbox", "file"}
)


def _sample(field: EntityField) -> str:
    """A valid value for ``field``: inside its choices and limits, and recognisable on a list page."""
    if field.choices:
        return field.choices[0]
    low, high = field.min, field.max
    if field.type == "integer":
        return str(int(low) if low is not None else min(3, int(high)) if high is not None else 3)
    if field.type == "float":
        return str(low if low is not None else min(2.5, high) if high is not None else 2.5)
    samples = {
        "boolean": "true",
        "date": "2026-01-15",
        "datetime": "2026-01-15T10:30",
        "email": "browser.check@example.com",
        "url": "https://example.com/browser-check",
        "password": "Browser-check-123",
        "reference": "",
    }
    text = samples.get(field.type, f"{_MARK} {field.name.replace('_', ' ')}")
    if low is not None and len(text) < low:
        text = text.ljust(int(low), "x")
    return text[: int(high)] if high is not None else text


def _bound_field(spec: AppSpec, element: Element) -> tuple[Entity, EntityField] | None:
    if element.binds is None or "." not in element.binds:
        return None
    entity_name, field_name = element.binds.split(".", 1)
    entity = spec.entity(entity_name)
    field = entity.field(field_name) if entity else None
    return (entity, field) if entity is not None and field is not None else None


def _list_route(spec: AppSpec, entity: Entity) -> str | None:
    """The page that lists ``entity``'s rows: its list page, else a page with a table or list bound to it."""
    for page in spec.pages:
        if page.kind == "list" and page.entity == entity.name and "{" not in page.route:
            return page.route
    for page in spec.pages:
        shows = any(e.kind in ("table", "list") and (e.binds or "").split(".")[0] == entity.name for e in page.elements)
        if shows and "{" not in page.route:
            return page.route
    return None


def _flow(spec: AppSpec, page: Page) -> FlowCheck | None:
    """Adding a row through ``page``, when it is a form whose entity has a list page to see the row on."""
    submit = next((e for e in page.elements if e.kind == "button" and e.action == "submit"), None)
    bound = [(e, _bound_field(spec, e)) for e in page.elements if e.kind in _FORM_CONTROLS]
    controls = [(e, b[0], b[1]) for e, b in bound if b is not None]
    if page.kind == "login" or submit is None or not controls or "{" in page.route:
        return None
    entity = controls[0][1]
    list_route = _list_route(spec, entity)
    shown = next((f for _, _, f in controls if f.type in ("string", "text", "email") and not f.choices), None)
    if list_route is None or shown is None:
        return None
    return FlowCheck(
        name=f"{page.name}-adds-{entity.name}",
        form_route=page.route,
        submit_id=submit.id,
        inputs=[FormInput(element_id=e.id, value=_sample(f), required=f.required) for e, _, f in controls],
        list_route=list_route,
        expect_text=_sample(shown),
    )


def _parents_first(spec: AppSpec, flows: list[FlowCheck]) -> list[FlowCheck]:
    """Flows in an order where a row's parent (a reference field's entity) is added before the row."""
    entity_of = {flow.name: flow.name.rsplit("-adds-", 1)[1] for flow in flows}
    depth: dict[str, int] = {}

    def level(name: str, seen: frozenset[str] = frozenset()) -> int:
        entity = spec.entity(name)
        if entity is None or name in seen:
            return 0
        if name not in depth:
            parents = [f.references for f in entity.fields if f.references]
            depth[name] = 1 + max((level(p, seen | {name}) for p in parents if p), default=-1)
        return depth[name]

    return sorted(flows, key=lambda flow: level(entity_of[flow.name]))


def browser_plan(spec: AppSpec) -> BrowserPlan:
    """What the browser tests check, read from ``spec.pages`` now so the tests need nothing but the app."""
    static = [p for p in spec.pages if "{" not in p.route]
    routes = {p.route for p in spec.pages}
    flows = [flow for page in static if (flow := _flow(spec, page)) is not None]
    navigation = [
        NavCheck(page_route=page.route, element_id=element.id, target=element.target)
        for page in static
        for element in page.elements
        if element.action == "navigate" and element.target in routes and "{" not in element.target
    ]
    login_page = next((p for p in spec.pages if p.kind == "login"), None) if spec.auth.enabled else None
    login = None
    if login_page is not None:
        kinds = {e.kind: e.id for e in reversed(login_page.elements)}
        submit = next((e.id for e in login_page.elements if e.kind == "button"), None)
        if "password" in kinds and submit is not None and ("email" in kinds or "input" in kinds):
            login = LoginCheck(
                route=login_page.route,
                email_id=kinds.get("email") or kinds["input"],
                password_id=kinds["password"],
                submit_id=submit,
                register_api="/api/auth/register",
            )
    return BrowserPlan(
        app_name=spec.name,
        frontend_style=spec.frontend_style,
        pages=[PageCheck(p.name, p.route, p.title, [e.id for e in p.elements]) for p in static],
        flows=_parents_first(spec, flows),
        navigation=navigation,
        login=login,
    )


def browser_test_files(spec: AppSpec) -> dict[str, str]:
    """``tests/test_browser.py`` with its plan and checks, and the one extra requirement they have."""
    checks = files(browser_checks.__package__).joinpath("browser_checks.py").read_text(encoding="utf-8")
    driver = files(__package__).joinpath("browser", "test_browser.py").read_text(encoding="utf-8")
    return {
        "tests/test_browser.py": driver,
        "tests/browser_checks.py": checks,
        f"tests/{PLAN_FILE}": browser_plan(spec).to_json(),
        "requirements-browser.txt": f"# tests/test_browser.py; it also needs a Chromium\n{PLAYWRIGHT_REQUIREMENT}\n",
    }
