"""The model replies of the revision cassettes (``revise_cassettes.py``), and what the model had changed in the app
it revises (``model_changes``): a to-do app the offline generator scaffolds, to which the coder, when it built the
app, added a title validator in ``backend/schemas.py`` and a module of its own with its test."""

from __future__ import annotations

from typing import Any

BASE_PROMPT = (
    "Build a to-do list app with server-rendered HTML templates where I can add tasks with a title, notes, "
    "a status and a priority, and filter tasks by status"
)
REQUEST = "add a due date to tasks"

PRIORITY_LINE = '    priority: Literal["low", "medium", "high"] | None = None\n'
TITLE_VALIDATOR = '''
    @field_validator("title")
    @classmethod
    def _strip_title(cls, value: str) -> str:
        """A title is stored without the spaces around it."""
        return value.strip()
'''
TASK_STATS = '''"""Counts of tasks for the summaries (written by the coder)."""

from collections import Counter
from collections.abc import Iterable

from backend.models import Task


def count_by_status(tasks: Iterable[Task]) -> dict[str, int]:
    """How many tasks have each status ("none" for the tasks without one)."""
    return dict(Counter(task.status or "none" for task in tasks))
'''
TASK_STATS_TESTS = """from backend.models import Task
from backend.task_stats import count_by_status


def test_count_by_status():
    tasks = [Task(title="a", status="todo"), Task(title="b", status="todo"), Task(title="c")]
    assert count_by_status(tasks) == {"todo": 2, "none": 1}
"""


def model_changes(scaffold: dict[str, str]) -> dict[str, str]:
    """The files the coder wrote or changed when it built the app (applied over the scaffold)."""
    schemas = scaffold["backend/schemas.py"]
    schemas = schemas.replace("ConfigDict, Field\n", "ConfigDict, Field, field_validator\n", 1)
    schemas = schemas.replace(PRIORITY_LINE, PRIORITY_LINE + TITLE_VALIDATOR, 1)
    return {
        "backend/schemas.py": schemas,
        "backend/task_stats.py": TASK_STATS,
        "tests/test_task_stats.py": TASK_STATS_TESTS,
    }


def _due_date(entity: str) -> dict[str, Any]:
    return {"op": "add_field", "entity": entity, "field": {"name": "due_date", "type": "date", "required": False}}


SPEC_DELTA: dict[str, Any] = {"request": REQUEST, "changes": [_due_date("Task")], "not_built": []}
"""The spec model's reading of ``REQUEST``: the same delta the offline reader makes."""
SPEC_DELTA_UNKNOWN_ENTITY: dict[str, Any] = {"request": REQUEST, "changes": [_due_date("Todo")], "not_built": []}
"""A delta naming an entity the app does not have: ``apply_delta`` refuses it, so the model is asked again."""

OVERDUE = '''

def count_overdue(tasks: Iterable[Task], today: dt.date) -> int:
    """How many tasks that are not done are past their due date."""
    return sum(1 for task in tasks if task.due_date is not None and task.due_date < today and task.status != "done")
'''
OVERDUE_TEST = """

def test_count_overdue():
    today = dt.date(2026, 5, 10)
    tasks = [
        Task(title="late", status="todo", due_date=dt.date(2026, 5, 1)),
        Task(title="late but done", status="done", due_date=dt.date(2026, 5, 1)),
        Task(title="not yet", status="todo", due_date=dt.date(2026, 6, 1)),
        Task(title="no date", status="todo"),
    ]
    assert count_overdue(tasks, today) == 1
"""
CODE_EDITS: dict[str, Any] = {
    "patches": [
        {
            "path": "backend/schemas.py",
            "edits": [{"search": PRIORITY_LINE, "replace": PRIORITY_LINE + "    due_date: dt.date | None = None\n"}],
        },
        {
            "path": "backend/task_stats.py",
            "edits": [
                {
                    "search": "from collections import Counter\n",
                    "replace": "import datetime as dt\nfrom collections import Counter\n",
                },
                {
                    "search": '    return dict(Counter(task.status or "none" for task in tasks))\n',
                    "replace": '    return dict(Counter(task.status or "none" for task in tasks))\n' + OVERDUE,
                },
            ],
        },
        {
            "path": "tests/test_task_stats.py",
            "edits": [
                {
                    "search": "from backend.models import Task\nfrom backend.task_stats import count_by_status\n",
                    "replace": "import datetime as dt\n\nfrom backend.models import Task\n"
                    "from backend.task_stats import count_by_status, count_overdue\n",
                },
                {
                    "search": '    assert count_by_status(tasks) == {"todo": 2, "none": 1}\n',
                    "replace": '    assert count_by_status(tasks) == {"todo": 2, "none": 1}\n' + OVERDUE_TEST,
                },
            ],
        },
    ],
    "delete": [],
    "notes": [
        "TaskFields gains the optional due_date, next to the title validator.",
        "task_stats counts overdue tasks (count_overdue), with a test.",
    ],
}
"""The coder's revision: search/replace edits to the files it had changed or written, nothing else."""

BAD_EDITS: dict[str, Any] = {
    "patches": [
        {
            "path": "backend/schemas.py",
            "edits": [
                {
                    "search": "    priority: str | None = None\n",
                    "replace": "    priority: str | None = None\n    due_date: dt.date | None = None\n",
                }
            ],
        }
    ],
    "delete": [],
    "notes": ["TaskFields gains due_date."],
}
"""Edits whose search text is not in the file (the model misremembered the priority line)."""
BAD_EDITS_AGAIN: dict[str, Any] = {
    "patches": [
        {
            "path": "backend/schemas.py",
            "edits": [
                {"search": " | None = None\n", "replace": " | None = None\n    due_date: dt.date | None = None\n"}
            ],
        }
    ],
    "delete": [],
    "notes": ["TaskFields gains due_date."],
}
"""The repair: a search text that occurs several times, so it is refused again."""
