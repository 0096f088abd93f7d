"""Datasets out: JSON Lines, CSV, ACLED- and UCDP-compatible tables, Parquet, GeoJSON; pandas and Arrow.

    from eventcoder.export import export, to_dataframe
    with open("acled.csv", "w", newline="") as fh:
        export(store, fmt="acled", what="incidents", out=fh, filters=Filters(country="ARM"))
    df = to_dataframe(store, what="incidents", layout="ucdp")

Formats (``eventcoder.registry.exporters``): ``jsonl`` full records; ``csv`` flat rows (or another
``layout``); ``acled`` and ``ucdp`` CSV in those datasets' columns and codes; ``parquet`` (binary; any
layout, written in row groups); ``geojson`` a FeatureCollection of points.  Every export streams from
the store, applies the analysts' corrections (``export.corrections``) and flags corrected rows
(``ec_corrected``), and filters with ``eventcoder.filters.Filters``.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from eventcoder import registry
from eventcoder.errors import ConfigError
from eventcoder.filters import Filters
from eventcoder.store import Store

from . import writers
from .context import WHATS, ExportContext
from .corrections import Corrected, apply_corrections
from .flat import article_row, event_row, incident_row
from .layouts import LAYOUTS, arrow_schema, columns, iter_batches

__all__ = [
    "BUNDLE",
    "LAYOUTS",
    "WHATS",
    "Corrected",
    "ExportContext",
    "apply_corrections",
    "article_row",
    "columns",
    "event_row",
    "export",
    "export_to_path",
    "formats",
    "incident_row",
    "is_binary",
    "to_arrow",
    "to_dataframe",
    "write_bundle",
]

_LEGACY_FILTERS = {"event_type", "country", "since", "until", "language"}


def formats() -> list[str]:
    """Names of the registered export formats."""
    return registry.exporters.names()


def _exporter(fmt: str) -> writers.Exporter:
    return registry.exporters.get(fmt)  # type: ignore[return-value]


def is_binary(fmt: str) -> bool:
    """True when format ``fmt`` writes bytes (open the output in binary mode)."""
    return bool(getattr(_exporter(fmt), "binary", False))


def _filters(filters: Filters | None, legacy: dict[str, Any]) -> Filters:
    unknown = set(legacy) - _LEGACY_FILTERS
    if unknown:
        raise ConfigError(f"unknown export filter(s): {', '.join(sorted(unknown))}")
    if legacy:
        base = filters.model_dump() if filters else {}
        return Filters.model_validate({**base, **legacy})
    return filters or Filters()


def export(
    store: Store,
    *,
    fmt: str,
    what: str,
    out: IO[Any],
    filters: Filters | None = None,
    layout: str = "flat",
    corrections: bool = True,
    **legacy_filters: Any,
) -> int:
    """Write ``what`` ('articles', 'events', 'incidents') from ``store`` in format ``fmt`` to ``out``.

    ``out`` is a text stream, or a binary one for binary formats (``is_binary``).  ``layout`` picks the
    columns of ``csv`` and ``parquet`` ('flat', 'acled', 'ucdp'); ``corrections=False`` exports the
    machine output as stored.  Returns the number of records written.  ConfigError on an unknown
    format, kind, layout or a kind the format cannot write.
    """
    if what not in WHATS:
        raise ConfigError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    writer = _exporter(fmt)
    ctx = ExportContext(store, filters=_filters(filters, legacy_filters), corrections=corrections)
    if what == "articles" and fmt in {"acled", "ucdp", "geojson"}:
        raise ConfigError(f"the {fmt} format exports events or incidents, not articles")
    return writer(ctx.items(what), what, out, ctx=ctx, layout=layout)


def export_to_path(
    store: Store,
    path: str | Path,
    *,
    fmt: str,
    what: str,
    filters: Filters | None = None,
    layout: str = "flat",
    corrections: bool = True,
) -> int:
    """``export`` into a file (created with its folder; binary or text as the format needs); returns the count."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_binary(fmt):
        with target.open("wb") as fh:
            return export(store, fmt=fmt, what=what, out=fh, filters=filters, layout=layout, corrections=corrections)
    with target.open("w", encoding="utf-8", newline="") as fh:
        return export(store, fmt=fmt, what=what, out=fh, filters=filters, layout=layout, corrections=corrections)


BUNDLE: tuple[tuple[str, str, str, str], ...] = (
    # (file name, format, what, layout)
    ("articles.jsonl", "jsonl", "articles", "flat"),
    ("events.jsonl", "jsonl", "events", "flat"),
    ("events.csv", "csv", "events", "flat"),
    ("incidents.jsonl", "jsonl", "incidents", "flat"),
    ("incidents.csv", "csv", "incidents", "flat"),
    ("incidents_acled.csv", "acled", "incidents", "acled"),
    ("events_acled.csv", "acled", "events", "acled"),
    ("incidents_ucdp.csv", "ucdp", "incidents", "ucdp"),
    ("incidents.geojson", "geojson", "incidents", "flat"),
    ("incidents.parquet", "parquet", "incidents", "flat"),
)


def write_bundle(store: Store, out_dir: str | Path, *, filters: Filters | None = None) -> list[Path]:
    """Write every export of ``BUNDLE`` plus ``report.html`` into ``out_dir``; returns the paths written."""
    from eventcoder.report import build_report

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fmt, what, layout in BUNDLE:
        export_to_path(store, folder / name, fmt=fmt, what=what, filters=filters, layout=layout)
        written.append(folder / name)
    report = folder / "report.html"
    report.write_text(build_report(store, filters=filters), encoding="utf-8")
    written.append(report)
    return written


def to_arrow(
    store: Store,
    *,
    what: str = "incidents",
    layout: str = "acled",
    filters: Filters | None = None,
    corrections: bool = True,
) -> pa.Table:
    """An Arrow table of ``what`` in ``layout`` ('flat', 'acled', 'ucdp'), corrected and filtered.

    The table is built from streamed batches; it holds every row, so for very large stores prefer
    ``export(fmt='parquet')``.
    """
    if what not in WHATS:
        raise ConfigError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")
    ctx = ExportContext(store, filters=filters, corrections=corrections)
    schema = arrow_schema(layout, what)
    return pa.Table.from_batches(list(iter_batches(ctx.items(what), layout, what, ctx)), schema=schema)


def to_dataframe(
    store: Store,
    *,
    what: str = "incidents",
    layout: str = "acled",
    filters: Filters | None = None,
    corrections: bool = True,
) -> Any:
    """A pandas DataFrame of ``what`` in ``layout`` (see ``to_arrow``); integer columns are nullable Int64."""
    table = to_arrow(store, what=what, layout=layout, filters=filters, corrections=corrections)
    import pandas as pd

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}
    return table.to_pandas(types_mapper=mapping.get)
