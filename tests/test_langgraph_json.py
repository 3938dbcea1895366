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


def test_the_configured_path_loads_starri_as_the_langgraph_server_does(monkeypatch):
    from langgraph_cli.config import validate_config_file

    path, variable = validate_config_file(CONFIG)["graphs"]["starri"].rsplit(":", 1)
    file = (REPO / path).resolve()
    module_name = path.replace("/", "__").replace(".py", "").lstrip(".")  # the server's own naming
    spec = importlib.util.spec_from_file_location(module_name, file)
    assert spec is not None and spec.loader is not None, f"{file} not found"
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, module_name, module)
    spec.loader.exec_module(module)

    factory = getattr(module, variable)
    assert callable(factory) and not inspect.signature(factory).parameters, "a zero-argument graph factory"
    graph = factory()
    assert isinstance(graph, Pregel) and graph.name == "Starri"
    assert graph.checkpointer is None, "the LangGraph server refuses a graph with its own checkpointer"
    nodes = set(graph.get_graph().nodes)
    assert {"supervisor", *(name.value for name in AgentName)} <= nodes
    assert "supervisor" in graph.get_graph().draw_mermaid()
