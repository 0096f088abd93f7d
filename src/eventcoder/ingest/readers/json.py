"""JSON (one object or an array of objects) and JSON Lines (one object a line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from eventcoder import registry
from eventcoder.errors import SkipInput
from eventcoder.ingest.readers.base import Draft, ReaderBase
from eventcoder.ingest.readers.records import record_to_draft
from eventcoder.ingest.sources import RawInput
from eventcoder.models import SkippedInput, SkipReason

__all__ = ["JsonLinesReader", "JsonReader"]

_TOO_DEEP = "nested too deeply to parse"


@registry.readers.register("json")
class JsonReader(ReaderBase):
    """JSON (.json): each object is one article, origin 'path#N' (N from 1).

    A file that holds one object per line is read as JSON Lines.
    """

    name = "json"
    extensions = (".json",)
    malformed = SkipReason.MALFORMED_JSON

    def sniff(self, head: str) -> bool:
        """True for text that starts like a JSON object or array."""
        return head[:1] in ("{", "[")

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield one draft (or skip) per object of the document."""
        text, encoding = self.decode_input(raw)
        try:
            doc: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and text.lstrip().startswith("{"):
                yield from _json_lines(self, raw, text, encoding, input_format="jsonl")
                return
            raise SkipInput(SkipReason.MALFORMED_JSON, f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
        except RecursionError:
            if _looks_like_lines(text):  # JSON Lines whose first record is the deep one
                yield from _json_lines(self, raw, text, encoding, input_format="jsonl")
                return
            raise SkipInput(SkipReason.MALFORMED_JSON, _TOO_DEEP) from None
        items = doc if isinstance(doc, list) else [doc]
        for n, item in enumerate(items, start=1):
            origin = f"{raw.origin}#{n}"
            if not isinstance(item, dict):
                yield SkippedInput(origin=origin, reason=SkipReason.MALFORMED_JSON, detail="not a JSON object")
                continue
            yield record_to_draft(
                item, origin=origin, input_format=self.name, encoding=encoding, settings=self.settings
            )


@registry.readers.register("jsonl")
class JsonLinesReader(ReaderBase):
    """JSON Lines (.jsonl, .ndjson): one object a line, origin 'path#LINE'.

    A bad line (not JSON, not an object, nested too deeply to parse) is a
    ``malformed_json`` skip whose detail starts 'line N:'; the lines after it
    are read as usual.
    """

    name = "jsonl"
    extensions = (".jsonl", ".ndjson")
    malformed = SkipReason.MALFORMED_JSON

    def sniff(self, head: str) -> bool:
        """True when the first line is a complete JSON object and another line follows."""
        first, sep, rest = head.partition("\n")
        if not (first.strip().startswith("{") and sep and rest.lstrip().startswith("{")):
            return False
        try:
            return isinstance(json.loads(first), dict)
        except json.JSONDecodeError:
            return False

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield one draft (or skip) per non-blank line."""
        text, encoding = self.decode_input(raw)
        yield from _json_lines(self, raw, text, encoding, input_format=self.name)


def _looks_like_lines(text: str) -> bool:
    """True when at least two lines hold one JSON object each (by their shape; nothing is parsed)."""
    shaped = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("{") and stripped.endswith("}"):
            shaped += 1
            if shaped >= 2:
                return True
    return False


def _json_lines(
    reader: ReaderBase, raw: RawInput, text: str, encoding: str, *, input_format: str
) -> Iterator[Draft | SkippedInput]:
    """One draft per line; a line that is not a JSON object is a ``malformed_json`` skip saying 'line N: ...'."""
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        origin = f"{raw.origin}#{n}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            detail = f"line {n}: {exc.msg} at column {exc.colno}"
            yield SkippedInput(origin=origin, reason=SkipReason.MALFORMED_JSON, detail=detail)
            continue
        except RecursionError:
            yield SkippedInput(origin=origin, reason=SkipReason.MALFORMED_JSON, detail=f"line {n}: {_TOO_DEEP}")
            continue
        if not isinstance(item, dict):
            detail = f"line {n}: not a JSON object"
            yield SkippedInput(origin=origin, reason=SkipReason.MALFORMED_JSON, detail=detail)
            continue
        yield record_to_draft(
            item, origin=origin, input_format=input_format, encoding=encoding, settings=reader.settings
        )
