"""Text helpers of ingestion: normalisation, stable article ids, metadata dates."""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import hashlib
import re
import unicodedata
from collections.abc import Sequence

import dateparser

__all__ = ["article_id", "clean_line", "normalise_text", "parse_date", "strip_controls"]

_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_MANY_NEWLINES = re.compile(r"\n{3,}")
_WHITESPACE_RUN = re.compile(r"\s+")
# C0 control characters other than tab, line feed, vertical tab, form feed and carriage return, and DEL:
# never text, and NUL is refused by PostgreSQL.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}


def normalise_text(text: str) -> str:
    """Return ``text`` as stored: NFC, ``\\n`` line ends, no trailing spaces, at most one blank line in a row.

    Control characters (NUL and the other C0 controls but tab, line and page
    breaks; DEL) are removed, the same whatever the store.  Leading and
    trailing blank space of the whole text is removed too; every later
    stage's offsets index into the string this returns.
    """
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\ufeff", "")
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def strip_controls(text: str) -> str:
    """``text`` without control characters (NUL and the C0 controls but tab and line breaks; DEL)."""
    return _CONTROLS.sub("", text)


def clean_line(text: str | None) -> str | None:
    """Collapse whitespace of a one-line value (title, source), controls removed; None when nothing is left."""
    if text is None:
        return None
    out = _WHITESPACE_RUN.sub(" ", unicodedata.normalize("NFC", _CONTROLS.sub("", text))).strip()
    return out or None


def article_id(text: str) -> str:
    """Stable id of an article body: ``'a_'`` + first 16 hex digits of SHA-256 of the normalised text.

    The text is NFC-normalised, whitespace runs collapsed to one space,
    stripped and casefolded first, so the same body read from different
    formats (with different line breaking) gets the same id.
    """
    key = _WHITESPACE_RUN.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()
    return "a_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def parse_date(raw: str | None, *, languages: Sequence[str] = ()) -> dt.date | None:
    """Parse a metadata date (ISO 8601, RFC 822, '14 September 2022', ...) to a date, or None.

    Dates with a time zone keep the publisher's local calendar day.  A value
    without day, month and year (or without any digit) is not guessed: None.
    ``languages`` restricts dateparser's month names (ISO 639-1 codes).
    """
    if raw is None:
        return None
    return _parse_date(raw.strip(), tuple(languages))


@functools.lru_cache(maxsize=4096)
def _parse_date(s: str, languages: tuple[str, ...]) -> dt.date | None:
    """Cached: feeds and JSON dumps repeat the same date strings, and dateparser is slow."""
    if not s or not any(ch.isdigit() for ch in s):
        return None
    if _ISO_DATE.match(s):
        try:
            return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                return dt.date.fromisoformat(s[:10])
            except ValueError:
                pass
    try:
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = dateparser.parse(s, languages=list(languages) or None, settings=_DATEPARSER_SETTINGS)
    except (ValueError, TypeError, OverflowError, LookupError):
        return None
    return parsed.date() if parsed is not None else None
