"""Alembic environment: runs on the connection ``schema.upgrade_database`` hands over (async engines run it in
``run_sync``); offline SQL generation is not used. ``target_metadata`` is only for ``alembic revision
--autogenerate`` during development (``NEXUSFORGE_MIGRATIONS_AUTOGENERATE=1``), so running the migrations imports
no model module: each revision is a frozen description of its schema change."""

from __future__ import annotations

import os

from alembic import context

config = context.config
target_metadata = None
if os.environ.get("NEXUSFORGE_MIGRATIONS_AUTOGENERATE"):
    import importlib

    for module in os.environ["NEXUSFORGE_MIGRATIONS_AUTOGENERATE"].split(","):
        target_metadata = importlib.import_module(module).Base.metadata

connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the migrations through nexusforge_agents.builds.schema.upgrade_database")
context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
