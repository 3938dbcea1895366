"""The review gate's vocabulary: what a person decides about a build's plan before any code is written.

A build started with ``review_spec`` stops after ``generating_spec`` in ``awaiting_review``. Each answer is a
``SpecDecision``: edit the plan (it stays under review), approve it (as it is or with an edited spec), or reject
it (the build ends cancelled). An edited spec is validated first; a bad edit changes nothing.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .appspec import AppSpec
from .errors import InvalidInputError
from .spec_conventions import derive_endpoints, ensure_pages

ReviewAction = Literal["edit", "approve", "reject"]


class SpecDecision(BaseModel):
    """One answer to a build waiting for review."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    action: ReviewAction
    spec: AppSpec | None = None
    """The edited plan (``edit``: required; ``approve``: optional, else the plan as it is)."""

    @model_validator(mode="after")
    def _edit_has_a_spec(self) -> SpecDecision:
        if self.action == "edit" and self.spec is None:
            raise ValueError("an edit carries the edited spec")
        if self.action == "reject" and self.spec is not None:
            raise ValueError("a rejection carries no spec")
        return self


class SpecReview(BaseModel):
    """How the review ended, kept in the build's state (None while it waits)."""

    model_config = ConfigDict(frozen=True)

    approved: bool


def decision_of(action: ReviewAction, spec: Any = None) -> SpecDecision:
    """A decision from what a caller sent; an edited ``spec`` (JSON object or model) is checked by ``edited_spec``."""
    return SpecDecision(action=action, spec=edited_spec(spec) if spec is not None else None)


def edited_spec(data: Any) -> AppSpec:
    """A spec a person edited (JSON object or model), validated and completed like the spec agent's own.

    A bad edit is ``INVALID_INPUT`` whose ``details.field`` is the path of the first bad field
    (``entities.0.fields.1.type``) and ``details.errors`` all of them.
    """
    try:
        spec = data if isinstance(data, AppSpec) else AppSpec.model_validate(data)
    except ValidationError as exc:
        problems = [
            {"field": _path(error["loc"]), "message": error["msg"]}
            for error in exc.errors(include_url=False, include_input=False)
        ]
        first = problems[0]
        raise InvalidInputError(
            f"The edited spec is invalid at {first['field']}: {first['message']}",
            details={"field": first["field"], "errors": problems},
        ) from None
    spec = ensure_pages(spec)
    return spec.model_copy(update={"api_endpoints": derive_endpoints(spec)})


def _path(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "spec"
