"""The React pages, one per page of the spec's page model: the route, the document title and every element id
exactly as the spec says.

Each page is a list of blocks made from its elements, in order: controls bound to an entity's fields become
that entity's form (with the spec's ids on the controls and the submit button), a table or list bound to an
entity becomes its table, a detail text becomes its detail view (with the delete button), navigation elements
become links to their targets, and the fixed pages (home, dashboard, sign-in, live feed, settings) are views that
carry their elements' ids. A feature of the library mounted on the page renders as the element it claims, or
after the elements when it claims none. What the spec's elements leave out that a page kind needs (the table of
a list page, the form of a form page) is added with derived ids.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ....schemas import AppSpec, Element, Entity, Page
from . import fields as F
from .features import FeaturePlan
from .naming import kebab, label
from .render import render

_CONTROLS = frozenset(
    {"input", "password", "email", "textarea", "number", "date", "select", "radio", "checkbox", "file"}
)
_ENTITY_BLOCKS = {"list": "table", "form": "form", "detail": "detail", "panel": "cards"}
# Fixed page kinds: their view component and which element (by kind) takes which of its roles.
_VIEWS: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "home": ("HomeView", {"heading": ("heading",), "features": ("list",)}),
    "dashboard": ("DashboardView", {"heading": ("heading",), "cards": ("list",), "chart": ("chart",)}),
    "login": (
        "LoginView",
        {"heading": ("heading",), "email": ("email", "input"), "password": ("password",), "submit": ("button",)},
    ),
    "live": ("LiveFeedView", {"heading": ("heading",), "list": ("list", "table")}),
    "settings": ("SettingsView", {"heading": ("heading",), "form": ("form",)}),
}
_SHARED = ("EntityTable", "EntityForm", "EntityDetail", "EntityCards", "SearchBox", "Charts")


class Block(BaseModel):
    """One thing a page renders; ``kind`` picks the macro in templates/frontend/page.tsx.j2."""

    kind: str
    id: str | None = None
    props: dict[str, Any] = Field(default_factory=dict)


class PageView(BaseModel):
    page: Page
    label: str
    blocks: list[Block]
    imports: list[tuple[str, str]] = Field(default_factory=list, description="(name, module) pairs")


def _routes(spec: AppSpec, entity: Entity) -> dict[str, str]:
    """kind -> route of the entity's list, form and detail pages that exist (first of each)."""
    routes: dict[str, str] = {}
    for page in spec.pages:
        if page.entity == entity.name and page.kind in ("list", "form", "detail") and "{" not in page.route:
            routes.setdefault(page.kind, page.route)
    return routes


def _bound_entity(spec: AppSpec, element: Element, page: Page) -> tuple[Entity | None, str | None]:
    """The entity (and field) an element binds, else the page's entity for table/list/text/detail kinds."""
    if element.binds:
        name, _, field = element.binds.partition(".")
        entity = spec.entity(name)
        if entity is not None:
            return entity, (field if entity.field(field) else None)
    return None, None


def _entity_props(spec: AppSpec, entity: Entity, title: str) -> dict[str, Any]:
    routes = _routes(spec, entity)
    return {"plural": entity.plural, "title": title, **{f"{kind}Route": route for kind, route in routes.items()}}


class _PageBuilder:
    def __init__(self, spec: AppSpec, page: Page, mounts: dict[str, str], loose: list[str]) -> None:
        self.spec, self.page = spec, page
        self.mounts, self.loose = mounts, loose  # element id -> feature component; components with no element
        self.blocks: list[Block] = []
        self.forms: dict[str, Block] = {}
        self.view: Block | None = None

    def build(self) -> list[Block]:
        kind = self.page.kind
        if kind in _VIEWS and self._view_applies():
            component, _ = _VIEWS[kind]
            self.view = Block(kind="view", props={"component": component, "ids": {}})
            self.blocks.append(self.view)
        elif kind == "login":
            self.blocks.append(Block(kind="view", props={"component": "NoAccountsView", "ids": {}}))
        for element in self.page.elements:
            self._element(element)
        self._complete()
        self.blocks += [Block(kind="feature", props={"component": c}) for c in self.loose]
        return self.blocks

    def _view_applies(self) -> bool:
        return self.page.kind != "login" or self.spec.auth.enabled

    def _element(self, element: Element) -> None:
        if element.id in self.mounts:
            self.blocks.append(Block(kind="feature", id=element.id, props={"component": self.mounts[element.id]}))
            return
        if self.view is not None and self._take_role(element):
            return
        entity, field = _bound_entity(self.spec, element, self.page)
        if element.kind in _CONTROLS and entity is not None and field is not None:
            self._form(entity).props["controls"].append({"field": field, "id": element.id, "label": element.label})
            return
        if element.action == "submit" and element.kind == "button" and self.forms:
            form = next(iter(self.forms.values()))
            if not form.props.get("submitId"):
                form.props.update(submitId=element.id, submitLabel=element.label or "Save")
                return
        entity = entity or (self.spec.entity(self.page.entity) if self.page.entity else None)
        if element.kind in ("table", "list") and entity is not None and (element.binds or self.page.kind != "home"):
            block = "cards" if self.page.kind == "panel" else "table"
            self.blocks.append(Block(kind=block, id=element.id, props=self._entity(entity, block)))
            return
        if element.kind == "text" and self.page.kind == "detail" and entity is not None and not self._has("detail"):
            self.blocks.append(Block(kind="detail", id=element.id, props=self._entity(entity, "detail")))
            return
        if element.action == "delete" and self._has("detail"):
            next(b for b in self.blocks if b.kind == "detail").props["deleteId"] = element.id
            return
        self.blocks.append(_generic(element, entity))

    def _take_role(self, element: Element) -> bool:
        assert self.view is not None
        ids: dict[str, str] = self.view.props["ids"]
        for role, kinds in _VIEWS[self.page.kind][1].items():
            if role not in ids and element.kind in kinds:
                ids[role] = element.id
                if role == "heading":
                    ids["title"] = element.label or self.page.title
                return True
        return False

    def _form(self, entity: Entity) -> Block:
        if entity.name not in self.forms:
            block = Block(kind="form", props={**self._entity(entity, "form"), "controls": []})
            self.forms[entity.name] = block
            self.blocks.append(block)
        return self.forms[entity.name]

    def _entity(self, entity: Entity, block: str) -> dict[str, Any]:
        one, many = F.entity_labels(entity)
        return _entity_props(self.spec, entity, one if block in ("form", "detail") else many)

    def _has(self, kind: str) -> bool:
        return any(b.kind == kind for b in self.blocks)

    def _complete(self) -> None:
        """Add what the page's kind needs and its elements left out, with ids derived from the entity."""
        entity = self.spec.entity(self.page.entity) if self.page.entity else None
        block = _ENTITY_BLOCKS.get(self.page.kind)
        if entity is None or block is None:
            return
        if block == "form":
            self._form(entity)
        elif not self._has(block):
            derived = f"{entity.plural.replace('_', '-')}-{'table' if block == 'table' else block}"
            self.blocks.append(Block(kind=block, id=derived, props=self._entity(entity, block)))
        for form_entity, form in self.forms.items():
            owner = self.spec.entity(form_entity)
            assert owner is not None
            taken = {c["field"] for c in form.props["controls"]}
            form.props["controls"] += [
                {"field": f.name, "id": f"{kebab(owner.name)}-{kebab(f.name)}", "label": f.label or label(f.name)}
                for f in owner.fields
                if f.name not in taken
            ]
            form.props.setdefault("submitId", f"save-{kebab(owner.name)}")
            form.props.setdefault("submitLabel", "Save")


def _generic(element: Element, entity: Entity | None) -> Block:
    """An element no entity block or feature carries: rendered by its kind, with its id and label."""
    props: dict[str, Any] = {"label": element.label, "kind": element.kind, "options": element.options}
    if element.action == "navigate" and element.target:
        return Block(kind="link", id=element.id, props={**props, "target": element.target})
    if element.action == "search" and entity is not None:
        return Block(kind="search", id=element.id, props={**props, "label": element.label or f"Search {entity.plural}"})
    return Block(kind=element.kind if element.kind in _CONTROLS | {"heading", "text", "image", "button"} else "section",
                 id=element.id, props=props)  # fmt: skip


def page_views(spec: AppSpec, plan: FeaturePlan) -> list[PageView]:
    """Every page of the spec (plus a sign-in page when accounts are on and the spec has none)."""
    pages = list(spec.pages)
    if spec.auth.enabled and not any(p.kind == "login" for p in pages):
        route = "/login" if all(p.route != "/login" for p in pages) else "/sign-in"
        pages.append(Page(name="Login", route=route, title=f"Sign in | {spec.name}", kind="login"))
    views = []
    for page in pages:
        mounts: dict[str, str] = {}
        loose: list[str] = []
        for planned in plan.built:
            assert planned.contribution is not None
            for mount in planned.contribution.mounts:
                if mount.page != page.name:
                    continue
                if mount.element:
                    mounts[mount.element] = mount.component
                else:
                    loose.append(mount.component)
        blocks = _PageBuilder(spec, page, mounts, loose).build()
        views.append(PageView(page=page, label=_nav_label(page), blocks=blocks, imports=_imports(blocks)))
    return views


def _nav_label(page: Page) -> str:
    return "Sign in" if page.kind == "login" else label(page.name)


def _imports(blocks: list[Block]) -> list[tuple[str, str]]:
    names: dict[str, str] = {}
    for block in blocks:
        if block.kind == "view":
            names[block.props["component"]] = f"../components/{block.props['component']}"
        elif block.kind == "feature":
            names[block.props["component"]] = f"../features/{block.props['component']}"
        elif block.kind in ("table", "form", "detail", "cards"):
            component = {"table": "EntityTable", "form": "EntityForm", "detail": "EntityDetail", "cards": "EntityCards"}
            names[component[block.kind]] = f"../components/{component[block.kind]}"
        elif block.kind == "search":
            names["SearchBox"] = "../components/SearchBox"
    return sorted(names.items())


def page_files(spec: AppSpec, plan: FeaturePlan, views: list[PageView]) -> dict[str, str]:
    """The pages, the shared components, the views they use, and the feature components."""
    files = {
        f"frontend/src/pages/{view.page.name}.tsx": render(
            "frontend/page.tsx.j2",
            spec=spec,
            page=view.page,
            blocks=view.blocks,
            imports=view.imports,
            uses_api=any(b.kind in ("table", "form", "detail", "cards") for b in view.blocks),
            uses_link=any(b.kind == "link" for b in view.blocks),
            uses_detail=any(b.kind == "detail" for b in view.blocks),
        )
        for view in views
    }
    for name in _SHARED:
        files[f"frontend/src/components/{name}.tsx"] = render(f"frontend/components/{name}.tsx.j2")
    used_views = {b.props["component"] for view in views for b in view.blocks if b.kind == "view"}
    for name in sorted(used_views):
        files[f"frontend/src/components/{name}.tsx"] = _view_file(spec, name)
    for planned in plan.built:
        assert planned.contribution is not None
        files |= {path: text for path, text in planned.contribution.files.items() if path.startswith("frontend/")}
    return files


def _view_file(spec: AppSpec, name: str) -> str:
    if name == "LiveFeedView" and not spec.realtime:
        entity = spec.entities[0]
        return render(
            "frontend/components/LiveFeedPollingView.tsx.j2", plural=entity.plural, label=label(entity.plural).lower()
        )
    return render(f"frontend/components/{name}.tsx.j2")
