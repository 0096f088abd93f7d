"""Regenerate resources/kb/states.yaml (--states) and build the gazetteer index.

Usage: python scripts/build_kb_index.py [--states] [--index PATH]
Without --index the index goes to the user cache dir (see eventcoder.resolve.gazetteer).
"""

from __future__ import annotations

import argparse
import time
from importlib.resources import files
from pathlib import Path

from eventcoder.resolve.gazetteer import build_index, default_index_path
from eventcoder.resolve.states import states_yaml


def main() -> None:
    """Parse the arguments, regenerate what was asked, print where it went."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--states", action="store_true", help="rewrite resources/kb/states.yaml")
    parser.add_argument("--index", type=Path, default=None, help="index path (default: user cache dir)")
    args = parser.parse_args()
    if args.states:
        target = Path(str(files("eventcoder.resources").joinpath("kb", "states.yaml")))
        target.write_text(states_yaml(), encoding="utf-8")
        print(f"wrote {target}")
    start = time.perf_counter()
    path = build_index(args.index or default_index_path())
    print(f"built {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
