"""Users: argon2 password hashes, creation, sign-in checks, and the first admin."""

from __future__ import annotations

import asyncio
import re
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ...errors import ConflictError, InvalidInputError, UnauthorizedError
from .models import ROLES, AuthSession, User, utcnow
from .settings import AuthSettings

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ADMIN_NOTICE_FILE = "initial-admin.txt"

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 320:
        raise InvalidInputError("A valid email address is required.")
    return email


def check_password_strength(password: str, settings: AuthSettings) -> None:
    if len(password) < settings.min_password_length:
        raise InvalidInputError(f"Password must be at least {settings.min_password_length} characters.")


async def create_user(
    db: AsyncSession,
    settings: AuthSettings,
    *,
    email: str,
    password: str,
    role: str = "user",
    credits: int | None = None,
) -> User:
    if role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}")
    check_password_strength(password, settings)
    user = User(
        email=normalize_email(email),
        password_hash=hash_password(password),
        role=role,
        credits=settings.initial_credits if credits is None else credits,
    )
    db.add(user)
    try:
        await db.flush()
    except IntegrityError:
        await db.rollback()
        raise ConflictError("An account with that email already exists.") from None
    return user


async def set_password(db: AsyncSession, settings: AuthSettings, *, email: str, password: str) -> int:
    """Change the password and end every sign-in of the account (a changed password usually means the old one
    leaked); returns how many sessions ended. Tokens stop on their next request: every request reads the
    session."""
    check_password_strength(password, settings)
    user_id = await existing_user_id(db, email)
    await db.execute(update(User).where(User.id == user_id).values(password_hash=hash_password(password)))
    return await end_sessions(db, user_id, "password_changed")


async def set_active(db: AsyncSession, *, email: str, active: bool) -> int:
    """Allow or refuse an account's sign-ins, tokens and API keys; deactivating also ends its sessions, so a
    later reactivation does not bring old tokens back. Returns how many sessions ended."""
    user_id = await existing_user_id(db, email)
    await db.execute(update(User).where(User.id == user_id).values(is_active=active))
    return 0 if active else await end_sessions(db, user_id, "deactivated")


async def end_sessions(db: AsyncSession, user_id: str, reason: str) -> int:
    """Revoke every live session of a user: their access and refresh tokens are refused from now on."""
    result = await db.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def existing_user_id(db: AsyncSession, email: str) -> str:
    found = await db.scalar(select(User.id).where(User.email == normalize_email(email)))
    if found is None:
        raise InvalidInputError(f"No account {email!r}; create it with: nexusforge users create {email}")
    return found


async def verify_login(db: AsyncSession, email: str, password: str) -> User:
    """The active user with this email and password; one 401 for every way of getting it wrong."""
    user = (await db.execute(select(User).where(User.email == email.strip().lower()))).scalar_one_or_none()
    try:
        # argon2 is deliberately slow (~0.1-0.3 s): off the event loop, so other requests keep flowing
        await asyncio.to_thread(_hasher.verify, user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user = None
    if user is None or not user.is_active:
        raise UnauthorizedError("Incorrect email or password.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


@dataclass(frozen=True)
class AdminBootstrap:
    email: str
    created: bool
    password_file: Path | None = None


async def ensure_admin(
    sessionmaker: async_sessionmaker[AsyncSession], settings: AuthSettings, home: Path
) -> AdminBootstrap | None:
    """Create the first admin when there is none: from NEXUSFORGE_ADMIN_EMAIL/PASSWORD if set, otherwise with a
    generated password written to a 0600 file under ``home``, never to a log or the console."""
    async with sessionmaker() as db:
        if await db.scalar(select(func.count()).select_from(User).where(User.role == "admin")):
            return None
        if settings.admin_email and settings.admin_password:
            user = await create_user(
                db,
                settings,
                email=settings.admin_email,
                password=settings.admin_password.get_secret_value(),
                role="admin",
            )
            await db.commit()
            return AdminBootstrap(email=user.email, created=True)
        if settings.admin_email or settings.admin_password:
            raise InvalidInputError("Set both NEXUSFORGE_ADMIN_EMAIL and NEXUSFORGE_ADMIN_PASSWORD, or neither.")
        password = secrets.token_urlsafe(18)
        user = await create_user(db, settings, email="admin@localhost.localdomain", password=password, role="admin")
        path = _write_private(home / ADMIN_NOTICE_FILE, f"email: {user.email}\npassword: {password}\n")
        await db.commit()
        return AdminBootstrap(email=user.email, created=True, password_file=path)


def _write_private(path: Path, text: str) -> Path:
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(path, 0o600)
    return path


def print_admin_notice(boot: AdminBootstrap) -> None:
    """The one-time console notice: how to sign in. It names where the password is, never the password."""
    lines = [f"Nexus Forge: created the first admin account, {boot.email}."]
    if boot.password_file:
        lines += [
            f"Its generated password is in {boot.password_file} (readable only by you).",
            "Sign in with POST /auth/login, then change it: nexusforge users passwd " + boot.email,
            "and delete that file.",
        ]
    else:
        lines.append("Sign in with POST /auth/login using NEXUSFORGE_ADMIN_EMAIL and NEXUSFORGE_ADMIN_PASSWORD.")
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()
