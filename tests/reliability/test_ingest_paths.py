"""Defect 4 of issue 15: one bad name must not crash a whole ingest batch.

A symbolic-link loop inside a folder (``ln -s .. d/s/up``) or a file name with a
byte that is not UTF-8 used to end the run with error E000 and store nothing of
the batch.  Now a loop is a typed ``loop`` skip, a self-referencing link an
``unreadable`` one, and an undecodable name is read like any other file, its
``origin`` stored as text with each undecodable byte written ``\\xNN``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import eventcoder
from eventcoder.ingest import Ingestor
from eventcoder.models import Article, SkippedInput, SkipReason
from eventcoder.settings import IngestSettings, Settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links and byte file names are POSIX features")

BODIES = (
    "Las tropas abrieron fuego el martes contra una patrulla cerca del puente del río Norte, según el ejército.",
    "Os militares disseram que o ataque de quarta-feira destruiu dois depósitos de munições perto da cidade.",
    "Les autorités locales ont annoncé jeudi que trois civils avaient été blessés par des tirs d'artillerie.",
    "Officials said on Friday that a drone strike hit a fuel depot near the border town, killing two guards.",
)
INNER = "El alcalde informó el sábado que la carretera principal seguía cortada por los desprendimientos."


def _folder(root: Path, n: int = 3) -> Path:
    d = root / "d"
    (d / "s").mkdir(parents=True)
    for i in range(n):
        (d / f"a{i}.txt").write_text(BODIES[i], encoding="utf-8")
    return d


def _ingest(tmp_path: Path, *inputs: str | bytes) -> tuple[eventcoder.IngestReport, list[Article]]:
    settings = Settings()
    with eventcoder.open_store(str(tmp_path / "db.sqlite")) as store:
        report = eventcoder.ingest_inputs([os.fsdecode(i) for i in inputs], store=store, settings=settings)
        stored = list(store.iter_articles())
        runs = store.list_runs()
    assert [r.status for r in runs] == ["finished"]
    return report, stored


def test_symlink_loop_in_a_folder_is_a_typed_skip_and_the_rest_is_stored(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    (d / "s" / "up").symlink_to("..")
    report, stored = _ingest(tmp_path, str(d))
    assert sorted(a.text for a in stored) == sorted(BODIES[:3])
    assert report.accepted == 3 and report.duplicates == 0
    loops = [s for s in report.skipped if s.reason is SkipReason.LOOP]
    assert [s.origin for s in loops] == [str(d / "s" / "up")]
    assert str(d) in loops[0].detail


def test_two_loops_and_a_self_link_end_quickly(tmp_path: Path) -> None:
    """Two loops would make 2**40 paths if links were followed blindly; a link to itself cannot be opened."""
    d = _folder(tmp_path)
    (d / "s" / "up").symlink_to("..")
    (d / "s" / "top").symlink_to("../..")
    (d / "self").symlink_to("self")
    records = list(Ingestor(IngestSettings())([str(d)]))
    arts = [r for r in records if isinstance(r, Article)]
    assert sorted(a.text for a in arts) == sorted(BODIES[:3])
    skips = {(s.origin, s.reason) for s in records if isinstance(s, SkippedInput)}
    assert (str(d / "self"), SkipReason.UNREADABLE) in skips
    assert (str(d / "s" / "up"), SkipReason.LOOP) in skips


def test_recursive_glob_does_not_follow_a_loop(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    (d / "s" / "up").symlink_to("..")
    records = list(Ingestor(IngestSettings())([str(d / "**" / "*.txt")]))
    assert sorted(r.origin for r in records) == sorted(str(d / f"a{i}.txt") for i in range(3))


def test_a_link_to_a_folder_elsewhere_is_walked(tmp_path: Path) -> None:
    """Not every link is a loop: a link to a folder outside the tree is read through."""
    d = _folder(tmp_path, n=1)
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.txt").write_text(BODIES[3], encoding="utf-8")
    (d / "s" / "link").symlink_to(other)
    records = list(Ingestor(IngestSettings())([str(d)]))
    assert [r.origin for r in records if isinstance(r, Article)] == [str(d / "a0.txt"), str(d / "s" / "link" / "b.txt")]


def test_undecodable_file_name_is_read_and_its_origin_is_text(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    bad = os.fsencode(d) + b"/caf\xe9-\xff.txt"  # Latin-1 'é' and a byte no encoding uses
    with open(bad, "wb") as fh:
        fh.write(BODIES[3].encode("utf-8"))
    os.mkdir(os.fsencode(d) + b"/dir\xe9")
    with open(os.fsencode(d) + b"/dir\xe9/inner.txt", "wb") as fh:
        fh.write(INNER.encode("utf-8"))
    report, stored = _ingest(tmp_path, str(d))
    assert sorted(a.text for a in stored) == sorted([*BODIES, INNER])
    assert report.skipped == ()
    origins = {a.text: a.origin for a in stored}
    assert origins[BODIES[3]] == f"{d}/caf\\xe9-\\xff.txt"
    assert origins[INNER] == f"{d}/dir\\xe9/inner.txt"
    for origin in origins.values():
        origin.encode("utf-8")  # valid text: no lone surrogates


def test_undecodable_names_given_directly_and_in_skips(tmp_path: Path) -> None:
    """A bad name given on the command line, and a skipped file with a bad name, are recorded as text too."""
    d = _folder(tmp_path, n=1)
    good = os.fsencode(d) + b"/ok\xff.txt"
    with open(good, "wb") as fh:
        fh.write(BODIES[1].encode("utf-8"))
    empty = os.fsencode(d) + b"/empty\xfe.txt"
    open(empty, "wb").close()
    missing = os.fsencode(d) + b"/gone\xfd.txt"
    report, stored = _ingest(tmp_path, good, empty, missing, str(d / "a0.txt"))
    assert sorted(a.text for a in stored) == sorted(BODIES[:2])
    assert sorted((s.origin, s.reason) for s in report.skipped) == [
        (f"{d}/empty\\xfe.txt", SkipReason.EMPTY),
        (f"{d}/gone\\xfd.txt", SkipReason.NOT_FOUND),
    ]
