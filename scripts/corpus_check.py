"""Validate event-corpus batch files and print their counts.

Usage: python scripts/corpus_check.py [FILE_OR_DIR ...]   (default: the packaged corpus)
Exit 1 with the first error (file:line and what is wrong) when an item is invalid.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from eventcoder.errors import EvaluationError
from eventcoder.evaluate.event_corpus import corpus_dir, read_items


def main(argv: list[str]) -> int:
    targets = [Path(a) for a in argv] or [corpus_dir() / "batches"]
    paths = [p for t in targets for p in (sorted(t.glob("*.jsonl")) if t.is_dir() else [t])]
    try:
        items = read_items(paths)
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    by_lang = Counter(it.lang for it in items)
    acled = Counter((it.main.acled if it.main else None) for it in items)
    plover = Counter(e.plover for it in items for e in it.events)
    negative = Counter(it.negative for it in items if it.negative)
    print(f"{len(items)} items; languages {dict(sorted(by_lang.items()))}")
    print(f"negatives {sum(negative.values())} ({sum(negative.values()) / max(1, len(items)):.0%}): {dict(negative)}")
    print("ACLED (main reported event):", {k or "-": v for k, v in sorted(acled.items(), key=lambda kv: -kv[1])})
    print("PLOVER (all events):", dict(sorted(plover.items())))
    print("splits:", dict(Counter(it.split for it in items)))
    print("countries:", len({it.country for it in items}), "conflicts:", len({it.conflict for it in items}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
