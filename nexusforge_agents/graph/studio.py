"""Starri for ``langgraph dev`` and LangGraph Studio: ``langgraph.json`` at the repository root names
``make_graph`` here.

The LangGraph server loads this file by its path (not as part of the package), so it imports the package
absolutely. The graph is compiled without a checkpointer: the server brings its own persistence. A run takes the
``BuildState`` input (``session_id``, ``prompt``, ``output_dir``: the graph creates that folder) and optionally a
``BuildContext`` as its context (without one: the settings from the environment and the state's config).
"""

from __future__ import annotations

from langgraph.graph.state import CompiledStateGraph

from nexusforge_agents.graph.starri import create_starri


def make_graph() -> CompiledStateGraph:
    """A graph factory in langgraph-cli's zero-argument form."""
    return create_starri()
