import os
from collections.abc import Iterator

import pytest

from tests.scheduling import LOADSCOPE_FLAG, is_loadscope_worker, load_durations, longest_module_first
from tests.services import new_postgres_database

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test (SQLAlchemy asyncpg URL), dropped afterwards; skipped, saying
    why, when no PostgreSQL server runs on 127.0.0.1:5432."""
    with new_postgres_database() as url:
        yield url


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("dist", "no") == "loadscope" and not hasattr(config, "workerinput"):
        config.option.loadscopereorder = False  # the workers' order (below) is the order modules are handed out


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:  # xdist, on the controller: tell each worker (its own dist option is "no")
    node.workerinput[LOADSCOPE_FLAG] = node.config.getoption("dist") == "loadscope"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``-n N --dist loadscope`` the modules that take longest start first (tests/scheduling.py)."""
    if is_loadscope_worker(config):
        items[:] = longest_module_first(items, load_durations())
