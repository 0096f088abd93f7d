"""Event lists in SQL: the actors of each event report, and indexes in list order.

``event_actors`` holds one row per actor of each stored event report (its
entity id and its case-folded name), filled here from the stored records, so
the ``actor`` filter is a query.  The single-column indexes on event type,
start date and country become (column, date_start, id) indexes, so a page of
a list, filtered or not, walks an index instead of sorting the table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    """Create event_actors (filled from the stored event reports) and the list-order indexes."""
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=True),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event_reports.id"], name="fk_event_actors_event_id_event_reports", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "position", name="pk_event_actors"),
    )
    op.create_index("ix_event_actors_entity_id", "event_actors", ["entity_id"], unique=False)
    for column in ("event_type", "date_start", "country"):
        op.drop_index(f"ix_event_reports_{column}", table_name="event_reports")
    op.create_index("ix_event_reports_date_start_id", "event_reports", ["date_start", "id"], unique=False)
    op.create_index(
        "ix_event_reports_event_type_date_start_id", "event_reports", ["event_type", "date_start", "id"], unique=False
    )
    op.create_index(
        "ix_event_reports_country_date_start_id", "event_reports", ["country", "date_start", "id"], unique=False
    )
    _fill_actors()


def _fill_actors() -> None:
    conn = op.get_bind()
    reports = sa.table("event_reports", sa.column("id", sa.String()), sa.column("record", sa.Text()))
    actors = sa.table(
        "event_actors",
        sa.column("event_id", sa.String()),
        sa.column("position", sa.Integer()),
        sa.column("entity_id", sa.String()),
        sa.column("name_key", sa.String()),
    )
    last = ""
    while True:
        rows = conn.execute(
            sa.select(reports.c.id, reports.c.record).where(reports.c.id > last).order_by(reports.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        out = [
            {"event_id": row.id, "position": k, "entity_id": a.get("entity_id"), "name_key": str(a["name"]).casefold()}
            for row in rows
            for k, a in enumerate(json.loads(row.record).get("actors") or ())
        ]
        if out:
            conn.execute(actors.insert(), out)
        last = rows[-1].id


def downgrade() -> None:
    """Drop event_actors and restore the single-column indexes."""
    for name in ("date_start_id", "event_type_date_start_id", "country_date_start_id"):
        op.drop_index(f"ix_event_reports_{name}", table_name="event_reports")
    for column in ("event_type", "date_start", "country"):
        op.create_index(f"ix_event_reports_{column}", "event_reports", [column], unique=False)
    op.drop_index("ix_event_actors_entity_id", table_name="event_actors")
    op.drop_table("event_actors")
