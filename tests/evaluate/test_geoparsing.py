"""Geoparsing scorers on a tiny XML with exact expected numbers, and on the shared gold when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.evaluate.base import shared_eval_data
from eventcoder.evaluate.scorers.geoparsing import GeoGwnScorer, GeoLglScorer
from eventcoder.settings import load_settings

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text>Paris and Baku. Atlantis.</text><toponyms>
<toponym><start>0</start><end>5</end><phrase>Paris</phrase><gaztag geonameid="2988507"><lat>48.85341</lat>
<lon>2.3488</lon><country geonameid="3017382">France</country></gaztag></toponym>
<toponym><start>10</start><end>14</end><phrase>Baku</phrase><gaztag geonameid="1"><lat>40.37767</lat>
<lon>50.5</lon><country geonameid="587116">Azerbaijan</country></gaztag></toponym>
<toponym><start>16</start><end>24</end><phrase>Xyzzyqq</phrase><gaztag geonameid="2"><lat>0</lat><lon>0</lon>
<country geonameid="3017382">France</country></gaztag></toponym>
</toponyms></article></articles>
"""

GWN = """<?xml version="1.0" ?>
<articles><article file="0"><text>Yerevan</text><toponyms>
<toponym><extractedName>Yerevan</extractedName><start>0</start><end>7</end><geonamesID>616052</geonamesID>
<latitude>40.18111</latitude><longitude>44.51361</longitude></toponym>
<toponym><extractedName>citizens</extractedName><start>0</start><end>7</end></toponym>
</toponyms></article></articles>
"""


def test_lgl_format_exact_numbers(tmp_path: Path) -> None:
    gold = tmp_path / "lgl.xml"
    gold.write_text(LGL, encoding="utf-8")
    res = GeoLglScorer(load_settings())(gold)
    assert res.counts == {"toponyms": 3, "with_geonameid": 3, "with_country": 3}
    assert res.metrics["acc_161km"] == pytest.approx(2 / 3)  # Baku is ~51 km from the shifted gold point
    assert res.metrics["exact_id"] == pytest.approx(1 / 3)
    assert res.metrics["country_accuracy"] == pytest.approx(2 / 3)
    assert res.metrics["mean_error_km"] == pytest.approx((0 + 51.1 + 20039.0) / 3, abs=1.0)


def test_gwn_format(tmp_path: Path) -> None:
    gold = tmp_path / "gwn.xml"
    gold.write_text(GWN, encoding="utf-8")
    res = GeoGwnScorer(load_settings())(gold)
    assert res.counts["toponyms"] == 1
    assert res.metrics["acc_161km"] == 1.0 and res.metrics["exact_id"] == 1.0


@pytest.mark.parametrize(("scorer", "baseline"), [(GeoLglScorer, 0.50), (GeoGwnScorer, 0.53)])
def test_real_gold_beats_baseline(scorer: type[GeoLglScorer], baseline: float) -> None:
    if shared_eval_data() is None:
        pytest.skip("shared eval data (../shared/eval-data) absent")
    s = scorer(load_settings())
    gold = s.default_gold()
    assert gold is not None
    assert s(gold).metrics["acc_161km"] > baseline
