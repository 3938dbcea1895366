"""The eval harness's API probe makes the parent rows a create needs (a reference to a row that does not exist
is refused by a well-made app, which is not the app's failure)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from nexusforge_agents.evals.evaluators.probes import ApiProbe


class MemberIn(BaseModel):
    name: str


class LoanIn(BaseModel):
    title: str
    borrower_id: int  # named after its role, not after the resource it points to


class ReturnIn(BaseModel):
    note: str
    loan_id: int


def library_app() -> FastAPI:
    app = FastAPI()
    rows: dict[str, dict[int, dict[str, Any]]] = {"members": {}, "loans": {}, "returns": {}}

    def add(kind: str, body: BaseModel) -> dict[str, Any]:
        row = {"id": len(rows[kind]) + 1, **body.model_dump()}
        rows[kind][row["id"]] = row
        return row

    def refuse(field: str, parent: str, value: int) -> HTTPException:
        return HTTPException(422, detail=[{"loc": ["body", field], "msg": f"no {parent} with id {value}"}])

    @app.get("/api/members")
    def members() -> list[dict[str, Any]]:
        return list(rows["members"].values())

    @app.post("/api/members", status_code=201)
    def add_member(body: MemberIn) -> dict[str, Any]:
        return add("members", body)

    @app.get("/api/loans")
    def loans() -> list[dict[str, Any]]:
        return list(rows["loans"].values())

    @app.post("/api/loans", status_code=201)
    def add_loan(body: LoanIn) -> dict[str, Any]:
        if body.borrower_id not in rows["members"]:
            raise refuse("borrower_id", "Member", body.borrower_id)
        return add("loans", body)

    @app.get("/api/returns")
    def returns() -> list[dict[str, Any]]:
        return list(rows["returns"].values())

    @app.post("/api/returns", status_code=201)
    def add_return(body: ReturnIn) -> dict[str, Any]:
        if body.loan_id not in rows["loans"]:
            raise refuse("loan_id", "Loan", body.loan_id)
        return add("returns", body)

    app.state.rows = rows
    return app


async def _probe(app: FastAPI) -> ApiProbe:
    probe = ApiProbe("http://app")
    await probe.client.aclose()
    probe.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app")
    return await probe.open()


async def test_a_create_gets_its_parents_made_first_two_levels_deep() -> None:
    app = library_app()
    async with await _probe(app) as probe:
        made = await probe.create(probe.resources["returns"])
    assert made.status_code == 201, made.text
    rows = app.state.rows
    assert len(rows["members"]) == 1 and len(rows["loans"]) == 1  # the error named Member; the field named loan
    assert made.json()["loan_id"] == 1 and rows["loans"][1]["borrower_id"] == 1


async def test_without_a_reference_nothing_else_is_created() -> None:
    app = library_app()
    async with await _probe(app) as probe:
        made = await probe.create(probe.resources["members"])
    assert made.status_code == 201
    assert len(app.state.rows["loans"]) == 0 and len(app.state.rows["returns"]) == 0
