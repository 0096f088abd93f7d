"""The three seed articles through the whole chain (ingest -> nlp -> resolve -> extract -> dedup -> store).

Done-criterion of "Incidents across sources": the events the seeds share come out as single incidents. The
seeds live outside the repository (``../shared/seeds``); the module is skipped when they are absent. Reports
are located by short phrases of their sentences; the seed texts are not copied here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from eventcoder import open_store, process, timeline
from eventcoder.models import EventReport, FigureKind, Incident
from eventcoder.store import Store

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
XFAIL_WAR = pytest.mark.xfail(
    strict=True,
    reason="learned classifier (issue 11): 002's heading and its 3,822-dead sentence are ASSAULT reports of their "
    "own now; processed in the order 004, 002, 000, 004's year-level reports of the war score under "
    "dedup.merge_threshold against the war incident and stay apart (docs/quality-incidents.md)",
)
UNSTABLE_TOLL = pytest.mark.xfail(
    strict=False,
    reason="learned classifier (issue 11): whether 002's 3,822-dead report joins the war incident depends on "
    "scores within 0.01 of dedup's thresholds and changed between retrainings (docs/quality-incidents.md)",
)


@dataclass(frozen=True)
class SeedRun:
    """What one run over the seeds stored."""

    path: Path
    reports: dict[str, EventReport]
    incidents: dict[str, Incident]
    seed_of: dict[str, str]  # article id -> seed number ('000', '002', '004')

    def reports_of(self, seed: str, event_type: str, phrase: str) -> list[EventReport]:
        """Reports of ``seed`` of ``event_type`` whose evidence sentence contains ``phrase``."""
        found = [
            r
            for r in self.reports.values()
            if self.seed_of[r.article_id] == seed and r.event_type == event_type and phrase in r.evidence.text
        ]
        assert found, f"no {event_type} report in seed {seed} with {phrase!r}"
        return found

    def incident_of(self, report: EventReport) -> Incident:
        """The incident holding ``report``."""
        return next(i for i in self.incidents.values() if report.id in i.report_ids)

    def seeds_of(self, incident: Incident) -> set[str]:
        """Seed numbers of the articles of ``incident``."""
        return {self.seed_of[a] for a in incident.article_ids}


def _snapshot(store: Store, path: Path) -> SeedRun:
    return SeedRun(
        path=path,
        reports={r.id: r for r in store.iter_events()},
        incidents={i.id: i for i in store.iter_incidents()},
        seed_of={a.id: Path(a.origin).name[:3] for a in store.iter_articles()},
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeedRun]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared/seeds beside the repository)")
    path = tmp_path_factory.mktemp("seeds") / "db.sqlite"
    with open_store(path) as store:
        process([SEEDS], store=store)
        yield _snapshot(store, path)


def test_the_2020_war_is_one_incident_told_by_all_three_seeds(run: SeedRun) -> None:
    parts = [
        *run.reports_of("000", "ASSAULT", "27 de septiembre de 2020"),
        *run.reports_of("002", "ASSAULT", "Del 27 de septiembre al 9 de noviembre de 2020"),
        *run.reports_of("004", "ASSAULT", "6,600"),
        *run.reports_of("004", "ASSAULT", "Two years ago"),
    ]
    incidents = {run.incident_of(r).id for r in parts}
    assert len(incidents) == 1
    war = run.incidents[incidents.pop()]
    assert run.seeds_of(war) == {"000", "002", "004"}
    assert (war.date.start, war.date.end) == (dt.date(2020, 9, 27), dt.date(2020, 11, 9))


@UNSTABLE_TOLL
def test_the_2020_war_keeps_both_death_tolls_and_flags_their_disagreement(run: SeedRun) -> None:
    war = run.incident_of(run.reports_of("004", "ASSAULT", "6,600")[0])
    killed = [
        (f.low, f.high) for rid in war.report_ids for f in run.reports[rid].figures if f.kind is FigureKind.KILLED
    ]
    assert (3822, 3822) in killed
    assert (6601, None) in killed  # 'more than 6,600'
    reconciled = next(f for f in war.figures if f.kind is FigureKind.KILLED)
    assert (reconciled.low, reconciled.high) == (3822, 6601)
    assert any(c.kind == "figures" and "killed" in c.description for c in war.contradictions)
    with open_store(run.path) as store:
        entry = next(e for e in timeline(store) if e.incident_id == war.id)
    assert entry.articles == 3
    assert "figures" in {c.kind for c in entry.contradictions}


def test_the_9_november_2020_ceasefire_is_one_incident_with_both_statements(run: SeedRun) -> None:
    parts = [
        *run.reports_of("000", "AGREE", "El 9 de noviembre de 2020"),
        *run.reports_of("002", "AGREE", "El 9 de noviembre de 2020"),
    ]
    incidents = {run.incident_of(r).id for r in parts}
    assert len(incidents) == 1
    ceasefire = run.incidents[incidents.pop()]
    assert {"000", "002"} <= run.seeds_of(ceasefire)
    assert ceasefire.event_type == "AGREE"
    assert ceasefire.date.start == dt.date(2020, 11, 9)


def test_the_moscow_meeting_and_the_11_january_2021_statement_are_one_dated_incident(run: SeedRun) -> None:
    meeting = [
        *run.reports_of("000", "CONSULT", "Moscú"),
        *run.reports_of("000", "CONSULT", "Kremlin"),
        *run.reports_of("000", "CONSULT", "trilaterales"),
    ]
    statement = run.reports_of("002", "AGREE", "11 de enero de 2021")
    incidents = {run.incident_of(r).id for r in [*meeting, *statement]}
    assert len(incidents) == 1
    inc = run.incidents[incidents.pop()]
    assert inc.date.start == dt.date(2021, 1, 11)
    assert inc.date_inferred_from in {r.id for r in statement}
    assert all(r.date.start is None for r in meeting)  # the date is the incident's, not invented per report


def test_no_sentence_word_is_taken_for_a_us_state(run: SeedRun) -> None:
    places = {r.place.name for r in run.reports.values() if r.place is not None}
    places |= {i.place.name for i in run.incidents.values() if i.place is not None}
    assert "Alabama" not in places


def test_processing_again_changes_nothing(run: SeedRun) -> None:
    with open_store(run.path) as store:
        again = process([SEEDS], store=store)
        assert again.processing.processed == 0
        assert _snapshot(store, run.path).incidents == run.incidents
        process(store=store, force=True)
        redone = _snapshot(store, run.path)
    assert sorted(redone.reports) == sorted(run.reports)
    assert {k: sorted(i.report_ids) for k, i in redone.incidents.items()} == {
        k: sorted(i.report_ids) for k, i in run.incidents.items()
    }


@pytest.mark.parametrize("order", [pytest.param(("004", "002", "000"), marks=XFAIL_WAR), ("002", "000", "004")])
def test_articles_processed_one_at_a_time_reach_the_same_shared_incidents(
    tmp_path: Path, order: tuple[str, ...]
) -> None:
    """Incremental runs: each seed processed on its own still joins the incidents a single batch makes.

    The orders are the hard ones: the undated meeting of 000 after the dated statement of 002, and 004's
    year-level mention of the war before (or after) the dated war reports.
    """
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared/seeds beside the repository)")
    with open_store(tmp_path / "incremental.sqlite") as store:
        for number in order:
            process(sorted(SEEDS.glob(f"{number}_*.txt")), store=store)
        one_by_one = _snapshot(store, tmp_path)
    war = one_by_one.incident_of(one_by_one.reports_of("004", "ASSAULT", "6,600")[0])
    assert one_by_one.seeds_of(war) == {"000", "002", "004"}
    ceasefire = one_by_one.incident_of(one_by_one.reports_of("000", "AGREE", "firmaron")[0])
    assert one_by_one.seeds_of(ceasefire) == {"000", "002"}
    meeting = one_by_one.incident_of(one_by_one.reports_of("000", "CONSULT", "Moscú")[0])
    assert one_by_one.seeds_of(meeting) == {"000", "002"}
    assert meeting.date.start == dt.date(2021, 1, 11)


def test_figures_name_who_gives_them_in_every_export(run: SeedRun) -> None:
    """Issue 13: '3,822 dead according to SoyArmenio' reads that way in the event rows themselves."""
    from eventcoder.export.acled import acled_row
    from eventcoder.export.context import ExportContext
    from eventcoder.export.flat import event_row
    from eventcoder.export.ucdp import ucdp_row

    war = next(r for r in run.reports_of("002", "ASSAULT", "3.822") if any(f.low == 3822 for f in r.figures))
    assert {f.according_to for f in war.figures if f.low == 3822} == {"SoyArmenio"}
    assert "SoyArmenio" in war.according_to
    row = event_row(war)
    assert "3.822 personas murieron according to SoyArmenio" in row["figures_told"]
    assert row["according_to"] == "SoyArmenio"
    with open_store(run.path) as store:
        ctx = ExportContext(store)
        assert "according to SoyArmenio" in acled_row(war, ctx)["notes"]
        assert "SoyArmenio" in ucdp_row(war, ctx)["source_original"]
        incident = run.incident_of(war)
        assert "SoyArmenio" in incident.according_to
        assert any("SoyArmenio" in told for f in incident.figures for told in f.according_to)


def test_the_azerbaijani_toll_is_attributed_to_local_officials(run: SeedRun) -> None:
    clash = next(r for r in run.reports_of("004", "ASSAULT", "faced each other") if r.figures)
    fifty = [f for f in clash.figures if f.low == 50]
    assert fifty and all(f.according_to == "local officials" for f in fifty)
