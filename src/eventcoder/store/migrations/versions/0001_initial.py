"""Initial schema: articles, ingest runs, analyses, resolutions, entities, events, claims, incidents.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Hand-written to match ``eventcoder.store.schema`` (a test checks that a
database migrated to head has no difference from that metadata).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _article_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"], ["articles.id"], name=f"fk_{table}_article_id_articles", ondelete="CASCADE"
    )


def _index(table: str, *columns: str) -> None:
    op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns), unique=False)


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    _index("articles", "language")
    _index("articles", "published", "id")
    _index("articles", "source")

    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )
    _index("ingest_runs", "started_at")

    op.create_table(
        "run_skips",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ingest_runs.id"], name="fk_run_skips_run_id_ingest_runs", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_run_skips"),
    )
    _index("run_skips", "reason")
    _index("run_skips", "run_id")

    op.create_table(
        "analyses",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("backend", sa.String(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        _article_fk("analyses"),
        sa.PrimaryKeyConstraint("article_id", name="pk_analyses"),
    )

    op.create_table(
        "entities",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entities"),
    )
    _index("entities", "country")
    _index("entities", "kind")

    op.create_table(
        "resolutions",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        _article_fk("resolutions"),
        sa.PrimaryKeyConstraint("article_id", name="pk_resolutions"),
    )

    op.create_table(
        "resolution_entities",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["resolutions.article_id"],
            name="fk_resolution_entities_article_id_resolutions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name="fk_resolution_entities_entity_id_entities"),
        sa.PrimaryKeyConstraint("article_id", "entity_id", name="pk_resolution_entities"),
    )
    _index("resolution_entities", "entity_id")

    op.create_table(
        "event_reports",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("place_entity_id", sa.String(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        _article_fk("event_reports"),
        sa.PrimaryKeyConstraint("id", name="pk_event_reports"),
    )
    for column in ("article_id", "country", "date_start", "event_type"):
        _index("event_reports", column)

    op.create_table(
        "claims",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("speaker_entity_id", sa.String(), nullable=True),
        sa.Column("sentence_index", sa.Integer(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        _article_fk("claims"),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
    )
    _index("claims", "article_id")
    _index("claims", "kind")

    op.create_table(
        "incidents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("n_reports", sa.Integer(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    for column in ("country", "date_start", "event_type"):
        _index("incidents", column)

    op.create_table(
        "incident_articles",
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        _article_fk("incident_articles"),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name="fk_incident_articles_incident_id_incidents", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("incident_id", "article_id", name="pk_incident_articles"),
    )
    _index("incident_articles", "article_id")

    op.create_table(
        "processing",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        _article_fk("processing"),
        sa.PrimaryKeyConstraint("article_id", name="pk_processing"),
    )


def downgrade() -> None:
    """Drop every table (children first)."""
    for table in (
        "processing",
        "incident_articles",
        "incidents",
        "claims",
        "event_reports",
        "resolution_entities",
        "resolutions",
        "entities",
        "analyses",
        "run_skips",
        "ingest_runs",
        "articles",
    ):
        op.drop_table(table)
