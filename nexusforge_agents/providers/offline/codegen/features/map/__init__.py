"""``map``: the rows with coordinates as markers on a map. ``GET /api/<plural>/markers`` answers them; the
component is a Leaflet map (the ``leaflet`` npm package, shipped with the app). Tiles come from
``VITE_MAP_TILES`` (a URL template such as ``https://tile.example.org/{z}/{x}/{y}.png``) when it is set at build
time; without it the map has a plain background, so it works with no internet."""

from __future__ import annotations

from typing import Any, ClassVar

from ......schemas import AppSpec, Entity, EntityField, Feature
from ...fields import title_field
from ..base import Contribution, FeatureImpl, FeatureTarget

_LATITUDE = ("latitude", "lat")
_LONGITUDE = ("longitude", "lng", "lon", "long")
NPM = {"leaflet": "^1.9.4", "@types/leaflet": "^1.9.12"}


def coordinates(entity: Entity) -> tuple[EntityField | None, EntityField | None]:
    numbers = [f for f in entity.fields if f.type == "float"]
    latitude = next((f for f in numbers if f.name in _LATITUDE or f.name.endswith("_latitude")), None)
    longitude = next((f for f in numbers if f.name in _LONGITUDE or f.name.endswith("_longitude")), None)
    return latitude, longitude


class Impl(FeatureImpl):
    kind = "map"
    element_kinds: ClassVar[tuple[str, ...]] = ("map",)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if None in coordinates(entity):
            return f"{entity.name} has no latitude and longitude fields (numbers) to place it on a map"
        return None

    def pick_field(self, spec: AppSpec, entity: Entity, feature: Feature) -> EntityField | None:
        return None  # the coordinates are two fields: see ``coordinates``

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}/markers"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        latitude, longitude = coordinates(target.entity)
        title = title_field(target.entity)
        return {"lat": latitude, "lng": longitude, "title_field": title}

    def contribute(self, spec: AppSpec, target: FeatureTarget) -> Contribution:
        return super().contribute(spec, target).model_copy(update={"npm": NPM})
