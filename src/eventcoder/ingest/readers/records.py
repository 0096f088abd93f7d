"""Shared mapping from one record (a JSON object, a CSV row) to a ``Draft``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventcoder.ingest.readers.base import Draft, pick
from eventcoder.models import SkippedInput, SkipReason
from eventcoder.settings import IngestSettings

__all__ = ["record_to_draft"]

_LANGUAGE_FIELDS = ("language", "lang")


def record_to_draft(
    record: Mapping[str, Any], *, origin: str, input_format: str, encoding: str, settings: IngestSettings
) -> Draft | SkippedInput:
    """Build a ``Draft`` from one record using the configured field names (first present wins).

    A record without any text field is a ``no_text`` skip.  The record's id
    field, when present, is kept as ``metadata['id']``.
    """
    text = pick(record, settings.text_fields)
    if text is None:
        looked = ", ".join(settings.text_fields)
        return SkippedInput(origin=origin, reason=SkipReason.NO_TEXT, detail=f"no text field (looked for {looked})")
    record_id = pick(record, settings.id_fields)
    return Draft(
        origin=origin,
        input_format=input_format,
        text=text,
        encoding=encoding,
        title=pick(record, settings.title_fields),
        date_raw=pick(record, settings.date_fields),
        source=pick(record, settings.source_fields),
        url=pick(record, settings.url_fields),
        language=pick(record, _LANGUAGE_FIELDS),
        metadata={"id": record_id} if record_id is not None else {},
    )
