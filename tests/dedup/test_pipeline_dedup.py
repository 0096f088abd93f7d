"""The pipeline's dedup glue over a real SQLite store: candidates fetched, updates applied, history logged."""

from __future__ import annotations

from pathlib import Path

from dedup_reports import seed_reports
from store_fixture import SOURCES, store_reports

from eventcoder.dedup import Deduplicator
from eventcoder.pipeline import Pipeline
from eventcoder.settings import load_settings
from eventcoder.store import open_store


def test_glue_clusters_incrementally_keeps_ids_and_is_idempotent(tmp_path: Path) -> None:
    settings = load_settings()
    dd = Deduplicator(settings.dedup)
    reports = {
        k: r.model_copy(update={"source": SOURCES[k[:3]][0], "published": SOURCES[k[:3]][1]})
        for k, r in seed_reports().items()
    }
    with open_store(str(tmp_path / "db.sqlite")) as store:
        pipe = Pipeline(settings, store)
        first = store_reports(store, [r for k, r in reports.items() if not k.startswith("004")])
        assert pipe._deduplicate(dd, first) == 3
        before = {i.id: i for i in store.iter_incidents()}
        later = store_reports(store, [r for k, r in reports.items() if k.startswith("004")])
        pipe._deduplicate(dd, later)
        after = {i.id: i for i in store.iter_incidents()}
        assert set(before) <= set(after)
        war = next(i for i in after.values() if "r_002_war" in i.report_ids)
        assert {"r_000_war", "r_004_war"} <= set(war.report_ids)
        assert war.sources == ("Folha", "SoyArmenio", "Sputnik Mundo")
        history = list(store.iter_incident_changes(incident_id=war.id))
        assert [h.action for h in history] == ["create", "update"]
        # Re-processing the same articles changes nothing and logs nothing.
        n_changes = len(list(store.iter_incident_changes()))
        assert pipe._deduplicate(dd, first + later) == 0
        assert {i.id: i for i in store.iter_incidents()} == after
        assert len(list(store.iter_incident_changes())) == n_changes


def test_inputs_carry_place_variants_from_the_stored_resolution_and_ancestors(tmp_path: Path) -> None:
    from eventcoder.models import Entity, EntityKind
    from eventcoder.pipeline import _DedupInputs

    reports = seed_reports()
    with open_store(str(tmp_path / "db.sqlite")) as store:
        store_reports(store, reports.values())
        store.put_entities([Entity(id="kb:ARM", kind=EntityKind.STATE, name="Armenia", country="ARM"),
                            Entity(id="kb:ARM.mil", kind=EntityKind.ORGANISATION, name="Armed Forces of Armenia",
                                   country="ARM", parent_id="kb:ARM")])  # fmt: skip
        war = reports["002_war"]
        (built,) = _DedupInputs(store)(list(store.iter_events(ids=[war.id])))
        assert built.place_variants == ("artsaj;side=armenian",)
        assert built.source == war.source and built.language == "es"
        (clash,) = _DedupInputs(store)(list(store.iter_events(ids=[reports["004_clash"].id])))
        assert clash.ancestors["kb:ARM.mil"] == ("kb:ARM",)


def test_articles_without_reports_make_no_incidents(tmp_path: Path) -> None:
    settings = load_settings()
    with open_store(str(tmp_path / "db.sqlite")) as store:
        assert Pipeline(settings, store)._deduplicate(Deduplicator(settings.dedup, encoder=None), ["a_none"]) == 0
        assert list(store.iter_incidents()) == []
