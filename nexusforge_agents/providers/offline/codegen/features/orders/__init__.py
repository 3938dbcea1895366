"""``orders``: orders made by checking out a cart of an entity's rows (``GET /api/<plural>/orders``). When the
spec also has a ``cart`` feature for the same entity, this one is carried by it (same endpoints and tests);
otherwise it builds the cart and checkout too, since an order is made from them."""

from __future__ import annotations

from ......schemas import AppSpec
from ..base import Contribution, FeatureTarget
from ..cart import Impl as Cart


class Impl(Cart):
    kind = "orders"
    template_kind = "cart"

    def contribute(self, spec: AppSpec, target: FeatureTarget) -> Contribution:
        assert target.entity is not None
        entity = target.entity.name
        if any(f.kind == "cart" and (f.entity or spec.entities[0].name) == entity for f in spec.features):
            return Contribution(
                endpoints=[f"POST {target.api}/checkout", f"GET {target.api}/orders"],
                test_modules=[f"tests/test_feature_cart_{target.entity.plural}.py"],
            )
        return super().contribute(spec, target)
