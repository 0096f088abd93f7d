"""Benchmark of the time tagger: seconds per document on TimeBank, against HeidelTime's ~2 s per document.

Not a test. Run: ``python bench/bench_timex.py [--repeat 3]``.  Times ``tag_times`` (ranges unmerged, as the
``timebank`` scorers call it) over the documents of ``shared/eval-data/temporal/timebank/<lang>/test.tsv``; the
gold values are not read.  Without the shared data it times news-like generated texts instead.  Prints, per
language, milliseconds per document (best of ``--repeat`` runs) and how many times faster than 2 s per document
that is (the issue asks for at least 100).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from eventcoder.evaluate.base import shared_eval_data
from eventcoder.evaluate.scorers.timebank import read_timebank
from eventcoder.nlp.timex import tag_times

HEIDELTIME_S_PER_DOC = 2.0
FALLBACK = {
    "en": "Profit rose 5% in the third quarter from a year earlier, the company said on Monday at 5 p.m. EST. "
    "Shares fell 2% last week; the annual meeting is due next spring, two years after the 1998 merger.",
    "es": "El lunes 9 de noviembre de 2020, a las 14.30 GMT, firmaron el acuerdo. Hace tres días murieron 49 "
    "soldados; la reunión anual se celebrará el próximo trimestre, durante dos semanas y media.",
}


def documents(language: str) -> list[tuple[str, dt.date]]:
    """(text, DCT) of the TimeBank test documents of ``language``, or generated ones without shared data."""
    root = shared_eval_data()
    path = root / "temporal" / "timebank" / language / "test.tsv" if root else None
    if path is not None and path.is_file():
        return [(d.text, d.dct) for d in read_timebank(path)]
    return [("\n".join([FALLBACK[language]] * 12), dt.date(2020, 11, 12))] * 30


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'lang':5} {'docs':>5} {'chars/doc':>10} {'ms/doc':>8} {'x faster than 2 s/doc':>22}")
    for language in FALLBACK:
        docs = documents(language)
        tag_times("warm up 2020", language=language, anchor=None)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            for text, dct in docs:
                tag_times(text, language=language, anchor=dct, merge_ranges=False)
            best = min(best, time.perf_counter() - start)
        per_doc = best / len(docs)
        chars = sum(len(t) for t, _ in docs) / len(docs)
        print(f"{language:5} {len(docs):5d} {chars:10.0f} {per_doc * 1000:8.2f} {HEIDELTIME_S_PER_DOC / per_doc:22.0f}")


if __name__ == "__main__":
    main()
