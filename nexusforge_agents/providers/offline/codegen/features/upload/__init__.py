"""``upload``: attach a file or an image to a row. ``POST /api/<plural>/{id}/upload`` (multipart, field ``file``)
stores it in $UPLOAD_DIR (default: uploads/) and puts its address in the row's URL field; ``GET
/api/<plural>/files/{name}`` serves it back. The component picks a row and a file and shows the image."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec, Entity, EntityField
from ...fields import title_field
from ..base import Contribution, FeatureImpl, FeatureTarget

_FILE_WORDS = ("image", "photo", "picture", "file", "attachment", "avatar", "logo", "url")


class Impl(FeatureImpl):
    kind = "upload"

    def default_field(self, entity: Entity) -> EntityField | None:
        urls = [f for f in entity.fields if f.type == "url"]
        return next((f for word in _FILE_WORDS for f in urls if word in f.name), None)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None or field.type != "url":
            return f"{entity.name} has no URL field (like image_url) to hold an uploaded file's address"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"POST {target.api}/{{id}}/upload", f"GET {target.api}/files/{{name}}"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        title = title_field(target.entity)
        return {"title_field": title}

    def contribute(self, spec: AppSpec, target: FeatureTarget) -> Contribution:
        return super().contribute(spec, target).model_copy(update={"pip": ["python-multipart>=0.0.9"]})
