"""Alembic environment for eventcoder's store.

Run programmatically by ``eventcoder.store.engine.migrate``, which passes an
open connection in ``config.attributes["connection"]`` (inside a transaction);
no alembic.ini is needed.  For hand use (``alembic revision``) a URL can be
given as ``sqlalchemy.url`` in the config instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from eventcoder.store.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("eventcoder migrations need a connection or sqlalchemy.url")
    with create_engine(url).begin() as conn:
        _run(conn)
