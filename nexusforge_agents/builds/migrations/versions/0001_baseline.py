"""Baseline: builds, their event log, deployments, accounts (users, sessions, API keys, credits, server runs).

Revision ID: 0001
Revises:
Create Date: 2026-11-29 07:31:57.728595

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The schema as of the first release with migrations. A database that ``create_all`` made before then
    already has some or all of these tables: only the missing ones are created, and it is adopted as is."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())

    def _missing(name: str) -> bool:
        return name not in existing

    if _missing("builds"):
        op.create_table(
            "builds",
            sa.Column("session_id", sa.String(length=64), nullable=False),
            sa.Column("owner_id", sa.String(length=64), nullable=True),
            sa.Column("prompt", sa.Text(), nullable=False),
            sa.Column("config", sa.JSON(), nullable=False),
            sa.Column("template_id", sa.String(length=64), nullable=True),
            sa.Column("status", sa.String(length=32), nullable=False),
            sa.Column("progress", sa.Integer(), nullable=False),
            sa.Column("current_phase", sa.String(length=32), nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("duration_s", sa.Float(), nullable=True),
            sa.Column("app_name", sa.String(length=200), nullable=True),
            sa.Column("app_description", sa.Text(), nullable=True),
            sa.Column("deployment_url", sa.String(length=500), nullable=True),
            sa.Column("output_dir", sa.Text(), nullable=False),
            sa.Column("result", sa.JSON(), nullable=True),
            sa.Column("error", sa.JSON(), nullable=True),
            sa.Column("last_seq", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("session_id"),
        )
        with op.batch_alter_table("builds", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_builds_owner_id"), ["owner_id"], unique=False)
            batch_op.create_index(batch_op.f("ix_builds_started_at"), ["started_at"], unique=False)
            batch_op.create_index(batch_op.f("ix_builds_status"), ["status"], unique=False)

    if _missing("server_runs"):
        op.create_table(
            "server_runs",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_table(
            "users",
            sa.Column("id", sa.String(length=40), nullable=False),
            sa.Column("email", sa.String(length=320), nullable=False),
            sa.Column("password_hash", sa.String(length=255), nullable=False),
            sa.Column("role", sa.String(length=16), nullable=False),
            sa.Column("credits", sa.Integer(), nullable=False),
            sa.Column("is_active", sa.Boolean(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("users", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_users_email"), ["email"], unique=True)

    if _missing("api_keys"):
        op.create_table(
            "api_keys",
            sa.Column("id", sa.String(length=40), nullable=False),
            sa.Column("user_id", sa.String(length=40), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("key_hash", sa.String(length=64), nullable=False),
            sa.Column("masked", sa.String(length=32), nullable=False),
            sa.Column("permissions", sa.JSON(), nullable=False),
            sa.Column("rate_limit", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("last_used", sa.DateTime(timezone=True), nullable=True),
            sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("api_keys", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_api_keys_key_hash"), ["key_hash"], unique=True)
            batch_op.create_index(batch_op.f("ix_api_keys_user_id"), ["user_id"], unique=False)

    if _missing("auth_sessions"):
        op.create_table(
            "auth_sessions",
            sa.Column("id", sa.String(length=40), nullable=False),
            sa.Column("user_id", sa.String(length=40), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("revoked_reason", sa.String(length=32), nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_auth_sessions_user_id"), ["user_id"], unique=False)

    if _missing("build_events"):
        op.create_table(
            "build_events",
            sa.Column("session_id", sa.String(length=64), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("type", sa.String(length=32), nullable=False),
            sa.Column("data", sa.JSON(), nullable=False),
            sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["session_id"], ["builds.session_id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("session_id", "seq"),
        )
        op.create_table(
            "credit_charges",
            sa.Column("id", sa.String(length=40), nullable=False),
            sa.Column("user_id", sa.String(length=40), nullable=False),
            sa.Column("session_id", sa.String(length=64), nullable=True),
            sa.Column("amount", sa.Integer(), nullable=False),
            sa.Column("state", sa.String(length=16), nullable=False),
            sa.Column("reason", sa.String(length=64), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("credit_charges", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_credit_charges_session_id"), ["session_id"], unique=False)
            batch_op.create_index(batch_op.f("ix_credit_charges_state"), ["state"], unique=False)
            batch_op.create_index(batch_op.f("ix_credit_charges_user_id"), ["user_id"], unique=False)

    if _missing("deployments"):
        op.create_table(
            "deployments",
            sa.Column("deployment_id", sa.String(length=64), nullable=False),
            sa.Column("session_id", sa.String(length=64), nullable=False),
            sa.Column("owner_id", sa.String(length=64), nullable=True),
            sa.Column("target", sa.String(length=32), nullable=False),
            sa.Column("environment", sa.String(length=32), nullable=False),
            sa.Column("domain", sa.String(length=253), nullable=True),
            sa.Column("options", sa.JSON(), nullable=False),
            sa.Column("status", sa.String(length=32), nullable=False),
            sa.Column("url", sa.String(length=500), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["session_id"], ["builds.session_id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("deployment_id"),
        )
        with op.batch_alter_table("deployments", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_deployments_session_id"), ["session_id"], unique=False)

    if _missing("refresh_tokens"):
        op.create_table(
            "refresh_tokens",
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("session_id", sa.String(length=40), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["session_id"], ["auth_sessions.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("token_hash"),
        )
        with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_refresh_tokens_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_session_id"))

    op.drop_table("refresh_tokens")
    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deployments_session_id"))

    op.drop_table("deployments")
    with op.batch_alter_table("credit_charges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_charges_user_id"))
        batch_op.drop_index(batch_op.f("ix_credit_charges_state"))
        batch_op.drop_index(batch_op.f("ix_credit_charges_session_id"))

    op.drop_table("credit_charges")
    op.drop_table("build_events")
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_sessions_user_id"))

    op.drop_table("auth_sessions")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_user_id"))
        batch_op.drop_index(batch_op.f("ix_api_keys_key_hash"))

    op.drop_table("api_keys")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_email"))

    op.drop_table("users")
    op.drop_table("server_runs")
    with op.batch_alter_table("builds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_builds_status"))
        batch_op.drop_index(batch_op.f("ix_builds_started_at"))
        batch_op.drop_index(batch_op.f("ix_builds_owner_id"))

    op.drop_table("builds")
