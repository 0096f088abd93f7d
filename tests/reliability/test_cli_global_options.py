"""Global options are accepted after the command too (issue 15, defect 9): ``eventcoder run x --db y``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import eventcoder
from eventcoder.cli.app import hoist_global_options


def test_global_options_after_the_command_move_before_it() -> None:
    assert hoist_global_options(["stats", "--db", "x.sqlite", "--json"]) == ["--db", "x.sqlite", "--json", "stats"]
    assert hoist_global_options(["-q", "ingest", "a.txt", "--db=y", "b.txt"]) == [
        "-q",
        "--db=y",
        "ingest",
        "a.txt",
        "b.txt",
    ]
    assert hoist_global_options(["--db", "a", "run", "--sample", "--quiet"]) == [
        "--db",
        "a",
        "--quiet",
        "run",
        "--sample",
    ]
    # serve has its own --db: it stays the command's option.
    assert hoist_global_options(["serve", "--db", "z"]) == ["serve", "--db", "z"]
    # Nothing after `--` moves; unknown commands and no command are left to the parser's own messages.
    assert hoist_global_options(["ingest", "--", "--db"]) == ["ingest", "--", "--db"]
    assert hoist_global_options(["nosuch", "--db", "x"]) == ["nosuch", "--db", "x"]
    assert hoist_global_options(["--help"]) == ["--help"]


def test_the_cli_takes_db_after_the_command(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("date: 2024-01-02\n\nProtesters marched in Yerevan on Tuesday against the deal.\n")
    db = tmp_path / "after.sqlite"
    cli = [sys.executable, "-m", "eventcoder.cli"]
    done = subprocess.run([*cli, "ingest", str(article), "--db", str(db), "-q"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    stats = subprocess.run([*cli, "stats", "--json", "--db", str(db)], capture_output=True, text=True, check=True)
    assert json.loads(stats.stdout)["tables"]["articles"] == 1
    with eventcoder.open_store(db) as store:
        assert store.count_articles() == 1
    assert not (tmp_path / "eventcoder.sqlite").exists()
