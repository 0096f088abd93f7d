"""The registered export formats: jsonl, csv, acled, ucdp, parquet, geojson.

Each is an ``Exporter`` in ``eventcoder.registry.exporters``: ``binary`` says whether it writes bytes
(Parquet) or text, and calling it writes the streamed items to ``out`` and returns how many records it
wrote.  Every writer handles one record at a time (Parquet: one row group at a time), so memory does not
grow with the size of the store.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from typing import IO, Any, Protocol

import pyarrow.parquet as pq

from eventcoder import registry
from eventcoder.errors import ConfigError

from .context import ExportContext, Item
from .layouts import arrow_schema, columns, iter_batches, row_function

__all__ = ["Exporter", "write_csv_layout"]

LOW_PRECISION = 3  # ACLED geo_precision of a region or a whole country


class Exporter(Protocol):
    """Writes exported items to a stream; returns how many records it wrote."""

    binary: bool

    def __call__(self, items: Iterable[Item], what: str, out: IO[Any], *, ctx: ExportContext, layout: str) -> int:
        """Write ``items`` of kind ``what`` to ``out``."""
        ...


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv_layout(items: Iterable[Item], what: str, out: IO[Any], *, ctx: ExportContext, layout: str) -> int:
    """CSV under the fixed header of ``layout``: empty cells for absent values, booleans as true/false."""
    names = columns(layout, what)
    to_row = row_function(layout, what, ctx)
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for item in items:
        writer.writerow({k: _cell(v) for k, v in to_row(item).items()})
        n += 1
    return n


class _Jsonl:
    binary = False

    def __call__(self, items: Iterable[Item], what: str, out: IO[Any], *, ctx: ExportContext, layout: str) -> int:
        """One full record per line, as its JSON (validates against docs/schema); corrected records as corrected."""
        n = 0
        for item in items:
            out.write(item.record.model_dump_json())
            out.write("\n")
            n += 1
        return n


class _Csv:
    binary = False

    def __init__(self, layout: str | None) -> None:
        self.layout = layout

    def __call__(self, items: Iterable[Item], what: str, out: IO[Any], *, ctx: ExportContext, layout: str) -> int:
        """CSV in this format's layout (``csv``: the layout asked for, ``acled``/``ucdp``: theirs)."""
        return write_csv_layout(items, what, out, ctx=ctx, layout=self.layout or layout)


class _Parquet:
    binary = True
    row_group = 50_000

    def __call__(self, items: Iterable[Item], what: str, out: IO[Any], *, ctx: ExportContext, layout: str) -> int:
        """Parquet of ``layout``, one row group per ``row_group`` rows; the schema is fixed even when empty."""
        n = 0
        with pq.ParquetWriter(out, arrow_schema(layout, what), compression="zstd") as writer:
            for batch in iter_batches(items, layout, what, ctx, batch_rows=self.row_group):
                writer.write_batch(batch, row_group_size=self.row_group)
                n += batch.num_rows
        return n


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class _GeoJson:
    binary = False

    def __call__(self, items: Iterable[Item], what: str, out: IO[Any], *, ctx: ExportContext, layout: str) -> int:
        """A FeatureCollection of points, properties in the ACLED layout plus ``ec_low_precision``.

        Records without coordinates are left out (they cannot be drawn); returns the number of features.
        """
        if what == "articles":
            raise ConfigError("geojson exports events or incidents, not articles")
        to_row = row_function("acled" if layout == "flat" else layout, what, ctx)
        out.write('{"type":"FeatureCollection","features":[\n')
        n = 0
        for item in items:
            row = to_row(item)
            lat, lon = row.get("latitude"), row.get("longitude")
            if lat is None or lon is None:
                continue
            props = {k: _json_value(v) for k, v in row.items() if k not in {"latitude", "longitude"}}
            precision = props.get("geo_precision") or props.get("where_prec")
            props["ec_low_precision"] = precision is None or precision >= LOW_PRECISION
            feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
            out.write(("" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
            n += 1
        out.write("\n]}\n")
        return n


registry.exporters.add("jsonl", _Jsonl())
registry.exporters.add("csv", _Csv(None))
registry.exporters.add("acled", _Csv("acled"))
registry.exporters.add("ucdp", _Csv("ucdp"))
registry.exporters.add("parquet", _Parquet())
registry.exporters.add("geojson", _GeoJson())
