"""The OpenAPI document, made to say what the server does: the error answers every route can give, in the one
envelope (``ErrorBody``), and no 422 (request validation answers 400 ``INVALID_INPUT``; see errors.py).

Route-specific answers (409 on deploy, 502 ``DEPLOYMENT_FAILED`` ...) stay on the routes; the ones that come
from the shared layers are added here, in one place: 400 (parameters or a body), 401 and 403 (the route's
access rule, auth/access.py), 402 (credits, on the routes that declare the build gate,
auth/gate.py), 404 (a path naming a resource),
413 (request size limit) and 429 (rate limits).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .api_models import ErrorBody
from .auth.access import Access, route_access
from .auth.gate import build_gate

NOT_FOUND_CODES = {
    "{session_id}": "SESSION_NOT_FOUND (unknown build, or another user's)",
    "{template_id}": "TEMPLATE_NOT_FOUND",
    "{key_id}": "KEY_NOT_FOUND (unknown API key, or another user's)",
}
ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}


def openapi_document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        rules = {
            (route.path, method.lower()): (declared, depends_on(route, build_gate))
            for route, declared in route_access(app)
            for method in route.methods or ()
        }
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["ErrorBody"] = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        for path, item in schema.get("paths", {}).items():
            for method, operation in item.items():
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                declared, charged = rules.get((path, method), ([], False))
                access = (declared or [Access()])[0]
                for code, description in shared_errors(path, operation, access, charged).items():
                    responses.setdefault(str(code), {"description": description, "content": ERROR_REF})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        app.openapi_schema = schema
    return app.openapi_schema


def depends_on(route: Any, call: Any) -> bool:
    """Whether the route's dependencies (at any depth) include ``call``."""
    dependant = getattr(route, "dependant", None)
    pending = list(dependant.dependencies) if dependant is not None else []
    while pending:
        found = pending.pop()
        if found.call is call:
            return True
        pending.extend(found.dependencies)
    return False


def shared_errors(path: str, operation: dict[str, Any], access: Access, charged: bool) -> dict[int, str]:
    errors: dict[int, str] = {}
    has_body = "requestBody" in operation
    if has_body or operation.get("parameters"):
        errors[400] = "INVALID_INPUT: a parameter or the body is malformed (the detail names the field)"
    if access.bucket is not None:  # a route not rate-limited (health) needs no credentials either
        errors[401] = "UNAUTHORIZED: missing, invalid or expired credentials"
    if not access.is_public:
        errors[403] = "FORBIDDEN: the API key lacks the permission, or the route needs a signed-in user or an admin"
    if charged:  # the route declares the build gate (auth/gate.py): quota and credits
        errors[402] = "INSUFFICIENT_CREDITS"
    for parameter, description in NOT_FOUND_CODES.items():
        if parameter in path:
            errors[404] = description
    if "{" in path and 404 not in errors:
        errors[404] = "NOT_FOUND"
    if has_body:
        errors[413] = "INVALID_INPUT: the request body is larger than the server accepts"
    if access.bucket is not None:
        errors[429] = "RATE_LIMIT_EXCEEDED (retry_after in the body and the Retry-After header)"
    return errors
