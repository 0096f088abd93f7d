"""Every ACLED sub-event type can come out: one sentence per type per language, processed end to end (ingest,
language analysis, resolution, extraction), must give an ACLED export row of that type.  Also: a count is never
exported as a year, and an undated event has an empty date."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import yaml

import eventcoder
from eventcoder.export import export
from eventcoder.extract import Ontology
from eventcoder.store import Store

CASES: dict[str, dict[str, str]] = yaml.safe_load((Path(__file__).parent / "acled_cases.yaml").read_text("utf-8"))
PARAMS = [(sub, lang, text) for sub, by_lang in CASES.items() for lang, text in by_lang.items()]
NEGATIVES = {
    "quake": "As many as 555 people were killed and more than 1500 people were injured after a strong earthquake.",
    "concert": "Police said 1700 rounds were found after gunfire ensued and the concert was stopped.",
}


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, pd.DataFrame]]]:
    root = tmp_path_factory.mktemp("acled_cases")
    names: dict[str, str] = {}
    texts = {f"{i:03d}-{lang}": text for i, (_, lang, text) in enumerate(PARAMS)} | NEGATIVES
    for name, text in texts.items():
        header = "" if name in NEGATIVES else "date: 2024-05-14\n\n"  # the negatives' articles are undated
        (root / f"{name}.txt").write_text(f"{header}{text}\n", encoding="utf-8")
        names[name] = text
    with eventcoder.open_store(str(root / "cases.sqlite")) as store:
        eventcoder.process([root], store=store)
        article_of = {ev.id: ev.article_id for ev in store.iter_events()}
        origin = {a.id: Path(a.origin).stem for a in store.iter_articles()}
        buf = io.StringIO()
        export(store, fmt="acled", what="events", out=buf)
        df = pd.read_csv(io.StringIO(buf.getvalue()), keep_default_na=True)
        df["case"] = [origin[article_of[i]] for i in df["ec_id"]]
        yield store, {name: df[df["case"] == name] for name in names}


def test_cases_name_every_sub_event_type_in_every_language() -> None:
    assert set(CASES) == set(Ontology().acled_sub_events)
    assert all(set(by_lang) == {"en", "es", "pt", "fr", "ru"} for by_lang in CASES.values())


@pytest.mark.parametrize(("sub_event", "language", "text"), PARAMS, ids=[f"{s}-{lang}" for s, lang, _ in PARAMS])
def test_sub_event_type_reaches_the_acled_export(
    processed: tuple[Store, dict[str, pd.DataFrame]], sub_event: str, language: str, text: str
) -> None:
    _, rows = processed
    name = f"{PARAMS.index((sub_event, language, text)):03d}-{language}"
    found = rows[name]
    assert sub_event in set(found["sub_event_type"]), (text, found[["sub_event_type", "ec_event_type"]].to_dict())
    row = found[found["sub_event_type"] == sub_event].iloc[0]
    assert row["event_type"] == Ontology().acled_code(sub_event).event_type
    # The article's date, or the day before for what happened "overnight" / "durante la noche" / "ночью" in a
    # report of that morning (issue 16's tense-aware time rules); never another date.
    assert row["event_date"] in ("2024-05-14", "2024-05-13") or pd.isna(row["event_date"])


def test_counts_are_never_years_and_undated_events_have_no_date(
    processed: tuple[Store, dict[str, pd.DataFrame]],
) -> None:
    store, rows = processed
    for name in NEGATIVES:
        assert rows[name]["event_date"].isna().all(), (name, list(rows[name]["event_date"]))
        assert rows[name]["year"].isna().all()
    for ev in store.iter_events():
        assert ev.date.start is None or ev.date.start.year == 2024, ev.date
