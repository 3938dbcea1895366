"""Access tokens (HS256 JWTs), refresh tokens and API keys.

Refresh tokens and API keys are 256-bit random strings, stored only as their sha256. A fast unsalted hash is
right for these (unlike passwords): with 2**256 possible values there is nothing to guess or precompute, and a
fast hash lets every request look its key up by an indexed column in one query.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from ...errors import UnauthorizedError

API_KEY_PREFIX = "pk_live_"
REFRESH_PREFIX = "rt_"
ACCESS_TYPE = "access"
VERIFIED_CACHE_SIZE = 4096


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_refresh_token() -> str:
    return REFRESH_PREFIX + secrets.token_urlsafe(32)


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def mask_api_key(key: str) -> str:
    """``pk_live_abcd...1234``: enough to recognise a key, far too little to use it."""
    body = key.removeprefix(API_KEY_PREFIX)
    return f"{API_KEY_PREFIX}{body[:4]}...{body[-4:]}"


def looks_like_api_key(token: str) -> bool:
    return token.startswith(API_KEY_PREFIX)


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    session_id: str
    role: str
    expires_at: int


class TokenSigner:
    """Issues and verifies access tokens with one secret and one pinned algorithm."""

    def __init__(self, secret: str, *, algorithm: str = "HS256", issuer: str, ttl_s: int) -> None:
        self._secret = secret
        self._algorithm = algorithm
        self._issuer = issuer
        self.ttl_s = ttl_s
        self._verified: dict[str, AccessClaims] = {}

    def __repr__(self) -> str:  # never show the secret in a traceback or a debugger
        return f"TokenSigner(algorithm={self._algorithm!r}, issuer={self._issuer!r}, ttl_s={self.ttl_s})"

    def issue(self, *, user_id: str, session_id: str, role: str, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims: dict[str, Any] = {
            "sub": user_id,
            "sid": session_id,
            "role": role,
            "typ": ACCESS_TYPE,
            "iss": self._issuer,
            "iat": issued,
            "exp": issued + self.ttl_s,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm=self._algorithm)

    def verify(self, token: str) -> AccessClaims:
        """Signature, algorithm, expiry, issuer and shape; revocation is the caller's (it needs the database).

        A token verified before is answered from memory until it expires (decoding and checking a JWT costs a
        status poll about as much CPU as its database read); the revocation check still runs on every request."""
        known = self._verified.get(token)
        if known is not None:
            if known.expires_at <= time.time():
                raise UnauthorizedError("Access token has expired; refresh it or sign in again.")
            return known
        claims = self._decode(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.pop(next(iter(self._verified)))  # the oldest
        self._verified[token] = claims
        return claims

    def _decode(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[self._algorithm],
                issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "sid", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise UnauthorizedError("Access token has expired; refresh it or sign in again.") from None
        except jwt.PyJWTError:
            raise UnauthorizedError("Invalid access token.") from None
        if claims.get("typ") != ACCESS_TYPE or not isinstance(claims.get("role"), str):
            raise UnauthorizedError("Invalid access token.")
        return AccessClaims(
            user_id=str(claims["sub"]), session_id=str(claims["sid"]), role=claims["role"], expires_at=claims["exp"]
        )
