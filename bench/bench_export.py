"""Benchmark of the exports: time and peak memory to write N synthetic incidents as ACLED CSV, Parquet, GeoJSON.

Usage: OPENBLAS_NUM_THREADS=1 python bench/bench_export.py [N ...]   (default: 10000 100000)

Each size is filled into a temporary SQLite store (``store.put_incidents`` in batches of 10,000), then each
export runs in a fresh process so its peak RSS is its own.  Figures go to stdout and bench/results/export.json.
Memory should stay flat as N grows (exports stream); time should grow linearly.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = ("acled", "parquet", "geojson")
BATCH = 10_000


def fill(db: str, n: int) -> float:
    """Write ``n`` synthetic incidents to the store at ``db``; returns seconds taken."""
    from eventcoder.models import (
        ActorRole,
        Article,
        DatePrecision,
        EventDate,
        FigureKind,
        Incident,
        IncidentFigure,
        PlaceRef,
        Role,
        Span,
    )  # fmt: skip
    from eventcoder.store import open_store

    span = Span(start=0, end=0, text="")
    actors = (
        ActorRole(role=Role.SOURCE, entity_id="kb:AZE.mil", name="Military Forces of Azerbaijan", actor_type=8,
                  span=span),
        ActorRole(role=Role.TARGET, entity_id="kb:ARM.mil", name="Military Forces of Armenia", actor_type=1,
                  span=span),
    )  # fmt: skip
    places = [("ARM", 39.84, 45.67, "Jermuk"), ("UKR", 48.72, 37.56, "Kramatorsk"), ("AZE", 39.82, 46.75, "Shusha")]
    start = time.perf_counter()
    with open_store(db) as store:
        store.add_articles(
            Article(id=f"a{k}", text=f"Synthetic article {k}.", title=f"Headline {k}", source="Agencia Sur",
                    published=dt.date(2022, 1, 1), language="es", language_confidence=1.0, origin="-",
                    input_format="text")
            for k in range(500)
        )  # fmt: skip
        for base in range(0, n, BATCH):
            batch = []
            for k in range(base, min(base + BATCH, n)):
                country, lat, lon, name = places[k % 3]
                batch.append(
                    Incident(
                        id=f"i{k:08d}", event_type="ASSAULT", report_ids=(f"e{k}",), article_ids=(f"a{k % 500}",),
                        date=EventDate(start=dt.date(2020, 1, 1) + dt.timedelta(days=k % 1500),
                                       precision=DatePrecision.DAY),
                        place=PlaceRef(entity_id=None, name=name, country=country, latitude=lat, longitude=lon,
                                       geo_precision=1 + k % 3, where_prec=1),
                        actors=actors, languages=("es", "en"), sources=("Agencia Sur",),
                        figures=(IncidentFigure(kind=FigureKind.KILLED, low=k % 40, best=k % 40 + 2, high=None,
                                                sources=(f"e{k}",)),),
                        summary="Synthetic incident for the export benchmark.",
                    )
                )  # fmt: skip
            store.put_incidents(batch)
    return time.perf_counter() - start


def run_export(db: str, fmt: str, out: str) -> None:
    """Child process: export incidents in ``fmt`` and print seconds, rows and peak RSS (MB) as JSON."""
    from eventcoder.export import export_to_path
    from eventcoder.store import open_store

    with open_store(db) as store:
        start = time.perf_counter()
        n = export_to_path(store, out, fmt=fmt, what="incidents", layout="acled")
        secs = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": secs, "rows": n, "peak_rss_mb": peak, "bytes": Path(out).stat().st_size}))


def main(sizes: list[int]) -> None:
    """Fill a store per size, time each export in a child process, print and save the figures."""
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "bench.sqlite")
            fill_s = fill(db, n)
            print(f"{n:>9,} incidents stored in {fill_s:.1f} s", flush=True)
            for fmt in FORMATS:
                out = str(Path(tmp) / f"out.{fmt}")
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", db, fmt, out], capture_output=True, text=True, check=True
                )
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                r.update(n=n, format=fmt, fill_seconds=fill_s)
                results.append(r)
                print(
                    f"    {fmt:8} {r['seconds']:7.1f} s  {n / r['seconds']:8,.0f} rows/s  peak RSS "
                    f"{r['peak_rss_mb']:6.0f} MB  {r['bytes'] / 1e6:7.1f} MB written",
                    flush=True,
                )
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "export.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run_export(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
