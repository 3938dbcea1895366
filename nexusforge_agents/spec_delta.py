"""A revision of an app, as a typed delta of its specification.

A follow-up request ("add a due date to tasks", "rename Task to Chore", "make the primary colour teal") is read
into a ``SpecDelta``: an ordered list of typed changes, each one of the kinds below, plus a ``not_built`` entry
with the reason for every part of the request no change kind covers. ``spec_revision.apply_delta`` turns the
previous spec and the delta into the next spec; nothing else edits a spec during a revision.

A delta is explicit: the reader decides everything (a new field's type and choices, the feature's entity and
field, the hex colours), so applying it needs no guessing and a delta written by a model, a person or the
offline reader is applied the same way.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from .appspec import AppSpec, Entity, EntityField
from .appspec import Feature as SpecFeature

ColorRole = Literal["background", "primary", "text", "accent"]
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class _Change(BaseModel):
    """Every change says in one line what it does (``describe``)."""


class AddEntity(_Change):
    op: Literal["add_entity"] = "add_entity"
    entity: Entity

    def describe(self) -> str:
        fields = ", ".join(f"{f.name} ({f.type})" for f in self.entity.fields)
        return f"Add entity {self.entity.name} with {fields}"


class RemoveEntity(_Change):
    op: Literal["remove_entity"] = "remove_entity"
    entity: str

    def describe(self) -> str:
        return f"Remove entity {self.entity} (its pages, features and the fields that point at it)"


class RenameEntity(_Change):
    op: Literal["rename_entity"] = "rename_entity"
    entity: str
    new_name: str = Field(description="PascalCase singular.")
    new_plural: str = Field(description="snake_case plural (URLs, tables).")

    def describe(self) -> str:
        return f"Rename entity {self.entity} to {self.new_name} ({self.new_plural})"


class AddField(_Change):
    op: Literal["add_field"] = "add_field"
    entity: str
    field: EntityField

    def describe(self) -> str:
        choices = f" with choices {', '.join(self.field.choices)}" if self.field.choices else ""
        return f"Add field {self.entity}.{self.field.name} ({self.field.type}){choices}"


class RemoveField(_Change):
    op: Literal["remove_field"] = "remove_field"
    entity: str
    field: str

    def describe(self) -> str:
        return f"Remove field {self.entity}.{self.field}"


class RenameField(_Change):
    op: Literal["rename_field"] = "rename_field"
    entity: str
    field: str
    new_name: str

    def describe(self) -> str:
        return f"Rename field {self.entity}.{self.field} to {self.new_name}"


class AddPage(_Change):
    """A page named by the conventions of ``spec_conventions`` (``Dashboard``, ``Settings``, ``<Entity>List``,
    ``<Entity>Form``, ``<Entity>Detail``); its route, title and elements are derived from the spec."""

    op: Literal["add_page"] = "add_page"
    page: str

    def describe(self) -> str:
        return f"Add page {self.page}"


class RemovePage(_Change):
    op: Literal["remove_page"] = "remove_page"
    page: str

    def describe(self) -> str:
        return f"Remove page {self.page}"


class AddFeature(_Change):
    op: Literal["add_feature"] = "add_feature"
    feature: SpecFeature

    def describe(self) -> str:
        on = f" on {self.feature.entity}" + (f".{self.feature.field}" if self.feature.field else "")
        return f"Add feature {self.feature.name!r} ({self.feature.kind}{on if self.feature.entity else ''})"


class SetColors(_Change):
    op: Literal["set_colors"] = "set_colors"
    colors: dict[ColorRole, str] = Field(description="role -> #rrggbb, only the roles that change.")
    words: dict[ColorRole, str] = Field(default_factory=dict, description="role -> the request's colour words.")
    theme: Literal["dark", "light"] | None = None

    @field_validator("colors")
    @classmethod
    def _hex(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [v for v in value.values() if not _HEX.match(v)]
        if bad or not value:
            raise ValueError(f"colours must be #rrggbb and at least one role must change (got {value})")
        return {role: hex_.lower() for role, hex_ in value.items()}

    def describe(self) -> str:
        roles = ", ".join(f"{role} {self.words.get(role, hex_)} ({hex_})" for role, hex_ in self.colors.items())
        return (f"Switch to the {self.theme} theme: " if self.theme else "Set colours: ") + roles


class RenameApp(_Change):
    op: Literal["rename_app"] = "rename_app"
    name: str = Field(min_length=1, max_length=80)

    def describe(self) -> str:
        return f"Call the app {self.name!r}"


class SetPageTitle(_Change):
    op: Literal["set_page_title"] = "set_page_title"
    page: str
    title: str = Field(min_length=1, max_length=200)

    def describe(self) -> str:
        return f"Title page {self.page} {self.title!r}"


class SetElementLabel(_Change):
    op: Literal["set_element_label"] = "set_element_label"
    page: str
    element: str = Field(description="The element's DOM id (kept).")
    label: str = Field(min_length=1, max_length=200)

    def describe(self) -> str:
        return f"Label #{self.element} on {self.page} {self.label!r}"


class SetSignIn(_Change):
    op: Literal["set_sign_in"] = "set_sign_in"
    enabled: bool

    def describe(self) -> str:
        return "Turn sign-in on" if self.enabled else "Turn sign-in off (its page and features go)"


class SetRealtime(_Change):
    op: Literal["set_realtime"] = "set_realtime"
    enabled: bool

    def describe(self) -> str:
        return "Turn real-time updates on" if self.enabled else "Turn real-time updates off (the live feed goes)"


SpecChange = Annotated[
    AddEntity
    | RemoveEntity
    | RenameEntity
    | AddField
    | RemoveField
    | RenameField
    | AddPage
    | RemovePage
    | AddFeature
    | SetColors
    | RenameApp
    | SetPageTitle
    | SetElementLabel
    | SetSignIn
    | SetRealtime,
    Field(discriminator="op"),
]


class NotBuiltChange(BaseModel):
    """A part of the request that no change kind covers: nothing of it is applied."""

    request: str = Field(description="The words of the request it concerns.")
    reason: str


class SpecDelta(BaseModel):
    """What a revision request changes, in order; what it asks for that cannot be built, with why."""

    request: str
    changes: list[SpecChange] = Field(default_factory=list)
    not_built: list[NotBuiltChange] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def summary(self) -> list[str]:
        """One line per change, then one per part not built."""
        return [c.describe() for c in self.changes] + [f"Not built: {n.request!r}: {n.reason}" for n in self.not_built]


class Revision(BaseModel):
    """A revision while it runs: the request, the spec and files it starts from, and once read, its delta and the
    pages whose mockups it paints again."""

    request: str
    base_spec: AppSpec
    base_manifest: list[str] = Field(default_factory=list, description="The app's files before the revision.")
    delta: SpecDelta | None = None
    pages_to_paint: list[str] = Field(default_factory=list)
    pages_removed: list[str] = Field(default_factory=list)
