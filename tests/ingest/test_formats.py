"""Each format yields the right title, date, source and text; the same body gets the same id everywhere."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from ingest_samples import BODY, FORMATS, PARAGRAPHS, SOURCE, TITLE, URL, articles, content_of, run

from eventcoder.ingest import Ingestor, article_id
from eventcoder.models import Article

SEP_DATE = dt.date(2022, 9, 14)


def _only_article(ingestor: Ingestor, path: Path) -> Article:
    records = run(ingestor, path)
    assert len(records) == 1, records
    assert isinstance(records[0], Article), records[0]
    return records[0]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_reads_title_date_source_text(ingestor: Ingestor, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(content_of(name), encoding="utf-8")
    art = _only_article(ingestor, path)
    assert art.input_format == FORMATS[name][0]
    assert art.title == TITLE
    assert art.published == SEP_DATE
    assert art.source == SOURCE
    assert art.language == "es"
    assert art.encoding == "utf-8"
    assert art.id == article_id(BODY)
    for paragraph in PARAGRAPHS:
        assert paragraph in art.text
    assert "Inicio" not in art.text and "derechos reservados" not in art.text  # html boilerplate gone
    assert "**" not in art.text and "](" not in art.text  # markdown markup gone
    if name != "a.md":
        assert art.url == URL


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_origin_names_the_record_inside_multi_record_files(ingestor: Ingestor, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(content_of(name), encoding="utf-8")
    art = _only_article(ingestor, path)
    multi = FORMATS[name][0] in {"json", "jsonl", "csv", "feed"}
    assert art.origin == (f"{path}#1" if multi else str(path))


def test_same_article_same_id_across_formats(ingestor: Ingestor, tmp_path: Path) -> None:
    for name in FORMATS:
        (tmp_path / name).write_text(content_of(name), encoding="utf-8")
    ids = {a.input_format: a.id for a in articles(run(ingestor, tmp_path))}
    assert set(ids) == {"text", "markdown", "html", "json", "jsonl", "csv", "feed"}
    assert len(set(ids.values())) == 1, ids


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_gzipped_input_of_each_format(ingestor: Ingestor, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.gz"
    path.write_bytes(gzip.compress(content_of(name).encode("utf-8")))
    art = _only_article(ingestor, path)
    assert art.input_format == FORMATS[name][0]
    assert art.id == article_id(BODY)
    assert art.origin.startswith(str(path))


def test_multi_member_gzip(ingestor: Ingestor, tmp_path: Path) -> None:
    data = content_of("a.txt").encode()
    path = tmp_path / "two.txt.gz"
    path.write_bytes(gzip.compress(data[:50]) + gzip.compress(data[50:]))
    assert _only_article(ingestor, path).id == article_id(BODY)


@pytest.mark.parametrize(
    ("name", "gz", "expected"),
    [
        ("a.txt", False, "text"),
        ("a.html", False, "html"),
        ("a.rss", False, "feed"),
        ("a.jsonl", False, "json"),  # one object on one line is a JSON document
        ("a.csv", False, "text"),  # nothing tells CSV from text without a name: read as text
        ("a.txt", True, "text"),
        ("a.json", True, "json"),
    ],
)
def test_stdin_is_sniffed(
    ingestor: Ingestor, monkeypatch: pytest.MonkeyPatch, name: str, gz: bool, expected: str
) -> None:
    data = content_of(name).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(data) if gz else data)))
    records = list(ingestor(["-"]))
    assert len(records) == 1 and isinstance(records[0], Article), records
    assert records[0].origin.startswith("-")
    assert records[0].input_format == expected
    if expected != "text" or name == "a.txt":
        assert records[0].id == article_id(BODY)


def test_stdin_json_lines(ingestor: Ingestor, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (content_of("a.jsonl") * 2).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    arts = articles(list(ingestor(["-"])))
    assert [(a.origin, a.input_format) for a in arts] == [("-#1", "jsonl"), ("-#2", "jsonl")]


def test_json_object_array_and_record_origins(ingestor: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(
        json.dumps([{"text": PARAGRAPHS[0], "title": "uno"}, {"content": PARAGRAPHS[1], "date": "not a date"}]),
        encoding="utf-8",
    )
    arts = articles(run(ingestor, path))
    assert [a.origin for a in arts] == [f"{path}#1", f"{path}#2"]
    assert arts[0].title == "uno" and arts[0].text == PARAGRAPHS[0]
    assert arts[1].published is None and arts[1].metadata["date_raw"] == "not a date"


def test_single_json_object(ingestor: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"maintext": PARAGRAPHS[2], "date_publish": "14 September 2022"}), encoding="utf-8")
    art = _only_article(ingestor, path)
    assert art.text == PARAGRAPHS[2] and art.published == SEP_DATE


def test_tsv_and_semicolon_csv(ingestor: Ingestor, tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text(f"headline\ttext\nT1\t{PARAGRAPHS[0]}\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(f"title;body\nT2;{PARAGRAPHS[1]}\n", encoding="utf-8")
    arts = articles(run(ingestor, tmp_path))
    assert [(a.title, a.text) for a in arts] == [("T1", PARAGRAPHS[0]), ("T2", PARAGRAPHS[1])]


def test_markdown_keeps_heading_words_and_lists(ingestor: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text(
        f"# Título principal\n\n## Antecedentes\n\n> {PARAGRAPHS[0]}\n\n- punto *uno* del informe\n\n```\ncode\n```\n",
        encoding="utf-8",
    )
    art = _only_article(ingestor, path)
    assert art.title == "Título principal"
    assert art.text.startswith("Antecedentes\n\n" + PARAGRAPHS[0])
    assert "- punto uno del informe" in art.text
    assert "```" not in art.text and "#" not in art.text


def test_feed_falls_back_to_summary_and_keeps_entry_order(ingestor: Ingestor, tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>t{n}</title><description>&lt;p&gt;{p}&lt;/p&gt;</description>"
        f"<pubDate>14 Sep 2022 10:00:00 GMT</pubDate></item>"
        for n, p in enumerate(PARAGRAPHS)
    )
    path = tmp_path / "feed.xml"
    path.write_text(f"<rss version='2.0'><channel><title>S</title>{items}</channel></rss>", encoding="utf-8")
    arts = articles(run(ingestor, path))
    assert [a.title for a in arts] == ["t0", "t1", "t2"]
    assert [a.text for a in arts] == list(PARAGRAPHS)
    assert all(a.published == SEP_DATE and a.source == "S" for a in arts)


def test_feed_date_keeps_publisher_local_day(ingestor: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "a.rss"
    path.write_text(content_of("a.rss"), encoding="utf-8")  # 23:30 at -04:00 is the 15th in UTC
    assert _only_article(ingestor, path).published == SEP_DATE


def test_text_header_convention_of_the_sample_corpus(ingestor: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "corpus.txt"
    path.write_text(f" date 2022-09-14 {PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}\n", encoding="utf-8")
    art = _only_article(ingestor, path)
    assert art.published == SEP_DATE
    assert art.text == f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}"


def test_declared_language_kept_and_used_only_when_detection_is_unsure(ingestor: Ingestor, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"language: pt\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("language: fr\n\n12 345 678 910 1112 1314 1516\n", encoding="utf-8")
    first, second = articles(run(ingestor, tmp_path))
    assert first.language == "es" and first.metadata["language_declared"] == "pt"
    assert second.language == "fr" and second.metadata["language_source"] == "declared"
