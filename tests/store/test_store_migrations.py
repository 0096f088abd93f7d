"""A database migrated to head has exactly the schema of ``eventcoder.store.schema`` (both backends)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from eventcoder.store import open_store
from eventcoder.store.engine import MIGRATIONS, resolve_url
from eventcoder.store.schema import metadata


def test_migrated_schema_matches_metadata(store_url: str) -> None:
    open_store(store_url).close()
    engine = create_engine(resolve_url(store_url))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            assert context.get_current_revision() == ScriptDirectory(str(MIGRATIONS)).get_current_head()
            tables = set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert tables == {*metadata.tables, "alembic_version"}


def test_empty_metadata_would_differ(store_url: str) -> None:
    """The comparison above can fail: against a database without our tables it reports every table."""
    engine = create_engine(resolve_url(store_url))
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert {d[1].name for d in diff if d[0] == "add_table"} == set(metadata.tables)
