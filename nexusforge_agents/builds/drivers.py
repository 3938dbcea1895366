"""The client libraries the configured URLs need, checked before the server starts: a missing one is one line
naming what to install, not a traceback from deep inside SQLAlchemy or ``limits``."""

from __future__ import annotations

import importlib.util

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InvalidRequestError
from sqlalchemy.ext.asyncio import create_async_engine

EXTRA_OF_MODULE = {"asyncpg": "postgres", "redis": "server", "aiosqlite": "server"}
"""Which of our extras installs a driver module; others are named as the package to install."""


class MissingDriverError(RuntimeError):
    """A setting needs a client library that is not installed (the message says which command installs it)."""


def _install_hint(module: str) -> str:
    extra = EXTRA_OF_MODULE.get(module)
    if extra is None:
        return f"pip install {module}"
    return f'pip install -e ".[{extra}]" (or pip install "nexusforge-agents[{extra}]")'


def database_problem(url: str) -> str | None:
    """Why the async engine for ``url`` cannot be created here, or None (creating an engine connects nothing)."""
    try:
        drivername = make_url(url).drivername
        create_async_engine(url).sync_engine.dispose()
    except ArgumentError as exc:  # unparsable, or a dialect SQLAlchemy has no plugin for
        return f"NEXUSFORGE_DATABASE_URL is not a database URL SQLAlchemy can use ({exc})."
    except InvalidRequestError:
        return (
            f"NEXUSFORGE_DATABASE_URL uses {drivername}, a synchronous driver; the server needs an async one, "
            "e.g. postgresql+asyncpg://... or sqlite+aiosqlite:///..."
        )
    except ImportError as exc:
        module = (exc.name or drivername).split(".")[0]
        return f"NEXUSFORGE_DATABASE_URL uses {drivername}, whose driver {module} is not installed: " + _install_hint(
            module
        )
    return None


def redis_problem(redis_url: str | None) -> str | None:
    if redis_url and importlib.util.find_spec("redis") is None:
        return f"NEXUSFORGE_REDIS_URL is set but the redis client is not installed: {_install_hint('redis')}"
    return None


def require_database_driver(url: str) -> None:
    if problem := database_problem(url):
        raise MissingDriverError(problem)


_ASYNCPG_TO_LIBPQ_PARAMS = {"ssl": "sslmode"}


def psycopg_url(database_url: str) -> str:
    """``postgresql+asyncpg://u:p@h:5432/db?ssl=require`` -> ``postgresql://u:p@h:5432/db?sslmode=require``."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError(f"not a PostgreSQL URL: {url.render_as_string(hide_password=True)}")
    query = {_ASYNCPG_TO_LIBPQ_PARAMS.get(key, key): value for key, value in url.query.items()}
    return url.set(drivername="postgresql", query=query).render_as_string(hide_password=False)
