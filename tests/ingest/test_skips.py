"""Every bad input becomes a SkippedInput with the right reason, and the batch goes on after it."""

from __future__ import annotations

import gzip
import os
import socket
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_samples import BODY, PARAGRAPHS, articles, as_text, run

from eventcoder import registry
from eventcoder.ingest import Draft, Ingestor, RawInput, article_id
from eventcoder.ingest.readers import ReaderBase
from eventcoder.models import Article, SkippedInput, SkipReason
from eventcoder.settings import IngestSettings

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100)

BAD_FILES: list[tuple[str, bytes, SkipReason]] = [
    ("empty.txt", b"", SkipReason.EMPTY),
    ("blank.txt", b"  \n\t\r\n  ", SkipReason.EMPTY),
    ("short.txt", b"title: x\n\nToo short.", SkipReason.NO_TEXT),
    ("image.png", PNG, SkipReason.BINARY),
    ("image.txt", PNG, SkipReason.BINARY),
    ("doc.pdf", PDF, SkipReason.BINARY),
    ("archive.zip", ZIP, SkipReason.BINARY),
    ("nul.txt", b"some text\x00with\x00nul bytes" * 10, SkipReason.BINARY),
    ("high.txt", bytes(range(128, 256)) * 10, SkipReason.UNDECODABLE),
    ("bad_bom.txt", b"\xff\xfe" + b"\x00\xd8" * 3, SkipReason.UNDECODABLE),
    ("notes.xyz", b"Unos apuntes sin formato conocido, bastante largos.", SkipReason.UNSUPPORTED_FORMAT),
    ("page.html", b"<<<<", SkipReason.MALFORMED_HTML),
    ("nav.html", b"<html><body><nav><a href='/'>Inicio</a></nav></body></html>", SkipReason.NO_TEXT),
    ("broken.json", b'{"text": "unterminated', SkipReason.MALFORMED_JSON),
    ("broken.xml", b"<rss><channel><title>x</title>", SkipReason.MALFORMED_FEED),
    ("broken_entry.rss", b"<rss><channel><item><title>x</ti", SkipReason.NO_TEXT),  # lenient: an entry, no text
    ("notafeed.xml", b"<?xml version='1.0'?><config><a>1</a></config>", SkipReason.NO_TEXT),
    ("nocolumn.csv", b"title,author\nx,y\n", SkipReason.NO_TEXT),
    ("broken.txt.gz", gzip.compress(as_text().encode())[:-20], SkipReason.MALFORMED_GZIP),
    ("garbage.txt.gz", b"\x1f\x8b\x08\x00garbage-garbage-garbage", SkipReason.MALFORMED_GZIP),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_skipped_and_batch_goes_on(
    ingestor: Ingestor, tmp_path: Path, good_file: Path, name: str, data: bytes, reason: SkipReason
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    records = run(ingestor, bad, good_file)
    assert [type(r) for r in records] == [SkippedInput, Article], records
    skipped = records[0]
    assert isinstance(skipped, SkippedInput)
    assert skipped.reason == reason, skipped
    assert skipped.origin.split("#")[0] == str(bad)
    assert records[1].id == article_id(BODY)


def test_missing_path_and_empty_glob_are_not_found(ingestor: Ingestor, tmp_path: Path, good_file: Path) -> None:
    records = run(ingestor, tmp_path / "nope.txt", tmp_path / "*.nothing", good_file)
    assert [(type(r), getattr(r, "reason", None)) for r in records] == [
        (SkippedInput, SkipReason.NOT_FOUND),
        (SkippedInput, SkipReason.NOT_FOUND),
        (Article, None),
    ]


def test_broken_symlink_is_not_found(ingestor: Ingestor, tmp_path: Path, good_file: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    records = run(ingestor, link, good_file)
    assert isinstance(records[0], SkippedInput) and records[0].reason == SkipReason.NOT_FOUND
    assert isinstance(records[1], Article)


def test_socket_is_unreadable(ingestor: Ingestor, tmp_path: Path, good_file: Path) -> None:
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        records = run(ingestor, path, good_file)
    assert isinstance(records[0], SkippedInput) and records[0].reason == SkipReason.UNREADABLE
    assert isinstance(records[1], Article)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_is_unreadable(ingestor: Ingestor, tmp_path: Path, good_file: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(as_text(), encoding="utf-8")
    path.chmod(0)
    records = run(ingestor, path, good_file)
    assert isinstance(records[0], SkippedInput) and records[0].reason == SkipReason.UNREADABLE
    assert isinstance(records[1], Article)


def test_bad_records_skip_alone(ingestor: Ingestor, tmp_path: Path) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        f'{{"text": "{PARAGRAPHS[0]}"}}\n{{broken\n\n[1, 2]\n{{"title": "no text"}}\n{{"text": "{PARAGRAPHS[1]}"}}\n',
        encoding="utf-8",
    )
    csv = tmp_path / "b.csv"
    csv.write_text(f'title,text\nA,"{PARAGRAPHS[0]}"\nB,x,extra\nC,"{PARAGRAPHS[1]}"\nD,short\n', encoding="utf-8")
    records = run(ingestor, jsonl, csv)
    got = [(r.origin.rsplit("/", 1)[1], r.reason if isinstance(r, SkippedInput) else "ok") for r in records]
    assert got == [
        ("a.jsonl#1", "ok"),
        ("a.jsonl#2", SkipReason.MALFORMED_JSON),
        ("a.jsonl#4", SkipReason.MALFORMED_JSON),
        ("a.jsonl#5", SkipReason.NO_TEXT),
        ("a.jsonl#6", "ok"),
        ("b.csv#1", "ok"),
        ("b.csv#2", SkipReason.MALFORMED_CSV),
        ("b.csv#3", "ok"),
        ("b.csv#4", SkipReason.NO_TEXT),
    ]


def _ingestor_with(**changes: object) -> Ingestor:
    return Ingestor(IngestSettings().model_copy(update=changes))


def test_huge_file_is_too_large_without_reading(tmp_path: Path, good_file: Path) -> None:
    ingestor = _ingestor_with(max_bytes=2_000)
    huge = tmp_path / "huge.txt"
    huge.write_text(BODY * 40, encoding="utf-8")
    records = list(ingestor([str(huge), str(good_file)]))
    assert isinstance(records[0], SkippedInput) and records[0].reason == SkipReason.TOO_LARGE
    assert isinstance(records[1], Article)


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.json.gz", "bomb"])
def test_gzip_bomb_stops_at_the_limit(tmp_path: Path, good_file: Path, name: str) -> None:
    max_bytes = 1_000_000
    ingestor = _ingestor_with(max_bytes=max_bytes)
    bomb = tmp_path / name
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1 << 20)
    with bomb.open("wb") as fh:  # 64 MB of spaces, ~64 KB on disk
        for _ in range(64):
            fh.write(comp.compress(block))
        fh.write(comp.flush())
    assert bomb.stat().st_size < max_bytes // 10
    records = list(ingestor([str(bomb), str(good_file)]))
    assert isinstance(records[0], SkippedInput) and records[0].reason == SkipReason.TOO_LARGE
    assert "after decompression" in records[0].detail
    assert isinstance(records[1], Article)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "latin-1",
            "Las tropas se enfrentaron el lunes en la región. Según fuentes oficiales, murieron doce soldados.",
        ),
        ("cp1252", "Les troupes se sont affrontées à la frontière. Selon les autorités, près de cinquante soldats."),
        ("cp1251", "Армия Азербайджана заявила, что в понедельник на границе погибли не менее пятидесяти военных."),
        ("utf-16", "O exército disse que os ataques começaram na segunda-feira à noite, e não há negociações."),
    ],
)
def test_legacy_encodings_are_decoded(ingestor: Ingestor, tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(f"title: {text[:12]}\n\n{text}\n".encode(encoding))
    records = run(ingestor, path)
    assert len(records) == 1 and isinstance(records[0], Article), records
    assert records[0].text == text
    assert records[0].encoding != "utf-8"


def test_html_meta_charset_is_honoured(ingestor: Ingestor, tmp_path: Path) -> None:
    text = "Армия заявила, что в понедельник на границе погибли не менее пятидесяти военнослужащих."
    page = f"<html><head><meta charset='windows-1251'><title>Т</title></head><body><p>{text}</p></body></html>"
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    (art,) = articles(run(ingestor, path))
    assert art.text == text and art.encoding == "cp1251" and art.language == "ru"


class _ExplodingReader(ReaderBase):
    """A third-party reader that fails on every input."""

    name = "boom"
    extensions = (".boom",)
    malformed = SkipReason.MALFORMED_JSON

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        raise ValueError("boom")


def test_a_failing_reader_never_stops_the_batch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, good_file: Path
) -> None:
    monkeypatch.setitem(registry.readers._items, "boom", _ExplodingReader)
    ingestor = Ingestor(IngestSettings())
    bad = tmp_path / "a.boom"
    bad.write_text(BODY, encoding="utf-8")
    records = run(ingestor, bad, good_file)
    assert isinstance(records[0], SkippedInput) and records[0].reason == SkipReason.MALFORMED_JSON
    assert records[0].detail == "ValueError: boom"
    assert isinstance(records[1], Article)
