"""Benchmark of the resolve stage: gazetteer/KB load time and memory, mentions resolved per second.

Usage: OPENBLAS_NUM_THREADS=1 python bench/bench_resolve.py
"""

from __future__ import annotations

import datetime as dt
import resource
import time

from eventcoder.models import Analysis, Article, Mention
from eventcoder.resolve import Resolver
from eventcoder.settings import ResolveSettings

TEXT = (
    "Hoy, Bakú celebró una conferencia en la ocupada Shushi. Washington y París creen que el problema de Artsaj no "
    "se resolvió. El presidente ruso Vladimir Putin y el primer ministro armenio Nikol Pashinyan se reunieron en "
    "Moscú. Las Fuerzas Armadas de Azerbaiyán atacaron Nagorno Karabaj. El comandante Iván Petrov habló en Ereván."
)
SURFACES = [("Bakú", "LOC"), ("Shushi", "LOC"), ("Washington", "LOC"), ("París", "LOC"), ("Artsaj", "LOC"),
            ("Vladimir Putin", "PER"), ("Nikol Pashinyan", "PER"), ("Moscú", "LOC"), ("Nagorno Karabaj", "LOC"),
            ("Iván Petrov", "PER"), ("Ereván", "LOC")]  # fmt: skip


def _pair(i: int) -> tuple[Article, Analysis]:
    aid = f"a{i}"
    mentions = []
    for surface, label in SURFACES:
        s = TEXT.index(surface)
        mentions.append(Mention(start=s, end=s + len(surface), text=surface, article_id=aid, sentence_index=0,
                                label=label, backend="bench"))  # fmt: skip
    article = Article(id=aid, text=TEXT, published=dt.date(2021, 10, 1), language="es", language_confidence=1.0,
                      origin="-", input_format="text")  # fmt: skip
    return article, Analysis(article_id=aid, language="es", backend="bench", mentions=tuple(mentions))


def main() -> None:
    """Print load time, peak RSS and mentions per second."""
    start = time.perf_counter()
    resolver = Resolver(ResolveSettings())
    resolver.lexicon("es")
    load = time.perf_counter() - start
    batch = [_pair(i) for i in range(300)]
    start = time.perf_counter()
    results = resolver(batch)
    elapsed = time.perf_counter() - start
    n = sum(len(r.mentions) for r in results)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load (KB + gazetteer index + es lexicon): {load:.2f} s; peak RSS {rss:.0f} MB")
    print(
        f"resolved {n} mentions in {elapsed:.2f} s: {n / elapsed:.0f} mentions/s, {len(batch) / elapsed:.0f} articles/s"
    )


if __name__ == "__main__":
    main()
