"""Benchmark: processing with 1 and 2 worker processes (issue 14).

Texts: the 24 sample articles, each repeated ``COPIES`` times with a numbered first line (so every copy is
a distinct article), stored in a fresh SQLite store per run; batches of 16.  Both runs in this process's
machine, one after the other, BLAS threads 1; each run includes its model loading (in workers for the
parallel run, in this process for the other), ingest excluded.  Prints wall times, the speed-up (2 workers
over 1) and each worker's peak memory; writes bench/results/bench_workers.json.

Usage: OPENBLAS_NUM_THREADS=1 python bench/bench_workers.py
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import eventcoder

COPIES = 4
RESULTS = Path(__file__).resolve().parent / "results" / "bench_workers.json"


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(eventcoder.sample_corpus_dir().glob("*.txt")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        for k in range(COPIES):
            (folder / f"{k}_{path.name}").write_text(f"{head}\n\nCopy {k}.\n{body}", encoding="utf-8")
    return folder


def main() -> None:
    """Measure and print; write the results file."""
    root = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    corpus = _corpus(root / "in")
    result: dict[str, object] = {"articles": len(list(corpus.iterdir()))}
    for workers in (1, 2):
        settings = eventcoder.load_settings(environ={}).with_overrides(process={"workers": workers, "batch_size": 16})
        with eventcoder.open_store(root / f"w{workers}.sqlite") as store:
            eventcoder.ingest_inputs([corpus], store=store, settings=settings)
            start = time.perf_counter()
            rep = eventcoder.process([], store=store, settings=settings).processing
            seconds = time.perf_counter() - start
        result[f"workers_{workers}"] = {
            "seconds": round(seconds, 1),
            "events": rep.events,
            "peak_rss_mb": list(rep.worker_peak_rss_mb),
        }
        print(
            f"{workers} worker(s): {seconds:.1f} s, {rep.events} events, peak memory {rep.worker_peak_rss_mb} MB",
            flush=True,
        )
    one = result["workers_1"]["seconds"]  # type: ignore[index]
    two = result["workers_2"]["seconds"]  # type: ignore[index]
    result["speedup_2_over_1"] = round(one / two, 2)
    print(f"speed-up with 2 workers: {result['speedup_2_over_1']}x on {os.cpu_count()} cores")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
