"""The server's pure pieces: estimates, wire shapes, artifact paths, URLs; and the contract checker itself."""

from __future__ import annotations

import pytest

from nexusforge_agents.builds.artifacts import absolutize, result_view, served_files
from nexusforge_agents.builds.recorder import to_wire
from nexusforge_agents.events import (
    BuildCancelled,
    BuildCompleted,
    ErrorEvent,
    PhaseCompleted,
    ProgressUpdate,
    wire_is_terminal,
)
from nexusforge_agents.schemas import BuildResult
from nexusforge_agents.server.deps import websocket_url
from nexusforge_agents.server.estimate import estimate_range, format_range
from nexusforge_agents.server.settings import ServerSettings
from tests.contract.contract_doc import assert_shape, curl_calls, examples


def test_estimate_uses_history_with_the_same_video_setting_first():
    video, no_video = {"enable_video_demo": True}, {"enable_video_demo": False}
    history = [(20.0, video), (40.0, video), (5.0, no_video)]
    assert estimate_range(history, True, 300) == (25.0, 35.0), "interquartile range of 20 and 40"
    assert estimate_range(history, False, 300) == (4.0, 6.25), "one sample: -20%/+25%"
    assert estimate_range([(10.0, {})], False, 300) == (8.0, 12.5), "no same-setting sample: all builds"
    assert estimate_range([], True, 40) == (30.0, 60.0), "no history: the prior, -25%/+50%"


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (25, 35, "25-35 seconds"),
        (4.2, 4.9, "4-5 seconds"),
        (30, 30, "30 seconds"),
        (240, 360, "4-6 minutes"),
        (61, 95, "1-2 minutes"),
        (100, 110, "1-2 minutes"),
        (0.1, 0.4, "1 seconds"),
    ],
)
def test_format_range_writes_estimates_like_the_contract(low, high, text):
    assert format_range(low, high) == text


def test_wire_keeps_the_contracts_nullable_fields_and_knows_final_events():
    phase = to_wire(PhaseCompleted(session_id="s", phase="deploying", progress=99, results={}, seq=3))
    assert phase["next_phase"] is None and phase["seq"] == 3 and not wire_is_terminal(phase)
    done = to_wire(BuildCompleted(session_id="s", total_time="1 second", summary={}))
    assert done["deployment_url"] is None and "result" not in done and wire_is_terminal(done)
    assert wire_is_terminal(to_wire(ErrorEvent(session_id="s", phase="building", error_code="BUILD_FAILED")))
    cancelled = to_wire(BuildCancelled(session_id="s", progress=40))
    assert cancelled["type"] == "progress_update" and cancelled["phase"] == "cancelled" and wire_is_terminal(cancelled)
    assert not wire_is_terminal(to_wire(ProgressUpdate(session_id="s", phase="building", progress=40)))


def test_result_urls_name_only_files_inside_the_build_folder(tmp_path):
    (tmp_path / "mockups").mkdir()
    result = BuildResult(
        session_id="abc",
        status="completed",
        mockups={"Home": str(tmp_path / "mockups" / "Home.png"), "Elsewhere": "/etc/passwd"},
        demo_video=str(tmp_path / "demo" / "demo.mp4"),
        output_dir=str(tmp_path),
    )
    view = result_view(result, tmp_path)
    assert view["mockups"] == {"Home": "/artifacts/abc/mockups/Home.png"}
    assert view["demo_video"] == "/artifacts/abc/demo/demo.mp4" and view["code_zip"] == "/artifacts/abc/code.zip"
    assert served_files(view) == {"mockups/Home.png", "demo/demo.mp4"}
    absolute = absolutize(view, "https://api.example.com/")
    assert absolute["mockups"]["Home"] == "https://api.example.com/artifacts/abc/mockups/Home.png"
    assert absolute["code_zip"] == "https://api.example.com/artifacts/abc/code.zip"
    assert view["mockups"]["Home"].startswith("/"), "the stored view is not changed"


def test_websocket_url_is_the_contracts_path_unless_a_public_url_is_set():
    assert websocket_url(ServerSettings(), "s1") == "/ws/nexus-forge/s1"
    assert websocket_url(ServerSettings(public_url="https://api.example.com/"), "s1") == (
        "wss://api.example.com/ws/nexus-forge/s1"
    )
    assert websocket_url(ServerSettings(public_url="http://127.0.0.1:8000"), "s1") == (
        "ws://127.0.0.1:8000/ws/nexus-forge/s1"
    )


def test_the_contract_checker_catches_missing_fields_and_wrong_kinds():
    documented = {"a": "x", "b": {"c": 1}, "d": [{"e": True}]}
    assert_shape(documented, {"a": None, "b": {"c": 2, "extra": 0}, "d": [{"e": False}], "more": 1})
    missing, wrong_kind, missing_in_list = (
        {"b": {"c": 1}, "d": []},
        {"a": "x", "b": {"c": "1"}, "d": []},
        {"a": "x", "b": {"c": 1}, "d": [{}]},
    )
    for broken in (missing, wrong_kind, missing_in_list):
        with pytest.raises(AssertionError):
            assert_shape(documented, broken)


def test_the_contract_document_yields_its_examples():
    found = examples()
    assert found[("POST /api/nexus-forge/build", "errors")][0]["error_code"] == "INVALID_INPUT"
    assert {k for k, label in found if label == "message"} >= {
        "Connection Confirmation",
        "Progress Updates",
        "Phase Completion",
        "Build Completion",
        "Error Notifications",
    }
    assert [(method, path.split("?")[0]) for method, path, _ in curl_calls()] == [
        ("POST", "/api/nexus-forge/build"),
        ("GET", "/api/nexus-forge/build/550e8400-e29b-41d4-a716-446655440000"),
        ("GET", "/api/nexus-forge/builds"),
    ]
