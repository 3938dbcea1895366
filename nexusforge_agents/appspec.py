"""The specification model (version 2): everything a request says about the app, in one typed object.

The spec is the single source of truth for what the app is. The code generator, the mockups, the demo video,
the browser tests, the feature claims and (later) revisions all read it; nothing downstream guesses.

- ``pages``: what the person sees, in order: route, document title, purpose, and every element with the DOM id
  it must carry (a requirements document's ids are kept verbatim).
- ``entities``: what the app stores: typed fields with choices and constraints, relations to other entities
  (a ``reference`` field), and the example rows the app starts with (``seed``).
- ``features``: what users can do, each of a kind the feature library knows (``FeatureKind``), with acceptance
  criteria and the pages / endpoints that carry it.
- ``storage``: the database by default, or the plain-text files a request prescribes, with their line formats.
- ``roles`` and ``flows``: who may do what; the paths through the app with their acceptance criteria.

The contract's ``specification`` object (name, description, features as names, tech_stack, ui_components,
api_endpoints) is a view of this model: ``AppSpec.contract_view``.
"""

from __future__ import annotations

import keyword
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SPEC_VERSION = 2
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_DOM_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_:.\-]{0,99}$")
_ROUTE = re.compile(r"^/[A-Za-z0-9_\-/{}.]*$")
RESERVED_FIELDS = frozenset({"id", "created_at", "updated_at", "owner_id", "metadata", "registry"})

FieldType = Literal[
    "string", "text", "integer", "float", "boolean", "date", "datetime", "email", "url", "password", "reference"
]
ElementKind = Literal[
    "heading",
    "text",
    "input",
    "password",
    "email",
    "textarea",
    "number",
    "date",
    "select",
    "radio",
    "checkbox",
    "file",
    "button",
    "link",
    "list",
    "table",
    "image",
    "chart",
    "map",
    "calendar",
    "kanban",
    "timer",
    "form",
]
PageKind = Literal["home", "dashboard", "list", "form", "detail", "login", "live", "settings", "panel"]
FeatureKind = Literal[
    "crud",
    "search",
    "filter",
    "sort",
    "status_toggle",
    "validation",
    "detail",
    "relation",
    "auth",
    "dashboard",
    "calendar",
    "kanban",
    "cart",
    "orders",
    "reviews",
    "comments",
    "favorites",
    "upload",
    "csv_export",
    "csv_import",
    "notifications",
    "live_feed",
    "map",
    "poll",
    "quiz",
    "timer",
    "random_draw",
    "text_storage",
    "custom",
]
FrontendStyle = Literal["react", "server"]
Scalar = str | int | float | bool | None


class EntityField(BaseModel):
    """One column of an entity; ``id`` and timestamps are added by the generator, never listed here."""

    name: str
    type: FieldType = "string"
    required: bool = True
    description: str = ""
    label: str = Field("", description="What a form calls the field; empty: derived from the name.")
    choices: list[str] | None = None
    references: str | None = Field(None, description="For type 'reference': the PascalCase entity it points to.")
    unique: bool = False
    min: float | None = Field(None, description="Lowest number, or shortest length for text.")
    max: float | None = Field(None, description="Highest number, or longest length for text.")

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not _IDENT.match(value) or keyword.iskeyword(value) or value in RESERVED_FIELDS:
            raise ValueError(f"field name {value!r} must be a snake_case identifier, not a keyword or reserved")
        return value

    @model_validator(mode="after")
    def _reference_target(self) -> EntityField:
        if (self.type == "reference") != (self.references is not None):
            raise ValueError(f"field {self.name!r}: a 'reference' field names the entity it references, and only it")
        return self


class Entity(BaseModel):
    """A thing the app stores, with the rows it starts with."""

    name: str = Field(description="PascalCase singular, e.g. 'Recipe'.")
    plural: str = Field(description="snake_case plural used in URLs and tables, e.g. 'recipes'.")
    description: str = ""
    fields: list[EntityField] = Field(min_length=1)
    seed: list[dict[str, Scalar]] = Field(default_factory=list, description="Example rows, stored at first start.")
    owned: bool = Field(False, description="Rows belong to the signed-in user who made them (per-user data).")

    @field_validator("name")
    @classmethod
    def _pascal(cls, value: str) -> str:
        if not _PASCAL.match(value):
            raise ValueError(f"entity name {value!r} must be PascalCase")
        return value

    @field_validator("plural")
    @classmethod
    def _plural_ident(cls, value: str) -> str:
        if not _IDENT.match(value) or keyword.iskeyword(value):
            raise ValueError(f"entity plural {value!r} must be a snake_case identifier")
        return value

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, value: list[EntityField]) -> list[EntityField]:
        names = [f.name for f in value]
        if len(names) != len(set(names)):
            raise ValueError(f"duplicate field names in {names}")
        return value

    @model_validator(mode="after")
    def _seed_fields(self) -> Entity:
        known = {f.name for f in self.fields}
        for row in self.seed:
            unknown = sorted(set(row) - known)
            if unknown:
                raise ValueError(f"seed row of {self.name} has fields the entity lacks: {unknown}")
        return self

    def field(self, name: str) -> EntityField | None:
        return next((f for f in self.fields if f.name == name), None)


class Element(BaseModel):
    """One thing on a page. ``id`` is the DOM id the built page carries, exactly."""

    id: str
    kind: ElementKind
    label: str = ""
    binds: str | None = Field(None, description="'Entity.field' the element shows or edits.")
    action: str | None = Field(
        None, description="What activating it does: 'submit', 'navigate', 'delete', 'toggle', 'search', ..."
    )
    target: str | None = Field(None, description="For navigation: the route it leads to.")
    options: list[str] = Field(default_factory=list, description="A select's or radio group's choices, verbatim.")

    @field_validator("id")
    @classmethod
    def _dom_id(cls, value: str) -> str:
        if not _DOM_ID.match(value):
            raise ValueError(f"element id {value!r} must start with a letter and hold no spaces (max 100 chars)")
        return value


class Page(BaseModel):
    """One page of the app: where it lives, what its document title says, what is on it."""

    name: str = Field(description="PascalCase, unique: the page's component or template name.")
    route: str
    title: str = Field(min_length=1, max_length=200, description="The document <title>, verbatim.")
    purpose: str = ""
    kind: PageKind = "panel"
    entity: str | None = Field(None, description="The entity the page lists, edits or shows, if any.")
    elements: list[Element] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _pascal(cls, value: str) -> str:
        if not _PASCAL.match(value):
            raise ValueError(f"page name {value!r} must be PascalCase")
        return value

    @field_validator("route")
    @classmethod
    def _route(cls, value: str) -> str:
        if not _ROUTE.match(value):
            raise ValueError(f"route {value!r} must start with '/' and hold only URL-safe characters")
        return value

    @field_validator("elements")
    @classmethod
    def _unique_ids(cls, value: list[Element]) -> list[Element]:
        ids = [e.id for e in value]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"element ids must be unique on a page: {duplicates}")
        return value


class Feature(BaseModel):
    """Something users can do; ``kind`` names its implementation in the feature library."""

    name: str = Field(min_length=1, max_length=120)
    kind: FeatureKind = "custom"
    entity: str | None = None
    field: str | None = Field(None, description="The field a filter, sort, status or date view works on.")
    acceptance: list[str] = Field(default_factory=list, description="Observable criteria, one sentence each.")
    pages: list[str] = Field(default_factory=list, description="Names of the pages that carry it.")


class DataFile(BaseModel):
    """A plain-text file the request prescribes as storage for one entity."""

    path: str = Field(description="Relative to the app's data folder, verbatim from the request.")
    entity: str
    delimiter: str = ","
    columns: list[str] = Field(description="Entity field names in line order.")
    line_format: str = Field("", description="The request's own description of a line, verbatim.")
    example_lines: list[str] = Field(default_factory=list)


class StoredRename(BaseModel):
    """A rename a revision made, kept so the rows an earlier version stored follow it: the table ``table`` (by its
    name then) becomes ``to``, or, with ``column``, that column of it does."""

    table: str
    column: str = ""
    to: str


class Storage(BaseModel):
    kind: Literal["database", "text_files"] = "database"
    files: list[DataFile] = Field(default_factory=list)
    renames: list[StoredRename] = Field(default_factory=list, description="Filled by revisions, oldest first.")


class Role(BaseModel):
    name: str
    description: str = ""
    can: list[str] = Field(default_factory=list, description="What the role may do, e.g. 'delete:Order'.")


class Flow(BaseModel):
    name: str
    steps: list[str] = Field(default_factory=list)
    acceptance: list[str] = Field(default_factory=list)


class ApiEndpoint(BaseModel):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE", "WS"]
    path: str
    description: str = ""


class TechStack(BaseModel):
    frontend: str = "React"
    backend: str = "FastAPI"
    database: str = "SQLite"


class ColorScheme(BaseModel):
    """The app's palette as hex colours; ``source`` records the words they came from."""

    background: str = "#f8fafc"
    primary: str = "#2563eb"
    text: str = "#0f172a"
    accent: str = "#f59e0b"
    source: dict[str, str] = Field(default_factory=dict, description="role -> colour word from the prompt")

    @field_validator("background", "primary", "text", "accent")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f"colour {value!r} must be #rrggbb")
        return value.lower()


class AuthSpec(BaseModel):
    enabled: bool = False
    method: str = "jwt"


class AppSpec(BaseModel):
    """The specification: the contract's ``specification`` object plus everything the app is made from."""

    model_config = ConfigDict(populate_by_name=True)

    spec_version: int = SPEC_VERSION
    name: str = Field(min_length=1, max_length=80)
    description: str
    archetype: str = "custom"
    features: list[Feature] = Field(min_length=1)
    tech_stack: TechStack = Field(default_factory=TechStack)
    frontend_style: FrontendStyle = "react"
    port: int = Field(8000, ge=1, le=65535)
    ui_components: list[str] = Field(min_length=1, description="The page names, in order (the contract's view).")
    pages: list[Page] = Field(default_factory=list)
    api_endpoints: list[ApiEndpoint] = Field(default_factory=list)
    entities: list[Entity] = Field(min_length=1)
    storage: Storage = Field(default_factory=Storage)
    roles: list[Role] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    auth: AuthSpec = Field(default_factory=AuthSpec)
    realtime: bool = False
    dashboard: bool = False
    colors: ColorScheme = Field(default_factory=ColorScheme)
    styling: str = "tailwind"
    warnings: list[str] = Field(default_factory=list, description="What the request asked for that is unsafe.")

    @field_validator("features", mode="before")
    @classmethod
    def _feature_names(cls, value: Any) -> Any:
        """A feature given as a bare name (contract-shaped or older specs) is a ``custom`` feature."""
        if isinstance(value, list):
            return [{"name": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("ui_components")
    @classmethod
    def _component_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not _PASCAL.match(name):
                raise ValueError(f"UI component {name!r} must be PascalCase")
        if len(value) != len(set(value)):
            raise ValueError("UI components must be unique")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> AppSpec:
        if self.pages:
            names = [p.name for p in self.pages]
            if names != self.ui_components:
                raise ValueError(f"ui_components {self.ui_components} must be the page names in order {names}")
            routes = [p.route for p in self.pages]
            if len(routes) != len(set(routes)):
                raise ValueError(f"page routes must be unique: {routes}")
        entities = {e.name for e in self.entities}
        for entity in self.entities:
            for field in entity.fields:
                if field.references is not None and field.references not in entities:
                    raise ValueError(f"{entity.name}.{field.name} references unknown entity {field.references!r}")
        for page in self.pages:
            if page.entity is not None and page.entity not in entities:
                raise ValueError(f"page {page.name} names unknown entity {page.entity!r}")
        return self

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "app"

    @property
    def feature_names(self) -> list[str]:
        return [f.name for f in self.features]

    def entity(self, name: str) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None)

    def page(self, name: str) -> Page | None:
        return next((p for p in self.pages if p.name == name), None)

    def contract_view(self) -> dict[str, Any]:
        """The fields the API contract documents for ``specification``."""
        view = self.model_dump(include={"name", "description", "tech_stack", "ui_components", "api_endpoints"})
        return {
            "name": view["name"],
            "description": view["description"],
            "features": self.feature_names,
            "tech_stack": view["tech_stack"],
            "ui_components": view["ui_components"],
            "api_endpoints": view["api_endpoints"],
        }
