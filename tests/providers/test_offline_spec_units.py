"""Focused behaviour of the offline spec engine: archetypes, colour phrasings, field typing, flags, names."""

from __future__ import annotations

import pytest

from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.providers.offline.spec import archetype_keys, extract_spec
from nexusforge_agents.providers.offline.spec.colors import contrast, extract_colors
from nexusforge_agents.providers.offline.spec.fields import infer_type
from nexusforge_agents.schemas import ColorScheme

ARCHETYPE_PROMPTS = {
    "analytics_dashboard": "Build an analytics dashboard with charts of sales metrics and KPIs",
    "ecommerce": "Create an online store with a product catalog, shopping cart and checkout",
    "task_tracker": "Build a todo app with tasks, deadlines and a kanban board",
    "chat": "Build a chat app with chatrooms and direct messages",
    "blog": "Make a personal blog where authors publish articles and readers comment",
    "crm": "Build a CRM to manage customers, sales leads and deals in a pipeline",
    "booking": "Build an appointment booking site for a hair salon with available slots",
    "inventory": "Build an inventory system to track warehouse stock levels and suppliers",
    "recipes": "Build a recipe sharing site where cooks list ingredients and cooking steps",
    "fitness": "Build a fitness tracker to log workouts and exercises at the gym",
    "finance": "Build a personal budget app to track income, expenses and spending by category",
    "events": "Build an event site where attendees RSVP to conferences and meetups",
    "education": "Build an online learning platform with courses, lessons and quizzes for students",
    "real_estate": "Build a real estate site listing apartments and houses for rent with landlord contacts",
    "job_board": "Build a job board where employers post vacancies and candidates upload a resume",
    "forum": "Build a discussion forum with threads, replies and a community of members",
    "portfolio": "Build a portfolio site for a designer to showcase projects and skills",
    "restaurant": "Build a restaurant website with a menu of dishes and table reservations",
    "healthcare": "Build a clinic system where doctors manage patients and prescriptions",
    "news": "Build a news site with headlines, breaking news and magazine sections",
    "library": "Build a library app where members borrow books by ISBN and librarians track loans",
    "travel": "Build a travel planner for trips, destinations, hotels and flights with an itinerary",
    "game": "Build a chess game where players compete on a leaderboard",
    "business_site": "Build a company brochure site with about us, contact us and testimonials",
}


def test_at_least_sixteen_archetypes() -> None:
    assert len(archetype_keys()) >= 16
    assert set(ARCHETYPE_PROMPTS) == set(archetype_keys())


@pytest.mark.parametrize(("archetype", "prompt"), sorted(ARCHETYPE_PROMPTS.items()))
def test_archetype_detection(archetype: str, prompt: str) -> None:
    spec = extract_spec(prompt)
    assert spec.archetype == archetype
    assert spec.entities and 1 <= len(spec.feature_names) <= 16


def test_unrelated_prompt_is_custom_and_still_reads_its_nouns() -> None:
    spec = extract_spec(
        "Build a tool to catalogue my vinyl records by artist and label, and track which ones I lend out"
    )
    assert spec.archetype == "custom"
    assert spec.entities[0].name != "Item"


def test_archetype_defaults_fill_in_only_for_a_terse_prompt() -> None:
    terse = extract_spec("Build a todo app with React and FastAPI")
    assert [e.name for e in terse.entities] == ["Task", "Project"]
    task = terse.entities[0]
    assert {f.name: f.type for f in task.fields}["description"] == "text"
    assert next(f for f in task.fields if f.name == "status").choices == ["todo", "in_progress", "done"]
    rich = extract_spec("Build a todo app where users add, edit and delete chores and assign chores to roommates")
    assert "Chore" in [e.name for e in rich.entities]
    assert "Task" not in [e.name for e in rich.entities]


@pytest.mark.parametrize(
    ("sentence", "background", "primary", "source"),
    [
        ("Set the background color to white and the component color to navy.", "#ffffff", "#000080", None),
        ("Use ivory for the background and forest green for components.", "#fffff0", "#228b22", None),
        ("Apply mint cream as the background; style all components with teal.", "#f5fffa", "#008080", None),
        ("Style all pages with a light cyan background and cadet blue components.", "#e0ffff", "#5f9ea0", None),
        ("Define background as papaya whip; define components with dark orange.", "#ffefd5", "#ff8c00", None),
        ("Set overall background to beige, then style components with saddle brown.", "#f5f5dc", "#8b4513", None),
        ("Use peach puff for container backgrounds and indian red for component visuals.", "#ffdab9", "#cd5c5c", None),
        ("Style the layout with snow in the background and dim gray for the interface.", "#fffafa", "#696969", None),
        ("Use ivory for the outer layout and forest green for UI blocks.", "#fffff0", "#228b22", None),
        ("Use a dark-slate-gray background with sky blue buttons.", "#2f4f4f", "#87ceeb", "dark-slate-gray"),
        ("The primary color should be #ff6600 on a white background.", "#ffffff", "#ff6600", None),
        ("Primary colour #F60, background colour #222.", "#222222", "#ff6600", None),
    ],
)
def test_colour_phrasings(sentence: str, background: str, primary: str, source: str | None) -> None:
    colors = extract_colors("Build a notes app. " + sentence)
    assert (colors.background, colors.primary) == (background, primary)
    assert contrast(colors.text, colors.background) >= 4.5
    if source:
        assert colors.source["background"] == source


def test_text_and_accent_colours_when_named() -> None:
    colors = extract_colors("Use navy as the background, gold for buttons, white text and coral accents.")
    assert colors.background == "#000080"
    assert (colors.primary, colors.text, colors.accent) == ("#ffd700", "#ffffff", "#ff7f50")


def test_dark_background_gets_light_text() -> None:
    colors = extract_colors("Make the background black and the components orange.")
    assert colors.text == "#ffffff"


def test_no_colour_words_means_default_scheme() -> None:
    assert extract_colors("Build an inventory app for gold and silver bullion.") == ColorScheme()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("price", "float"),
        ("total_amount", "float"),
        ("quantity", "integer"),
        ("view_count", "integer"),
        ("due_date", "date"),
        ("deadline", "date"),
        ("created_on", "date"),
        ("email", "email"),
        ("contact_email", "email"),
        ("website", "url"),
        ("picture_link", "url"),
        ("description", "text"),
        ("content", "text"),
        ("notes", "text"),
        ("is_active", "boolean"),
        ("has_paid", "boolean"),
        ("completed", "boolean"),
        ("title", "string"),
        ("started_at", "datetime"),
    ],
)
def test_field_types_from_names(name: str, kind: str) -> None:
    assert infer_type(name) == kind


def test_fields_listed_in_the_prompt_are_typed_and_safe() -> None:
    spec = extract_spec(
        "Build a site to manage gadgets, including gadget name, id, class, price, quantity, launch date, manual link."
    )
    gadget = next(e for e in spec.entities if e.name == "Gadget")
    types = {f.name: f.type for f in gadget.fields}
    assert types["name"] == "string" and types["price"] == "float" and types["quantity"] == "integer"
    assert types["launch_date"] == "date" and types["manual_link"] == "url"
    assert "id" not in types and "class" not in types
    assert {"code", "class_name"} <= set(types)
    assert gadget.plural == "gadgets"


def test_listed_options_become_choices() -> None:
    spec = extract_spec(
        "Players can choose from four races: Humans, Elves, and Dwarfs. Players can manage resources and battle."
    )
    player = next(e for e in spec.entities if e.name == "Player")
    race = next(f for f in player.fields if f.name == "race")
    assert race.choices == ["Humans", "Elves", "Dwarfs"]


@pytest.mark.parametrize(
    ("prompt", "auth", "realtime", "dashboard"),
    [
        ("Build a recipe site with user login and sign up", True, False, False),
        ("Build a notes app where users manage their accounts", True, False, False),
        ("Build a stock ticker with real-time price updates", False, True, False),
        ("Build a team app with live notifications", False, True, False),
        ("Build a sales tracker with charts and monthly statistics", False, False, True),
        ("Build a plant watering reminder", False, False, False),
    ],
)
def test_flags(prompt: str, auth: bool, realtime: bool, dashboard: bool) -> None:
    spec = extract_spec(prompt)
    assert (spec.auth.enabled, spec.realtime, spec.dashboard) == (auth, realtime, dashboard)
    assert ("Login" in spec.ui_components) == auth
    assert ("LiveFeed" in spec.ui_components) == realtime
    assert ("Dashboard" in spec.ui_components) == dashboard


def test_components_follow_the_conventions() -> None:
    spec = extract_spec("Build a real-time analytics dashboard with charts and user authentication")
    assert spec.ui_components[:2] == ["Home", "Dashboard"]
    assert {"Login", "LiveFeed", "MetricList", "MetricForm"} <= set(spec.ui_components)
    assert len(spec.ui_components) == len(set(spec.ui_components)) <= 9
    paths = {(e.method, e.path) for e in spec.api_endpoints}
    assert {("POST", "/api/auth/login"), ("GET", "/api/stats"), ("WS", "/ws/updates")} <= paths


def test_tech_stack_is_what_the_offline_generator_produces() -> None:
    assert extract_spec("Build a todo app").tech_stack.model_dump() == {
        "frontend": "React",
        "backend": "FastAPI",
        "database": "SQLite",
    }
    assert extract_spec("Build a todo app backed by PostgreSQL").tech_stack.database == "PostgreSQL"


@pytest.mark.parametrize(
    ("prompt", "name"),
    [
        ('Please implement a website called "World of Imagination" to share ideas.', "World of Imagination"),
        ("Please implement a website for The All-In Bourbon Bar to showcase its products.", "All-In Bourbon Bar"),
        ("Please implement a modern diagram maker website for creating diagrams.", "Diagram Maker"),
        ("Please implement a website for generating stock reports.", "Stock Report Generator"),
        ("Build a todo app with React and FastAPI", "Todo App"),
        ("Please develop a web-based Texas Hold'em poker game with a lobby.", "Texas Hold'em Poker Game"),
    ],
)
def test_names(prompt: str, name: str) -> None:
    assert extract_spec(prompt).name == name


def test_name_and_description_shape() -> None:
    spec = extract_spec("Please implement a forum webpage with multiple features. Users can post and reply.")
    assert 2 <= len(spec.name.split()) <= 4 and spec.name != "My App"
    assert spec.description == "A forum webpage with multiple features."


@pytest.mark.parametrize("prompt", ["", "   ", "\n\t", "#", "## \n#", "- ", "...!"])
def test_empty_or_wordless_prompt_is_invalid_input(prompt: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        extract_spec(prompt)
    assert caught.value.error_code == "INVALID_INPUT"


def test_customizations_phrased_by_the_spec_agent_are_honoured() -> None:
    spec = extract_spec(
        "Build a recipe sharing site Use teal for the components. Also include: meal plans, shopping lists."
    )
    assert spec.colors.primary == "#008080" and spec.colors.source["primary"] == "teal"


def test_asking_to_write_the_whole_application_in_a_language_is_not_a_feature() -> None:
    spec = extract_spec("A recipe site where cooks share recipes and rate them. Write the whole application in Python.")
    assert not any("application" in name.lower() for name in spec.feature_names), spec.feature_names
    assert spec.frontend_style == "server"


def test_nouns_ending_in_ss_get_a_real_plural() -> None:
    spec = extract_spec("A booking site for a climbing gym: members browse classes by day and book a spot.")
    by_name = {e.name: e.plural for e in spec.entities}
    assert by_name.get("Class") == "classes", by_name
