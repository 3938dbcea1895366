"""``cart``: put rows (products) in a cart with quantities, check out, and keep the orders. Under
``/api/<plural>/``: ``cart`` (GET the lines and total, POST a line, DELETE ``cart/{item_id}``), ``checkout``
(POST: the cart becomes an order at today's prices and empties) and ``orders`` (GET). Carts and orders are per
account when the app has accounts. The component is the cart with its checkout button and the orders."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec, Entity, EntityField
from ...fields import title_field
from ..base import FeatureImpl, FeatureTarget

_PRICE_WORDS = ("price", "cost", "amount", "fee", "total")


def price_field(entity: Entity) -> EntityField | None:
    numbers = [f for f in entity.fields if f.type in ("float", "integer")]
    return next((f for word in _PRICE_WORDS for f in numbers if word in f.name), None)


class Impl(FeatureImpl):
    kind = "cart"

    def default_field(self, entity: Entity) -> EntityField | None:
        return price_field(entity)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None or field.type not in ("float", "integer"):
            return f"{entity.name} has no price field (a number named price, cost, amount, fee or total)"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        api = target.api
        return [f"GET {api}/cart", f"POST {api}/cart", f"DELETE {api}/cart/{{item_id}}", f"POST {api}/checkout",
                f"GET {api}/orders"]  # fmt: skip

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        title = title_field(target.entity)
        return {"title_field": title, "prefix": target.entity.plural}
