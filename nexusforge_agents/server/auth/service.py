"""Sign-in sessions and credentials: login, refresh rotation with reuse detection, logout, and turning a bearer
token or API key into a ``Principal``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ...builds.db import read_only_sessions
from ...errors import UnauthorizedError
from .accounts import verify_login
from .models import ApiKey, AuthSession, RefreshToken, User, utcnow
from .principal import Principal, user_rate_key
from .settings import AuthSettings
from .tokens import TokenSigner, looks_like_api_key, new_refresh_token, sha256_hex

LAST_USED_RESOLUTION = timedelta(seconds=5)  # fewer writes: last_used is updated at most this often per key


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"


class AuthService:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], settings: AuthSettings) -> None:
        self.sessionmaker = sessionmaker
        self.reads = read_only_sessions(sessionmaker)  # the access check of every request: one round trip
        self.settings = settings
        self.signer = TokenSigner(
            settings.signing_secret(),
            algorithm=settings.jwt_algorithm,
            issuer=settings.jwt_issuer,
            ttl_s=settings.access_token_ttl_s,
        )

    async def login(self, email: str, password: str) -> TokenPair:
        async with self.sessionmaker() as db:
            user = await verify_login(db, email, password)
            session = AuthSession(
                user_id=user.id, expires_at=utcnow() + timedelta(seconds=self.settings.refresh_token_ttl_s)
            )
            db.add(session)
            await db.flush()
            pair = await self._issue(db, user, session)
            await db.commit()
            return pair

    async def refresh(self, refresh_token: str) -> TokenPair:
        """Rotate: the presented token is spent and a new pair issued. A spent token presented again means it
        leaked (or was stolen and used first): the whole session, every token of its family, is revoked."""
        token_hash = sha256_hex(refresh_token)
        async with self.sessionmaker() as db:
            row = await db.get(RefreshToken, token_hash)
            if row is None:
                raise UnauthorizedError("Invalid refresh token.")
            session = await db.get(AuthSession, row.session_id)
            user = await db.get(User, session.user_id) if session else None
            if session is None or user is None or not _live(session) or not user.is_active:
                raise UnauthorizedError("Session has ended; sign in again.")
            spent = await db.execute(
                update(RefreshToken)
                .where(RefreshToken.token_hash == token_hash, RefreshToken.used_at.is_(None))
                .values(used_at=utcnow())
            )
            if spent.rowcount != 1:  # type: ignore[attr-defined]
                await self._revoke(db, session.id, "refresh_reuse")
                await db.commit()
                raise UnauthorizedError("Refresh token was already used; the session is revoked. Sign in again.")
            pair = await self._issue(db, user, session)
            await db.commit()
            return pair

    async def logout(self, session_id: str) -> None:
        async with self.sessionmaker() as db:
            await self._revoke(db, session_id, "logout")
            await db.commit()

    def rate_key_of(self, token: str) -> str | None:
        """The rate-limit key a bearer JWT will be counted under, read from the token itself (401 if it is not
        valid); None for an API key, whose key is known only from the database."""
        if looks_like_api_key(token):
            return None
        return user_rate_key(self.signer.verify(token).user_id)

    async def authenticate(self, token: str) -> Principal:
        """A bearer JWT or an API key (``pk_live_...``) to the caller it stands for, or 401."""
        if looks_like_api_key(token):
            return await self._from_api_key(token)
        claims = self.signer.verify(token)
        # No cache: one indexed read per request, so a logout, a password change or a deactivation made by any
        # process (another server, `nexusforge users ...`) stops the token on its very next request.
        async with self.reads() as db:
            row = (
                await db.execute(
                    select(AuthSession, User)
                    .join(User, User.id == AuthSession.user_id)
                    .where(AuthSession.id == claims.session_id)
                )
            ).first()
        if row is None:
            raise UnauthorizedError("Invalid access token.")
        session, user = row
        if user.id != claims.user_id or not _live(session) or not user.is_active:
            raise UnauthorizedError("Session has ended; sign in again.")
        return Principal(user_id=user.id, email=user.email, role=user.role, via="jwt", session_id=session.id)

    async def _from_api_key(self, key: str) -> Principal:
        async with self.sessionmaker() as db:
            row = (
                await db.execute(
                    select(ApiKey, User).join(User, User.id == ApiKey.user_id).where(ApiKey.key_hash == sha256_hex(key))
                )
            ).first()
            if row is None or row[0].revoked_at is not None or not row[1].is_active:
                raise UnauthorizedError("Invalid API key.")
            api_key, user = row
            now = utcnow()
            if api_key.last_used is None or now - api_key.last_used >= LAST_USED_RESOLUTION:
                await db.execute(update(ApiKey).where(ApiKey.id == api_key.id).values(last_used=now))
                await db.commit()
        return Principal(
            user_id=user.id,
            email=user.email,
            role=user.role,
            via="api_key",
            key_id=api_key.id,
            permissions=frozenset(api_key.permissions),
            key_rate_limit=api_key.rate_limit,
        )

    async def _issue(self, db: AsyncSession, user: User, session: AuthSession) -> TokenPair:
        refresh = new_refresh_token()
        db.add(RefreshToken(token_hash=sha256_hex(refresh), session_id=session.id))
        access = self.signer.issue(user_id=user.id, session_id=session.id, role=user.role)
        return TokenPair(access_token=access, refresh_token=refresh, expires_in=self.signer.ttl_s)

    async def _revoke(self, db: AsyncSession, session_id: str, reason: str) -> None:
        await db.execute(
            update(AuthSession)
            .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason)
        )


def _live(session: AuthSession, now: datetime | None = None) -> bool:
    return session.revoked_at is None and session.expires_at > (now or utcnow())
