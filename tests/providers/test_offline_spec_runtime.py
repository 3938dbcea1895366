"""How the app runs, as the request or the build config says: the port, and the front-end style."""

from __future__ import annotations

import pytest

from nexusforge_agents.agents.spec import apply_config
from nexusforge_agents.config import BuildConfig
from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.providers.offline.spec.runtime import (
    frontend_style_for,
    requested_frontend_style,
    requested_port,
)


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Build a todo app. The whole application is written in Python.", "server"),
        ("Implement the entire app in Python, please.", "server"),
        ("A recipe site in Flask.", "server"),
        ("Server-rendered pages with HTML templates only.", "server"),
        ("Use Jinja2 and no JavaScript framework.", "server"),
        ("Build a todo app with a Python backend and a React front end.", "react"),
        ("Build a todo app with a FastAPI backend in Python.", "react"),
        ("Build a todo app.", "react"),
    ],
)
def test_frontend_style_from_the_request(text: str, style: str) -> None:
    assert requested_frontend_style(text) == style
    spec = extract_spec(text)
    assert spec.frontend_style == style
    assert (spec.tech_stack.frontend == "React") == (style == "react")


@pytest.mark.parametrize(
    ("text", "port"),
    [
        ("Build a notes app that runs on port 5000.", 5000),
        ("The server must listen on port 8080.", 8080),
        ("Open it at http://localhost:3001 when it starts.", 3001),
        ("Build a notes app.", None),
        ("Build a port authority app for ships.", None),
        ("The app runs on port 99999.", None),
    ],
)
def test_port_from_the_request(text: str, port: int | None) -> None:
    assert requested_port(text) == port
    assert extract_spec(text).port == (port or 8000)


@pytest.mark.parametrize(
    ("value", "style"),
    [("html", "server"), ("Jinja2", "server"), ("server-rendered", "server"), ("React", "react"), ("vue", None)],
)
def test_tech_stack_frontend_names_a_style(value: str, style: str | None) -> None:
    assert frontend_style_for(value) == style


def test_config_frontend_wins_unless_left_at_its_default() -> None:
    python_app = extract_spec("Build a todo app. The whole application is written in Python.")
    assert apply_config(python_app, BuildConfig()).frontend_style == "server"
    # the graph stores the config and validates it again: every field is then "set", the default still says nothing
    again = BuildConfig.model_validate(BuildConfig().model_dump(by_alias=True))
    assert apply_config(python_app, again).frontend_style == "server"
    forced = apply_config(python_app, BuildConfig.model_validate({"techStack": {"frontend": "React"}}))
    assert forced.frontend_style == "react" and forced.tech_stack.frontend == "React"
    plain = extract_spec("Build a todo app.")
    served = apply_config(plain, BuildConfig.model_validate({"techStack": {"frontend": "html"}}))
    assert served.frontend_style == "server" and served.pages


def test_config_auth_adds_the_sign_in_page_to_explicit_pages_too() -> None:
    named = extract_spec("Build a website with a home page, an about page and a gallery page for a photographer.")
    assert named.pages and not named.auth.enabled
    built = apply_config(named, BuildConfig(authentication="jwt"))
    assert built.auth.enabled and built.ui_components[-1] == "Login"
    assert built.ui_components == [p.name for p in built.pages] and built.page("Login").kind == "login"
    plain = apply_config(extract_spec("Build a todo app."), BuildConfig(authentication="jwt"))
    assert "Login" in plain.ui_components and plain.page("Login") is not None


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("The app must be built using Python.", "server"),
        ("Use Python for the entire project.", "server"),
        ("Tech stack: Python", "server"),
        ("Built with Python and React.", "react"),
        ("Built using Python with a TypeScript front end.", "react"),
    ],
)
def test_python_named_as_the_whole_apps_language(text: str, style: str) -> None:
    assert requested_frontend_style(text) == style
