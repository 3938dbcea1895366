"""``text_storage``: an entity's rows live in plain-text files at the paths and in the line format the spec
prescribes (``spec.storage``), instead of only in the database. The core ``backend/textfiles.py`` carries it;
``tests/test_text_files.py`` checks the example lines and that every change reaches the file."""

from __future__ import annotations

from ......schemas import AppSpec, Feature
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "text_storage"
    needs_entity = False

    def not_buildable(self, spec: AppSpec, feature: Feature) -> str | None:
        if spec.storage.kind != "text_files" or not spec.storage.files:
            return "the spec prescribes no text files (storage.kind is not 'text_files')"
        unknown = [f.entity for f in spec.storage.files if spec.entity(f.entity) is None]
        return f"text files name entities the spec lacks: {unknown}" if unknown else None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        plurals = [e.plural for f in spec.storage.files if (e := spec.entity(f.entity)) is not None]
        return [f"{method} /api/{plural}" for plural in plurals for method in ("GET", "POST")]

    def test_modules(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return ["tests/test_text_files.py"]
