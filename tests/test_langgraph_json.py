"""langgraph.json at the repository root: valid for langgraph-cli, and its graph path loads Starri the way the
LangGraph server (`langgraph dev`, LangGraph Studio) does — the file by its path, outside the package."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path

from langgraph.pregel import Pregel

from nexusforge_agents.config import AgentName

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "langgraph.json"


def test_langgraph_json_is_valid_for_langgraph_cli():
    from langgraph_cli.config import validate_config_file

    config = validate_config_file(CONFIG)
    assert config["dependencies"] == ["."] and set(config["graphs"]) == {"starri"}


def _studio_factory(monkeypatch):
    """The graph factory, loaded as the LangGraph server loads it: the file by its path, outside the package."""
    from langgraph_cli.config import validate_config_file

    path, variable = validate_config_file(CONFIG)["graphs"]["starri"].rsplit(":", 1)
    file = (REPO / path).resolve()
    module_name = path.replace("/", "__").replace(".py", "").lstrip(".")  # the server's own naming
    spec = importlib.util.spec_from_file_location(module_name, file)
    assert spec is not None and spec.loader is not None, f"{file} not found"
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, module_name, module)
    spec.loader.exec_module(module)
    return getattr(module, variable)


def test_the_configured_path_loads_starri_as_the_langgraph_server_does(monkeypatch):
    factory = _studio_factory(monkeypatch)
    assert callable(factory) and not inspect.signature(factory).parameters, "a zero-argument graph factory"
    graph = factory()
    assert isinstance(graph, Pregel) and graph.name == "Starri"
    assert graph.checkpointer is None, "the LangGraph server refuses a graph with its own checkpointer"
    nodes = set(graph.get_graph().nodes)
    assert {"supervisor", *(name.value for name in AgentName)} <= nodes
    assert "supervisor" in graph.get_graph().draw_mermaid()


async def test_a_studio_run_needs_no_folder_and_no_context(tmp_path, monkeypatch):
    """What Studio sends: only the input (no context) and a folder nobody made. The graph makes the folder and
    runs with the settings from the environment and the default config, through the spec agent."""
    graph = _studio_factory(monkeypatch)()
    output_dir = tmp_path / "not" / "made" / "yet"
    state = {"session_id": "studio-run", "prompt": "Build a todo list app", "output_dir": str(output_dir)}
    seen: list[str] = []
    async for update in graph.astream(state, stream_mode="updates"):  # context=None, as Studio sends it
        seen.extend(update)
        if AgentName.SPEC.value in update:
            assert update[AgentName.SPEC.value].get("error") is None, update[AgentName.SPEC.value]["error"]
            break
    assert seen[:2] == ["supervisor", AgentName.SPEC.value]
    assert (output_dir / "spec.json").is_file()
