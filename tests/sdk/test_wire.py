"""The contract's wire models live once, in the SDK distribution (``nexusforge.wire``), and the engine uses those
very classes: a change to the wire is made in one place and both sides see it."""

from __future__ import annotations

import json

import nexusforge
import pytest
from nexusforge import wire

from nexusforge_agents import events, schemas
from nexusforge_agents.server import api_models


def test_the_engine_uses_the_sdks_wire_classes() -> None:
    for name in ("Connected", "ProgressUpdate", "BuildCancelled", "PhaseCompleted", "ErrorEvent"):
        assert getattr(events, name) is getattr(wire, name)
    assert issubclass(events.BuildCompleted, wire.BuildCompleted)  # plus the library-only ``result``
    assert "result" not in wire.BuildCompleted.model_fields
    assert schemas.BuildStatus is wire.BuildStatus
    for name in ("ErrorBody", "BuildStarted", "BuildStatusResponse", "BuildListItem", "DeployResponse",
                 "DeleteResponse", "TemplateOut", "HealthResponse", "ModelsResponse"):  # fmt: skip
        assert getattr(api_models, name) is getattr(wire, name)
    assert nexusforge.ProgressUpdate is wire.ProgressUpdate and nexusforge.BuildStatus is wire.BuildStatus


MESSAGES = [
    ({"type": "connected", "session_id": "s"}, wire.Connected, False),
    ({"type": "progress_update", "phase": "building", "progress": 40}, wire.ProgressUpdate, False),
    ({"type": "progress_update", "phase": "cancelled", "progress": 40}, wire.BuildCancelled, True),
    ({"type": "phase_completed", "phase": "building", "progress": 60}, wire.PhaseCompleted, False),
    ({"type": "build_completed", "total_time": "3s", "summary": {}}, wire.BuildCompleted, True),
    ({"type": "error", "phase": "building", "error_code": "BUILD_FAILED", "message": "x"}, wire.ErrorEvent, True),
]


@pytest.mark.parametrize(("message", "kind", "ends"), MESSAGES)
def test_each_message_parses_to_its_class_and_says_whether_it_ends_the_build(message, kind, ends) -> None:
    message = {**message, "timestamp": "2026-01-01T00:00:00.000000Z"}
    for parsed in (wire.parse_event(message), wire.parse_event(json.dumps(message))):
        assert type(parsed) is kind and parsed.is_terminal is ends
    assert wire.wire_is_terminal(message) is ends
    engine = events.parse_event(message)  # the engine reads the same wire the same way
    assert engine.is_terminal is ends and engine.wire() == wire.parse_event(message).wire()


def test_a_newer_servers_extra_fields_are_kept_and_unknown_types_refused() -> None:
    update = wire.parse_event({"type": "progress_update", "phase": "building", "progress": 1, "eta_s": 9})
    assert update.model_extra == {"eta_s": 9}
    with pytest.raises(ValueError):
        wire.parse_event({"type": "no_such_event"})
    assert wire.BuildStatus("cancelled").is_terminal and not wire.BuildStatus("building").is_terminal
