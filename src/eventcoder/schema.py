"""JSON Schema export of the records (``eventcoder schema``; checked in under docs/schema/)."""

from __future__ import annotations

import json
from pathlib import Path

from eventcoder import models

__all__ = ["SCHEMA_RECORDS", "schema_texts", "write_schemas"]

SCHEMA_RECORDS: tuple[type[models.Record], ...] = (
    models.Article,
    models.Sentence,
    models.Mention,
    models.TimeExpression,
    models.Quantity,
    models.Analysis,
    models.Entity,
    models.Resolution,
    models.EventReport,
    models.Claim,
    models.Incident,
    models.Correction,
    models.IncidentChange,
    models.IngestRun,
    models.SkippedInput,
)


def schema_texts() -> dict[str, str]:
    """File name -> JSON Schema text (stable formatting) for every exported record."""
    out: dict[str, str] = {}
    for model in SCHEMA_RECORDS:
        schema = model.model_json_schema()
        schema["$id"] = f"https://eventcoder.invalid/schema/{model.__name__}.json"
        out[f"{model.__name__}.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every record's schema into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
