"""``comments``: people leave comments on a row. ``GET/POST /api/<plural>/{id}/comments`` list and add them; the
component shows a row's comments with a form to add one. Same templates as ``reviews``, without the rating."""

from __future__ import annotations

from ..reviews import Impl as Reviews


class Impl(Reviews):
    kind = "comments"
    rated = False
    template_kind = "reviews"
