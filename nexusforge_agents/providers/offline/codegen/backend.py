"""The generated FastAPI backend: database, models, schemas, one CRUD router per entity, auth, stats, live updates."""

from __future__ import annotations

from ....schemas import AppSpec, Entity
from . import fields as F
from .pysrc import LINE, call, docstring, py_str, py_tuple, snake
from .templating import render

AUTH_MODEL = "AuthUser"
AUTH_TABLE = "auth_users"


def backend_files(spec: AppSpec) -> dict[str, str]:
    files = {
        "backend/__init__.py": docstring(f"The backend of {spec.name}.") + "\n",
        "backend/database.py": render("backend/database.py.tmpl"),
        "backend/models.py": models_py(spec),
        "backend/schemas.py": schemas_py(spec),
        "backend/main.py": main_py(spec),
        "backend/routers/__init__.py": '"""One router per resource."""\n',
    }
    for entity in spec.entities:
        files[f"backend/routers/{entity.plural}.py"] = router_py(spec, entity)
    if spec.auth.enabled:
        files["backend/auth.py"] = render("backend/auth.py.tmpl")
    if spec.dashboard:
        files["backend/routers/stats.py"] = stats_py(spec)
    if spec.realtime:
        files["backend/realtime.py"] = render("backend/realtime.py.tmpl")
    return files


def _timestamps() -> list[str]:
    return [
        "created_at: orm.Mapped[dt.datetime] = orm.mapped_column(sa.DateTime(timezone=True), default=utcnow)",
        "updated_at: orm.Mapped[dt.datetime] = orm.mapped_column(\n"
        "        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow\n"
        "    )",
    ]


def _model_class(name: str, table: str, doc: str, columns: list[str]) -> str:
    body = ["id: orm.Mapped[int] = orm.mapped_column(primary_key=True)", *columns]
    lines = "\n".join(f"    {line}" for line in body)
    header = f'class {name}(database.Base):\n{docstring(doc, indent="    ")}\n\n    __tablename__ = "{table}"'
    return f"{header}\n\n{lines}\n"


def models_py(spec: AppSpec) -> str:
    classes = [
        _model_class(
            e.name,
            e.plural,
            e.description or f"A {F.entity_labels(e)[0].lower()} of {spec.name}",
            [F.sa_mapped(f) for f in e.fields] + _timestamps(),
        )
        for e in spec.entities
    ]
    if spec.auth.enabled:
        account_columns = [
            "email: orm.Mapped[str] = orm.mapped_column(sa.String(255), unique=True, index=True)",
            "password_hash: orm.Mapped[str] = orm.mapped_column(sa.String(255))",
            *_timestamps(),
        ]
        classes.append(
            _model_class(AUTH_MODEL, AUTH_TABLE, "An account that can sign in (see auth.py)", account_columns)
        )
    head = (
        f"{docstring(f'The tables of {spec.name}: one class per entity, each with an id and timestamps')}\n\n"
        "import datetime as dt\n\nimport sqlalchemy as sa\nfrom sqlalchemy import orm\n\nfrom . import database\n\n\n"
        "def utcnow() -> dt.datetime:\n    return dt.datetime.now(dt.UTC)\n"
    )
    return head + "".join(f"\n\n{cls}" for cls in classes)


def schemas_py(spec: AppSpec) -> str:
    all_fields = [f for e in spec.entities for f in e.fields]
    lines = {e.name: [F.pydantic_line(f) for f in e.fields] for e in spec.entities}
    uses_field = any("Field(" in line for group in lines.values() for line in group)
    imports = ["import datetime as dt"]
    if any(F.choices_of(f) for f in all_fields):
        imports.append("from typing import Literal")
    imports.append("")
    imports.append(f"from pydantic import BaseModel, ConfigDict{', Field' if uses_field else ''}")
    constants = []
    if any(f.type == "email" and not F.choices_of(f) for f in all_fields):
        constants.append(f'EMAIL_PATTERN = r"{F.EMAIL_PATTERN}"')
    if any(f.type == "url" and not F.choices_of(f) for f in all_fields):
        constants.append(f'URL_PATTERN = r"{F.URL_PATTERN}"')
    doc = docstring(
        f"Request and response bodies of {spec.name}: Create and Update validate what clients send, "
        "Read is what the API returns"
    )
    out = f"{doc}\n\n" + "\n".join(imports) + "\n"
    if constants:
        out += "\n" + "\n".join(constants) + "\n"
    for e in spec.entities:
        label = F.entity_labels(e)[0].lower()
        body = "\n".join(f"    {line}" for line in lines[e.name])
        base = f"/api/{e.plural}"
        doc = {
            "Fields": f"The fields a client sets on a {label}",
            "Create": f"The body of POST {base}",
            "Update": f"The body of PUT {base}/{{id}}: the {label}'s complete new state",
            "Read": f"A {label} as the API returns it",
        }
        parent = {"Fields": "BaseModel"} | dict.fromkeys(("Create", "Update", "Read"), f"{e.name}Fields")
        rest = {
            "Fields": f"\n\n{body}\n",
            "Create": "",
            "Update": "",
            "Read": "\n\n    model_config = ConfigDict(from_attributes=True)\n\n"
            "    id: int\n    created_at: dt.datetime\n    updated_at: dt.datetime\n",
        }
        for suffix in ("Fields", "Create", "Update", "Read"):
            out += f"\n\nclass {e.name}{suffix}({parent[suffix]}):\n{docstring(doc[suffix], indent='    ')}"
            out += rest[suffix] or "\n"
    return out


def router_py(spec: AppSpec, entity: Entity) -> str:
    name, plural, one = entity.name, entity.plural, snake(entity.name)
    model, auth, live = f"models.{name}", spec.auth.enabled, spec.realtime
    write = ["dependencies=WRITE"] if auth else []
    textual = "the text fields" if F.searchable(entity) else "every field"
    imports = ["from typing import Annotated" + (", Any" if live else ""), ""]
    fastapi_names = ["APIRouter", *(["BackgroundTasks"] if live else []), "Depends", "HTTPException", "Query", "status"]
    imports += ["import sqlalchemy as sa", f"from fastapi import {', '.join(fastapi_names)}"]
    imports += ["from sqlalchemy.orm import Session", "", "from .. import models, schemas"]
    imports += ["from ..auth import require_user"] if auth else []
    imports += ["from ..database import get_db"]
    imports += ["from ..realtime import hub"] if live else []
    setup = [
        f'router = APIRouter(prefix="/api/{plural}", tags=["{plural}"])',
        "DbSession = Annotated[Session, Depends(get_db)]",
    ]
    if auth:
        setup.append("WRITE = [Depends(require_user)]  # changes need a signed-in user; reads stay public")
    searchable = [f"{model}.{f.name}" for f in F.searchable(entity)]
    if searchable:
        setup += ["# The columns ?q= searches, case-insensitively.", py_tuple(searchable, prefix="SEARCHABLE = ")]
    else:
        every = py_tuple([f"{model}.{f.name}" for f in entity.fields])
        generator = f"sa.cast(column, sa.String) for column in {every}"
        line = f"SEARCHABLE = tuple({generator})"
        setup += [
            "# No text columns: ?q= searches every column's text form.",
            line if len(line) <= LINE else f"SEARCHABLE = tuple(\n    {generator}\n)",
        ]
    helpers = (
        f"def _get_or_404(db: Session, id: int) -> {model}:\n"
        f"    item = db.get({model}, id)\n"
        "    if item is None:\n"
        f'        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"{name} {{id}} not found")\n'
        "    return item\n"
    )
    if live:
        helpers += (
            f"\n\ndef _snapshot(item: {model}) -> dict[str, Any]:\n"
            f'    return schemas.{name}Read.model_validate(item).model_dump(mode="json")\n'
        )
    bg = ["background: BackgroundTasks"] if live else []

    def publish(event: str) -> str:
        return f'    background.add_task(hub.publish, "{event}", "{plural}", _snapshot(item))\n' if live else ""

    read, save = f"schemas.{name}Read", "    db.commit()\n    db.refresh(item)\n"
    routes = [
        f'@router.get("", response_model=list[{read}])\n'
        f"def list_{plural}(\n    db: DbSession,\n"
        f'    q: Annotated[str | None, Query(description="Case-insensitive search in {textual}")] = None,\n'
        "    skip: Annotated[int, Query(ge=0)] = 0,\n"
        "    limit: Annotated[int, Query(ge=1, le=500)] = 100,\n"
        f") -> list[{model}]:\n"
        f"    query = sa.select({model}).order_by({model}.id)\n"
        "    if q:\n"
        "        query = query.where(sa.or_(*(column.icontains(q, autoescape=True) for column in SEARCHABLE)))\n"
        "    return list(db.scalars(query.offset(skip).limit(limit)))\n",
        call("@router.post", ['""', f"response_model={read}", "status_code=status.HTTP_201_CREATED", *write])
        + "\n"
        + call(f"def create_{one}", [f"body: schemas.{name}Create", "db: DbSession", *bg], tail=f" -> {model}:")
        + f"\n    item = {model}(**body.model_dump())\n    db.add(item)\n{save}{publish('created')}    return item\n",
        f'@router.get("/{{id}}", response_model={read})\n'
        f"def get_{one}(id: int, db: DbSession) -> {model}:\n"
        "    return _get_or_404(db, id)\n",
        call("@router.put", ['"/{id}"', f"response_model={read}", *write])
        + "\n"
        + call(
            f"def update_{one}", ["id: int", f"body: schemas.{name}Update", "db: DbSession", *bg], tail=f" -> {model}:"
        )
        + "\n    item = _get_or_404(db, id)\n    for key, value in body.model_dump().items():\n"
        f"        setattr(item, key, value)\n{save}{publish('updated')}    return item\n",
        call("@router.delete", ['"/{id}"', "status_code=status.HTTP_204_NO_CONTENT", *write])
        + "\n"
        + call(f"def delete_{one}", ["id: int", "db: DbSession", *bg], tail=" -> None:")
        + "\n    item = _get_or_404(db, id)\n"
        + ("    snapshot = _snapshot(item)\n" if live else "")
        + "    db.delete(item)\n    db.commit()\n"
        + (f'    background.add_task(hub.publish, "deleted", "{plural}", snapshot)\n' if live else ""),
    ]
    doc = docstring(f"CRUD for {plural}: /api/{plural}")
    return (
        f"{doc}\n\n"
        + "\n".join(imports)
        + "\n\n"
        + "\n".join(setup)
        + "\n\n\n"
        + helpers
        + "".join(f"\n\n{route}" for route in routes)
    )


def stats_py(spec: AppSpec) -> str:
    rows = []
    for e in spec.entities:
        numeric = [f'"{f.name}"' for f in F.numeric(e)]
        columns = py_tuple(numeric) if numeric else "()"
        rows.append(f'    ("{e.plural}", models.{e.name}, {columns}),')
    if len(rows) == 1 and len(rows[0]) + 67 <= LINE:  # one row: ruff keeps ``(row,)`` on the annotation's line
        return render("backend/stats.py.tmpl", TRACKED=f"({rows[0].strip()})")
    return render("backend/stats.py.tmpl", TRACKED="(\n" + "\n".join(rows) + "\n)")


def main_py(spec: AppSpec) -> str:
    modules = ["database", *(["auth"] if spec.auth.enabled else []), *(["realtime"] if spec.realtime else [])]
    imports = [f"from . import {', '.join(sorted(modules))}"]
    imports += [
        f"from .routers.{e.plural} import router as {e.plural}_router"
        for e in sorted(spec.entities, key=lambda e: e.plural)
    ]
    if spec.dashboard:
        imports.append("from .routers.stats import router as stats_router")
    imports.sort(key=lambda line: line.split(" import ")[0])
    routers = (["auth.router"] if spec.auth.enabled else []) + [f"{e.plural}_router" for e in spec.entities]
    routers += ["stats_router"] if spec.dashboard else []
    startup = (
        "    auth.secret_key()  # made at startup when APP_SECRET_KEY is unset, not on the first request\n"
        if spec.auth.enabled
        else ""
    )
    return render(
        "backend/main.py.tmpl",
        DOC=docstring(f"{spec.name}: the FastAPI application. Run it with `uvicorn backend.main:app --reload`"),
        IMPORTS="\n".join(imports),
        STARTUP=startup,
        TITLE=py_str(spec.name, indent="        ", key="title="),
        DESCRIPTION=py_str(spec.description, indent="        ", key="description="),
        ROUTERS="\n".join(f"    app.include_router({r})" for r in routers)
        + ('\n    app.add_api_websocket_route("/ws/updates", realtime.updates)' if spec.realtime else ""),
    )
