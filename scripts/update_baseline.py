"""Write evaluation/baseline.json from an evaluation run (``eventcoder evaluate --no-gate -o results.json``).

Usage: python scripts/update_baseline.py results.json [more.json ...] [--out evaluation/baseline.json]

Every headline metric of every scorer that ran becomes a floor, rounded down to
three decimals (scores are deterministic; rounding only absorbs formatting).
Not gated: lower-is-better figures (names containing 'error') and per-class
breakdowns (names like 'f1_ASSAULT', 'f1.ASSAULT', 'value_f1.DATE' or a '.es' language suffix), which move
with legitimate trade-offs; their headline aggregates are gated instead.  Scorers that were
skipped keep their previous floors.  Run it only after a change that should
move a score, and say why in the commit message and docs/quality.md.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path

UNGATED = re.compile(r"error|(^|\.)f1[._][A-Z]|\.[a-z]{2}$|\.[A-Z]+$")


def main() -> None:
    """Merge the given results into the baseline file."""
    parser = argparse.ArgumentParser()
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("evaluation/baseline.json"))
    args = parser.parse_args()
    old = json.loads(args.out.read_text()) if args.out.exists() else {}
    scores: dict[str, dict[str, float]] = dict(old.get("scores", {}))
    for path in args.results:
        for res in json.loads(path.read_text())["results"]:
            if res.get("skipped"):
                continue
            scores[res["scorer"]] = {
                name: math.floor(value * 1000) / 1000
                for name, value in sorted(res["metrics"].items())
                if not UNGATED.search(name)
            }
    doc = {
        "about": "Minimum scores for `eventcoder evaluate`; the test suite fails below them. "
        "Written by scripts/update_baseline.py; see docs/quality.md for what each scorer measures.",
        "scores": dict(sorted(scores.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"wrote {args.out}: {sum(len(v) for v in scores.values())} floors over {len(scores)} scorers")


if __name__ == "__main__":
    main()
