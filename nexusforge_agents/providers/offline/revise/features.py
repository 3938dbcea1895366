"""Clauses that add a feature of the feature library ("add a calendar of tasks", "let users export tasks to CSV",
"add filtering by priority"), read by the spec writer's own feature reader, so a revision types a feature
exactly as a first build would: its kind, entity, field (added to the entity when missing), acceptance and
pages."""

from __future__ import annotations

import re

from ....appspec import AppSpec, Entity, FeatureKind
from ....spec_conventions import ensure_pages
from ....spec_delta import AddEntity, AddFeature, AddField, AddPage, NotBuiltChange, SetRealtime, SetSignIn, SpecChange
from ..spec.acceptance import acceptance_for, pages_for
from ..spec.feature_model import finish_features, type_features
from ..spec.kinds import classify
from ..spec.naming import title_case, words_of

Outcome = list[SpecChange] | NotBuiltChange | None

_LEAD = re.compile(
    r"^(?:add|include|give|put|show|create|support|enable|use|(?:let|allow)\s+(?:the\s+)?(?:users?|people|me|them)"
    r"(?:\s+to)?|make\s+it\s+possible\s+to)\s+(?:a\s+|an\s+|the\s+|some\s+)?",
    re.IGNORECASE,
)
_STRUCTURAL: frozenset[FeatureKind] = frozenset({"crud", "custom", "validation", "detail", "text_storage"})


def feature_kind(clause: str) -> FeatureKind:
    return classify(clause)


def crud_feature(spec: AppSpec, entity: Entity) -> AddFeature:
    """ "Manage <things>" for a new entity, as the spec writer names it."""
    name = f"Manage {title_case(entity.plural.split('_'))}"
    components = [*ensure_pages(spec).ui_components, f"{entity.name}List", f"{entity.name}Form"]
    feature = {
        "name": name,
        "kind": "crud",
        "entity": entity.name,
        "acceptance": acceptance_for("crud", entity, None),
        "pages": pages_for("crud", entity, components),
    }
    return AddFeature.model_validate({"feature": feature})


def read_feature(spec: AppSpec, clause: str) -> Outcome:
    """A feature of a kind the library builds; None when the clause asks for none (or only for plain CRUD)."""
    kind = classify(clause)
    if kind in _STRUCTURAL:
        return None
    name = title_case(words_of(_LEAD.sub("", clause)) or [kind])[:120]
    spec = ensure_pages(spec)
    drafts, entities, targets = type_features([name], [clause], list(spec.entities), (False, False, False))
    components = list(spec.ui_components)
    features = finish_features(drafts, targets, entities, components, [clause])
    changes: list[SpecChange] = []
    known = {e.name: e for e in spec.entities}
    for entity in entities:
        if entity.name not in known:
            changes += [
                AddEntity(entity=entity),
                AddPage(page=f"{entity.name}List"),
                AddPage(page=f"{entity.name}Form"),
            ]
            continue
        have = {f.name for f in known[entity.name].fields}
        changes += [AddField(entity=entity.name, field=f) for f in entity.fields if f.name not in have]
    wanted = [f for f in features if f.kind not in _STRUCTURAL]
    if not wanted:
        return NotBuiltChange(request=clause, reason=f"No feature of the library does {name!r}.")
    present = {(f.kind, f.entity, f.field) for f in spec.features}
    for feature in wanted:
        if (feature.kind, feature.entity, feature.field) in present:
            return NotBuiltChange(request=clause, reason=f"The app already has this feature ({feature.kind}).")
        if feature.kind == "auth" and not spec.auth.enabled:
            changes.append(SetSignIn(enabled=True))
        if feature.kind in ("live_feed", "notifications") and not spec.realtime:
            changes.append(SetRealtime(enabled=True))
        if feature.kind == "dashboard" and "Dashboard" not in components:
            changes.append(AddPage(page="Dashboard"))
        changes.append(AddFeature(feature=feature))
    return changes


def capability_feature(spec: AppSpec, kind: FeatureKind) -> list[SpecChange]:
    """The feature a switch turned on brings, named as a first build names it (none when the app has one)."""
    if any(f.kind == kind for f in spec.features):
        return []
    name = {"auth": "User Authentication", "live_feed": "Real-Time Updates"}[kind]
    feature = {"name": name, "kind": kind, "acceptance": acceptance_for(kind, spec.entities[0], None)}
    if kind == "live_feed":
        feature["entity"] = spec.entities[0].name
    feature["pages"] = pages_for(
        kind, spec.entities[0] if kind == "live_feed" else None, ensure_pages(spec).ui_components
    )
    return [AddFeature.model_validate({"feature": feature})]
