"""How the app runs, as a request prescribes it: the port, and the front-end style.

A request that names Python as the language of the whole application ("implement the whole application in
Python", "written in Python", Flask, Django), or asks for server-rendered pages ("HTML templates", "Jinja",
"no JavaScript framework"), gets the server-rendered style: a TypeScript front end would break that requirement.
Python named only for the backend ("a Python backend") leaves the default React front end.
"""

from __future__ import annotations

import re

from ....appspec import AppSpec, FrontendStyle

_PORT = re.compile(
    r"\b(?:port|listen(?:s|ing)? on)\s*(?:number\s*)?(?:of\s+|=\s*|:\s*|is\s+|to\s+)?`?(\d{2,5})\b|"
    r"\blocalhost:(\d{2,5})\b|\b0\.0\.0\.0:(\d{2,5})\b",
    re.IGNORECASE,
)
_SERVER_RENDERED = re.compile(
    r"\bserver[- ]side[- ]rendered\b|\bserver[- ]rendered\b|\bjinja2?\b|\bhtml templates?\b|\btemplates? in html\b|"
    r"\bno (?:javascript|js|front[- ]?end) frameworks?\b|\bwithout (?:a |any )?(?:javascript|js) frameworks?\b|"
    r"\bplain html(?: pages| forms)?\b|\bmulti[- ]page html\b",
    re.IGNORECASE,
)
_PYTHON_APP = re.compile(
    r"\b(?:application|app|website|web ?site|site|project|program|system|everything|solution|code)\s+"
    r"(?:(?:is|must be|should be|will be|shall be)\s+)?(?:written|implemented|built|developed|coded|made)?\s*"
    r"(?:entirely\s+|fully\s+|only\s+|completely\s+|purely\s+)?in\s+python\b|"
    r"\b(?:written|implemented|built|developed|coded)\s+(?:entirely\s+|fully\s+|only\s+|completely\s+|purely\s+)"
    r"in\s+python\b|\b(?:programming\s+)?language\s*(?::|is|must be|should be)\s*python\b|"
    r"\bpython\s+only\b|\bonly\s+python\b|\bpure\s+python\b|\b(?:flask|django)\b",
    re.IGNORECASE,
)


def requested_port(text: str) -> int | None:
    """The port the request names ("runs on port 5000", "localhost:8080"), if a valid one."""
    for match in _PORT.finditer(text):
        port = int(next(g for g in match.groups() if g))
        if 1 <= port <= 65535:
            return port
    return None


_PYTHON_ONLY = re.compile(
    r"\b(?:built|written|implemented|developed|made|coded|created)\s+(?:using|with|in)\s+python\b|"
    r"\b(?:use|using)\s+python\s+(?:for|throughout)\s+(?:the\s+)?(?:entire|whole|full|complete|all)\b|"
    r"\btech(?:nology)?\s+stack\s*:\s*python\b",
    re.IGNORECASE,
)
_JS_FRONT_END = re.compile(r"\b(react|vue|angular|svelte|next\.?js|typescript|javascript front[- ]?end)\b", re.I)


def requested_frontend_style(text: str) -> FrontendStyle:
    if _SERVER_RENDERED.search(text) or _PYTHON_APP.search(text):
        return "server"
    # "built with Python" names the whole app's language unless a JavaScript front end is named beside it
    return "server" if _PYTHON_ONLY.search(text) and not _JS_FRONT_END.search(text) else "react"


def frontend_style_for(stack_frontend: str) -> FrontendStyle | None:
    """The style a build config's ``techStack.frontend`` asks for; None when it names no particular style."""
    value = stack_frontend.strip().lower()
    if re.search(r"\b(html|jinja2?|server[- ]?(side|rendered)?|templates?|plain|python|flask|django|ssr)\b", value):
        return "server"
    if re.search(r"\b(react|tsx?|typescript|vite)\b", value):
        return "react"
    return None


STACK_LABELS: dict[FrontendStyle, str] = {"react": "React", "server": "Jinja2 templates (server-rendered)"}


def with_frontend_style(spec: AppSpec, style: FrontendStyle) -> AppSpec:
    """The spec built in ``style``, its tech stack saying so."""
    stack = spec.tech_stack.model_copy(update={"frontend": STACK_LABELS[style]})
    return spec.model_copy(update={"frontend_style": style, "tech_stack": stack})
