"""The checked-in JSON Schemas under docs/schema/ match the records in code."""

from __future__ import annotations

from pathlib import Path

from eventcoder.schema import schema_texts

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "docs" / "schema"


def test_checked_in_schema_matches_code() -> None:
    expected = schema_texts()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert sorted(on_disk) == sorted(expected), "run `eventcoder schema` to regenerate docs/schema"
    for name, text in expected.items():
        assert on_disk[name] == text, f"{name} is stale: run `eventcoder schema`"


def test_records_reject_unknown_fields_and_are_frozen() -> None:
    import pytest

    from eventcoder.models import Span

    with pytest.raises(ValueError, match="extra"):
        Span(start=0, end=1, text="a", colour="red")  # type: ignore[call-arg]
    s = Span(start=0, end=1, text="a")
    with pytest.raises(ValueError):
        s.start = 2  # type: ignore[misc]
    with pytest.raises(ValueError, match="before start"):
        Span(start=3, end=1, text="")
