"""Benchmark: ingestion of plain-text articles into SQLite, in articles per second.

Reported beside a baseline run in the same process on the same files: reading
each file and inserting its raw text with the standard library's sqlite3 (no
decoding checks, no language id, no normalisation).  The ratio says what the
real ingestion costs over the least any ingestion could do.

Usage: python bench/bench_ingest.py [N]   (default N = 2000)
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import eventcoder

SENTENCES = [
    "Las fuerzas de Azerbaiyán y Armenia se enfrentaron de nuevo en la frontera durante la noche.",
    "According to the defence ministry, at least 49 soldiers were killed in the shelling near Jermuk.",
    "Le ministère russe des Affaires étrangères a appelé les deux parties à la retenue.",
    "Segundo fontes locais, o cessar-fogo foi negociado pela Rússia na terça-feira.",
    "Министерство обороны заявило, что обстрелы продолжались всю ночь.",
]


def make_corpus(folder: Path, n: int) -> None:
    """Write ``n`` distinct plain-text articles (about 1,000 characters each) with metadata lines."""
    for i in range(n):
        body = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(10))
        (folder / f"{i:06d}.txt").write_text(
            f"title: Report {i}\ndate: 2022-09-{1 + i % 28:02d}\nsource: Bench Wire\n\n{body} ({i})\n",
            encoding="utf-8",
        )


def baseline(folder: Path, db: Path) -> float:
    """Raw read + sqlite3 insert; returns articles per second."""
    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("pragma journal_mode=wal")
    con.execute("create table t (name text primary key, body text)")
    rows = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())]
    with con:
        con.executemany("insert or ignore into t values (?, ?)", rows)
    con.close()
    return len(rows) / (time.perf_counter() - t0)


def real(folder: Path, db: Path) -> tuple[float, int]:
    """eventcoder ingestion through the public API; returns (articles per second, accepted)."""
    t0 = time.perf_counter()
    with eventcoder.open_store(db) as store:
        rep = eventcoder.ingest_inputs([folder], store=store)
    return rep.accepted / (time.perf_counter() - t0), rep.accepted


def main() -> None:
    """Run both and print/write the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        make_corpus(folder, n)
        base = baseline(folder, Path(tmp) / "base.sqlite")
        rate, accepted = real(folder, Path(tmp) / "ec.sqlite")
        rerun_t0 = time.perf_counter()
        with eventcoder.open_store(Path(tmp) / "ec.sqlite") as store:
            again = eventcoder.ingest_inputs([folder], store=store)
        rerun = n / (time.perf_counter() - rerun_t0)
    result = {
        "articles": n,
        "accepted": accepted,
        "baseline_articles_per_s": round(base, 1),
        "eventcoder_articles_per_s": round(rate, 1),
        "ratio_eventcoder_to_baseline": round(rate / base, 4),
        "reingest_articles_per_s": round(rerun, 1),
        "reingest_accepted": again.accepted,
    }
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(result, indent=2) + "\n")
    for k, v in result.items():
        print(f"{k:32} {v}")


if __name__ == "__main__":
    main()
