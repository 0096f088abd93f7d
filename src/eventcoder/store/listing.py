"""The list order in SQL: date ascending, undated last, then id; pages resumed after a key.

Lists (articles, event reports) are read in pages: ``after`` is the
``(date or None, id)`` key of the last item of the previous page and ``limit``
caps the page.  The dated rows come first, then the undated ones; each part
is one query whose order an index on ``(date, id)`` gives, and ``after`` is a
row-value comparison on that index, so a page costs the same whatever the
table's size.  Ids are compared by the database (its collation), never in
Python, so the order and the resumption agree on every backend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Column, Row, Select, tuple_

__all__ = ["ListKey", "in_list_order"]

ListKey = tuple[dt.date | None, str]
"""Where a page ends: the (date or None, id) of its last item."""


def in_list_order(
    stream: Callable[[Select[Any]], Iterator[Row[Any]]],
    query: Select[Any],
    *,
    date: Column[Any],
    key: Column[Any],
    after: ListKey | None = None,
    limit: int | None = None,
) -> Iterator[Row[Any]]:
    """The rows of ``query`` in list order (``date`` ascending, NULL last, then ``key``), those after ``after``,
    at most ``limit``; ``stream`` runs a query and yields its rows."""
    count = 0
    if after is None or after[0] is not None:
        dated = query.where(date.is_not(None))
        if after is not None:
            dated = dated.where(tuple_(date, key) > tuple_(after[0], after[1]))
        dated = dated.order_by(date, key)
        for row in stream(dated if limit is None else dated.limit(limit)):
            yield row
            count += 1
        if limit is not None and count >= limit:
            return
    undated = query.where(date.is_(None))
    if after is not None and after[0] is None:
        undated = undated.where(key > after[1])
    undated = undated.order_by(key)
    yield from stream(undated if limit is None else undated.limit(limit - count))
