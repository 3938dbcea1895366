"""Sign up, sign in and sign out for the server-rendered pages: a cookie holding the API's own login token.

Accounts, password hashing and tokens are the API's (auth.py): these pages call /api/auth/register and
/api/auth/login and keep the token in an HttpOnly, SameSite=Lax cookie, which the pages send back to the API
as the bearer token. SameSite=Lax keeps other sites from submitting the forms as the visitor.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .api_client import SESSION_COOKIE, Api, ApiError
from .web import SITE, local_path, render

router = APIRouter(prefix="/account", include_in_schema=False)
SIGN_IN, SIGN_UP = "/account/signin", "/account/signup"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    return local_path(target, "/")


def signed_in(token: str, target: str) -> RedirectResponse:
    response = RedirectResponse(safe_next(target), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/")
    return response


async def sign_in(api: Api, email: str, password: str) -> str:
    """The API's login token for these credentials; ApiError when they are wrong."""
    body = await api.call("POST", "/api/auth/login", json={"email": email, "password": password})
    return str(body["access_token"])


async def sign_in_form(request: Request, form: Any) -> tuple[str | None, str, str]:
    """Sign in with a submitted form's email and password (this router's and the spec's own sign-in page):
    (token, email, "") or, refused, (None, email, what to tell the visitor)."""
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    async with Api(request) as api:
        try:
            return await sign_in(api, email, password), email, ""
        except ApiError as err:
            problem = "Wrong email or password" if err.status_code == 401 else "Enter an email and a password"
            return None, email, problem


def _account_page(
    request: Request, mode: str, errors: dict[str, str], email: str, status_code: int
) -> HTMLResponse:
    title = f"Sign up | {SITE.name}" if mode == "signup" else f"Sign in | {SITE.name}"
    context = {
        "mode": mode,
        "errors": errors,
        "email": email,
        "next": safe_next(request.query_params.get("next")),
    }
    return render(request, "account.html", title, context, status_code)


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request) -> HTMLResponse:
    return _account_page(request, "signin", {}, "", 200)


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request) -> HTMLResponse:
    return _account_page(request, "signup", {}, "", 200)


@router.post("/signin")
async def signin_submit(request: Request) -> Response:
    form = await request.form()
    token, email, problem = await sign_in_form(request, form)
    if token is None:
        return _account_page(request, "signin", {"": problem}, email, 400)
    return signed_in(token, str(form.get("next", "/")))


@router.post("/signup")
async def signup_submit(request: Request) -> Response:
    form = await request.form()
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    async with Api(request) as api:
        try:
            await api.call("POST", "/api/auth/register", json={"email": email, "password": password})
            token = await sign_in(api, email, password)
        except ApiError as err:
            errors = {
                k: ("Enter a valid email address" if k == "email" else v) for k, v in err.errors.items()
            }
            if "password" in errors:
                errors["password"] = "Use at least 8 characters"
            return _account_page(request, "signup", errors, email, 400)
    return signed_in(token, str(form.get("next", "/")))


@router.post("/signout")
def signout() -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
