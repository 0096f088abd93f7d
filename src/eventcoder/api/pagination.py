"""Cursor pagination over the store's ordered streams.

A cursor is opaque to clients: URL-safe base64 of the JSON sort key of the
last item returned.  Resuming skips items up to and including that item, so
a page never repeats or drops an item while the store is unchanged, whatever
the database's collation.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from eventcoder.api.errors import ApiError

__all__ = ["Page", "SortKey", "date_key", "decode_cursor", "encode_cursor", "list_key", "paginate"]

T = TypeVar("T")
SortKey = list[Any]


def date_key(day: dt.date | None, *rest: Any) -> SortKey:
    """Sort key of the store's 'date ascending, undated last, then ...' order."""
    return [day is None, day.isoformat() if day else "", *rest]


def encode_cursor(key: SortKey) -> str:
    """Opaque cursor for a sort key."""
    raw = json.dumps(key, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> SortKey:
    """The sort key inside ``cursor``; ApiError 400 when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ApiError(400, "invalid cursor") from None
    if not isinstance(key, list) or not key:
        raise ApiError(400, "invalid cursor")
    return key


def list_key(key: SortKey) -> tuple[dt.date | None, str]:
    """The store's ``(date or None, id)`` page key inside a ``date_key`` cursor; ApiError 400 for another cursor."""
    if len(key) == 3 and isinstance(key[0], bool) and isinstance(key[1], str) and isinstance(key[2], str):
        if key[0]:
            return None, key[2]
        try:
            return dt.date.fromisoformat(key[1]), key[2]
        except ValueError:
            pass
    raise ApiError(400, "invalid cursor")


def cursor_date(key: SortKey) -> dt.date | None:
    """The date inside a ``date_key`` cursor (None for undated or non-date keys)."""
    if len(key) >= 2 and key[0] is False and isinstance(key[1], str):
        try:
            return dt.date.fromisoformat(key[1])
        except ValueError:
            return None
    return None


class Page(list[T]):
    """One page of items and the cursor of the next page (None on the last page)."""

    next_cursor: str | None = None


def paginate(items: Iterable[T], key: Callable[[T], SortKey], *, after: SortKey | None, limit: int) -> Page[T]:
    """Up to ``limit`` items of ``items`` (already in ``key`` order) that come after the key ``after``."""
    page: Page[T] = Page()
    started = after is None
    for item in items:
        if not started:
            k = key(item)
            if k == after:
                started = True
                continue
            if not _before(k, after):
                started = True
            else:
                continue
        if len(page) == limit:
            page.next_cursor = encode_cursor(key(page[-1]))
            break
        page.append(item)
    return page


def _before(a: SortKey, b: SortKey | None) -> bool:
    if b is None:
        return False
    try:
        return bool(a < b)
    except TypeError:
        return False
