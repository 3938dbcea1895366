"""The feature library: every ``FeatureKind`` the spec can name, each implemented in one folder here.

``plan_features(spec)`` resolves every spec feature against its kind's implementation once; the code generator
takes the files, routers, list hooks and page mounts from the plan, and the claims (built, with the pages,
endpoints and tests that show it, or not built with the reason) come from the same plan, so nothing is claimed
that no generated code carries. docs/features.md documents the interface and every kind.
"""

from __future__ import annotations

import importlib
import pkgutil

from pydantic import BaseModel, Field

from .....schemas import AppSpec, Feature, FeatureClaim, FeatureKind
from ..naming import pascal
from .base import Contribution, FeatureImpl, FeatureTarget, pick_entity, test_ids


def _discover() -> dict[FeatureKind, FeatureImpl]:
    """Every kind folder in this package: adding a kind is adding its folder (and its name to FeatureKind)."""
    found: dict[FeatureKind, FeatureImpl] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            impl = importlib.import_module(f"{__name__}.{module.name}").Impl()
            found[impl.kind] = impl
    return dict(sorted(found.items()))


IMPLEMENTATIONS = _discover()


class PlannedFeature(BaseModel):
    target: FeatureTarget
    contribution: Contribution | None = None
    reason: str = Field("", description="Why it is not built; empty when it is.")


class FeaturePlan(BaseModel):
    features: list[PlannedFeature] = Field(default_factory=list)

    @property
    def built(self) -> list[PlannedFeature]:
        return [p for p in self.features if p.contribution is not None]


def _target(spec: AppSpec, impl: FeatureImpl, feature: Feature, taken: set[str]) -> FeatureTarget:
    entity = pick_entity(spec, feature) if impl.needs_entity else None
    base = f"{feature.kind}_{entity.plural}" if entity else feature.kind
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    taken.add(slug)
    return FeatureTarget(
        feature=feature,
        slug=slug,
        component=pascal(slug),
        entity=entity,
        field=impl.pick_field(spec, entity, feature) if entity else None,
        pages=impl.pages(spec, feature, entity),
    )


def plan_features(spec: AppSpec) -> FeaturePlan:
    """Every spec feature, resolved and (when buildable) contributed, in the spec's order."""
    planned, taken = [], set[str]()
    for feature in spec.features:
        impl = IMPLEMENTATIONS.get(feature.kind)
        reason = (
            impl.not_buildable(spec, feature)
            if impl is not None
            else f"the feature library has no implementation of kind {feature.kind!r}"
        )
        target = _target(spec, impl or IMPLEMENTATIONS["custom"], feature, taken)
        if reason or impl is None:
            planned.append(PlannedFeature(target=target, reason=reason or "not implemented"))
        else:
            planned.append(PlannedFeature(target=target, contribution=impl.contribute(spec, target)))
    return FeaturePlan(features=planned)


def claims_for(plan: FeaturePlan, files: dict[str, str]) -> list[FeatureClaim]:
    """One claim per spec feature. A feature counts as built only when every test it cites is defined in the
    generated ``files`` and it cites at least one."""
    by_module = {path: _ids(path, text) for path, text in files.items() if path.endswith(".py")}
    defined = {tid for path, text in files.items() if path.endswith(".py") for tid in _ids(path, text)}
    claims = []
    for planned in plan.features:
        feature = planned.target.feature
        contribution = planned.contribution
        if contribution is None:
            claims.append(FeatureClaim(name=feature.name, kind=feature.kind, status="not_built", reason=planned.reason))
            continue
        cited = [*contribution.tests, *(t for m in contribution.test_modules for t in by_module.get(m, []))]
        missing = [t for t in cited if t not in defined]
        missing += [m for m in contribution.test_modules if not by_module.get(m)]
        if not cited or missing:
            why = f"its tests are missing from the code: {missing}" if missing else "no generated test exercises it"
            claims.append(FeatureClaim(name=feature.name, kind=feature.kind, status="not_built", reason=why))
            continue
        claims.append(
            FeatureClaim(
                name=feature.name,
                kind=feature.kind,
                status="built",
                pages=[p.name for p in planned.target.pages],
                endpoints=contribution.endpoints,
                tests=cited,
            )
        )
    return claims


def _ids(path: str, text: str) -> list[str]:
    return test_ids(path, text) if path.startswith("tests/") else []


__all__ = ["IMPLEMENTATIONS", "FeatureImpl", "FeaturePlan", "FeatureTarget", "claims_for", "plan_features"]
