"""Every format round-trips through its reader; JSON Lines validate against the checked-in JSON Schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from eventcoder.errors import ConfigError
from eventcoder.export import export, export_to_path, formats, to_arrow, to_dataframe
from eventcoder.filters import Filters
from eventcoder.models import Article, EventReport, Incident, Record
from eventcoder.schema import schema_texts
from eventcoder.store import Store

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / "schema"
MODELS: dict[str, type[Record]] = {"articles": Article, "events": EventReport, "incidents": Incident}


def test_formats_registered() -> None:
    assert {"jsonl", "csv", "acled", "ucdp", "parquet", "geojson"} <= set(formats())


@pytest.mark.parametrize("what", ["articles", "events", "incidents"])
def test_jsonl_lines_validate_against_checked_in_schema(filled_store: Store, what: str) -> None:
    model = MODELS[what]
    checked_in = (SCHEMA_DIR / f"{model.__name__}.json").read_text(encoding="utf-8")
    assert checked_in == schema_texts()[f"{model.__name__}.json"]  # the file is the model's current schema
    schema = json.loads(checked_in)
    assert {k: v for k, v in schema.items() if k != "$id"} == model.model_json_schema()
    buf = io.StringIO()
    n = export(filled_store, fmt="jsonl", what=what, out=buf)
    lines = buf.getvalue().splitlines()
    assert n == len(lines) > 0
    records = [model.model_validate_json(line) for line in lines]
    assert len({r.id for r in records}) == n  # type: ignore[attr-defined]


@pytest.mark.parametrize("what", ["events", "incidents"])
def test_csv_round_trip(filled_store: Store, what: str) -> None:
    buf = io.StringIO()
    n = export(filled_store, fmt="csv", what=what, out=buf)
    df = pd.read_csv(io.StringIO(buf.getvalue()))
    assert len(df) == n and "ec_corrected" in df.columns
    assert set(df["id"]) == {
        r.id for r in (filled_store.iter_events() if what == "events" else filled_store.iter_incidents())
    }


@pytest.mark.parametrize("layout", ["flat", "acled", "ucdp"])
def test_parquet_round_trip_equals_dataframe(filled_store: Store, tmp_path: Path, layout: str) -> None:
    path = tmp_path / "out" / f"{layout}.parquet"
    n = export_to_path(filled_store, path, fmt="parquet", what="incidents", layout=layout)
    back = pd.read_parquet(path)
    assert len(back) == n == 4
    table = to_arrow(filled_store, what="incidents", layout=layout)
    assert list(back.columns) == table.schema.names
    assert back.equals(table.to_pandas())


def test_parquet_of_nothing_keeps_the_schema(filled_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    n = export_to_path(
        filled_store, path, fmt="parquet", what="incidents", layout="acled", filters=Filters(country="FRA")
    )
    back = pd.read_parquet(path)
    assert n == 0 and len(back) == 0 and "fatalities" in back.columns


def test_geojson_points_and_low_precision_flag(filled_store: Store) -> None:
    buf = io.StringIO()
    n = export(filled_store, fmt="geojson", what="incidents", out=buf)
    fc = json.loads(buf.getvalue())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == n == 4
    by_id = {f["properties"]["ec_id"]: f for f in fc["features"]}
    assert by_id["i_kramatorsk"]["geometry"] == {"type": "Point", "coordinates": [37.56, 48.72]}
    assert by_id["i_depot"]["properties"]["ec_low_precision"] is True
    assert by_id["i_border"]["properties"]["ec_low_precision"] is False


def test_dataframe_types(filled_store: Store) -> None:
    df = to_dataframe(filled_store, what="incidents", layout="acled")
    assert str(df["fatalities"].dtype) == "Int64" and str(df["ec_corrected"].dtype) == "boolean"
    assert df["fatalities"].sum() == 49 + 50 + 68


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"fmt": "acled", "what": "articles"}, "not articles"),
        ({"fmt": "csv", "what": "cats"}, "cannot export 'cats'"),
        ({"fmt": "csv", "what": "events", "layout": "nope"}, "unknown layout"),
        ({"fmt": "xml", "what": "events"}, "no exporters named 'xml'"),
    ],
)
def test_bad_requests_are_config_errors(filled_store: Store, kwargs: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        export(filled_store, out=io.StringIO(), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        (Filters(country="ARM"), {"i_border", "i_protest"}),
        (Filters(actor="kb:RUS.mil"), {"i_kramatorsk"}),
        (Filters(actor="protesters"), {"i_protest"}),
        (Filters(event_type="PROTEST"), {"i_protest"}),
        (Filters(language="ru"), {"i_kramatorsk"}),
        (Filters(source="wire"), {"i_border"}),
        (Filters(since="2022-05-01", until="2022-12-31"), {"i_border"}),  # type: ignore[arg-type]
    ],
)
def test_filters(filled_store: Store, filters: Filters, ids: set[str]) -> None:
    df = to_dataframe(filled_store, what="incidents", layout="acled", filters=filters)
    assert set(df["ec_id"]) == ids


def test_event_filters_use_the_article(filled_store: Store) -> None:
    df = to_dataframe(filled_store, what="events", layout="flat", filters=Filters(source="quotidien"))
    assert list(df["id"]) == ["e_fr_kramatorsk"]
