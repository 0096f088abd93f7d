"""Agreement of the event corpus with its second, independent annotation (raw agreement and Cohen's kappa).

Usage: python scripts/corpus_agreement.py [SECOND_ANNOTATION.jsonl] [--disagreements N]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eventcoder.evaluate.agreement import (
    corpus_agreement,
    read_second_annotation,
    role_agreement,
    role_annotation_path,
    second_annotation_path,
)
from eventcoder.evaluate.event_corpus import load_corpus


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=second_annotation_path())
    parser.add_argument("--disagreements", type=int, default=0, help="print this many ACLED disagreements")
    args = parser.parse_args()
    items = load_corpus()
    second = read_second_annotation(args.path)
    print(json.dumps({k: round(v, 3) for k, v in corpus_agreement(items, second).items()}, indent=1))
    roles = role_agreement(items, role_annotation_path())
    print(json.dumps({f"roles.{k}": round(v, 3) for k, v in roles.items()}, indent=1))
    shown = 0
    for it in items:
        s = second.get(it.id)
        first = it.main.acled if it.main else None
        other = s.get("acled") if s and s["event"] else None
        if s is not None and first != other and shown < args.disagreements:
            print(f"{it.id}\t{first}\t{other}\t{it.text[:150]}")
            shown += 1


if __name__ == "__main__":
    main()
