"""Articles (insert-if-absent, filters, order), ingest runs and stats, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from store_records import article

from eventcoder.errors import NotFoundError, StoreError
from eventcoder.models import SkippedInput, SkipReason
from eventcoder.store import open_store


def test_readding_articles_adds_nothing(store_url: str) -> None:
    arts = [article(n) for n in range(7)]
    with open_store(store_url) as store:
        first = store.add_articles(arts, batch_size=3)
        assert (first.new, first.duplicates) == (7, 0)
        assert first.new_ids == tuple(a.id for a in arts)
        changed = arts[0].model_copy(update={"title": "otro título"})
        again = store.add_articles([*arts, changed, arts[1]], batch_size=4)
        assert (again.new, again.duplicates, again.new_ids) == (0, 9, ())
        assert store.count_articles() == 7
        assert store.get_article(arts[0].id) == arts[0]  # stored articles are never changed


def test_duplicates_within_one_batch(store_url: str) -> None:
    a = article(1)
    with open_store(store_url) as store:
        result = store.add_articles([a, a, article(2), a])
        assert (result.new, result.duplicates) == (2, 2)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [3, 1, 2, 4, 5]),
        ({"language": "pt"}, [2, 5]),
        ({"since": dt.date(2020, 10, 2)}, [1, 2, 4]),
        ({"until": dt.date(2020, 10, 2)}, [3, 1, 2]),
        ({"since": dt.date(2020, 10, 2), "until": dt.date(2020, 10, 2)}, [1, 2]),
        ({"source": "Armenpress"}, [1, 4]),
        ({"ids": ["a_0000000000000005", "a_0000000000000003"]}, [3, 5]),
        ({"language": "fr"}, []),
    ],
)
def test_filters_and_stable_order(store_url: str, filters: dict[str, object], expected: list[int]) -> None:
    arts = [
        article(5, language="pt", published=None),
        article(4, language="en", published=dt.date(2020, 11, 9), source="Armenpress"),
        article(2, language="pt", published=dt.date(2020, 10, 2)),
        article(1, language="es", published=dt.date(2020, 10, 2), source="Armenpress"),
        article(3, language="ru", published=dt.date(2020, 9, 27)),
    ]
    with open_store(store_url) as store:
        store.add_articles(arts)
        got = [int(a.id.removeprefix("a_"), 16) for a in store.iter_articles(**filters)]  # type: ignore[arg-type]
        assert got == expected


def test_ingest_run_with_skips(store_url: str) -> None:
    skips = [
        SkippedInput(origin="in/a.bin", reason=SkipReason.BINARY),
        SkippedInput(origin="in/b.json#3", reason=SkipReason.MALFORMED_JSON, detail="line 3: expecting ','"),
        SkippedInput(origin="in/c.txt", reason=SkipReason.EMPTY),
    ]
    with open_store(store_url) as store:
        run_id = store.start_run(["in/", "feeds/ejemplo.xml"])
        running = store.get_run(run_id)
        assert running.status == "running" and running.finished_at is None
        assert running.inputs == ("in/", "feeds/ejemplo.xml")
        assert store.record_skips(run_id, skips[:2]) == 2
        store.record_skips(run_id, skips[2:])
        done = store.finish_run(run_id, accepted=5, duplicates=1)
        assert done.status == "finished" and (done.accepted, done.duplicates) == (5, 1)
        assert done.skipped == tuple(skips)
        assert done.finished_at is not None and done.finished_at >= done.started_at
        assert done.started_at.tzinfo is not None
        other = store.start_run(["-"])
        store.finish_run(other, accepted=0, duplicates=0, status="failed")
        assert [r.id for r in store.list_runs()] == [run_id, other]
        assert store.get_run(run_id) == done
        with pytest.raises(NotFoundError):
            store.get_run("r_missing")
        with pytest.raises(NotFoundError):
            store.record_skips("r_missing", skips)
        with pytest.raises(NotFoundError):
            store.finish_run("r_missing", accepted=0, duplicates=0)


def test_stats(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_articles([article(1), article(2), article(3, language="ru")])
        run_id = store.start_run(["x"])
        store.record_skips(
            run_id,
            [
                SkippedInput(origin="x/1", reason=SkipReason.EMPTY),
                SkippedInput(origin="x/2", reason=SkipReason.EMPTY),
                SkippedInput(origin="x/3", reason=SkipReason.TOO_LARGE),
            ],
        )
        store.start_run(["y"])
        store.finish_run(run_id, accepted=3, duplicates=0)
        stats = store.stats()
    assert stats.tables["articles"] == 3
    assert stats.tables["run_skips"] == 3
    assert stats.tables["event_reports"] == 0
    assert stats.articles_by_language == {"es": 2, "ru": 1}
    assert stats.runs == 2
    assert stats.runs_by_status == {"finished": 1, "running": 1}
    assert stats.skips_by_reason == {"empty": 2, "too_large": 1}


def test_reopen_keeps_data_and_create_false(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_articles([article(1)])
    with open_store(store_url, create=False) as store:
        assert store.count_articles() == 1


def test_create_false_refuses_an_empty_location(store_url: str) -> None:
    with pytest.raises(StoreError, match="no eventcoder store"):
        open_store(store_url, create=False)


@pytest.mark.parametrize(
    "url",
    ["postgresql://postgres@127.0.0.1:1/nowhere", "nosuchdriver://x/y", "sqlite:////proc/no/such/dir/x.sqlite"],
    ids=["no-server", "unknown-driver", "uncreatable-folder"],
)
def test_unusable_location_is_a_one_line_store_error(url: str) -> None:
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert "\n" not in str(info.value)


def test_concurrent_writers_on_a_new_store(store_url: str) -> None:
    """Three stores race to create, migrate and fill the same new file."""
    path = store_url
    errors: list[BaseException] = []

    def write(offset: int) -> None:
        try:
            with open_store(path) as store:
                for b in range(5):
                    store.add_articles([article(offset + b * 20 + n) for n in range(1, 21)])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k * 1000,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(path) as store:
        assert store.count_articles() == 300
