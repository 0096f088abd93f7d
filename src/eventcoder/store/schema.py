"""The store's tables (SQLAlchemy Core).

One table per record type.  Each has the columns needed to filter and order
(ids, article id, language, dates, event type, country...) and a ``record``
column with the record's full pydantic JSON, read back with
``Model.model_validate_json`` so every record round-trips exactly.  Rows that
belong to an article reference it with ``ON DELETE CASCADE``, and the store
also deletes them explicitly, so no backend leaves orphans.

``migrations/versions/`` must produce exactly this schema; a test compares a
migrated database with this metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "analyses",
    "articles",
    "claims",
    "corrections",
    "entities",
    "event_actors",
    "event_reports",
    "incident_articles",
    "incident_changes",
    "incidents",
    "ingest_runs",
    "metadata",
    "processing",
    "resolution_entities",
    "resolutions",
    "run_skips",
]

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _article_fk(*, primary_key: bool = False) -> Column[str]:
    return Column(
        "article_id",
        String,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
        index=not primary_key,
    )


articles = Table(
    "articles",
    metadata,
    Column("id", String, primary_key=True),
    Column("language", String, nullable=False, index=True),
    Column("published", Date, nullable=True),
    Column("source", String, nullable=True, index=True),
    Column("record", Text, nullable=False),
    Index(None, "published", "id"),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", String, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False, index=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("status", String, nullable=False),
    Column("inputs", Text, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    # Who runs it and when it last committed a batch: a run left "running" by a process that is gone is
    # reported (and, when the next run starts, marked) "interrupted" (migration 0003).
    Column("pid", Integer, nullable=True),
    Column("host", String, nullable=True),
    Column("heartbeat_at", DateTime(timezone=True), nullable=True),
)

run_skips = Table(
    "run_skips",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String, ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("origin", String, nullable=False),
    Column("reason", String, nullable=False, index=True),
    Column("detail", Text, nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    _article_fk(primary_key=True),
    Column("language", String, nullable=False),
    Column("backend", String, nullable=False),
    Column("record", Text, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String, primary_key=True),
    Column("kind", String, nullable=False, index=True),
    Column("name", String, nullable=False),
    Column("country", String, nullable=True, index=True),
    Column("record", Text, nullable=False),
)

resolutions = Table(
    "resolutions",
    metadata,
    _article_fk(primary_key=True),
    Column("record", Text, nullable=False),
)

resolution_entities = Table(
    "resolution_entities",
    metadata,
    Column(
        "article_id",
        String,
        ForeignKey("resolutions.article_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("entity_id", String, ForeignKey("entities.id"), primary_key=True, index=True),
)

event_reports = Table(
    "event_reports",
    metadata,
    Column("id", String, primary_key=True),
    _article_fk(),
    Column("event_type", String, nullable=False),
    Column("status", String, nullable=False),
    Column("date_start", Date, nullable=True),
    Column("date_end", Date, nullable=True),
    Column("country", String, nullable=True),
    Column("place_entity_id", String, nullable=True),
    Column("confidence", Float, nullable=False),
    Column("record", Text, nullable=False),
    # The list order is (date_start, id): pages walk an index, alone or after an equality on type or country.
    Index(None, "date_start", "id"),
    Index(None, "event_type", "date_start", "id"),
    Index(None, "country", "date_start", "id"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String, ForeignKey("event_reports.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("entity_id", String, nullable=True, index=True),
    Column("name_key", String, nullable=False),  # the actor's name, str.casefold()-ed: the actor filter's needle
)

claims = Table(
    "claims",
    metadata,
    Column("id", String, primary_key=True),
    _article_fk(),
    Column("kind", String, nullable=False, index=True),
    Column("speaker_entity_id", String, nullable=True),
    Column("sentence_index", Integer, nullable=False),
    Column("record", Text, nullable=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String, primary_key=True),
    Column("event_type", String, nullable=False, index=True),
    Column("status", String, nullable=False),
    Column("date_start", Date, nullable=True, index=True),
    Column("date_end", Date, nullable=True),
    Column("country", String, nullable=True, index=True),
    Column("n_reports", Integer, nullable=False),
    Column("record", Text, nullable=False),
)

incident_articles = Table(
    "incident_articles",
    metadata,
    Column("incident_id", String, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True),
)

processing = Table(
    "processing",
    metadata,
    _article_fk(primary_key=True),
    Column("version", String, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
    # 1 once the article's events are clustered into incidents; 0 between extraction and clustering, so a
    # run killed in between is found and finished by the next one.
    Column("clustered", Integer, nullable=False, server_default="1"),
    # Set when the article was not processed (e.g. too_costly), with why; its events are then empty.
    Column("skip_reason", String, nullable=True, index=True),
    Column("skip_detail", Text, nullable=True),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", String, primary_key=True),
    Column("target_kind", String, nullable=False),
    Column("target_id", String, nullable=False, index=True),
    Column("action", String, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("active", Integer, nullable=False),
    Column("record", Text, nullable=False),
)

incident_changes = Table(
    "incident_changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String, nullable=False, unique=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String, nullable=False),
    Column("incident_id", String, nullable=False, index=True),
    Column("record", Text, nullable=False),
)
