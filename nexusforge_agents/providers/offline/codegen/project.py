"""The files around the code: README, requirements, Dockerfile and ignore files."""

from __future__ import annotations

from ....schemas import ApiEndpoint, AppSpec, FeatureClaim
from . import server_ui
from .features.base import Contribution
from .frontend_pages import PageView
from .render import render

_REQUIREMENTS = [
    "fastapi>=0.115",
    "fastapi-offline>=1.7",  # /docs without a CDN
    "uvicorn[standard]>=0.30",
    "sqlalchemy>=2.0",
    "pydantic>=2.7",
    "httpx>=0.27",
    # Starlette 1.x's TestClient prefers the httpx2 fork and falls back to httpx with a deprecation warning.
    "httpx2>=2",
    "pytest>=8",
]


def project_files(
    spec: AppSpec,
    views: list[PageView],
    claims: list[FeatureClaim],
    endpoints: list[ApiEndpoint],
    contributions: list[Contribution],
) -> dict[str, str]:
    server = spec.frontend_style == "server"
    requirements = [*_REQUIREMENTS, *(["pyjwt>=2.9"] if spec.auth.enabled else [])]
    requirements += server_ui.REQUIREMENTS if server else []
    extra = [r for c in contributions for r in c.pip]
    requirements += [r for r in dict.fromkeys(extra) if r not in requirements]
    return {
        "README.md": readme(spec, views, claims, endpoints),
        "requirements.txt": "\n".join(requirements) + "\n",
        "Dockerfile": render(
            "project/Dockerfile.j2", spec=spec, server=server, text_files=spec.storage.kind == "text_files"
        ),
        ".dockerignore": render("project/dockerignore.j2"),
        ".gitignore": render("project/gitignore.j2"),
    }


def readme(spec: AppSpec, views: list[PageView], claims: list[FeatureClaim], endpoints: list[ApiEndpoint]) -> str:
    return render(
        "project/README.md.j2",
        spec=spec,
        claims=claims,
        endpoints=endpoints,
        pages=[v.page for v in views],
        seeded=any(e.seed for e in spec.entities),
        server=spec.frontend_style == "server",
        text_files=spec.storage.files if spec.storage.kind == "text_files" else [],
    )
