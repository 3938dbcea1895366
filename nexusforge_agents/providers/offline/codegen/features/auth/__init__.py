"""``auth``: sign up, sign in, and (when the spec has them) roles and per-user data. The core accounts API
(``/api/auth/register``, ``/login``, ``/me``; switched on by this feature) carries it: the first account gets the
spec's administrator role, later ones its default role; rows of an ``owned`` entity are seen and changed only by
the account that made them. The sign-in page is the spec's login page (or ``/login``)."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec, Entity, Feature, Page
from ...accounts import auth_roles
from ...fields import sample_payload
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "auth"
    needs_entity = False

    def pages(self, spec: AppSpec, feature: Feature, entity: Entity | None) -> list[Page]:
        named = [p for name in feature.pages if (p := spec.page(name)) is not None]
        return named or [p for p in spec.pages if p.kind == "login"][:1]

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return ["POST /api/auth/register", "POST /api/auth/login", "GET /api/auth/me"]

    def test_modules(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return ["tests/test_auth_flow.py"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        roles, admin, default = auth_roles(spec)
        owned = next((e for e in spec.entities if e.owned), None)
        guarded = owned or spec.entities[0]
        return {
            "roles": roles,
            "admin_role": admin,
            "default_role": default,
            "owned": owned,
            "guarded": guarded,
            "guarded_sample": sample_payload(guarded, 0),
            "has_parents": any(f.references for f in guarded.fields),
        }
