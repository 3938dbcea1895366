"""Applying a ``SpecDelta`` to a spec: the next version of the app's specification.

The delta is explicit, so applying it decides nothing a reader could: it edits the entities, the pages, the
features and the settings the changes name, and carries out what a change implies for the rest of the spec, so
the result is consistent (a removed field's features and form controls go; sign-in off drops the sign-in page,
the sign-in features and per-user rows; a renamed entity is renamed in every page name, route, element id,
label, feature and role).

Pages keep what was written for them. Every page of the result is merged attribute by attribute from the
previous page and the pages the conventions derive (``spec_conventions.ensure_pages``): an attribute that was
still the derived one follows the new derivation (a form gains the new field's control), one that was written
(a document's title, a custom element list) is kept, with renames and removed fields carried into it. So element
ids of the pages a delta does not touch stay exactly as they were.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .appspec import AppSpec, AuthSpec, Entity, Feature, Page
from .errors import InvalidInputError
from .spec_conventions import derive_endpoints, ensure_pages
from .spec_delta import (
    AddEntity,
    AddFeature,
    AddField,
    AddPage,
    RemoveEntity,
    RemoveField,
    RemovePage,
    RenameApp,
    RenameEntity,
    RenameField,
    SetColors,
    SetElementLabel,
    SetPageTitle,
    SetRealtime,
    SetSignIn,
    SpecChange,
    SpecDelta,
)
from .spec_pages import PageSlot, merge_page, retitle
from .spec_rename import EntityRenamer

__all__ = ["apply_delta"]

_TAIL = ("LiveFeed", "Login")
_ENTITY_SUFFIXES = ("List", "Form", "Detail")


def _derived_pages(spec: AppSpec) -> dict[str, Page]:
    return {p.name: p for p in ensure_pages(spec.model_copy(update={"pages": []})).pages}


class _Revision:
    def __init__(self, spec: AppSpec) -> None:
        previous = ensure_pages(spec)
        derived = _derived_pages(previous)
        self.data: dict[str, Any] = previous.model_dump()
        self.entities = [Entity.model_validate(e) for e in self.data["entities"]]
        self.features = [Feature.model_validate(f) for f in self.data["features"]]
        self.slots = [PageSlot(p.name, p, derived.get(p.name)) for p in previous.pages]
        self.titles: list[SetPageTitle | SetElementLabel] = []

    # entities and fields -------------------------------------------------------------------------------------
    def entity(self, name: str) -> Entity:
        found = next((e for e in self.entities if e.name == name), None)
        if found is None:
            raise InvalidInputError(f"The app has no entity {name!r}; it has {[e.name for e in self.entities]}.")
        return found

    def replace(self, entity: Entity, **update: Any) -> None:
        at = self.entities.index(entity)
        self.entities[at] = Entity.model_validate({**entity.model_dump(), **update})

    def add_entity(self, change: AddEntity) -> None:
        if any(e.name == change.entity.name or e.plural == change.entity.plural for e in self.entities):
            raise InvalidInputError(f"The app already has an entity {change.entity.name!r}.")
        self.entities.append(change.entity)

    def remove_entity(self, change: RemoveEntity) -> None:
        gone = self.entity(change.entity)
        if len(self.entities) == 1:
            raise InvalidInputError(f"{gone.name} is the only thing the app stores; it cannot be removed.")
        self.entities.remove(gone)
        for other in list(self.entities):
            for item in other.fields:
                if item.references == gone.name:
                    self.remove_field(RemoveField(entity=other.name, field=item.name))
        self.features = [f for f in self.features if f.entity != gone.name]
        for slot in list(self.slots):
            owner = slot.name.removesuffix(_suffix(slot.name))
            if owner == gone.name or (slot.origin is not None and slot.origin.entity == gone.name):
                self.slots.remove(slot)
        self.data["storage"]["files"] = [f for f in self.data["storage"]["files"] if f["entity"] != gone.name]

    def rename_entity(self, change: RenameEntity) -> None:
        old = self.entity(change.entity)
        if any(e.name == change.new_name or e.plural == change.new_plural for e in self.entities if e is not old):
            raise InvalidInputError(f"The app already has an entity named {change.new_name!r}.")
        renamer = EntityRenamer(old.name, old.plural, change.new_name, change.new_plural)
        self.replace(old, name=change.new_name, plural=change.new_plural, description=renamer.text(old.description))
        if change.new_plural != old.plural:  # the app's stored rows move to the new table
            self.data["storage"]["renames"].append({"table": old.plural, "to": change.new_plural})
        for entity in list(self.entities):
            fields = [
                f.model_copy(update={"references": change.new_name, "label": renamer.text(f.label)})
                if f.references == old.name
                else f
                for f in entity.fields
            ]
            self.replace(entity, fields=[f.model_dump() for f in fields])
        self.features = [
            f.model_copy(
                update={
                    "name": renamer.text(f.name),
                    "entity": change.new_name if f.entity == old.name else f.entity,
                    "acceptance": [renamer.text(a) for a in f.acceptance],
                    "pages": [renamer.text(p) for p in f.pages],
                }
            )
            for f in self.features
        ]
        for slot in self.slots:
            slot.name = renamer.text(slot.name)
            slot.edits.append(renamer)
        for item in self.data["storage"]["files"]:
            item["entity"] = change.new_name if item["entity"] == old.name else item["entity"]
        for role in self.data["roles"]:
            role["can"] = [renamer.text(c) for c in role["can"]]
        for flow in self.data["flows"]:
            flow["steps"] = [renamer.text(s) for s in flow["steps"]]
            flow["acceptance"] = [renamer.text(a) for a in flow["acceptance"]]

    def add_field(self, change: AddField) -> None:
        entity = self.entity(change.entity)
        if entity.field(change.field.name) is not None:
            raise InvalidInputError(f"{entity.name} already has a field {change.field.name!r}.")
        if change.field.references is not None:
            self.entity(change.field.references)
        self.replace(entity, fields=[*(f.model_dump() for f in entity.fields), change.field.model_dump()])
        for item in self.data["storage"]["files"]:
            if item["entity"] == entity.name:
                item["columns"].append(change.field.name)
        for slot in self.slots:
            slot.edits.append(change)

    def remove_field(self, change: RemoveField) -> None:
        entity = self.entity(change.entity)
        if entity.field(change.field) is None:
            raise InvalidInputError(f"{entity.name} has no field {change.field!r}.")
        if len(entity.fields) == 1:
            raise InvalidInputError(f"{change.field} is the only field of {entity.name}; it cannot be removed.")
        self.replace(
            entity,
            fields=[f.model_dump() for f in entity.fields if f.name != change.field],
            seed=[{k: v for k, v in row.items() if k != change.field} for row in entity.seed],
        )
        self.features = [f for f in self.features if not (f.entity == entity.name and f.field == change.field)]
        for item in self.data["storage"]["files"]:
            if item["entity"] == entity.name:
                item["columns"] = [c for c in item["columns"] if c != change.field]
        for slot in self.slots:
            slot.edits.append(change)

    def rename_field(self, change: RenameField) -> None:
        entity = self.entity(change.entity)
        old = entity.field(change.field)
        if old is None:
            raise InvalidInputError(f"{entity.name} has no field {change.field!r}.")
        if entity.field(change.new_name) is not None:
            raise InvalidInputError(f"{entity.name} already has a field {change.new_name!r}.")
        renamed = old.model_copy(update={"name": change.new_name, "label": ""}).model_dump()
        self.replace(
            entity,
            fields=[renamed if f.name == old.name else f.model_dump() for f in entity.fields],
            seed=[{(change.new_name if k == old.name else k): v for k, v in row.items()} for row in entity.seed],
        )
        self.features = [
            f.model_copy(update={"field": change.new_name}) if f.entity == entity.name and f.field == old.name else f
            for f in self.features
        ]
        for item in self.data["storage"]["files"]:
            if item["entity"] == entity.name:
                item["columns"] = [change.new_name if c == old.name else c for c in item["columns"]]
        self.data["storage"]["renames"].append({"table": entity.plural, "column": old.name, "to": change.new_name})
        for slot in self.slots:
            slot.edits.append(change)

    # pages and switches --------------------------------------------------------------------------------------
    def add_page(self, change: AddPage) -> None:
        if any(s.name == change.page for s in self.slots):
            raise InvalidInputError(f"The app already has a page {change.page!r}.")
        if change.page == "Dashboard":
            self.data["dashboard"] = True
        self.slots.insert(self._position(change.page), PageSlot(change.page))

    def _position(self, name: str) -> int:
        names = [s.name for s in self.slots]
        if name == "Dashboard":
            return 1 if names[:1] == ["Home"] else 0
        if name in _TAIL:
            later = [i for i, n in enumerate(names) if n in _TAIL[_TAIL.index(name) + 1 :]]
            return later[0] if later else len(names)
        owner = name.removesuffix(_suffix(name))
        related = [i for i, n in enumerate(names) if _suffix(n) and n.removesuffix(_suffix(n)) == owner]
        if related:
            return related[-1] + 1
        tail = [i for i, n in enumerate(names) if n in _TAIL]
        return tail[0] if tail else len(names)

    def remove_page(self, change: RemovePage) -> None:
        if change.page == "Login":
            return self.set_sign_in(SetSignIn(enabled=False))
        if change.page == "LiveFeed":
            return self.set_realtime(SetRealtime(enabled=False))
        if change.page == "Home":
            raise InvalidInputError("Home is the page the app opens on; it cannot be removed.")
        slot = next((s for s in self.slots if s.name == change.page), None)
        if slot is None:
            raise InvalidInputError(
                f"The app has no page {change.page!r}; its pages are {[s.name for s in self.slots]}."
            )
        self.slots.remove(slot)
        if change.page == "Dashboard":
            self.data["dashboard"] = False
            self.features = [f for f in self.features if f.kind != "dashboard"]
        return None

    def set_sign_in(self, change: SetSignIn) -> None:
        self.data["auth"] = AuthSpec(enabled=change.enabled, method=self.data["auth"]["method"]).model_dump()
        has_page = any(s.name == "Login" for s in self.slots)
        if change.enabled and not has_page:
            self.slots.insert(self._position("Login"), PageSlot("Login"))
        if not change.enabled:
            self.slots = [s for s in self.slots if s.name != "Login"]
            self.features = [f for f in self.features if f.kind != "auth"]
            self.entities = [e.model_copy(update={"owned": False}) for e in self.entities]

    def set_realtime(self, change: SetRealtime) -> None:
        self.data["realtime"] = change.enabled
        if change.enabled and not any(s.name == "LiveFeed" for s in self.slots):
            self.slots.insert(self._position("LiveFeed"), PageSlot("LiveFeed"))
        if not change.enabled:
            self.slots = [s for s in self.slots if s.name != "LiveFeed"]
            self.features = [f for f in self.features if f.kind not in ("live_feed", "notifications")]

    def add_feature(self, change: AddFeature) -> None:
        if change.feature.entity is not None:
            entity = self.entity(change.feature.entity)
            if change.feature.field is not None and entity.field(change.feature.field) is None:
                raise InvalidInputError(f"{entity.name} has no field {change.feature.field!r} for the feature.")
        if any(f.name.lower() == change.feature.name.lower() for f in self.features):
            raise InvalidInputError(f"The app already has a feature {change.feature.name!r}.")
        self.features.append(change.feature)

    def apply(self, change: SpecChange) -> None:
        if isinstance(change, SetColors):
            self.data["colors"] |= change.colors
            self.data["colors"]["source"] = {**self.data["colors"]["source"], **change.words}
        elif isinstance(change, RenameApp):
            self.data["name"] = change.name
        elif isinstance(change, SetPageTitle | SetElementLabel):
            self.titles.append(change)
        else:
            handler = {
                AddEntity: self.add_entity,
                RemoveEntity: self.remove_entity,
                RenameEntity: self.rename_entity,
                AddField: self.add_field,
                RemoveField: self.remove_field,
                RenameField: self.rename_field,
                AddPage: self.add_page,
                RemovePage: self.remove_page,
                AddFeature: self.add_feature,
                SetSignIn: self.set_sign_in,
                SetRealtime: self.set_realtime,
            }[type(change)]
            handler(change)  # type: ignore[operator]

    # the result ----------------------------------------------------------------------------------------------
    def result(self) -> AppSpec:
        names = [s.name for s in self.slots]
        features = [f.model_copy(update={"pages": [p for p in f.pages if p in names]}) for f in self.features]
        data = {**self.data, "entities": [e.model_dump() for e in self.entities], "ui_components": names}
        data |= {"features": [f.model_dump() for f in features], "pages": []}
        draft = _validated(data)
        derived = _derived_pages(draft)
        pages = [merge_page(slot, derived.get(slot.name)) for slot in self.slots]
        for edit in self.titles:
            pages = retitle(pages, edit)
        spec = _validated({**data, "pages": [p.model_dump() for p in pages]})
        return spec.model_copy(update={"api_endpoints": derive_endpoints(spec)})


def _suffix(name: str) -> str:
    return next((s for s in _ENTITY_SUFFIXES if name.endswith(s) and name != s), "")


def _validated(data: dict[str, Any]) -> AppSpec:
    try:
        return AppSpec.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from None


def _invalid(exc: ValidationError) -> InvalidInputError:
    problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
    return InvalidInputError(f"The revised specification is not valid: {problems}.")


def apply_delta(spec: AppSpec, delta: SpecDelta) -> AppSpec:
    """The spec after the delta's changes, in order; raises ``InvalidInputError`` naming what does not fit."""
    revision = _Revision(spec)
    for change in delta.changes:
        try:
            revision.apply(change)
        except ValidationError as exc:
            raise _invalid(exc) from None
    return revision.result()
