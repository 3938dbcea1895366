"""The feature library's interface: what one ``FeatureKind`` contributes to a generated app.

Each kind lives in one folder, ``features/<kind>/``: an ``__init__.py`` with a ``FeatureImpl`` subclass named
``Impl`` and the Jinja2 templates it renders (see docs/features.md for the variables every template gets):

- ``backend.py.j2``: a module ``backend/features/<slug>.py`` that defines ``router`` (and any table of its own);
  ``backend.main`` includes every such router.
- ``tests.py.j2``: the pytest file ``tests/test_feature_<slug>.py``; its ``test_*`` functions are the tests the
  feature's claim cites, read from the rendered file so a claim never names a test that does not exist.
- ``react.tsx.j2``: a React component ``frontend/src/features/<Component>.tsx`` (default export, props
  ``{ id?: string }``) that the React pages mount on the feature's pages.
- ``server.html.j2``: the server-rendered fragment (front-end style "server"), copied into the app for the
  server_ui renderer to include with the runtime variables docs/features.md lists.

A kind that needs more than its templates (a query-string hook on the entity's list endpoint, extra endpoints,
a field it has to pick) overrides the hooks below. Adding a kind = adding one folder and one registry line.
"""

from __future__ import annotations

import ast
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .....schemas import AppSpec, Entity, EntityField, Feature, FeatureKind, Page
from ..fields import sample_payload
from ..render import feature_template_exists, load_feature, render_feature


class FeatureTarget(BaseModel):
    """One spec feature resolved against the spec: the entity, field and pages it works on, decided once."""

    model_config = ConfigDict(frozen=True)

    feature: Feature
    slug: str = Field(description="Unique per build, snake_case, e.g. 'filter_tasks': names files and tests.")
    component: str = Field(description="PascalCase React component name, e.g. 'FilterTasks'.")
    entity: Entity | None = None
    field: EntityField | None = None
    pages: list[Page] = Field(default_factory=list)

    @property
    def api(self) -> str:
        """The entity's collection URL, e.g. '/api/tasks' ('' without an entity)."""
        return f"/api/{self.entity.plural}" if self.entity else ""

    def info(self) -> dict[str, Any]:
        """The JSON-able descriptor the generated app (and server-rendered fragments) see as ``feature``."""
        return {
            "name": self.feature.name,
            "kind": self.feature.kind,
            "slug": self.slug,
            "component": self.component,
            "entity": self.entity.name if self.entity else None,
            "plural": self.entity.plural if self.entity else None,
            "field": self.field.name if self.field else None,
            "choices": list(self.field.choices or []) if self.field else [],
            "api": self.api,
            "pages": [p.name for p in self.pages],
        }


class ListHook(BaseModel):
    """What a feature adds to its entity's ``GET /api/<plural>``: query parameters and clauses on ``query``."""

    params: list[str] = Field(default_factory=list, description="Parameter declarations of the list function.")
    clauses: list[str] = Field(default_factory=list, description="Statements refining the SQLAlchemy ``query``.")


class ReactMount(BaseModel):
    """A feature component placed on a page; ``element`` is the spec element id it renders as, if any."""

    page: str
    component: str
    element: str | None = None


class Contribution(BaseModel):
    """Everything one feature adds to the app. Paths are relative to the app root."""

    endpoints: list[str] = Field(default_factory=list, description="'METHOD /path' the feature is carried by.")
    list_hook: ListHook | None = None
    routers: list[str] = Field(default_factory=list, description="Modules under backend.features with a router.")
    files: dict[str, str] = Field(default_factory=dict)
    mounts: list[ReactMount] = Field(default_factory=list)
    npm: dict[str, str] = Field(default_factory=dict, description="npm dependencies of its React part.")
    pip: list[str] = Field(default_factory=list, description="Requirements its backend part adds.")
    tests: list[str] = Field(default_factory=list, description="Test ids 'tests/<file>.py::<function>'.")
    test_modules: list[str] = Field(
        default_factory=list, description="Generated test files all of whose tests show the feature (e.g. CRUD)."
    )


def test_ids(path: str, source: str) -> list[str]:
    """The ids of the test functions ``source`` defines, in order."""
    tree = ast.parse(source)
    return [
        f"{path}::{node.name}"
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


class FeatureImpl:
    """One feature kind. Subclasses set ``kind`` and override what differs from the template-driven default."""

    kind: ClassVar[FeatureKind]
    template_kind: ClassVar[str] = ""  # the folder whose templates it renders, when not its own
    needs_entity: ClassVar[bool] = True
    page_kinds: ClassVar[tuple[str, ...]] = ("list",)  # where the component goes when the feature names no page
    element_kinds: ClassVar[tuple[str, ...]] = ()  # spec element kinds the component renders as
    element_actions: ClassVar[tuple[str, ...]] = ()  # spec element actions the component renders as

    # --- resolution -------------------------------------------------------------------------------------------
    def pick_field(self, spec: AppSpec, entity: Entity, feature: Feature) -> EntityField | None:
        """The field the feature works on: the one it names, else the kind's choice (``default_field``)."""
        return entity.field(feature.field) if feature.field else self.default_field(entity)

    def default_field(self, entity: Entity) -> EntityField | None:
        """The field the kind works on when the feature names none (None: the kind needs none)."""
        return None

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        """Why ``field`` cannot carry this kind (None: fine)."""
        return None

    def not_buildable(self, spec: AppSpec, feature: Feature) -> str | None:
        """Why this feature cannot be built for ``spec``; None when it can."""
        if not self.needs_entity:
            return None
        entity = pick_entity(spec, feature)
        if entity is None:
            return f"the spec names no entity {feature.entity!r} for it" if feature.entity else "the spec has no entity"
        if feature.field and entity.field(feature.field) is None:
            return f"{entity.name} has no field {feature.field!r}"
        return self.field_problem(entity, self.pick_field(spec, entity, feature))

    def pages(self, spec: AppSpec, feature: Feature, entity: Entity | None) -> list[Page]:
        """The pages that carry the feature: those it names, else the first page of a fitting kind for its
        entity, else a page of its entity, else the first page."""
        named = [page for name in feature.pages if (page := spec.page(name)) is not None]
        if named:
            return named
        owner = entity.name if entity else None
        fitting = [p for p in spec.pages if p.kind in self.page_kinds and p.entity in (owner, None)]
        fitting = fitting or [p for p in spec.pages if owner is not None and p.entity == owner]
        return fitting[:1] or spec.pages[:1]

    # --- contribution -----------------------------------------------------------------------------------------
    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return []

    def list_hook(self, spec: AppSpec, target: FeatureTarget) -> ListHook | None:
        return None

    def test_modules(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        """Generated test files (outside the kind's own) all of whose tests show the feature."""
        return []

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        """Extra template variables beyond the standard ones (see docs/features.md)."""
        return {}

    def contribute(self, spec: AppSpec, target: FeatureTarget) -> Contribution:
        variables = {
            "spec": spec,
            "feature": target.feature,
            "target": target,
            "entity": target.entity,
            "field": target.field,
            "slug": target.slug,
            "component": target.component,
            "api": target.api,
            "first": sample_payload(target.entity, 0) if target.entity else {},
            "second": sample_payload(target.entity, 1) if target.entity else {},
            **self.context(spec, target),
        }
        folder = self.template_kind or self.kind
        files: dict[str, str] = {}
        routers: list[str] = []
        tests: list[str] = []
        mounts: list[ReactMount] = []
        if feature_template_exists(folder, "backend.py.j2"):
            files[f"backend/features/{target.slug}.py"] = render_feature(folder, "backend.py.j2", variables)
            routers.append(target.slug)
        if feature_template_exists(folder, "tests.py.j2"):
            path = f"tests/test_feature_{target.slug}.py"
            files[path] = render_feature(folder, "tests.py.j2", variables)
            tests = test_ids(path, files[path])
        if feature_template_exists(folder, "react.tsx.j2"):
            files[f"frontend/src/features/{target.component}.tsx"] = render_feature(folder, "react.tsx.j2", variables)
            mounts = [
                ReactMount(page=page.name, component=target.component, element=self.element_for(page))
                for page in target.pages
            ]
        return Contribution(
            endpoints=self.endpoints(spec, target),
            list_hook=self.list_hook(spec, target),
            routers=routers,
            files=files,
            mounts=mounts,
            tests=tests,
            test_modules=self.test_modules(spec, target),
        )

    def server_fragment(self) -> str | None:
        """The kind's server-rendered fragment (``server.html.j2``, a runtime Jinja2 template), if it has one."""
        folder = self.template_kind or self.kind
        if feature_template_exists(folder, "server.html.j2"):
            return load_feature(folder, "server.html.j2")
        return None

    def element_for(self, page: Page) -> str | None:
        """The id of the page's spec element this feature's component renders as, if the page has one."""
        for element in page.elements:
            if element.kind in self.element_kinds or (element.action or "") in self.element_actions:
                return element.id
        return None


def pick_entity(spec: AppSpec, feature: Feature) -> Entity | None:
    if feature.entity:
        return spec.entity(feature.entity)
    return spec.entities[0] if spec.entities else None
