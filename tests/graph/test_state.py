"""The graph state is typed end to end: nodes write models, checkpoints (SQLite and PostgreSQL) give the same models
back without LangGraph's 'unregistered type' warnings, nothing outside the state's own types is ever rebuilt from a
checkpoint, and Settings/BuildConfig reach the nodes through the run context."""

from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path

import ormsgpack
import pytest
from langgraph.checkpoint.serde.jsonplus import EXT_CONSTRUCTOR_SINGLE_ARG, EXT_PYDANTIC_V2
from pydantic import BaseModel

from nexusforge_agents.build_state import BuildPlan, BuildState
from nexusforge_agents.builds.checkpointers import open_checkpointer
from nexusforge_agents.config import MODEL_AGENTS, AgentName, BuildConfig, Settings
from nexusforge_agents.graph.progress import AgentProgress
from nexusforge_agents.graph.review import REVIEW_NODE
from nexusforge_agents.graph.starri import AGENT_RUNS, create_starri
from nexusforge_agents.graph.state import BuildContext, checkpoint_serde, checkpoint_types
from nexusforge_agents.schemas import AppSpec, BuildError, BuildStatus, Deployment, ModelCall, TestReport
from tests.scripted import Script, install, scripted_settings, tiny_spec

SERDE_COMPLAINTS = ("unregistered type", "Blocked deserialization", "Could not reconstruct", "Failed to revive")


def _thread(session_id: str) -> dict:
    return {"configurable": {"thread_id": session_id}}


async def _run(saver, settings: Settings, session_id: str, out: Path, config: BuildConfig | None = None) -> list:
    config = config or BuildConfig()
    out.mkdir(parents=True, exist_ok=True)
    state = BuildState(
        session_id=session_id, prompt="Build a note app", config=config, output_dir=str(out), started_at=time.time()
    )
    graph = create_starri(checkpointer=saver)
    context = BuildContext(settings=settings, config=config)
    thread = _thread(session_id)
    return [item async for item in graph.astream(state, thread, context=context, stream_mode="custom")]


def _assert_typed(state: BuildState) -> None:
    assert state.status == BuildStatus.COMPLETED
    assert isinstance(state.spec, AppSpec) and state.spec.name == "Tiny Notes"
    assert isinstance(state.tests, TestReport) and state.tests.passed
    assert isinstance(state.deployment, Deployment) and state.deployment.status == "skipped"
    assert isinstance(state.plan, BuildPlan) and state.plan.building == [AgentName.DESIGN, AgentName.VIDEO, "coder"]
    assert isinstance(state.config, BuildConfig)
    assert state.calls and all(isinstance(call, ModelCall) for call in state.calls)
    assert state.error is None


async def _reloaded(settings: Settings, database_url: str | None, session_id: str) -> dict:
    async with open_checkpointer(settings, database_url) as saver:  # a new connection, as another process has
        return dict((await create_starri(checkpointer=saver).aget_state(_thread(session_id))).values)


async def test_sqlite_checkpoints_hold_models_and_give_them_back(tmp_path, caplog):
    await _round_trip(tmp_path, caplog, None)


async def test_postgres_checkpoints_hold_models_and_give_them_back(tmp_path, caplog, postgres_url):
    await _round_trip(tmp_path, caplog, postgres_url)


async def _round_trip(tmp_path: Path, caplog: pytest.LogCaptureFixture, database_url: str | None) -> None:
    install(Script())
    settings = scripted_settings(tmp_path)
    caplog.set_level(logging.WARNING)
    async with open_checkpointer(settings, database_url) as saver:
        await _run(saver, settings, "typed", tmp_path / "out")
    values = await _reloaded(settings, database_url, "typed")
    assert isinstance(values["spec"], AppSpec), "the checkpoint rebuilt the model itself, not a dict"
    assert isinstance(values["tests"], TestReport) and isinstance(values["deployment"], Deployment)
    _assert_typed(BuildState.model_validate(values))
    complaints = [r.getMessage() for r in caplog.records if any(c in r.getMessage() for c in SERDE_COMPLAINTS)]
    assert complaints == []


class _Foreign(BaseModel):
    path: str


def test_a_checkpoint_rebuilds_only_the_states_own_types(tmp_path, caplog):
    serde = checkpoint_serde()
    spec = tiny_spec()
    kind, data = serde.dumps_typed({"spec": spec, "status": BuildStatus.BUILDING})
    assert serde.loads_typed((kind, data)) == {"spec": spec, "status": BuildStatus.BUILDING}

    marker = tmp_path / "pwned"
    # What a tampered checkpoint row could hold: a call of any importable function, or some other class.
    call = ormsgpack.Ext(EXT_CONSTRUCTOR_SINGLE_ARG, ormsgpack.packb(("os", "system", f"touch {marker}")))
    other = ormsgpack.Ext(EXT_PYDANTIC_V2, ormsgpack.packb((__name__, "_Foreign", {"path": "/"}, "x")))
    with caplog.at_level(logging.WARNING):
        loaded = serde.loads_typed(("msgpack", ormsgpack.packb({"call": call, "other": other})))
    assert not marker.exists(), "the checkpoint ran os.system"
    assert loaded == {"call": f"touch {marker}", "other": {"path": "/"}}, "left as plain data"
    assert (__name__, "_Foreign") not in checkpoint_types()
    assert any("Blocked deserialization of os.system" in r.getMessage() for r in caplog.records)


def test_the_allow_list_is_the_states_types():
    allowed = checkpoint_types()
    for cls in (BuildState, AppSpec, TestReport, Deployment, BuildError, ModelCall, BuildConfig, BuildStatus):
        assert (cls.__module__, cls.__qualname__) in allowed
    assert {module.split(".")[0] for module, _ in allowed} <= {"nexusforge_agents", "nexusforge"}  # ours (and SDK's)


def test_a_checkpoint_written_before_the_state_was_typed_still_loads():
    spec = tiny_spec()
    old = {  # the dicts the graph wrote before its state held models
        "session_id": "s",
        "prompt": "p",
        "output_dir": "/tmp/x",
        "config": BuildConfig(enable_video_demo=False).model_dump(),
        "status": "optimizing",
        "spec": spec.model_dump(mode="json"),
        "tests": {"passed": False, "exit_code": 1, "failed_count": 2, "output": "boom"},
        "deployment": {"target": "none", "url": None, "status": "skipped"},
        "error": {"error_code": "BUILD_FAILED", "message": "m", "retry_possible": True, "details": {}, "phase": "x"},
        "plan": {"building": ["design", "coder"], "deploy": "none", "max_repair_rounds": 2},
        "calls": [{"agent": "spec", "model": "offline", "cost_usd": 0.5}],
    }
    state = BuildState.model_validate(old)
    assert state.spec == spec and state.tests.failed_count == 2 and state.status == BuildStatus.OPTIMIZING
    assert state.config.enable_video_demo is False and state.plan.building == [AgentName.DESIGN, AgentName.CODER]
    assert isinstance(state.error, BuildError) and state.spent_usd == 0.5


async def test_settings_and_config_reach_the_nodes_through_the_run_context(tmp_path):
    """One compiled graph, two runs with different settings: each run follows its own (no settings in closures)."""
    install(Script(failing_coder_rounds=99))
    graph_settings = {"strict": scripted_settings(tmp_path, max_repair_rounds=0)}
    graph_settings["lenient"] = scripted_settings(tmp_path, max_repair_rounds=1)
    async with open_checkpointer(graph_settings["strict"]) as saver:
        graph = create_starri(checkpointer=saver)
        for name, settings in graph_settings.items():
            (tmp_path / name).mkdir()
            state = BuildState(session_id=name, prompt="notes", output_dir=str(tmp_path / name), started_at=1.0)
            await graph.ainvoke(state, _thread(name), context=BuildContext(settings=settings))
        final = {n: BuildState.model_validate((await graph.aget_state(_thread(n))).values) for n in graph_settings}
    assert final["strict"].repair_rounds == 0 and final["lenient"].repair_rounds == 1
    assert final["strict"].status == final["lenient"].status == BuildStatus.FAILED
    assert final["lenient"].error.details["failed"] == 1


def test_agent_names_are_defined_once():
    assert set(AGENT_RUNS) == set(AgentName)
    nodes = set(create_starri().get_graph().nodes) - {"__start__", "__end__", "supervisor", REVIEW_NODE}
    assert nodes == {name.value for name in AgentName}
    assert all(name.has_model for name in MODEL_AGENTS)
    assert {name for name in AgentName if not name.has_model} == {AgentName.QA, AgentName.DEPLOYER}
    with pytest.raises(ValueError, match="unknown agent"):
        Settings().model_for("qa")


async def test_a_build_stopped_mid_phase_resumes_from_its_postgres_checkpoint(tmp_path, postgres_url):
    """The process running a build dies in ``building``; another opens the same database and finishes it from the
    checkpoint, typed, without redoing the spec."""
    install(Script(wait_s={"design": 0.5, "video": 0.5, "coder": 0.5}))
    settings = scripted_settings(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    state = BuildState(session_id="crash", prompt="Build a note app", output_dir=str(out), started_at=time.time())
    context = BuildContext(settings=settings)

    async with open_checkpointer(settings, postgres_url) as saver:
        parts = create_starri(checkpointer=saver).astream(
            state, _thread("crash"), context=context, stream_mode="custom", durability="sync"
        )
        async for item in parts:
            if isinstance(item, AgentProgress) and item.phase == BuildStatus.BUILDING:
                break  # the process dies here: nothing more is written
        await parts.aclose()

    async with open_checkpointer(settings, postgres_url) as saver:  # another process
        graph = create_starri(checkpointer=saver)
        stopped = BuildState.model_validate((await graph.aget_state(_thread("crash"))).values)
        assert stopped.status == BuildStatus.BUILDING and isinstance(stopped.spec, AppSpec)
        await graph.ainvoke(None, _thread("crash"), context=BuildContext(settings=settings, config=stopped.config))
        final = BuildState.model_validate((await graph.aget_state(_thread("crash"))).values)
    _assert_typed(final)
    assert [call.agent for call in final.calls].count("spec") == 1, "the spec was not written again"


def test_every_checkpointed_model_is_rebuilt_from_its_field_names():
    """LangGraph rebuilds a model as ``cls(**model.model_dump())`` and, when that fails, with the unvalidated
    ``model_construct``: a field known only by an alias would come back unvalidated."""
    for module, name in checkpoint_types():
        cls = getattr(importlib.import_module(module), name)
        if not issubclass(cls, BaseModel):
            continue
        by_name = cls.model_config.get("populate_by_name") or cls.model_config.get("validate_by_name")
        aliased = [f for f, info in cls.model_fields.items() if (info.alias or f) != f or info.validation_alias]
        assert by_name or not aliased, f"{module}.{name}: {aliased} only validate by alias"
