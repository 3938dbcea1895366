"""The server-rendered front-end style: a spec with many pages and element kinds becomes an app whose own tests
pass, which serves every page with its title and element ids from one uvicorn process, and which a real
Chromium can use (fill a form, see the row in the list)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.offline.codegen.features import plan_features
from nexusforge_agents.providers.offline.codegen.server_ui.site import build_site
from nexusforge_agents.schemas import AppSpec
from nexusforge_agents.tools.workspace import write_files

CHROMIUM = Path("/usr/bin/chromium")

RECIPE_FIELDS = [
    {"name": "title", "type": "string"},
    {"name": "category", "type": "string", "choices": ["Breakfast", "Lunch", "Dinner"]},
    {"name": "servings", "type": "integer", "min": 1, "max": 20},
    {"name": "cooked_on", "type": "date", "required": False},
    {"name": "vegetarian", "type": "boolean"},
    {"name": "status", "type": "string", "choices": ["Idea", "Planned", "Cooked"]},
    {"name": "notes", "type": "text", "required": False},
]


def recipe_spec(**overrides: object) -> AppSpec:
    """A recipe box with nine pages covering every element kind the server style renders."""
    pages = [
        {
            "name": "Home",
            "route": "/",
            "title": "Recipe Box",
            "kind": "home",
            "elements": [
                {"id": "welcome-heading", "kind": "heading", "label": "Welcome to Recipe Box"},
                {"id": "intro-text", "kind": "text", "label": "Keep every recipe in one place."},
                {"id": "browse-button", "kind": "button", "label": "Browse recipes", "target": "/recipes"},
                {"id": "add-link", "kind": "link", "label": "Add a recipe", "target": "/recipes/new"},
                {"id": "hero-image", "kind": "image", "label": "A kitchen table"},
            ],
        },
        {
            "name": "RecipeList",
            "route": "/recipes",
            "title": "All Recipes - Recipe Box",
            "kind": "list",
            "entity": "Recipe",
            "elements": [
                {"id": "recipe-search", "kind": "input", "label": "Search recipes", "action": "search"},
                {"id": "recipe-table", "kind": "table", "binds": "Recipe"},
                {"id": "delete-recipe-btn", "kind": "button", "label": "Delete", "action": "delete"},
                {"id": "new-recipe-link", "kind": "link", "label": "New recipe", "target": "/recipes/new"},
            ],
        },
        {
            "name": "AddRecipe",
            "route": "/recipes/new",
            "title": "Add Recipe - Recipe Box",
            "kind": "form",
            "entity": "Recipe",
            "elements": [
                {"id": "recipe-title-input", "kind": "input", "label": "Title", "binds": "Recipe.title"},
                {
                    "id": "recipe-category-select",
                    "kind": "select",
                    "label": "Category",
                    "binds": "Recipe.category",
                    "options": ["Breakfast", "Lunch", "Dinner"],
                },
                {"id": "recipe-servings", "kind": "number", "label": "Servings", "binds": "Recipe.servings"},
                {"id": "recipe-date", "kind": "date", "label": "Cooked on", "binds": "Recipe.cooked_on"},
                {"id": "recipe-veg", "kind": "checkbox", "label": "Vegetarian", "binds": "Recipe.vegetarian"},
                {
                    "id": "recipe-status",
                    "kind": "radio",
                    "label": "Status",
                    "binds": "Recipe.status",
                    "options": ["Idea", "Planned", "Cooked"],
                },
                {"id": "recipe-notes", "kind": "textarea", "label": "Notes", "binds": "Recipe.notes"},
                {"id": "save-recipe-btn", "kind": "button", "label": "Save recipe", "action": "submit"},
            ],
        },
        {
            "name": "RecipeDetail",
            "route": "/recipes/{id}",
            "title": "Recipe Details - Recipe Box",
            "kind": "detail",
            "entity": "Recipe",
            "elements": [
                {"id": "recipe-info", "kind": "text", "binds": "Recipe"},
                {"id": "recipe-servings-text", "kind": "text", "binds": "Recipe.servings"},
                {"id": "remove-recipe", "kind": "button", "label": "Remove", "action": "delete"},
            ],
        },
        {
            "name": "Ingredients",
            "route": "/ingredients",
            "title": "Ingredients - Recipe Box",
            "kind": "list",
            "entity": "Ingredient",
            "elements": [
                {"id": "ingredient-name", "kind": "input", "label": "Ingredient", "binds": "Ingredient.name"},
                {"id": "ingredient-recipe", "kind": "select", "label": "Recipe", "binds": "Ingredient.recipe_id"},
                {"id": "add-ingredient", "kind": "button", "label": "Add", "action": "submit"},
                {"id": "ingredient-list", "kind": "list", "binds": "Ingredient"},
            ],
        },
        {
            "name": "Stats",
            "route": "/stats",
            "title": "Kitchen Stats",
            "kind": "dashboard",
            "elements": [
                {"id": "totals", "kind": "list", "label": "Totals"},
                {"id": "servings-chart", "kind": "chart", "label": "Servings by status", "binds": "Recipe.servings"},
                {"id": "all-chart", "kind": "chart"},
            ],
        },
        {
            "name": "Planner",
            "route": "/planner",
            "title": "Meal Planner",
            "kind": "panel",
            "entity": "Recipe",
            "elements": [
                {"id": "meal-calendar", "kind": "calendar", "binds": "Recipe"},
                {"id": "meal-board", "kind": "kanban", "binds": "Recipe"},
            ],
        },
        {
            "name": "Markets",
            "route": "/markets",
            "title": "Farmers Markets",
            "kind": "panel",
            "entity": "Market",
            "elements": [{"id": "market-map", "kind": "map", "label": "Markets near you", "binds": "Market"}],
        },
        {
            "name": "SignIn",
            "route": "/login",
            "title": "Sign In - Recipe Box",
            "kind": "login",
            "elements": [
                {"id": "login-email", "kind": "email", "label": "Email"},
                {"id": "login-password", "kind": "password", "label": "Password"},
                {"id": "login-button", "kind": "button", "label": "Sign in", "action": "submit"},
            ],
        },
        {
            "name": "KitchenTimer",
            "route": "/timer",
            "title": "Kitchen Timer",
            "kind": "panel",
            "elements": [{"id": "egg-timer", "kind": "timer", "label": "Soft eggs: 6 minutes"}],
        },
    ]
    values: dict[str, object] = {
        "name": "Recipe Box",
        "description": "A recipe box: recipes, ingredients, a meal planner, markets and a kitchen timer.",
        "features": [
            {"name": "Manage recipes", "kind": "crud", "entity": "Recipe"},
            {"name": "Find recipes", "kind": "search", "entity": "Recipe", "pages": ["RecipeList", "Planner"]},
            {"name": "Recipes by category", "kind": "filter", "entity": "Recipe", "field": "category"},
            {"name": "Sort recipes", "kind": "sort", "entity": "Recipe", "field": "servings"},
            {"name": "Favourite recipes", "kind": "favorites", "entity": "Recipe", "pages": ["RecipeList"]},
            {"name": "Recipe reviews", "kind": "reviews", "entity": "Recipe", "pages": ["RecipeDetail"]},
            {"name": "Dinner vote", "kind": "poll", "entity": "Recipe", "pages": ["Stats"]},
            {"name": "What's for dinner?", "kind": "random_draw", "entity": "Recipe", "pages": ["Planner"]},
            {"name": "Export recipes", "kind": "csv_export", "entity": "Recipe", "pages": ["RecipeList"]},
            {"name": "Import recipes", "kind": "csv_import", "entity": "Recipe", "pages": ["RecipeList"]},
            {"name": "Meal calendar", "kind": "calendar", "entity": "Recipe", "field": "cooked_on"},
        ],
        "frontend_style": "server",
        "ui_components": [p["name"] for p in pages],
        "pages": pages,
        "colors": {"background": "#fffaf0", "primary": "#b45309", "text": "#1c1917", "accent": "#15803d"},
        "entities": [
            {
                "name": "Recipe",
                "plural": "recipes",
                "fields": RECIPE_FIELDS,
                "seed": [
                    {
                        "title": "Shakshuka",
                        "category": "Breakfast",
                        "servings": 2,
                        "cooked_on": "2026-11-20",
                        "vegetarian": True,
                        "status": "Cooked",
                    }
                ],
            },
            {
                "name": "Ingredient",
                "plural": "ingredients",
                "fields": [
                    {"name": "name", "type": "string"},
                    {"name": "recipe_id", "type": "reference", "references": "Recipe"},
                ],
            },
            {
                "name": "Market",
                "plural": "markets",
                "fields": [
                    {"name": "name", "type": "string"},
                    {"name": "latitude", "type": "float"},
                    {"name": "longitude", "type": "float"},
                ],
                "seed": [
                    {"name": "Union Square", "latitude": 40.7359, "longitude": -73.9911},
                    {"name": "Grand Army Plaza", "latitude": 40.6743, "longitude": -73.9701},
                    {"name": "Astoria", "latitude": 40.7644, "longitude": -73.9235},
                ],
            },
        ],
    }
    return AppSpec.model_validate(values | overrides)


def shop_spec() -> AppSpec:
    """A shop whose features are all shown by server fragments: cart and orders, uploads, countdowns, comments
    and a quiz."""
    pages = [
        {
            "name": "Products",
            "route": "/",
            "title": "Corner Shop",
            "kind": "list",
            "entity": "Product",
            "elements": [{"id": "product-table", "kind": "table", "binds": "Product"}],
        },
        {
            "name": "ProductPage",
            "route": "/products/{id}",
            "title": "Product - Corner Shop",
            "kind": "detail",
            "entity": "Product",
            "elements": [{"id": "product-info", "kind": "text", "binds": "Product"}],
        },
        {"name": "Quiz", "route": "/quiz", "title": "Shop Quiz", "kind": "panel", "entity": "Question", "elements": []},
    ]
    return AppSpec.model_validate(
        {
            "name": "Corner Shop",
            "description": "A corner shop with a cart, product photos, sale countdowns, comments and a quiz.",
            "frontend_style": "server",
            "ui_components": [p["name"] for p in pages],
            "pages": pages,
            "features": [
                {"name": "Shopping cart", "kind": "cart", "entity": "Product", "pages": ["Products"]},
                {"name": "Product photos", "kind": "upload", "entity": "Product", "pages": ["ProductPage"]},
                {"name": "Sale ends in", "kind": "timer", "entity": "Product", "pages": ["Products"]},
                {"name": "Comments", "kind": "comments", "entity": "Product", "pages": ["ProductPage"]},
                {"name": "Shop quiz", "kind": "quiz", "entity": "Question", "field": "answer", "pages": ["Quiz"]},
            ],
            "entities": [
                {
                    "name": "Product",
                    "plural": "products",
                    "fields": [
                        {"name": "name", "type": "string"},
                        {"name": "price", "type": "float", "min": 0},
                        {"name": "image_url", "type": "url", "required": False},
                        {"name": "sale_ends", "type": "datetime", "required": False},
                    ],
                    "seed": [
                        {"name": "Apples", "price": 2.5, "sale_ends": "2030-01-01T09:00:00"},
                        {"name": "Bread", "price": 3.0},
                    ],
                },
                {
                    "name": "Question",
                    "plural": "questions",
                    "fields": [{"name": "question", "type": "string"}, {"name": "answer", "type": "string"}],
                    "seed": [{"question": "Which fruit is red?", "answer": "Apple"}],
                },
            ],
        }
    )


def test_fragment_features_work_in_the_generated_shop(tmp_path: Path) -> None:
    files = generate_app(shop_spec())
    fragments = sorted(p for p in files if p.startswith("backend/templates/features/"))
    assert fragments == [
        f"backend/templates/features/{k}.html" for k in ("cart", "comments", "quiz", "timer", "upload")
    ]
    write_files(tmp_path, files)
    pages = _pytest(tmp_path, "tests/test_pages.py")
    assert pages.returncode == 0, pages.stdout + pages.stderr
    # 3 pages, 1 navigation-free static check, and the acting fragments' forms on all 3 pages
    assert "7 passed" in pages.stdout, pages.stdout


def test_layout_decisions_are_made_once_in_the_site_model() -> None:
    spec = recipe_spec()
    site = build_site(spec, plan_features(spec))
    add = next(p for p in site.pages if p.name == "AddRecipe")
    assert [b.kind for b in add.blocks] == ["form"]  # every control and the submit button: one form
    assert [e.id for e in add.blocks[0].elements][-1] == "save-recipe-btn"
    listing = next(p for p in site.pages if p.name == "RecipeList")
    assert [b.kind for b in listing.blocks][0] == "search"
    recipe = site.entity("Recipe")
    assert recipe is not None
    assert (recipe.list_route, recipe.detail_route, recipe.form_route) == ("/recipes", "/recipes/{id}", "/recipes/new")
    assert (recipe.title_field, recipe.status_field, recipe.date_field) == ("title", "status", "cooked_on")
    market = site.entity("Market")
    assert market is not None and (market.lat_field, market.lng_field) == ("latitude", "longitude")
    detail = next(p for p in site.pages if p.name == "RecipeDetail")
    assert detail.record_entity == "Recipe"
    # Search, filter and sort: the list page's own search box, plus a filter and a sort select joining its form;
    # the planner, which has no search box, gets one.
    assert [(e.id, e.action, e.field) for e in listing.blocks[0].elements] == [
        ("recipe-search", "search", None),
        ("filter-recipes", "filter", "category"),
        ("sort-recipes", "sort", "servings"),
    ]
    planner = next(p for p in site.pages if p.name == "Planner")
    assert planner.blocks[0].kind == "search" and planner.blocks[0].elements[0].id == "search-recipes"
    # Kinds the pages do not render themselves come as their fragment, with the endpoints it reads.
    assert [(f.fragment, f.reads) for f in planner.features] == [
        ("features/random_draw.html", ["GET /api/recipes/draws"])
    ]
    assert [f.fragment for f in listing.features] == [
        "features/favorites.html",
        "features/csv_export.html",
        "features/csv_import.html",
    ]
    assert site.signin_route == "/login" and "/login" not in [link.route for link in site.nav]


def test_react_apps_get_no_server_pages_and_server_apps_no_frontend() -> None:
    server = generate_app(recipe_spec())
    assert "backend/pages.py" in server and not any(path.startswith("frontend/") for path in server)
    assert "jinja2" in server["requirements.txt"] and "python-multipart" in server["requirements.txt"]
    assert "FROM node" not in server["Dockerfile"] and "npm" not in server["Dockerfile"]
    react = generate_app(recipe_spec(frontend_style="react"))
    assert "backend/pages.py" not in react and "frontend/package.json" in react


def test_a_page_on_a_path_the_app_serves_itself_is_refused() -> None:
    spec = recipe_spec()
    pages = [p.model_copy(update={"route": "/api/home"}) if p.route == "/" else p for p in spec.pages]
    with pytest.raises(InvalidInputError, match="/api/home"):
        generate_app(spec.model_copy(update={"pages": pages}))


def test_no_script_or_style_comes_from_elsewhere() -> None:
    files = generate_app(recipe_spec())
    served = [
        text for path, text in files.items() if path.startswith("backend/") and path.endswith((".html", ".css", ".js"))
    ]
    assert served
    assert not any(re.search(r"(src|href)=\"(https?:)?//", text) for text in served)
    assert not any("@import url(http" in text for text in served)


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("recipe-box")
    write_files(root, generate_app(recipe_spec(auth={"enabled": True})))
    return root


def _pytest(app_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    return subprocess.run(command, cwd=app_dir, capture_output=True, text=True, timeout=300)


def test_generated_app_passes_its_own_tests(app_dir: Path) -> None:
    # The app's browser tests (tests/test_browser.py) are the browser-QA suite's; this style is driven in a
    # browser below, by hand.
    suite = _pytest(app_dir, "--ignore=tests/test_browser.py")
    assert suite.returncode == 0, suite.stdout + suite.stderr
    pages = _pytest(app_dir, "tests/test_pages.py")
    assert pages.returncode == 0, pages.stdout + pages.stderr
    # 10 pages, 2 forms that create rows, 2 that report missing fields, 3 navigation elements, static files,
    # 4 pages whose feature forms (favourites, reviews, poll, draw) are sent
    assert "22 passed" in pages.stdout, pages.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def running(app_dir: Path) -> Iterator[str]:
    """The app under real uvicorn on 127.0.0.1, started as its README says."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{app_dir / 'served.db'}", "APP_SECRET_KEY": "test-key"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=app_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise AssertionError("the app did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_uvicorn_serves_pages_and_api_from_one_process(running: str) -> None:
    spec = recipe_spec()
    with httpx.Client(base_url=running) as client:
        for page in spec.pages:
            route = page.route.replace("{id}", "1")
            response = client.get(route)
            assert response.status_code == 200, (route, response.text)
            assert f"<title>{page.title}</title>" in response.text
            for element in page.elements:
                assert f'id="{element.id}"' in response.text, (route, element.id)
        listed = client.get("/recipes").text
        assert "Shakshuka" in listed  # the seed row
        assert "Union Square" in client.get("/markets").text
        assert client.get("/api/recipes").status_code == 200


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium")
def test_a_browser_signs_up_adds_a_recipe_and_sees_it_listed(running: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(f"{running}/")
        assert page.title() == "Recipe Box"
        page.click("#browse-button")
        page.wait_for_url(f"{running}/recipes")
        page.goto(f"{running}/account/signup")
        page.fill("#account-email", "cook@mail.test")
        page.fill("#account-password", "a long enough password")
        page.click("#account-submit")
        page.wait_for_url(f"{running}/")
        page.click("text=Sign out")
        page.goto(f"{running}/login")  # the spec's own sign-in page
        page.fill("#login-email", "cook@mail.test")
        page.fill("#login-password", "a long enough password")
        page.click("#login-button")
        page.wait_for_url(f"{running}/")
        assert page.get_by_text("cook@mail.test").count() == 1
        page.goto(f"{running}/recipes/new")
        assert page.title() == "Add Recipe - Recipe Box"
        page.click("#save-recipe-btn")  # nothing filled in: the page says what is missing
        assert page.locator(".error").count() >= 1
        errors.clear()  # the browser logs that 400 answer as a console error; it is the one expected
        page.fill("#recipe-title-input", "Mushroom risotto")
        page.select_option("#recipe-category-select", "Dinner")
        page.fill("#recipe-servings", "4")
        page.check("#recipe-veg")
        page.check("#recipe-status-2")
        page.click("#save-recipe-btn")
        page.wait_for_url(re.compile(r".*/recipes\?saved=Recipe$"))
        assert page.locator("#recipe-table").get_by_text("Mushroom risotto").count() == 1
        page.screenshot(path=str(tmp_path / "recipes.png"), full_page=True)
        assert not errors, errors
        browser.close()
