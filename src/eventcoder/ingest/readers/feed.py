"""RSS and Atom feeds (feedparser): each entry with its full content is one article."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from eventcoder import registry
from eventcoder.errors import SkipInput
from eventcoder.ingest.readers.base import Draft, ReaderBase, html_fragment_to_text
from eventcoder.ingest.sources import RawInput
from eventcoder.models import SkippedInput, SkipReason

__all__ = ["FeedReader"]

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]")


@registry.readers.register("feed")
class FeedReader(ReaderBase):
    """RSS/Atom (.xml, .rss, .atom, or sniffed): origin 'path#N' for entry N (from 1).

    The text is the longest ``content`` (content:encoded, Atom content), else
    the summary; HTML inside is turned into paragraphs of text.  The feed's
    title is the source.  A feed that cannot be parsed and has no entries is
    ``malformed_feed``.
    """

    name = "feed"
    extensions = (".xml", ".rss", ".atom", ".rdf")
    malformed = SkipReason.MALFORMED_FEED

    def sniff(self, head: str) -> bool:
        """True when an RSS, Atom or RDF root element appears near the start."""
        return _FEED_ROOT.search(head) is not None

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield one draft per entry."""
        # A file-like object: feedparser would treat bytes or str as a URL or path to open.
        parsed = feedparser.parse(io.BytesIO(raw.data), sanitize_html=True, resolve_relative_uris=False)
        entries: list[Any] = list(parsed.get("entries", []))
        if not entries:
            if parsed.get("bozo"):
                error = parsed.get("bozo_exception")
                raise SkipInput(SkipReason.MALFORMED_FEED, f"{type(error).__name__}: {error}")
            raise SkipInput(SkipReason.NO_TEXT, "the feed has no entries")
        encoding = _codec_name(parsed.get("encoding"))
        source = _plain(parsed.get("feed", {}).get("title"))
        for n, entry in enumerate(entries, start=1):
            text = _entry_text(entry)
            metadata = {
                key: str(entry[key]) for key in ("id", "author") if isinstance(entry.get(key), str) and entry.get(key)
            }
            yield Draft(
                origin=f"{raw.origin}#{n}",
                input_format=self.name,
                text=text,
                encoding=encoding,
                title=_plain(entry.get("title")),
                date_raw=entry.get("published") or entry.get("updated") or entry.get("created") or None,
                source=source,
                url=entry.get("link") or None,
                language=_language(entry, parsed),
                metadata=metadata,
            )


def _entry_text(entry: Any) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    best = max(contents, key=len) if contents else ""
    summary = entry.get("summary", "") or ""
    return html_fragment_to_text(best if len(best) >= len(summary) else summary)


def _plain(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return html_fragment_to_text(value).strip() or None


def _language(entry: Any, parsed: Any) -> str | None:
    for detail in [*(entry.get("content") or [{}])[:1], entry.get("summary_detail") or {}]:
        lang = detail.get("language")
        if lang:
            return str(lang)
    lang = parsed.get("feed", {}).get("language")
    return str(lang) if lang else None


def _codec_name(encoding: Any) -> str:
    try:
        return codecs.lookup(str(encoding)).name
    except LookupError:
        return "utf-8"
