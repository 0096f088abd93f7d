"""The timeline read view, its filters, framing profiles, and the ``eventcoder timeline`` command."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "dedup"))

from store_fixture import seeded_store

from eventcoder.dedup import Deduplicator
from eventcoder.filters import Filters
from eventcoder.pipeline import Pipeline
from eventcoder.settings import load_settings
from eventcoder.timeline import framing_profiles, timeline

D = dt.date


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("timeline") / "db.sqlite"
    settings = load_settings()
    store, reports = seeded_store(path)
    with store:
        ids = sorted({r.report.article_id for r in reports.values()})
        Pipeline(settings, store)._deduplicate(Deduplicator(settings.dedup), ids)
    yield path


def test_timeline_lists_incidents_in_date_order_with_sources_and_flags(db: Path) -> None:
    from eventcoder.store import open_store

    with open_store(str(db)) as store:
        entries = timeline(store)
    assert [e.date_start for e in entries] == [D(2020, 9, 27), D(2020, 11, 9), D(2021, 1, 11), D(2022, 9, 13)]
    war = entries[0]
    assert war.event_type == "ASSAULT" and war.date_end == D(2020, 11, 9)
    assert war.articles == 3 and war.languages == ("en", "es")
    assert war.sources == ("Folha", "SoyArmenio", "Sputnik Mundo")
    (killed,) = war.figures
    assert (killed.low, killed.best, killed.high, killed.sources) == (3822, 6601, 6601, 2)
    assert [c.kind for c in war.contradictions] == ["figures"]
    assert entries[2].date_inferred_from == "r_002_moscow"
    assert {f.side for f in entries[3].figures} == {"Armed Forces of Armenia", "Armed Forces of Azerbaijan"}


@pytest.mark.parametrize(
    ("filters", "starts"),
    [
        (Filters(event_type="AGREE"), [D(2020, 11, 9), D(2021, 1, 11)]),
        (Filters(since=D(2021, 1, 1)), [D(2021, 1, 11), D(2022, 9, 13)]),
        (Filters(until=D(2020, 12, 31)), [D(2020, 9, 27), D(2020, 11, 9)]),
        (Filters(language="en"), [D(2020, 9, 27), D(2022, 9, 13)]),
        (Filters(source="folha"), [D(2020, 9, 27), D(2022, 9, 13)]),
        (Filters(source="soyarmenio", event_type="ASSAULT"), [D(2020, 9, 27)]),
        (Filters(actor="kb:putin"), [D(2020, 11, 9), D(2021, 1, 11)]),
        (Filters(actor="armed forces of armenia"), [D(2022, 9, 13)]),
        (Filters(country="RUS"), [D(2021, 1, 11)]),
        (Filters(country="UKR"), []),
    ],
)
def test_timeline_filters(db: Path, filters: Filters, starts: list[dt.date]) -> None:
    from eventcoder.store import open_store

    with open_store(str(db)) as store:
        assert [e.date_start for e in timeline(store, filters)] == starts


def test_framing_profiles_show_each_outlets_names(db: Path) -> None:
    from eventcoder.store import open_store

    with open_store(str(db)) as store:
        profiles = {p.source: p for p in framing_profiles(store)}
    assert profiles["SoyArmenio"].names["Nagorno-Karabakh"] == {"artsaj": 3}
    assert profiles["SoyArmenio"].sides == {"armenian": 3}
    assert profiles["Folha"].sides == {"neutral": 1}


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "eventcoder.cli", "--db", str(db), *args],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip


def test_cli_timeline_json_with_filters(db: Path) -> None:
    proc = _cli(db, "--json", "timeline", "--type", "ASSAULT", "--since", "2020-01-01")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [d["date_start"] for d in data] == ["2020-09-27", "2022-09-13"]
    assert data[0]["contradictions"][0]["kind"] == "figures"
    assert data[1]["figures"][0]["low"] == 49


def test_cli_timeline_table_and_bad_filter(db: Path) -> None:
    proc = _cli(db, "timeline")
    assert proc.returncode == 0, proc.stderr
    assert "Timeline" in proc.stdout and "ASSAULT" in proc.stdout
    bad = _cli(db, "timeline", "--since", "not-a-date")
    assert bad.returncode == 2
    assert "error E001" in bad.stderr
