"""Requirement documents are read exactly: every page (in order, with its route and verbatim title), every
element id with its kind, label and options, every data file with its line format, columns and example rows.

The expectations are written by hand next to each fixture (``<name>.expected.json``), independently of the
reader, so a test fails when the reader loses or alters anything the document says.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.providers.offline.spec.document import looks_like_document
from nexusforge_agents.schemas import AppSpec
from nexusforge_agents.spec_conventions import derive_endpoints

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "prds"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.md"))


def _load(name: str) -> tuple[str, dict, AppSpec]:
    text = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return text, expected, extract_spec(text)


def test_there_are_at_least_six_documents_each_with_expectations() -> None:
    assert len(NAMES) >= 6
    for name in NAMES:
        assert (FIXTURES / f"{name}.expected.json").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_every_page_title_and_route_is_kept_in_order(name: str) -> None:
    _, expected, spec = _load(name)
    assert [p.title for p in spec.pages] == [p["title"] for p in expected["pages"]]
    assert spec.ui_components == [p.name for p in spec.pages]
    routes = [p.route for p in spec.pages]
    assert len(set(routes)) == len(routes)
    for page, want in zip(spec.pages, expected["pages"], strict=True):
        if want["route"] is not None:
            assert page.route == want["route"], page.name


@pytest.mark.parametrize("name", NAMES)
def test_every_element_id_kind_label_option_and_target(name: str) -> None:
    _, expected, spec = _load(name)
    routes = [p.route for p in spec.pages]
    for page, want in zip(spec.pages, expected["pages"], strict=True):
        got = {e.id: e for e in page.elements}
        assert [e["id"] for e in want["elements"]] == [e.id for e in page.elements], page.name
        for element in want["elements"]:
            found = got[element["id"]]
            assert found.kind == element["kind"], element["id"]
            if element["label"]:
                assert found.label == element["label"], element["id"]
            assert found.options == element.get("options", []), element["id"]
            if "target_page" in element:
                assert found.target == routes[element["target_page"]], element["id"]


@pytest.mark.parametrize("name", NAMES)
def test_every_data_file_with_format_columns_examples_and_seed_rows(name: str) -> None:
    _, expected, spec = _load(name)
    assert spec.storage.kind == expected["storage"]
    files = spec.storage.files
    assert [f.path for f in files] == [f["path"] for f in expected["files"]]
    for got, want in zip(files, expected["files"], strict=True):
        assert got.line_format == want["line_format"]
        assert got.example_lines == want["example_lines"]
        entity = spec.entity(got.entity)
        assert entity is not None
        assert [f.label for f in entity.fields] == want["columns"]  # the column names as written
        assert got.columns == [f.name for f in entity.fields]
        assert len(entity.seed) == len(want["example_lines"])
        for row, line in zip(entity.seed, want["example_lines"], strict=True):
            cells = line.split(got.delimiter)
            assert list(row) == got.columns
            for value, cell in zip(row.values(), cells, strict=True):
                if isinstance(value, bool):
                    assert value == (cell.strip().lower() in ("true", "yes", "y", "1")), (line, value)
                else:
                    assert value == (type(value)(cell) if isinstance(value, int | float) else cell), (line, value)


@pytest.mark.parametrize("name", NAMES)
def test_name_runtime_roles_flows_and_warnings(name: str) -> None:
    text, expected, spec = _load(name)
    assert looks_like_document(text)
    assert spec.name == expected["name"]
    assert (spec.frontend_style, spec.port) == (expected["frontend_style"], expected["port"])
    assert [r.name for r in spec.roles] == expected["roles"]
    assert len(spec.flows) >= expected["flows_min"]
    if "warning" in expected:
        assert any(expected["warning"] in w for w in spec.warnings)
    else:
        assert spec.warnings == []
    assert spec.api_endpoints == derive_endpoints(spec)
    assert AppSpec.model_validate(spec.model_dump(mode="json")) == spec


@pytest.mark.parametrize("name", NAMES)
def test_no_garbage_features_or_entities(name: str) -> None:
    _, _, spec = _load(name)
    for feature in spec.features:
        assert "Page Title" not in feature.name and "  " not in feature.name, feature.name
        assert set(feature.pages) <= set(spec.ui_components), feature
        if feature.entity is not None:
            entity = spec.entity(feature.entity)
            assert entity is not None and (feature.field is None or entity.field(feature.field) is not None)
    assert all(e.name not in ("Txt", "Csv", "File", "Page") for e in spec.entities)


def test_the_expense_document_binds_its_forms_and_seeds_its_data() -> None:
    _, _, spec = _load("expense_tracker")
    add = spec.page("AddExpense")
    assert add is not None
    binds = {e.id: e.binds for e in add.elements}
    assert binds["expense-amount"] == "Expense.amount" and binds["expense-category"] == "Expense.category"
    expense = spec.entity("Expense")
    assert expense is not None
    assert expense.field("category").choices == ["Food", "Transport", "Housing", "Entertainment", "Other"]
    assert expense.seed[0] == {
        "username": "alice",
        "description": "Lunch",
        "amount": 12.5,
        "category": "Food",
        "date": "2024-03-01",
    }
    assert spec.auth.enabled and {f.kind for f in spec.features} >= {"auth", "crud", "text_storage"}


def test_a_document_without_routes_starts_at_the_root() -> None:
    _, _, spec = _load("recipe_box")
    assert [p.route for p in spec.pages] == ["/", "/new-recipe", "/meal-plan"]
    plan = spec.entity("MealPlan")
    assert plan is not None and plan.field("recipe_id").references == "Recipe"


def test_free_prompts_are_not_documents() -> None:
    assert not looks_like_document("Build a todo app where I can add tasks and mark them complete.")
    assert not looks_like_document("Please implement a website for a bakery.\nIt should list cakes and take orders.")


def test_roles_say_what_each_may_do_over_the_documents_entities() -> None:
    _, _, spec = _load("library_lending")
    assert [e.name for e in spec.entities] == ["Book", "Loan"]
    librarian = next(r for r in spec.roles if r.name == "Librarian")
    assert {"create:Book", "update:Book", "delete:Book", "read:Loan"} <= set(librarian.can)
    catalogue = spec.pages[0]
    assert catalogue.entity == "Book" and catalogue.kind == "list"


def test_odd_documents_give_valid_specs() -> None:
    spec = extract_spec(
        "# App\n## Page: Book (route /books/:id)\nTitle: Book\n- `book-title` heading\n"
        "## Page: Search (route /search?q=x)\nTitle: Search\n- `q` input\n"
        "## Page 3\nPage Title: " + "T" * 300 + "\n- `ok-id` button\n- `ok-id` button\n"
    )
    assert [p.route for p in spec.pages] == ["/books/{id}", "/search", "/page-3"]
    assert len(spec.pages[2].title) == 200 and [e.id for e in spec.pages[2].elements] == ["ok-id"]
