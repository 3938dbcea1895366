"""The generated app's own pytest suite: every endpoint of ``derive_endpoints(spec)`` is exercised."""

from __future__ import annotations

from ....schemas import AppSpec, Entity
from ....spec_conventions import derive_endpoints
from . import fields as F
from .pysrc import call, py_assign, py_value
from .templating import render

_AUTH_HEADERS = '''    """Headers that sign a request in: a fresh account, logged in."""
    account = {"email": "tester@mail.test", "password": "a long enough password"}
    assert client.post("/api/auth/register", json=account).status_code == 201
    token = client.post("/api/auth/login", json=account).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}'''
_AUTH_ENV = 'os.environ["PASSWORD_HASH_COST"] = "1024"  # real scrypt, cheaper than production\'s 2**14\n'
_NO_AUTH_HEADERS = '''    """This app has no accounts: changes need no headers."""
    return {}'''


def suite_files(spec: AppSpec) -> dict[str, str]:
    files = {
        "pytest.ini": "[pytest]\npythonpath = .\ntestpaths = tests\n",
        "tests/conftest.py": render(
            "tests/conftest.py.tmpl",
            TEST_ENV=_AUTH_ENV if spec.auth.enabled else "",
            AUTH_HEADERS=_AUTH_HEADERS if spec.auth.enabled else _NO_AUTH_HEADERS,
        ),
        "tests/test_app.py": render("tests/test_app.py.tmpl", ENDPOINTS=_endpoints(spec)),
    }
    for entity in spec.entities:
        files[f"tests/test_crud_{entity.plural}.py"] = crud_tests(spec, entity)
    if spec.auth.enabled:
        files["tests/test_auth_flow.py"] = render("tests/test_auth_flow.py.tmpl")
    if spec.dashboard:
        files["tests/test_stats.py"] = stats_tests(spec)
    if spec.realtime:
        entity = spec.entities[0]
        files["tests/test_live_updates.py"] = render(
            "tests/test_live_updates.py.tmpl",
            URL=py_value(f"/api/{entity.plural}"),
            ENTITY=py_value(entity.plural),
            FIRST=py_assign("FIRST", F.sample_payload(entity, 0)),
            SECOND=py_assign("SECOND", F.sample_payload(entity, 1)),
        )
    return files


def _endpoints(spec: AppSpec) -> str:
    rows = "".join(f"    ({py_value(e.method)}, {py_value(e.path)}),\n" for e in derive_endpoints(spec))
    return f"EXPECTED = {{\n{rows}}}"


def _search_test(entity: Entity) -> str:
    if any(not F.choices_of(f) for f in F.searchable(entity)):
        first, second = F.search_tokens(entity)
        return f'''def test_search_ignores_case(client: TestClient, auth_headers: dict[str, str]) -> None:
    first = create(client, auth_headers, FIRST)
    second = create(client, auth_headers, SECOND)
    assert ids(client.get(URL, params={{"q": {py_value(first.lower())}}})) == [first["id"]]
    assert ids(client.get(URL, params={{"q": {py_value(second.upper())}}})) == [second["id"]]
    assert ids(client.get(URL, params={{"q": "{first[:3].lower()}"}})) == [first["id"]]
    assert client.get(URL, params={{"q": "no such words anywhere"}}).json() == []
'''
    first, second = F.sample_payload(entity, 0), F.sample_payload(entity, 1)
    if F.searchable(entity):
        # Only choice fields hold text: probe with a choice of the first row that no text of the second contains.
        name = "test_search_ignores_case"
        others = [str(second[f.name]).lower() for f in F.searchable(entity)]
        candidates = [str(first[f.name]) for f in F.searchable(entity)]
        probe = next((c.upper() for c in candidates if not any(c.lower() in other for other in others)), None)
    else:
        # No text fields: the API searches every column's text form; probe with a value only the first row has
        # (integers 3 vs 7 and the dates differ in every character position that matters).
        name = "test_search_looks_at_every_field"
        probe = next(
            (
                str(first[f.name])[: 10 if f.type == "datetime" else None]
                for kind in ("integer", "date", "datetime")
                for f in entity.fields
                if f.type == kind
            ),
            None,
        )
    found = f'    assert ids(client.get(URL, params={{"q": {py_value(probe)}}})) == [first["id"]]\n' if probe else ""
    return f"""def {name}(client: TestClient, auth_headers: dict[str, str]) -> None:
    first = create(client, auth_headers, FIRST)
    create(client, auth_headers, SECOND)
{found}    assert client.get(URL, params={{"q": "no such words anywhere"}}).json() == []
"""


def _required_test(entity: Entity) -> str:
    required = sorted(f.name for f in entity.fields if f.required)
    if not required:
        return """def test_an_empty_body_is_enough(client: TestClient, auth_headers: dict[str, str]) -> None:
    item = create(client, auth_headers, {})
    assert all(item[key] is None for key in FIRST)
"""
    return f"""def test_required_fields_are_required(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.post(URL, json={{}}, headers=auth_headers)
    assert response.status_code == 422
    missing = {{error["loc"][-1] for error in response.json()["detail"] if error["type"] == "missing"}}
    assert missing == {{{", ".join(py_value(n) for n in required)}}}
"""


_AUTH_TEST = """def test_changes_need_a_signed_in_user(client: TestClient, auth_headers: dict[str, str]) -> None:
    assert client.post(URL, json=FIRST).status_code == 401
    item = create(client, auth_headers, FIRST)
    forged = {"Authorization": "Bearer not-a-real-token"}
    assert client.put(f"{URL}/{item['id']}", json=SECOND).status_code == 401
    assert client.put(f"{URL}/{item['id']}", json=SECOND, headers=forged).status_code == 401
    assert client.delete(f"{URL}/{item['id']}").status_code == 401
    assert client.get(f"{URL}/{item['id']}").json() == item  # unchanged, and reads stay public
    assert ids(client.get(URL)) == [item["id"]]
"""


def crud_tests(spec: AppSpec, entity: Entity) -> str:
    invalid = [(f.name, F.invalid_value(f)) for f in entity.fields]
    auth_test = _AUTH_TEST if spec.auth.enabled else ""
    return render(
        "tests/test_crud.py.tmpl",
        PLURAL=entity.plural,
        URL=py_value(f"/api/{entity.plural}"),
        FIRST=py_assign("FIRST", F.sample_payload(entity, 0)),
        SECOND=py_assign("SECOND", F.sample_payload(entity, 1)),
        INVALID=py_assign("INVALID", invalid),
        SEARCH_TEST=_search_test(entity),
        MORE_TESTS=(_required_test(entity) + (f"\n\n{auth_test}" if auth_test else "")).rstrip("\n"),
    )


def stats_tests(spec: AppSpec) -> str:
    constants, rows = [], []
    for e in spec.entities:
        first, second = F.sample_payload(e, 0), F.sample_payload(e, 1)
        sums = {f.name: float(first[f.name] + second[f.name]) for f in F.numeric(e)}
        prefix = e.plural.upper()
        constants += [py_assign(f"{prefix}_FIRST", first), py_assign(f"{prefix}_SECOND", second)]
        constants.append(py_assign(f"{prefix}_SUMS", sums))
        names = [f"{prefix}_FIRST", f"{prefix}_SECOND", f"{prefix}_SUMS"]
        rows.append(call(f"{py_value(e.plural)}: ", names, indent="    ", tail=",") + "\n")
    samples = "\n".join(constants) + "\n# plural -> (first row, second row, expected sums of the numeric fields)\n"
    samples += "SAMPLES = {\n" + "".join(rows) + "}"
    return render("tests/test_stats.py.tmpl", SAMPLES=samples)
