"""Ingestion: read files, folders, globs, stdin and .gz (text, markdown, html, json, jsonl, csv, feeds)
into ``Article`` records, or ``SkippedInput`` records with a typed reason.

    from eventcoder.ingest import Ingestor
    from eventcoder.settings import load_settings

    ingest = Ingestor(load_settings().ingest)
    for record in ingest(["corpus/", "feeds/*.xml.gz", "-"]):
        ...  # Article or SkippedInput
"""

from __future__ import annotations

from eventcoder.ingest.ingestor import Ingestor
from eventcoder.ingest.language import LanguageIdentifier
from eventcoder.ingest.readers import Draft, Reader
from eventcoder.ingest.sources import RawInput
from eventcoder.ingest.text import article_id, normalise_text, parse_date

__all__ = [
    "Draft",
    "Ingestor",
    "LanguageIdentifier",
    "RawInput",
    "Reader",
    "article_id",
    "normalise_text",
    "parse_date",
]
