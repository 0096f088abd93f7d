"""Folders (recursive, sorted), glob patterns and input order."""

from __future__ import annotations

from pathlib import Path

from ingest_samples import PARAGRAPHS, run

from eventcoder.ingest import Ingestor
from eventcoder.ingest.sources import expand_input
from eventcoder.models import Article, SkippedInput


def _tree(root: Path) -> None:
    for rel, text in [
        ("b/2.txt", PARAGRAPHS[1]),
        ("a.txt", PARAGRAPHS[0]),
        ("b/c/3.md", PARAGRAPHS[2]),
        ("b/1.txt", PARAGRAPHS[0] + " Uno."),
        (".hidden/x.txt", PARAGRAPHS[0]),
        ("b/.secret.txt", PARAGRAPHS[0]),
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_folder_is_walked_recursively_in_name_order_without_hidden(ingestor: Ingestor, tmp_path: Path) -> None:
    _tree(tmp_path)
    origins = [Path(r.origin).relative_to(tmp_path).as_posix() for r in run(ingestor, tmp_path)]
    assert origins == ["a.txt", "b/1.txt", "b/2.txt", "b/c/3.md"]


def test_expansion_is_lazy(tmp_path: Path) -> None:
    _tree(tmp_path)
    walk = expand_input(str(tmp_path))
    assert next(walk) == str(tmp_path / "a.txt")  # a generator: nothing else read yet


def test_glob_patterns(ingestor: Ingestor, tmp_path: Path) -> None:
    _tree(tmp_path)
    flat = [Path(r.origin).name for r in run(ingestor, tmp_path / "b" / "*.txt")]
    deep = [Path(r.origin).name for r in run(ingestor, f"{tmp_path}/**/*.md")]
    dirs = [Path(r.origin).name for r in run(ingestor, f"{tmp_path}/[b]")]
    assert flat == ["1.txt", "2.txt"]
    assert deep == ["3.md"]
    assert dirs == ["1.txt", "2.txt", "3.md"]


def test_inputs_keep_their_order_and_mix_kinds(ingestor: Ingestor, tmp_path: Path) -> None:
    _tree(tmp_path)
    records = run(ingestor, tmp_path / "b" / "c", tmp_path / "missing", tmp_path / "a.txt")
    assert [type(r) for r in records] == [Article, SkippedInput, Article]
    assert [Path(r.origin).name for r in records] == ["3.md", "missing", "a.txt"]
