"""Storage: SQLAlchemy Core tables and Alembic migrations; SQLite by default, PostgreSQL by URL.

    from eventcoder.store import open_store
    with open_store("out/eventcoder.sqlite") as store:
        result = store.add_articles(articles)
        for article in store.iter_articles(language="es"):
            ...

A plain path means a SQLite file (WAL journal, foreign keys on, busy
timeout); ``postgresql+psycopg://user@host/db`` (or ``postgresql://``) means
PostgreSQL.  Opening migrates the database to the newest schema.  Every
record is stored as its full pydantic JSON beside the columns used to filter
and order, so what is read back equals what was written.
"""

from __future__ import annotations

from eventcoder.store.store import Store, open_store
from eventcoder.store.types import AddResult, StoreStats

__all__ = ["AddResult", "Store", "StoreStats", "open_store"]
