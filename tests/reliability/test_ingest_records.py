"""Defect 7 of issue 15: one bad record in a record file must cost that record only.

A deeply nested JSON Lines record used to drop every record after it; an
unterminated CSV quote dropped the next good row and stored a fragment of it;
on PostgreSQL a NUL character in a text field failed the whole batch.  Now the
bad record is a typed skip naming its line, the other records are stored, and
NUL characters are removed before storage on every backend.
"""

from __future__ import annotations

import json
from pathlib import Path

import eventcoder
from eventcoder.ingest import Ingestor
from eventcoder.models import Article, SkippedInput, SkipReason
from eventcoder.settings import IngestSettings, Settings

BODIES = (
    "El ejército informó el lunes de combates cerca del paso fronterizo, con al menos cuatro heridos.",
    "A polícia disse que os manifestantes bloquearam a estrada principal durante toda a tarde de terça.",
    "Le ministère a confirmé mercredi la mort de deux soldats lors d'une embuscade près de la frontière.",
    "Rebels said on Thursday they had taken control of the airport after two days of heavy fighting.",
)


def _run(*paths: Path) -> list[Article | SkippedInput]:
    return list(Ingestor(IngestSettings())([str(p) for p in paths]))


def _deep(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_json_line_skips_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"text": BODIES[0]}), _deep(), json.dumps({"text": BODIES[1]}), json.dumps({"text": BODIES[2]})]
    lines.insert(2, '{"text": {"a": ' * 50_000 + "1" + "}" * 50_000)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = _run(path)
    assert [a.text for a in records if isinstance(a, Article)] == list(BODIES[:3])
    skips = [s for s in records if isinstance(s, SkippedInput)]
    assert [(s.origin, s.reason) for s in skips] == [
        (f"{path}#2", SkipReason.MALFORMED_JSON),
        (f"{path}#3", SkipReason.MALFORMED_JSON),
    ]
    assert skips[0].detail.startswith("line 2:") and skips[1].detail.startswith("line 3:")
    assert "nested" in skips[0].detail


def test_json_lines_in_a_json_file_starting_with_a_deep_record(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("\n".join([_deep(), json.dumps({"text": BODIES[0]}), json.dumps({"text": BODIES[1]})]), "utf-8")
    records = _run(path)
    assert [a.text for a in records if isinstance(a, Article)] == list(BODIES[:2])
    (skip,) = [s for s in records if isinstance(s, SkippedInput)]
    assert skip.reason is SkipReason.MALFORMED_JSON and skip.detail.startswith("line 1:")


def test_unterminated_csv_quote_skips_its_own_row_only(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    rows = [f'1,"{BODIES[0]}', f'2,"{BODIES[1]}"', f'3,"{BODIES[2]}"', f'4,"{BODIES[3]}"']
    path.write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    records = _run(path)
    assert [a.text for a in records if isinstance(a, Article)] == list(BODIES[1:])
    assert [a.metadata["id"] for a in records if isinstance(a, Article)] == ["2", "3", "4"]
    (skip,) = [s for s in records if isinstance(s, SkippedInput)]
    assert skip.reason is SkipReason.MALFORMED_CSV
    assert skip.detail.startswith("line 2:"), skip


def test_csv_row_errors_name_their_line_and_multiline_rows_still_work(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    multi = BODIES[0].replace(", ", ",\n")
    path.write_text(
        f'id,text\n1,"{multi}"\n2,"{BODIES[1]}",extra\n3,"{BODIES[2]}"x\n4,"{BODIES[3]}"\n',
        encoding="utf-8",
    )
    records = _run(path)
    assert [a.text for a in records if isinstance(a, Article)] == [multi, BODIES[3]]
    skips = [(s.reason, s.detail.split(":")[0]) for s in records if isinstance(s, SkippedInput)]
    assert skips == [(SkipReason.MALFORMED_CSV, "line 4"), (SkipReason.MALFORMED_CSV, "line 5")]


def test_nul_characters_are_removed_before_storage(store_url: str, tmp_path: Path) -> None:
    """On PostgreSQL a NUL used to fail the batch; SQLite stored it. Both now store the same text without it."""
    path = tmp_path / "n.jsonl"
    records = [
        {"text": BODIES[0], "source": "Agencia\u0000 Sur"},
        {"text": BODIES[1].replace("polícia", "polí\u0000cia"), "title": "T\u0000tulo", "id": "x\u0000"},
        {"text": BODIES[2], "source": "\u0000", "url": "https://example.org/\u0000a", "date": "2024-03-0\u00001"},
        {"text": BODIES[3]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with eventcoder.open_store(store_url) as store:
        report = eventcoder.ingest_inputs([str(path)], store=store, settings=Settings())
        stored = {a.text: a for a in store.iter_articles()}
        sources = sorted(a.source for a in store.iter_articles(source="Agencia Sur"))
    assert report.accepted == 4 and report.skipped == ()
    assert set(stored) == set(BODIES)
    assert sources == ["Agencia Sur"]
    assert stored[BODIES[1]].title == "Ttulo" and stored[BODIES[1]].metadata == {"id": "x"}
    assert stored[BODIES[2]].source is None and stored[BODIES[2]].url == "https://example.org/a"
    for art in stored.values():
        assert "\x00" not in art.model_dump_json().replace("\\u0000", "\x00")


def test_store_accepts_an_article_with_nul_from_any_caller(store_url: str) -> None:
    """An ``Article`` built by a library user, NUL in its source, is stored on both backends alike."""
    art = Article(
        id="a_0000000000000001",
        text=BODIES[0],
        source="Diario\x00 Norte",
        language="es",
        language_confidence=1.0,
        origin="-",
        input_format="text",
    )
    with eventcoder.open_store(store_url) as store:
        assert store.add_articles([art]).new == 1
        assert [a.id for a in store.iter_articles(source="Diario Norte")] == [art.id]
        assert store.get_article(art.id).source == "Diario\x00 Norte"  # the record keeps what was given
