import os
from collections.abc import Iterator

import pytest

from tests.services import new_postgres_database

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test (SQLAlchemy asyncpg URL), dropped afterwards; skipped, saying
    why, when no PostgreSQL server runs on 127.0.0.1:5432."""
    with new_postgres_database() as url:
        yield url
