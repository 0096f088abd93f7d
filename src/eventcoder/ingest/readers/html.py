"""HTML pages: main text, title, date and site name by trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from trafilatura import bare_extraction, load_html

from eventcoder import registry
from eventcoder.errors import SkipInput
from eventcoder.ingest.decode import html_declared_charset
from eventcoder.ingest.readers.base import Draft, ReaderBase
from eventcoder.ingest.sources import RawInput
from eventcoder.models import SkippedInput, SkipReason

__all__ = ["HtmlReader"]

_SPACES = re.compile(r"\s+")
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body")


@registry.readers.register("html")
class HtmlReader(ReaderBase):
    """HTML (.html, .htm): trafilatura's main-text extraction with metadata.

    The page's headline is removed from the start of the text when it repeats
    the title, so the body matches the same article read from other formats.
    """

    name = "html"
    extensions = (".html", ".htm", ".xhtml")
    malformed = SkipReason.MALFORMED_HTML

    def sniff(self, head: str) -> bool:
        """True for text that starts like an HTML page."""
        return any(marker in head[:1024] for marker in _HTML_MARKERS)

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield the page's article; skip ``malformed_html`` when no HTML tree can be built."""
        html, encoding = self.decode_input(raw, declared=html_declared_charset(raw.data))
        tree = load_html(html)
        if tree is None:
            raise SkipInput(SkipReason.MALFORMED_HTML, "no HTML document could be parsed")
        found = bare_extraction(tree, with_metadata=True, include_comments=False, include_tables=True)
        doc = found.as_dict() if found is not None and not isinstance(found, dict) else found
        if not isinstance(doc, dict) or not str(doc.get("text") or "").strip():
            raise SkipInput(SkipReason.NO_TEXT, "no main text found (boilerplate only?)")
        title = _str(doc.get("title"))
        text = _drop_repeated_title(str(doc["text"]), title)
        metadata = {key: value for key in ("author", "description") if (value := _str(doc.get(key)))}
        yield Draft(
            origin=raw.origin,
            input_format=self.name,
            text=text,
            encoding=encoding,
            title=title,
            date_raw=_str(doc.get("date")),
            source=_str(doc.get("sitename")) or _str(doc.get("hostname")),
            url=_str(doc.get("url")),
            metadata=metadata,
        )


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _drop_repeated_title(text: str, title: str | None) -> str:
    if not title:
        return text
    first, _, rest = text.lstrip().partition("\n")
    if _SPACES.sub(" ", first).strip().casefold() == _SPACES.sub(" ", title).strip().casefold():
        return rest
    return text
