"""Built-in input readers, one module per format; importing this package registers them in ``registry.readers``."""

from __future__ import annotations

from eventcoder.ingest.readers import csv, feed, html, json, plain
from eventcoder.ingest.readers.base import Draft, Reader, ReaderBase

__all__ = ["BUILTIN_READERS", "Draft", "Reader", "ReaderBase"]

BUILTIN_READERS: tuple[type[ReaderBase], ...] = (
    plain.TextReader,
    plain.MarkdownReader,
    html.HtmlReader,
    json.JsonReader,
    json.JsonLinesReader,
    csv.CsvReader,
    feed.FeedReader,
)
# Order in which readers are asked whether an input of unknown extension is theirs.
SNIFF_ORDER: tuple[str, ...] = ("feed", "html", "jsonl", "json")
