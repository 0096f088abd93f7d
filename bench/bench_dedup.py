"""Benchmark of the deduplication stage: clustering 10k, 30k and 100k synthetic event reports.

Each size runs in its own process (peak RSS is per process).  Synthetic reports: real incidents are
drawn at a constant density over time (so the corpus spans more days as it grows, like a growing news
archive), each told by 1-6 reports in different articles with jittered dates, shared or partly shared
actors, nearby places and a type from a small set; one in ten reports is undated.  Text similarity
uses random unit vectors (one per incident plus noise) instead of the sentence encoder, for speed;
the encoder's own cost is measured separately on real sentences.

Usage: OPENBLAS_NUM_THREADS=1 python bench/bench_dedup.py [sizes...]
Writes bench/results/bench_dedup.json.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from eventcoder.dedup import Deduplicator, ReportInput, Usem3Encoder
from eventcoder.models import ActorRole, EventDate, EventReport, Evidence, Figure, FigureKind, PlaceRef, Role, Span
from eventcoder.settings import load_settings

SIZES = (10_000, 30_000, 100_000)
INCIDENTS_PER_DAY = 8
TYPES = ("ASSAULT", "ASSAULT", "ASSAULT", "AGREE", "CONSULT", "ACCUSE", "PROTEST", "COERCE")
ACTORS = [f"kb:A{i}" for i in range(60)]
DIM = 512


class HashEncoder:
    """Stand-in encoder: the text carries its incident number; vector = incident direction + noise."""

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit vectors (n, 512)."""
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            inc, _, _rep = t.partition("/")
            base = np.random.default_rng(int(inc)).standard_normal(DIM)
            noise = np.random.default_rng(int(hashlib.md5(t.encode()).hexdigest()[:8], 16)).standard_normal(DIM)
            v = base + 0.8 * noise
            out[i] = v / np.linalg.norm(v)
        return out


def synthetic(n: int, seed: int = 7) -> list[ReportInput]:
    """About ``n`` reports of about n/3.5 incidents."""
    rng = random.Random(seed)
    out: list[ReportInput] = []
    span = Span(start=0, end=1, text="x")
    k = 0
    day0 = dt.date(2015, 1, 1).toordinal()
    while len(out) < n:
        day = day0 + k // INCIDENTS_PER_DAY
        etype = rng.choice(TYPES)
        lat, lon = 30 + rng.random() * 20, 30 + rng.random() * 20
        actors = rng.sample(ACTORS, 2)
        for r in range(rng.randint(1, 6)):
            if len(out) >= n:
                break
            rid = f"r{k}_{r}"
            aid = f"a{k}_{r}"
            d = dt.date.fromordinal(day + rng.choice((0, 0, 0, 1, -1)))
            date = EventDate(start=d, precision="day", origin="sentence") if rng.random() > 0.1 else EventDate()
            roles = tuple(ActorRole(role=Role.PARTICIPANT, entity_id=a, name=a, span=span) for a in actors
                          if rng.random() > 0.2)  # fmt: skip
            place = PlaceRef(entity_id=f"p{k}", name=f"P{k}", latitude=lat + rng.gauss(0, 0.05),
                             longitude=lon + rng.gauss(0, 0.05), where_prec=1)  # fmt: skip
            figs = ()
            if etype == "ASSAULT" and rng.random() < 0.5:
                low = rng.randint(1, 60)
                figs = (Figure(kind=FigureKind.KILLED, low=low, high=low, span=span),)
            text = f"{k}/{r}"
            rep = EventReport(
                id=rid, article_id=aid, event_type=etype, confidence=0.8, actors=roles, date=date, place=place,
                figures=figs, extractor="bench",
                evidence=Evidence(start=0, end=len(text), text=text, article_id=aid, sentence_index=0),
            )  # fmt: skip
            out.append(
                ReportInput(
                    report=rep,
                    language=rng.choice(["es", "en", "pt", "fr", "ru"]),
                    source=f"s{rng.randint(0, 40)}",
                    published=d,
                    text=text,
                )
            )
        k += 1
    return out


def run_size(n: int) -> dict[str, float]:
    """Cluster ``n`` synthetic reports in one batch; return figures."""
    reports = synthetic(n)
    dd = Deduplicator(load_settings().dedup, encoder=HashEncoder())
    start = time.perf_counter()
    update = dd(reports)
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    truth = {r.id: r.id.split("_")[0] for r in reports}
    pred = update.assignments
    pure = _purity(pred, truth)
    return {"reports": n, "seconds": elapsed, "peak_rss_mb": rss, "incidents": len(update.upserts),
            "true_incidents": len(set(truth.values())), "bcubed_p": pure[0], "bcubed_r": pure[1]}  # fmt: skip


def _purity(pred: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """B-cubed precision and recall of ``pred`` against ``truth`` (both report id -> cluster)."""
    from collections import Counter

    both = Counter((pred[r], truth[r]) for r in pred)
    p_size, t_size = Counter(pred.values()), Counter(truth[r] for r in pred)
    p = sum(n * n / p_size[c] for (c, _), n in both.items()) / len(pred)
    r = sum(n * n / t_size[t] for (_, t), n in both.items()) / len(pred)
    return p, r


def encoder_cost() -> dict[str, float]:
    """Sentences per second of the real encoder (USE-multilingual v3) on event sentences."""
    sentences = [
        "Azerbaijani forces shelled Armenian positions near the border on Tuesday, the defence ministry said.",
        "Las fuerzas de Armenia y Azerbaiyán se enfrentaron de nuevo en la frontera, con decenas de muertos.",
        "Российские миротворцы погибли, когда их автомобиль попал под обстрел.",
        "Le Haut-Karabakh a annoncé un cessez-le-feu après une offensive éclair de l'Azerbaïdjan.",
    ] * 64
    enc = Usem3Encoder()
    enc(sentences[:4])
    start = time.perf_counter()
    enc(sentences)
    return {"encoder_sentences_per_s": len(sentences) / (time.perf_counter() - start)}


def main(argv: list[str]) -> None:
    """Run each size in a child process, print the figures and the growth exponent, write the JSON."""
    if argv and argv[0] == "--one":
        print(json.dumps(run_size(int(argv[1]))))
        return
    sizes = [int(a) for a in argv] or list(SIZES)
    rows = []
    for n in sizes:
        proc = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{n:>7} reports: {row['seconds']:7.2f} s, peak RSS {row['peak_rss_mb']:6.0f} MB, "
              f"{row['incidents']} incidents (true {row['true_incidents']}), "
              f"B-cubed P {row['bcubed_p']:.3f} R {row['bcubed_r']:.3f}", flush=True)  # fmt: skip
    exponent = None
    if len(rows) >= 2:
        xs = [math.log(r["reports"]) for r in rows]
        ys = [math.log(r["seconds"]) for r in rows]
        exponent = float(np.polyfit(xs, ys, 1)[0])
        print(f"growth exponent (time ~ n^k): k = {exponent:.2f}")
    enc = encoder_cost()
    print(f"encoder (USE-multilingual v3, 1 thread): {enc['encoder_sentences_per_s']:.0f} sentences/s")
    out = Path(__file__).resolve().parent / "results" / "bench_dedup.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"sizes": rows, "exponent": exponent, **enc}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
