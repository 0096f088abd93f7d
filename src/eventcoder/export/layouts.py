"""Row layouts (which columns a flat export has) and their Arrow schemas.

``flat``: eventcoder's own flat rows (``export.flat``); ``acled``: ACLED's columns (``export.acled``);
``ucdp``: UCDP GED's (``export.ucdp``).  Every layout has a fixed, typed column list, so CSV headers and
Parquet schemas do not depend on the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow as pa

from eventcoder.errors import ConfigError
from eventcoder.models import Article, EventReport, FigureKind, Incident

from .acled import ACLED_TYPES, acled_row
from .context import ExportContext, Item
from .flat import ARTICLE_COLUMNS, EVENT_COLUMNS, INCIDENT_COLUMNS, article_row, event_row, incident_row
from .ucdp import UCDP_TYPES, ucdp_row

__all__ = ["LAYOUTS", "arrow_schema", "column_types", "columns", "iter_batches", "row_function"]

LAYOUTS = ("flat", "acled", "ucdp")
_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.string()}
_FLAT_INT = {
    "reports", "articles", "contradictions", "sentence_index", "evidence_start", "evidence_end", "geo_precision"
}  # fmt: skip
_FLAT_FLOAT = {"latitude", "longitude", "confidence", "language_confidence"}


def _flat_types(what: str) -> dict[str, str]:
    fixed = {"articles": ARTICLE_COLUMNS, "events": EVENT_COLUMNS, "incidents": INCIDENT_COLUMNS}[what]
    bounds = {"articles": (), "events": ("low", "high"), "incidents": ("low", "best", "high")}[what]
    types = {c: "int" if c in _FLAT_INT else "float" if c in _FLAT_FLOAT else "str" for c in fixed}
    if what != "articles":
        types["ec_corrected"] = "bool"
    types.update({f"{k.value}_{b}": "int" for k in FigureKind for b in bounds})
    return types


def column_types(layout: str, what: str) -> dict[str, str]:
    """Column name -> 'str' | 'int' | 'float' | 'bool' | 'date' for ``layout`` and ``what``."""
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    if layout == "flat":
        return _flat_types(what)
    if what == "articles":
        raise ConfigError(f"the {layout} layout has rows for events or incidents, not articles")
    return dict(ACLED_TYPES if layout == "acled" else UCDP_TYPES)


def columns(layout: str, what: str) -> list[str]:
    """The column names of ``layout`` for ``what``, in order."""
    return list(column_types(layout, what))


def arrow_schema(layout: str, what: str) -> pa.Schema:
    """The Arrow schema of ``layout`` for ``what`` (dates as ISO strings)."""
    return pa.schema([(name, _ARROW[t]) for name, t in column_types(layout, what).items()])


def row_function(layout: str, what: str, ctx: ExportContext) -> Callable[[Item], dict[str, Any]]:
    """A function turning one exported ``Item`` into a row dict of ``layout``."""
    column_types(layout, what)  # validates the pair
    if layout == "acled":
        return lambda item: acled_row(_event_like(item), ctx, corrected=item.corrected)
    if layout == "ucdp":
        return lambda item: ucdp_row(_event_like(item), ctx, corrected=item.corrected)

    def flat(item: Item) -> dict[str, Any]:
        rec = item.record
        if isinstance(rec, Article):
            return article_row(rec)
        row = event_row(rec) if isinstance(rec, EventReport) else incident_row(_incident(item))
        row["ec_corrected"] = item.corrected
        return row

    return flat


def _event_like(item: Item) -> EventReport | Incident:
    rec = item.record
    if not isinstance(rec, EventReport | Incident):
        raise ConfigError(f"cannot lay out a {type(rec).__name__} as an event")
    return rec


def _incident(item: Item) -> Incident:
    rec = item.record
    assert isinstance(rec, Incident)
    return rec


def iter_batches(
    items: Iterable[Item], layout: str, what: str, ctx: ExportContext, *, batch_rows: int = 50_000
) -> Iterator[pa.RecordBatch]:
    """Stream Arrow record batches of at most ``batch_rows`` rows (memory bounded by one batch)."""
    schema = arrow_schema(layout, what)
    to_row = row_function(layout, what, ctx)
    names = schema.names
    buf: list[dict[str, Any]] = []
    for item in items:
        row = to_row(item)
        buf.append({k: row.get(k) for k in names})
        if len(buf) >= batch_rows:
            yield pa.RecordBatch.from_pylist(buf, schema=schema)
            buf = []
    if buf:
        yield pa.RecordBatch.from_pylist(buf, schema=schema)
