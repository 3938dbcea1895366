"""The server-rendered front-end style (``AppSpec.frontend_style == "server"``): multi-page HTML, no Node.

The app's FastAPI process serves the pages next to the API: ``backend/pages.py`` has a GET and a POST route per
spec page, rendering ``backend/templates/*.html`` (Jinja2) from ``backend/site.json`` (the spec's pages with
every layout decision made here, see ``site.py``). Forms POST and redirect; styles and the one small script
ship in ``backend/static/``. The runtime modules in ``app/`` are copied verbatim; only site.json, the theme's
colours and the page tests are made per spec.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import jinja2

from .....errors import InvalidInputError
from .....schemas import AppSpec
from .. import fields as F
from ..features import FeaturePlan
from ..pyformat import format_python
from .app.site_model import Site
from .site import build_site, fragments
from .theme import favicon_svg, theme_css

__all__ = ["REQUIREMENTS", "server_ui_files"]

# What the pages add to the app's requirements: templates, and form posts (FastAPI reads them with it).
REQUIREMENTS = ["jinja2>=3.1", "python-multipart>=0.0.9"]
# Paths the app serves itself; a page there would be shadowed or would shadow them.
RESERVED_PREFIXES = ("/api", "/ws", "/static", "/account", "/docs", "/redoc", "/openapi.json")
_RUNTIME = (
    "api_client.py",
    "feature_calls.py",
    "forms.py",
    "page_data.py",
    "pages.py",
    "site_model.py",
    "web.py",
    "widgets.py",
)


def _app_files() -> Traversable:
    return files(__package__).joinpath("app")


def _copy(folder: str) -> dict[str, str]:
    root = _app_files().joinpath(folder)
    return {
        f"backend/{folder}/{item.name}": item.read_text(encoding="utf-8") for item in root.iterdir() if item.is_file()
    }


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(files(__package__).joinpath("templates"))),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Python source; values go in through ``py`` (repr), which quotes them
    )
    env.filters["py"] = repr
    return env


def _form_values(values: dict[str, Any]) -> dict[str, str]:
    """A JSON row as an HTML form sends it: text, and a ticked checkbox as 'on' (an unticked one is absent)."""
    return {k: ("on" if v is True else str(v)) for k, v in values.items() if v is not None and v is not False}


def _acts(source: str) -> bool:
    """A fragment with forms a test can send as they are (a file upload needs a file of its own)."""
    return 'name="_call"' in source and 'type="file"' not in source


def page_tests(spec: AppSpec, site: Site, fragment_texts: dict[str, str]) -> str:
    pages, forms, required, navigation = [], [], [], []
    for page in site.pages:
        plural = site.entity(page.record_entity).plural if "{id}" in page.route and page.record_entity else None  # type: ignore[union-attr]
        pages.append((page.route, page.title, [e.id for e in page.elements], plural))
        if "{" in page.route or page.kind == "login":
            continue
        for element in page.elements:
            # A submit button's target is where its form leads once saved: the form tests cover it.
            leads = element.kind in ("link", "button") and element.action != "submit"
            leads = leads and (element.target or "").startswith("/")
            if leads and "{" not in (element.target or ""):
                navigation.append((page.route, element.id, element.target))
        for block in page.blocks:
            entity = site.entity(block.entity)
            if block.kind != "form" or entity is None:
                continue
            spec_entity = spec.entity(entity.name)
            assert spec_entity is not None
            names = block.fields
            # A field naming the user is filled from the session (the test's visitor is signed in).
            needed = [
                f.name for f in entity.fields if f.required and f.type != "boolean" and f.name != entity.session_field
            ]
            if needed:
                required.append((page.route, entity.name, needed))
            if not set(needed) <= set(names):
                continue  # the form cannot create a row on its own: the missing-field test covers what it does
            sample = F.sample_payload(spec_entity, 0)
            after = block.after or page.route
            listed = next((p for p in site.pages if p.route == after), None)
            shows = listed is not None and any(
                e.entity == entity.name and e.kind in ("list", "table") for e in listed.elements
            )
            shown = sample.get(entity.title_field)
            forms.append(
                (
                    page.route,
                    entity.name,
                    _form_values({n: sample[n] for n in names}),
                    after,
                    str(shown) if shows and entity.title_field in names and shown is not None else "",
                    entity.plural,
                )
            )
    rows = {e.plural: F.sample_payload(e, 0) for e in spec.entities}
    feature_forms = []
    for page in site.pages:
        shown = [*page.features, *(e.feature for e in page.elements if e.feature)]
        acting = [f for f in shown if _acts(fragment_texts.get(f.info["kind"], ""))]
        if acting and acting[0].info.get("plural"):
            feature_forms.append((page.route, acting[0].info["plural"]))
    template = _environment().get_template("test_pages.py.j2")
    source = template.render(
        pages=pages,
        forms=forms,
        required=required,
        navigation=navigation,
        rows=rows,
        feature_forms=feature_forms,
        auth=spec.auth.enabled,
    )
    return format_python({"tests/test_pages.py": source})["tests/test_pages.py"]


def server_ui_files(spec: AppSpec, plan: FeaturePlan) -> dict[str, str]:
    """The pages router, its templates, static files and tests; backend.main includes ``pages.router``."""
    clashes = [
        p.route
        for p in spec.pages
        for prefix in RESERVED_PREFIXES
        if p.route == prefix or p.route.startswith(prefix + "/")
    ]
    if clashes:
        raise InvalidInputError(
            f"Page routes {clashes} use paths the app serves itself ({', '.join(RESERVED_PREFIXES)}); "
            "give those pages other routes."
        )
    runtime = _app_files()
    out = {f"backend/{name}": runtime.joinpath(name).read_text(encoding="utf-8") for name in _RUNTIME}
    if spec.auth.enabled:
        out["backend/auth_pages.py"] = runtime.joinpath("auth_pages.py").read_text(encoding="utf-8")
    out |= _copy("templates") | _copy("static")
    site = build_site(spec, plan)
    out["backend/site.json"] = json.dumps(site.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    fragment_texts = fragments(plan)
    out |= {f"backend/templates/features/{kind}.html": text for kind, text in fragment_texts.items()}
    out["backend/static/theme.css"] = theme_css(spec.colors)
    out["backend/static/favicon.svg"] = favicon_svg(spec.colors)
    out["tests/test_pages.py"] = page_tests(spec, site, fragment_texts)
    return out
