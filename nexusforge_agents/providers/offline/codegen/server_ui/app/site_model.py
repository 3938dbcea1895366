"""The pages of the app as data: what each page shows, in which order, and which form or list each element
is part of.

site.json (written from the app's specification) is read into these models at startup; pages.py serves them.
The layout decisions (which controls form one form, which collection a search box narrows) are made once,
when the app is generated, and kept here explicitly, so a page is rendered without guessing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

BlockKind = Literal["element", "form", "search"]


class SiteField(BaseModel):
    """One field of an entity as a form edits it and a table shows it."""

    name: str
    label: str
    type: str
    required: bool = True
    control: str = Field(description="The element kind that edits the field: input, number, select, ...")
    choices: list[str] = Field(default_factory=list)
    references: str | None = Field(None, description="The entity a 'reference' field points to.")


class SiteEntity(BaseModel):
    """A thing the app stores, with the facts the pages need about it."""

    name: str
    plural: str
    label: str
    label_plural: str
    fields: list[SiteField]
    title_field: str = Field(description="The field that names a row in lists, options and cards.")
    date_field: str | None = Field(None, description="The field a calendar places rows by.")
    status_field: str | None = Field(
        None, description="The field whose choices are a kanban board's columns."
    )
    toggle_field: str | None = Field(None, description="The boolean field a toggle flips.")
    session_field: str | None = Field(
        None,
        description="A field naming the user (username, owner): forms fill it with the signed-in visitor.",
    )
    lat_field: str | None = None
    lng_field: str | None = None
    list_route: str | None = Field(
        None, description="The page that lists the rows; a created row is shown there."
    )
    detail_route: str | None = None
    form_route: str | None = None

    def field(self, name: str) -> SiteField | None:
        return next((f for f in self.fields if f.name == name), None)


class SiteFeature(BaseModel):
    """A library feature shown on a page by its server-side fragment (templates/features/<kind>.html)."""

    fragment: str
    info: dict[str, Any] = Field(description="name, kind, slug, entity, plural, field, choices, api, pages")
    element_id: str | None = Field(None, description="The spec element the fragment renders as, if any.")
    params: list[str] = Field(default_factory=list, description="Query-string names it narrows lists with.")
    reads: list[str] = Field(
        default_factory=list, description="'GET /api/...' endpoints fetched for the fragment."
    )


class SiteElement(BaseModel):
    """One element of a page; ``id`` is its DOM id, exactly as the specification names it."""

    id: str
    kind: str
    label: str = ""
    entity: str | None = Field(None, description="The entity the element shows or edits.")
    field: str | None = Field(None, description="The field of ``entity`` it is bound to, if one.")
    action: str | None = None
    target: str | None = Field(None, description="Where activating it leads (navigation).")
    options: list[str] = Field(default_factory=list)
    feature: SiteFeature | None = Field(None, description="The feature whose fragment renders the element.")


class Block(BaseModel):
    """A run of elements rendered together: one element, a create form, or a search form."""

    kind: BlockKind
    entity: str | None = None
    elements: list[SiteElement]
    fields: list[str] = Field(
        default_factory=list, description="A create form's fields (all when none listed)."
    )
    after: str | None = Field(None, description="Where a create form leads once saved (None: its own page).")


class SitePage(BaseModel):
    name: str
    label: str = Field(description="What navigation and the page heading call the page.")
    route: str
    title: str
    kind: str
    purpose: str = ""
    entity: str | None = None
    record_entity: str | None = Field(
        None, description="The entity one row of which the page shows (?id= or {id})."
    )
    blocks: list[Block]
    features: list[SiteFeature] = Field(
        default_factory=list, description="Fragments not bound to an element."
    )

    @property
    def elements(self) -> list[SiteElement]:
        return [element for block in self.blocks for element in block.elements]


class NavLink(BaseModel):
    label: str
    route: str


class Colors(BaseModel):
    background: str
    primary: str
    text: str
    accent: str


class Site(BaseModel):
    name: str
    description: str
    features: list[str]
    auth: bool = False
    realtime: bool = False
    colors: Colors
    nav: list[NavLink]
    signin_route: str = Field(
        "/account/signin", description="The spec's sign-in page, else the account page."
    )
    pages: list[SitePage]
    entities: list[SiteEntity]

    def entity(self, name: str | None) -> SiteEntity | None:
        return next((e for e in self.entities if e.name == name), None)

    @classmethod
    def load(cls, path: Path) -> Site:
        return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))
