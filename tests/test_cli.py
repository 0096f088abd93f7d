"""The CLI as a user runs it: a real subprocess, exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventcoder.cli", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_ingest_from_stdin_then_list_and_export(tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite")
    text = (
        b"title: Alto el fuego\ndate: 2020-11-10\n\nRusia, Azerbaiyan y Armenia firmaron un alto el fuego en Moscu.\n"
    )
    r = cli("--db", db, "--json", "ingest", "-", stdin=text)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["accepted"] == 1
    r = cli("--db", db, "--json", "articles")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [row["title"] for row in rows] == ["Alto el fuego"]
    out = tmp_path / "x" / "articles.csv"
    r = cli("--db", db, "export", "--format", "csv", "--what", "articles", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "Alto el fuego" in out.read_text(encoding="utf-8")
    r = cli("--db", db, "--json", "stats")
    assert json.loads(r.stdout)["tables"]["articles"] == 1


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["export", "--format", "xml"], 2, "no exporters named 'xml'"),
        (["export", "--what", "cats"], 2, "cannot export 'cats'"),
        (["--config", "/nonexistent/c.toml", "stats"], 2, "cannot read settings file"),
    ],
)
def test_errors_are_one_line_with_documented_exit_codes(
    tmp_path: Path, args: list[str], code: int, fragment: str
) -> None:
    r = cli("--db", str(tmp_path / "db.sqlite"), *args)
    assert r.returncode == code, (r.stdout, r.stderr)
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_store_that_is_not_a_database_is_exit_4(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    r = cli("--db", str(bad), "stats")
    assert r.returncode == 4, r.stderr
    assert "E003" in r.stderr and "Traceback" not in r.stderr


def test_run_sample_writes_database_and_exports(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    out = tmp_path / "out"
    r = cli("--db", str(db), "run", "--sample", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert str(db) in r.stdout
    for name in ("articles.jsonl", "events.csv", "incidents_acled.csv", "incidents_ucdp.csv", "incidents.geojson",
                 "incidents.parquet", "report.html"):  # fmt: skip
        assert (out / name).exists(), name
        assert str(out / name) in r.stdout
    n_articles = len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines())
    assert n_articles >= 20
    r2 = cli("--db", str(db), "--json", "run", "--sample")
    assert r2.returncode == 0, r2.stderr
    data = json.loads(r2.stdout)
    assert data["ingest"]["accepted"] == 0
    assert data["process"]["processed"] == 0
