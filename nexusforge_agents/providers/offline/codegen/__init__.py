"""The offline code generator: an ``AppSpec`` in, the files of a runnable, tested app out.

The app is a FastAPI + SQLAlchemy backend serving exactly ``spec_conventions.derive_endpoints(spec)``, pytest
tests that exercise every one of those endpoints, a React + Vite + TypeScript frontend with a page per UI
component, and the README, requirements, Dockerfile and ignore files to run it. Output is deterministic: the
same spec always gives the same files, byte for byte.
"""

from __future__ import annotations

from ....errors import InvalidInputError
from ....schemas import AppSpec
from .backend import AUTH_MODEL, AUTH_TABLE, backend_files
from .frontend import frontend_files
from .project import project_files
from .tests_gen import suite_files

__all__ = ["generate_app"]

# Paths the API itself owns: an entity named like them would shadow a route.
_RESERVED_PLURALS = frozenset({"health", "auth", "stats", AUTH_TABLE})
# Names the generated models and schemas use inside class bodies, which a field of that name would shadow.
_RESERVED_FIELD_NAMES = frozenset({"dt", "sa", "orm", "utcnow"})


def _check(spec: AppSpec) -> None:
    names = [e.name for e in spec.entities]
    plurals = [e.plural for e in spec.entities]
    problems = []
    if len(set(names)) != len(names) or len(set(plurals)) != len(plurals):
        problems.append(f"entity names and plurals must be unique (got {names} / {plurals})")
    problems += [f"entity plural {p!r} is a path the API reserves" for p in plurals if p in _RESERVED_PLURALS]
    problems += [f"entity name {AUTH_MODEL!r} is reserved for accounts" for n in names if n == AUTH_MODEL]
    problems += [
        f"field {e.name}.{f.name} uses a name the generated code reserves ({sorted(_RESERVED_FIELD_NAMES)})"
        for e in spec.entities
        for f in e.fields
        if f.name in _RESERVED_FIELD_NAMES
    ]
    if problems:
        raise InvalidInputError("The specification cannot be turned into code: " + "; ".join(problems) + ".")


def generate_app(spec: AppSpec) -> dict[str, str]:
    """Every file of the app for ``spec``: relative POSIX path -> text, in sorted path order."""
    _check(spec)
    files = {**backend_files(spec), **suite_files(spec), **frontend_files(spec), **project_files(spec)}
    return dict(sorted(files.items()))
