"""What a reader is and what it yields: ``Draft`` articles (or skips), before normalisation and language id."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import lxml.html
from lxml import etree

from eventcoder.ingest.decode import decode
from eventcoder.ingest.sources import RawInput
from eventcoder.models import SkippedInput, SkipReason
from eventcoder.settings import IngestSettings

__all__ = ["Draft", "Reader", "ReaderBase", "html_fragment_to_text", "pick", "sniff_text"]

_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table"}
    | {"section", "article", "header", "footer", "figure", "figcaption", "hr"}
)
_SPACES = re.compile(r"[^\S\n]+")


@dataclass(frozen=True, slots=True)
class Draft:
    """One article as a reader found it; the ingestor normalises it into an ``Article``."""

    origin: str
    input_format: str
    text: str
    encoding: str = "utf-8"
    title: str | None = None
    date_raw: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)


class Reader(Protocol):
    """The shape of a reader: built with the ingest settings, called with one input."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    malformed: ClassVar[SkipReason]

    def __init__(self, settings: IngestSettings) -> None: ...

    def sniff(self, head: str) -> bool:
        """True when the first characters of an input look like this reader's format."""

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield the articles (or per-record skips) of one input; raise ``SkipInput`` to skip it whole."""


class ReaderBase:
    """Shared constructor and defaults of the built-in readers."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    malformed: ClassVar[SkipReason] = SkipReason.UNDECODABLE

    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings

    def sniff(self, head: str) -> bool:
        """True when ``head`` looks like this format; the base never claims an input."""
        return False

    def decode_input(self, raw: RawInput, *, declared: str | None = None) -> tuple[str, str]:
        """The text of ``raw`` and the codec used (``decode``, judged by the letters of the configured languages)."""
        return decode(raw.data, declared=declared, languages=self.settings.languages)


def sniff_text(data: bytes, size: int = 2048) -> str:
    """The first ``size`` bytes as lower-case text with BOM and leading space removed, for sniffing."""
    return data[:size].decode("utf-8", "replace").lstrip("\ufeff \t\r\n").lower()


def pick(record: Mapping[str, Any], names: Sequence[str]) -> str | None:
    """The first of ``names`` present in ``record`` with a non-empty scalar value, as a string."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value is None or isinstance(value, (dict, list)):
            continue
        text = str(value).strip()
        if text:
            return text
    return None


def html_fragment_to_text(html: str) -> str:
    """Text of an HTML fragment (feed entry content): block elements become paragraphs, scripts dropped."""
    if "<" not in html:
        return html
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if tag.lower() == "br":
            parts.append("\n")
        if block:
            parts.append("\n\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n\n")

    walk(root)
    text = _SPACES.sub(" ", "".join(parts))
    return "\n".join(line.strip() for line in text.split("\n"))
