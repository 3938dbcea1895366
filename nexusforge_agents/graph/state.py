"""What the Starri graph adds around ``BuildState``: the run context its nodes get, and how checkpoints store it.

``BuildContext`` (the graph's ``context_schema``) carries the process ``Settings`` and the build's ``BuildConfig``
to every node through ``Runtime``. It is not checkpointed, so whoever runs the graph passes it on every call; the
config is also kept in the state (the build's record), so a resume in another process rebuilds the context from it.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.runtime import Runtime
from pydantic import BaseModel, ConfigDict, Field

from ..build_state import BuildState
from ..config import BuildConfig, Settings


class BuildContext(BaseModel):
    """What every node gets through ``Runtime.context``: the process settings and this build's config."""

    model_config = ConfigDict(frozen=True)

    settings: Settings = Field(default_factory=Settings)
    config: BuildConfig = Field(default_factory=BuildConfig)


def run_context(runtime: Runtime[BuildContext], state: BuildState) -> BuildContext:
    """The context a node works with. A run started without one (LangGraph Studio, a bare ``graph.invoke``) gets the
    settings from the environment and the config the state carries (``BuildConfig`` defaults unless given)."""
    return runtime.context if runtime.context is not None else BuildContext(config=state.config)


def _types_in(annotation: Any, seen: set[type]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | Enum):
        if annotation in seen:
            return
        seen.add(annotation)
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                _types_in(field.annotation, seen)
    for arg in get_args(annotation):
        _types_in(arg, seen)


def checkpoint_types() -> frozenset[tuple[str, str]]:
    """The classes a checkpoint may name: ``BuildState`` and the models and enums reachable from its fields (a
    model is stored as its data, an enum as its value, each tagged with its class). Only these are ever imported
    when a checkpoint loads; all of them are plain data validated by pydantic."""
    seen: set[type] = set()
    _types_in(BuildState, seen)
    return frozenset((cls.__module__, cls.__qualname__) for cls in seen)


def checkpoint_serde() -> JsonPlusSerializer:
    """The serializer every Starri checkpointer uses: LangGraph's msgpack format, restricted to the state's types
    (LangGraph's default imports any class a checkpoint names, with a warning)."""
    return JsonPlusSerializer(allowed_msgpack_modules=checkpoint_types())
