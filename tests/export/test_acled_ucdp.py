"""ACLED- and UCDP-format exports read back with pandas: columns, types and codes against each codebook."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from codebooks import codebooks

from eventcoder.export import export
from eventcoder.export.acled import ACLED_COLUMNS, interaction
from eventcoder.export.ucdp import UCDP_COLUMNS
from eventcoder.extract import Ontology
from eventcoder.store import Store


def read(store: Store, fmt: str, what: str) -> pd.DataFrame:
    buf = io.StringIO()
    n = export(store, fmt=fmt, what=what, out=buf)
    df = pd.read_csv(io.StringIO(buf.getvalue()), keep_default_na=True)
    assert len(df) == n
    return df


@pytest.mark.parametrize("what", ["incidents", "events"])
def test_acled_columns_types_and_codes(filled_store: Store, what: str) -> None:
    df = read(filled_store, "acled", what)
    cb = codebooks()["acled"]
    assert tuple(df.columns) == ACLED_COLUMNS
    assert len(df) == (4 if what == "incidents" else 6)
    assert set(df["disorder_type"]) <= set(cb["disorder_type"])
    for ev, sub in zip(df["event_type"], df["sub_event_type"], strict=True):
        assert sub in cb["event_type"][ev], (ev, sub)
    for col in ("inter1", "inter2"):
        assert set(df[col].dropna().astype(int)) <= set(cb["inter"])
    assert set(df["interaction"].dropna().astype(int)) <= set(cb["interaction"])
    assert set(df["time_precision"]) <= set(cb["time_precision"])
    assert set(df["geo_precision"].dropna().astype(int)) <= set(cb["geo_precision"])
    assert set(df["civilian_targeting"].fillna("")) <= set(cb["civilian_targeting"])
    assert pd.api.types.is_integer_dtype(df["fatalities"]) and pd.api.types.is_integer_dtype(df["year"])
    assert pd.api.types.is_float_dtype(df["latitude"])
    assert df["ec_corrected"].dtype == bool


def test_acled_values_of_known_incidents(filled_store: Store) -> None:
    df = read(filled_store, "acled", "incidents").set_index("ec_id")
    border = df.loc["i_border"]
    assert (border["iso"], border["region"], border["country"]) == (51, "Caucasus and Central Asia", "Armenia")
    assert (border["admin1"], border["location"]) == ("Vayots Dzor", "Jermuk")
    assert border["sub_event_type"] == "Shelling/artillery/missile attack"  # mode read from the reports
    assert (border["inter1"], border["inter2"], border["interaction"]) == (8, 1, 18)
    assert border["fatalities"] == 49 and pd.isna(border["ec_fatalities_high"])
    kram = df.loc["i_kramatorsk"]
    assert kram["fatalities"] == 50  # lowest of 50 and 52
    assert kram["civilian_targeting"] == "Civilian targeting"
    assert kram["ec_contradictions"] == "figures" and kram["ec_sources"] == 2
    assert (kram["iso"], kram["region"]) == (804, "Europe")
    protest = df.loc["i_protest"]
    assert (protest["disorder_type"], protest["inter1"], protest["inter2"], protest["interaction"]) == (
        "Demonstrations", 6, 0, 60,
    )  # fmt: skip
    assert bool(df.loc["i_depot", "ec_corrected"]) and not bool(border["ec_corrected"])


@pytest.mark.parametrize(
    ("inter1", "inter2", "code"), [(1, 0, 10), (8, 1, 18), (7, 2, 27), (3, 3, 33), (None, 1, None)]
)
def test_interaction_code(inter1: int | None, inter2: int | None, code: int | None) -> None:
    assert interaction(inter1, inter2) == code


def test_every_plover_mapping_is_a_codebook_pair() -> None:
    cb = codebooks()["acled"]
    onto = Ontology()
    for t in onto.types:
        for mode in (None, *onto.modes(t)):
            for civ in (None, True, False):
                code = onto.to_acled(t, mode, target_is_civilian=civ)
                assert code.disorder_type in cb["disorder_type"]
                assert code.sub_event_type in cb["event_type"][code.event_type]


@pytest.mark.parametrize("what", ["incidents", "events"])
def test_ucdp_columns_types_and_codes(filled_store: Store, what: str) -> None:
    df = read(filled_store, "ucdp", what)
    cb = codebooks()["ucdp"]
    assert tuple(df.columns) == UCDP_COLUMNS
    assert set(df["date_prec"]) <= set(cb["date_prec"])
    assert set(df["where_prec"].dropna().astype(int)) <= set(cb["where_prec"])
    for col in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "number_of_sources"):
        assert pd.api.types.is_integer_dtype(df[col]), col
        assert (df[col] >= 0).all()
    assert (df["deaths_a"] + df["deaths_b"] + df["deaths_civilians"] + df["deaths_unknown"] == df["best"]).all()
    assert (df["low"] <= df["best"]).all()


def test_ucdp_sides_and_deaths(filled_store: Store) -> None:
    df = read(filled_store, "ucdp", "incidents").set_index("id")
    border = df.loc["i_border"]
    # the state forces (inter 1) of Armenia are the target, so they become side A (government first)
    assert (border["side_a"], border["side_b"]) == ("Military Forces of Armenia", "Military Forces of Azerbaijan")
    assert (border["deaths_a"], border["deaths_b"], border["best"]) == (49, 0, 49)
    kram = df.loc["i_kramatorsk"]
    assert (kram["deaths_civilians"], kram["low"], kram["best"], kram["high"]) == (52, 50, 52, 52)
    assert kram["number_of_sources"] == 2 and kram["source_date"] == "2022-04-08 | 2022-04-08"
    depot = df.loc["i_depot"]
    assert (depot["where_prec"], depot["deaths_unknown"]) == (5, 68)
