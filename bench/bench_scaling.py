"""Benchmark: processing cost against article length (issue 15: linear, bounded, no hang).

A "live report": the English sample articles repeated as numbered updates until the text reaches a size,
so the same places and actors are named again and again (the case that was quadratic).  Measured:

- in this process, after a warm-up that loads every model: the chain (analyse, resolve, extract) on one
  100,000-character and one 400,000-character report; their time ratio (linear would be 4; the issue's
  bound is 5; before the fix it was 8);
- each in a fresh subprocess: ``eventcoder.process`` (ingest, chain, clustering, storage in SQLite) of one
  article of 1,000,000 characters (the default ``process.max_article_chars``, so processed) and one of
  2,000,000 (skipped as too_costly), with wall time and peak RSS (the issue's bound: 5 minutes, 2 GB).

Prints the figures; writes bench/results/bench_scaling.json.

Usage: OPENBLAS_NUM_THREADS=1 python bench/bench_scaling.py [--quick]   (--quick: in-process part only)
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

RESULTS = Path(__file__).resolve().parent / "results" / "bench_scaling.json"


def live_report(chars: int) -> str:
    """English sample articles as numbered updates, paragraphs kept, until ``chars`` characters."""
    from eventcoder.evaluate.gold import read_article_file, sample_corpus_dir

    bodies = [read_article_file(p)[1] for p in sorted((sample_corpus_dir() / "articles").glob("en*.txt"))]
    parts: list[str] = []
    size = i = 0
    while size < chars:
        part = f"Update {i}: {bodies[i % len(bodies)]}"
        parts.append(part)
        size += len(part) + 2
        i += 1
    return "\n\n".join(parts)[:chars]


def chain_seconds(sizes: list[int]) -> dict[int, float]:
    """Seconds of analyse + resolve + extract for one report of each size, models loaded beforehand."""
    from eventcoder.extract import Extractor
    from eventcoder.extract.context import stable_id
    from eventcoder.models import Article
    from eventcoder.nlp import Analyser
    from eventcoder.resolve import Resolver
    from eventcoder.settings import load_settings

    settings = load_settings(environ={})
    analyser, resolver, extractor = Analyser(settings.nlp), Resolver(settings.resolve), Extractor(settings.extract)

    def run(text: str) -> float:
        art = Article(
            id=stable_id("a_", len(text)),
            text=text,
            language="en",
            language_confidence=1.0,
            origin="bench",
            input_format="text",
        )
        start = time.perf_counter()
        analyses = analyser([art])
        resolutions = resolver([(art, analyses[0])])
        extractor([(art, analyses[0], resolutions[0])])
        return time.perf_counter() - start

    run(live_report(5_000))  # warm-up: every model loaded
    return {n: run(live_report(n)) for n in sizes}


def one_article(chars: int) -> dict[str, float | int | str]:
    """Run in a subprocess: store and process one report of ``chars`` characters; time and peak RSS."""
    import eventcoder

    folder = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    (folder / "report.txt").write_text("date: 2024-05-01\n\n" + live_report(chars), encoding="utf-8")
    start = time.perf_counter()
    with eventcoder.open_store(folder / "db.sqlite") as store:
        rep = eventcoder.process([folder / "report.txt"], store=store).processing
    return {
        "chars": chars,
        "seconds": round(time.perf_counter() - start, 1),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "processed": rep.processed,
        "skipped": ",".join(s.reason.value for s in rep.skipped),
        "events": rep.events,
    }


def main() -> None:
    """Measure, print, write the results file."""
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(one_article(int(sys.argv[2]))))
        return
    secs = chain_seconds([100_000, 400_000])
    result: dict[str, object] = {
        "chain_seconds_100k": round(secs[100_000], 2),
        "chain_seconds_400k": round(secs[400_000], 2),
        "ratio_400k_to_100k": round(secs[400_000] / secs[100_000], 2),
    }
    print(
        f"chain, one live report: 100k chars {secs[100_000]:.1f} s, 400k chars {secs[400_000]:.1f} s, ratio "
        f"{result['ratio_400k_to_100k']} (linear 4, bound 5)",
        flush=True,
    )
    if "--quick" not in sys.argv:
        for chars in (1_000_000, 2_000_000):
            out = (
                subprocess.run(
                    [sys.executable, __file__, "--one", str(chars)], capture_output=True, text=True, check=True
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            one = json.loads(out)
            result[f"process_{chars // 1000}k"] = one
            print(f"process one article of {chars:,} chars in a fresh process: {one}", flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
