"""Operator commands: ``nexusforge users ...`` and ``nexusforge keys ...`` against the server's database.

Passwords are read from a hidden prompt or from standard input, never from the command line (which other users
of the machine can see in the process list and shells keep in their history).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ...builds.drivers import MissingDriverError
from ...config import Settings
from ...errors import NexusForgeError
from .accounts import create_user, existing_user_id, set_active, set_password
from .keys import NewKey, create_key, list_keys, parse_permissions, revoke_key
from .models import User
from .settings import AuthSettings

T = TypeVar("T")
Stdin = Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")]
err = typer.echo


def _run(work: Callable[[AsyncSession, AuthSettings], Awaitable[T]]) -> T:
    """Open the server's database (tables created if missing), run ``work`` in one transaction."""
    from ...builds.db import Database
    from ..settings import ServerSettings

    async def main() -> T:
        db = Database(ServerSettings().resolved_database_url(Settings()))
        try:
            await db.create_all()
            async with db.sessions() as session:
                result = await work(session, AuthSettings())
                await session.commit()
                return result
        finally:
            await db.dispose()

    try:
        return asyncio.run(main())
    except NexusForgeError as exc:
        typer.echo(f"error {exc.error_code}: {exc.message}", err=True)
        raise typer.Exit(1) from None
    except MissingDriverError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise typer.BadParameter("no password on standard input")
        return password
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def register(app: typer.Typer) -> None:
    users = typer.Typer(help="Accounts of the hosted API.", no_args_is_help=True)
    keys = typer.Typer(help="API keys of the hosted API.", no_args_is_help=True)
    app.add_typer(users, name="users")
    app.add_typer(keys, name="keys")

    @users.command("create")
    def users_create(
        email: Annotated[str, typer.Argument(help="The account's email (its sign-in name).")],
        role: Annotated[str, typer.Option(help="user or admin.")] = "user",
        credits: Annotated[int | None, typer.Option(help="Starting credits (default: settings).")] = None,
        password_stdin: Stdin = False,
    ) -> None:
        """Create an account (password from a hidden prompt or --password-stdin)."""
        password = _read_password(password_stdin)

        async def work(db: AsyncSession, settings: AuthSettings) -> str:
            user = await create_user(db, settings, email=email, password=password, role=role, credits=credits)
            return f"created {user.role} {user.email} ({user.id}) with {user.credits} credits"

        typer.echo(_run(work))

    @users.command("passwd")
    def users_passwd(email: str, password_stdin: Stdin = False) -> None:
        """Set an account's password and end all its sessions (its tokens stop working at once)."""
        password = _read_password(password_stdin)

        async def work(db: AsyncSession, settings: AuthSettings) -> int:
            return await set_password(db, settings, email=email, password=password)

        ended = _run(work)
        typer.echo(f"password changed for {email}; {ended} session(s) ended, sign in again")

    @users.command("deactivate")
    def users_deactivate(email: str) -> None:
        """Refuse an account at once: its sessions end, its tokens and API keys stop working."""

        async def work(db: AsyncSession, _: AuthSettings) -> int:
            return await set_active(db, email=email, active=False)

        ended = _run(work)
        typer.echo(f"deactivated {email}; {ended} session(s) ended")

    @users.command("activate")
    def users_activate(email: str) -> None:
        """Allow a deactivated account to sign in again (its old sessions stay ended)."""

        async def work(db: AsyncSession, _: AuthSettings) -> int:
            return await set_active(db, email=email, active=True)

        _run(work)
        typer.echo(f"activated {email}")

    @users.command("credits")
    def users_credits(
        email: str, add: Annotated[int, typer.Option(help="Credits to add (negative to take away).")] = 0
    ) -> None:
        """Show or change an account's credit balance."""

        async def work(db: AsyncSession, _: AuthSettings) -> int:
            user_id = await existing_user_id(db, email)
            if add:
                await db.execute(update(User).where(User.id == user_id).values(credits=User.credits + add))
            return int(await db.scalar(select(User.credits).where(User.id == user_id)) or 0)

        typer.echo(f"{email}: {_run(work)} credits")

    @users.command("list")
    def users_list() -> None:
        """List accounts (email, role, credits)."""

        async def work(db: AsyncSession, _: AuthSettings) -> list[User]:
            return list(await db.scalars(select(User).order_by(User.created_at)))

        for user in _run(work):
            state = "" if user.is_active else "  (deactivated)"
            typer.echo(f"{user.id}  {user.email}  {user.role}  {user.credits} credits{state}")

    @keys.command("create")
    def keys_create(
        email: Annotated[str, typer.Argument(help="The account the key acts for.")],
        name: Annotated[str, typer.Option(help="What the key is for.")],
        permissions: Annotated[str, typer.Option(help="Comma-separated: build, deploy, read.")] = "read",
        rate_limit: Annotated[int, typer.Option(help="Requests per window (NEXUSFORGE_API_KEY_RATE_WINDOW).")] = 100,
    ) -> None:
        """Create an API key; the full key is printed once, on standard output."""
        spec = NewKey(name=name, permissions=parse_permissions(permissions), rate_limit=rate_limit)

        async def work(db: AsyncSession, _: AuthSettings) -> str:
            created = await create_key(db, await existing_user_id(db, email), spec)
            err(f"created {created.view.id} ({created.view.key}); store the key now, it is not shown again", err=True)
            return created.secret

        typer.echo(_run(work))

    @keys.command("list")
    def keys_list(email: str) -> None:
        """List an account's API keys, masked."""

        async def work(db: AsyncSession, _: AuthSettings) -> list[str]:
            views = await list_keys(db, await existing_user_id(db, email))
            return [f"{v.id}  {v.key}  {v.name}  {','.join(v.permissions)}  {v.rate_limit}/window" for v in views]

        for line in _run(work):
            typer.echo(line)

    @keys.command("revoke")
    def keys_revoke(email: str, key_id: str) -> None:
        """Revoke one of an account's API keys."""

        async def work(db: AsyncSession, _: AuthSettings) -> None:
            await revoke_key(db, await existing_user_id(db, email), key_id)

        _run(work)
        typer.echo(f"revoked {key_id}")
