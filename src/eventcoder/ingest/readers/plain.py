"""Plain text and Markdown files, with the corpus's optional leading metadata lines.

Metadata lines come first, up to the first blank line: ``key: value`` for the
keys title, date, source, url and language (any case), or ``date 2022-09-14``
(key, space, ISO date), where the rest of that line, if any, already starts the
body.  The first line that is not metadata ends the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eventcoder import registry
from eventcoder.ingest.readers.base import Draft, ReaderBase
from eventcoder.ingest.sources import RawInput
from eventcoder.models import SkippedInput

__all__ = ["MarkdownReader", "TextReader", "split_header", "strip_markdown"]

_KEY_VALUE = re.compile(r"^\s*(title|date|source|url|language)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_KEY_SPACE_DATE = re.compile(r"^\s*(date)\s+(\d{4}-\d{2}-\d{2})(?=\s|$)(.*)$", re.IGNORECASE)
_MD_TITLE = re.compile(r"^\s*#\s+(.+?)\s*#*\s*$")
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[ \t]*(```|~~~).*$", re.MULTILINE), ""),  # code fences
    (re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$", re.MULTILINE), ""),  # horizontal rules
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE), r"\1"),  # headings
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # _italic_
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split leading metadata lines from ``text``; return ({lower-case key: value}, body)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            if meta:
                break
            continue  # blank lines before any metadata
        kv = _KEY_VALUE.match(line)
        if kv and kv.group(2):
            meta.setdefault(kv.group(1).lower(), kv.group(2))
            i += 1
            continue
        ks = _KEY_SPACE_DATE.match(line)
        if ks:
            meta.setdefault("date", ks.group(2))
            rest = ks.group(3).strip()
            if rest:
                lines[i] = rest
                break
            i += 1
            continue
        break
    return meta, "\n".join(lines[i:])


def strip_markdown(text: str) -> str:
    """Remove Markdown markup lightly (headings, emphasis, links, images, quotes, fences), keeping the words."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


@registry.readers.register("text")
class TextReader(ReaderBase):
    """Plain text (.txt): optional metadata lines, then the body."""

    name = "text"
    extensions = (".txt", ".text")

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield the one article of a text file."""
        text, encoding = self.decode_input(raw)
        meta, body = split_header(text)
        yield self._draft(raw, meta, body, encoding)

    def _draft(self, raw: RawInput, meta: dict[str, str], body: str, encoding: str) -> Draft:
        return Draft(
            origin=raw.origin,
            input_format=self.name,
            text=body,
            encoding=encoding,
            title=meta.get("title"),
            date_raw=meta.get("date"),
            source=meta.get("source"),
            url=meta.get("url"),
            language=meta.get("language"),
        )


@registry.readers.register("markdown")
class MarkdownReader(TextReader):
    """Markdown (.md): like text; a leading '# Title' becomes the title, markup is stripped lightly."""

    name = "markdown"
    extensions = (".md", ".markdown")

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield the one article of a Markdown file."""
        text, encoding = self.decode_input(raw)
        meta, body = split_header(text)
        lines = body.split("\n")
        first = next((n for n, line in enumerate(lines) if line.strip()), None)
        if first is not None and "title" not in meta:
            heading = _MD_TITLE.match(lines[first])
            if heading:
                meta["title"] = heading.group(1)
                body = "\n".join(lines[first + 1 :])
        yield self._draft(raw, meta, strip_markdown(body), encoding)
