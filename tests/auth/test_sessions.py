"""Sign-in against the real server: login, refresh rotation and reuse detection, logout, bad tokens."""

from __future__ import annotations

import base64
import json
import stat
import time

import jwt

from tests.auth.live_auth import Account, AuthServer


def _secret(server: AuthServer) -> str:
    return (server.home / "jwt_secret").read_text().strip()


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_login_answers_the_contract_and_signs_hs256(auth_server: AuthServer) -> None:
    r = auth_server.http.post(
        "/auth/login", json={"email": auth_server.admin.email, "password": auth_server.admin.password}
    )
    body = r.json()
    assert r.status_code == 200
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 1800
    assert jwt.get_unverified_header(body["access_token"])["alg"] == "HS256"
    claims = _claims(body["access_token"])
    assert claims["exp"] - claims["iat"] == 1800 and claims["role"] == "admin"
    me = auth_server.http.get("/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["email"] == auth_server.admin.email


def test_wrong_password_and_unknown_email_get_the_same_401(auth_server: AuthServer) -> None:
    wrong = auth_server.http.post("/auth/login", json={"email": auth_server.admin.email, "password": "nope-nope"})
    unknown = auth_server.http.post("/auth/login", json={"email": "ghost@example.org", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "Incorrect email or password.", "error_code": "UNAUTHORIZED"}


def test_secret_is_generated_once_with_0600(auth_server: AuthServer) -> None:
    path = auth_server.home / "jwt_secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(_secret(auth_server)) >= 43
    jwt.decode(auth_server.admin.access_token, _secret(auth_server), algorithms=["HS256"], issuer="nexusforge")


def test_refresh_rotates_and_reuse_revokes_the_family(auth_server: AuthServer) -> None:
    user = auth_server.user()
    first_refresh, first_access = user.refresh_token, user.access_token
    r = auth_server.http.post("/auth/refresh", json={"refresh_token": first_refresh})
    assert r.status_code == 200
    second = r.json()
    assert second["refresh_token"] != first_refresh and second["expires_in"] == 1800
    rotated = Account(user.email, user.password, second["access_token"], second["refresh_token"])
    assert auth_server.http.get("/auth/me", headers=rotated.headers).status_code == 200

    reuse = auth_server.http.post("/auth/refresh", json={"refresh_token": first_refresh})
    assert reuse.status_code == 401 and reuse.json()["error_code"] == "UNAUTHORIZED"
    # the whole family is gone: the rotated refresh token and every access token of the session
    assert auth_server.http.post("/auth/refresh", json={"refresh_token": rotated.refresh_token}).status_code == 401
    assert auth_server.http.get("/auth/me", headers=rotated.headers).status_code == 401
    assert auth_server.http.get("/auth/me", headers={"Authorization": f"Bearer {first_access}"}).status_code == 401
    # another sign-in of the same user is a separate family and still works
    assert auth_server.http.get("/auth/me", headers=auth_server.login(user).headers).status_code == 200


def test_unknown_refresh_token_is_401(auth_server: AuthServer) -> None:
    r = auth_server.http.post("/auth/refresh", json={"refresh_token": "rt_not-a-token"})
    assert r.status_code == 401 and r.json()["error_code"] == "UNAUTHORIZED"


def test_logout_revokes_the_access_token_at_once(auth_server: AuthServer) -> None:
    user = auth_server.user()
    other_session = auth_server.login(Account(user.email, user.password))
    assert auth_server.http.get("/api/nexus-forge/builds", headers=user.headers).status_code == 200
    r = auth_server.http.post("/auth/logout", headers=user.headers)
    assert r.status_code == 200
    after = auth_server.http.get("/api/nexus-forge/builds", headers=user.headers)
    assert after.status_code == 401 and after.json()["error_code"] == "UNAUTHORIZED"
    assert auth_server.http.post("/auth/refresh", json={"refresh_token": user.refresh_token}).status_code == 401
    assert auth_server.http.get("/api/nexus-forge/builds", headers=other_session.headers).status_code == 200


def _forge(claims: dict, key: str, alg: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=alg)


def test_expired_tampered_foreign_and_alg_none_tokens_are_401(auth_server: AuthServer) -> None:
    user = auth_server.user()
    claims = _claims(user.access_token)
    secret = _secret(auth_server)
    now = int(time.time())
    expired = _forge({**claims, "iat": now - 4000, "exp": now - 60}, secret)
    header, payload, signature = user.access_token.split(".")
    raised = {**claims, "role": "admin"}
    tampered = ".".join(
        [header, base64.urlsafe_b64encode(json.dumps(raised).encode()).rstrip(b"=").decode(), signature]
    )
    none_header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    alg_none = f"{none_header}.{payload}."
    foreign = _forge(claims, "another-secret-that-is-long-enough-for-hs256!")
    hs512 = _forge(claims, secret, "HS512")
    for token, why in [
        (expired, "expired"),
        (tampered, "tampered"),
        (alg_none, "alg none"),
        (foreign, "foreign key"),
        (hs512, "other alg"),
        ("garbage", "garbage"),
    ]:
        r = auth_server.http.get("/api/nexus-forge/builds", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, why
        assert r.json()["error_code"] == "UNAUTHORIZED", why
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert "expired" in auth_server.http.get("/auth/me", headers={"Authorization": f"Bearer {expired}"}).text
    assert auth_server.http.get("/auth/me", headers=user.headers).status_code == 200  # the real one still works


def test_every_endpoint_but_health_login_refresh_and_docs_needs_credentials(auth_server: AuthServer) -> None:
    http = auth_server.http
    for method, path in [
        ("GET", "/api/nexus-forge/builds"),
        ("POST", "/api/nexus-forge/build"),
        ("GET", "/api/nexus-forge/build/abc"),
        ("DELETE", "/api/nexus-forge/build/abc"),
        ("GET", "/api/nexus-forge/build/abc/events"),
        ("POST", "/api/nexus-forge/deploy/abc"),
        ("GET", "/api/nexus-forge/templates"),
        ("POST", "/api/nexus-forge/build/from-template"),
        ("GET", "/api/config/models"),
        ("GET", "/api/keys"),
        ("POST", "/api/keys"),
        ("GET", "/api/metrics"),
        ("GET", "/metrics"),
        ("POST", "/auth/logout"),
        ("GET", "/artifacts/abc/mockups/x.png"),
    ]:
        r = http.request(method, path)
        assert r.status_code == 401, (method, path, r.status_code)
        assert r.json()["error_code"] == "UNAUTHORIZED"
    for path in ("/health", "/docs", "/openapi.json"):
        assert http.get(path).status_code == 200, path
