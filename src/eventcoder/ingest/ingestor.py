"""The ingestion stage: inputs (paths, folders, globs, stdin) in, ``Article`` or ``SkippedInput`` records out."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import cast

from eventcoder import registry
from eventcoder.errors import SkipInput
from eventcoder.ingest.decode import is_binary
from eventcoder.ingest.language import UNDETERMINED, LanguageIdentifier
from eventcoder.ingest.readers import SNIFF_ORDER, Draft, Reader
from eventcoder.ingest.readers.base import sniff_text
from eventcoder.ingest.sources import RawInput, display_path, expand_input, read_input
from eventcoder.ingest.text import article_id, clean_line, normalise_text, parse_date, strip_controls
from eventcoder.models import Article, SkippedInput, SkipReason
from eventcoder.settings import IngestSettings

__all__ = ["Ingestor"]

# Libraries parsing hostile input can fail in many ways; one input's failure must not stop the batch.
_READER_FAILURES = (ValueError, LookupError, TypeError, AttributeError, OSError, RecursionError, MemoryError)


class Ingestor:
    """Read inputs into articles, lazily.

    Built once with the ingest settings (the language detector is built on
    first use and kept); calling it with input specs yields, input by input,
    an ``Article`` per article found or a ``SkippedInput`` saying why not.
    """

    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings
        self._identifier = LanguageIdentifier(settings.languages, min_confidence=settings.min_language_confidence)
        self._readers: dict[str, Reader] = {}
        for name in registry.readers.names():
            factory = cast(type[Reader], registry.readers.get(name))
            self._readers[name] = factory(settings)
        self._by_extension = {ext: r for r in self._readers.values() for ext in r.extensions}

    def __call__(self, inputs: Sequence[str | os.PathLike[str]]) -> Iterator[Article | SkippedInput]:
        """Yield an ``Article`` or ``SkippedInput`` for everything found in ``inputs``, in order.

        Each input is a file, a folder (recursive, sorted), a glob pattern or
        '-' (stdin, bytes).  Nothing raises for a bad input: it becomes a
        ``SkippedInput`` and the batch goes on.
        """
        for spec in inputs:
            for item in expand_input(os.fspath(spec)):
                if isinstance(item, SkippedInput):
                    yield item
                else:
                    yield from self.read(item)

    def read(self, origin: str) -> Iterator[Article | SkippedInput]:
        """Yield the articles (or skips) of one file path, or of stdin for '-'.

        Origins are text: a path whose name is not valid UTF-8 is recorded
        with its odd bytes written ``\\xNN`` (``display_path``).  A record that
        fails to normalise is skipped alone; the file's other records go on.
        """
        shown = display_path(origin)
        try:
            raw = read_input(origin, max_bytes=self.settings.max_bytes)
            reader = self._choose(raw)
        except SkipInput as skip:
            yield SkippedInput(origin=shown, reason=skip.reason, detail=skip.detail)
            return
        try:
            for item in reader(raw):
                if not isinstance(item, Draft):
                    yield item
                    continue
                try:
                    yield self.finish(item)
                except _READER_FAILURES as exc:
                    detail = f"{type(exc).__name__}: {exc}"
                    yield SkippedInput(origin=item.origin, reason=reader.malformed, detail=detail)
        except SkipInput as skip:
            yield SkippedInput(origin=shown, reason=skip.reason, detail=skip.detail)
        except _READER_FAILURES as exc:
            yield SkippedInput(origin=shown, reason=reader.malformed, detail=f"{type(exc).__name__}: {exc}")

    def _choose(self, raw: RawInput) -> Reader:
        if not raw.data.strip():
            raise SkipInput(SkipReason.EMPTY, "0 bytes" if not raw.data else "whitespace only")
        what = is_binary(raw.data)
        if what is not None:
            raise SkipInput(SkipReason.BINARY, what)
        suffix = PurePath(raw.name).suffix.lower()
        if suffix in self._by_extension:
            return self._by_extension[suffix]
        head = sniff_text(raw.data)
        for name in SNIFF_ORDER:
            reader = self._readers.get(name)
            if reader is not None and reader.sniff(head):
                return reader
        if not suffix and "text" in self._readers:
            return self._readers["text"]  # stdin or a file without extension: plain text
        raise SkipInput(SkipReason.UNSUPPORTED_FORMAT, f"extension {suffix!r} and content not recognised")

    def identify_language(self, text: str) -> tuple[str, float]:
        """Language of ``text`` among the configured ones: (ISO 639-1 code or 'und', confidence)."""
        return self._identifier(text)

    def finish(self, draft: Draft) -> Article | SkippedInput:
        """Normalise a reader's draft into an ``Article``; ``no_text`` when the body is shorter than min_chars."""
        text = normalise_text(draft.text)
        if len(text) < self.settings.min_chars:
            detail = f"{len(text)} characters of text < min_chars {self.settings.min_chars}"
            return SkippedInput(origin=draft.origin, reason=SkipReason.NO_TEXT, detail=detail)
        metadata = {key: strip_controls(value) for key, value in draft.metadata.items()}
        date_raw = clean_line(draft.date_raw)
        published = draft.published or parse_date(date_raw, languages=self.settings.languages)
        if published is None and date_raw:
            metadata["date_raw"] = date_raw
        language, confidence = self._identifier(text)
        declared = _declared_language(clean_line(draft.language))
        if declared:
            metadata["language_declared"] = declared
            if language == UNDETERMINED and declared in self.settings.languages:
                language, confidence = declared, 1.0
                metadata["language_source"] = "declared"
        return Article(
            id=article_id(text),
            text=text,
            title=clean_line(draft.title),
            published=published,
            source=clean_line(draft.source),
            url=clean_line(draft.url),
            language=language,
            language_confidence=confidence,
            origin=draft.origin,
            input_format=draft.input_format,
            encoding=draft.encoding,
            metadata=metadata,
        )


def _declared_language(value: str | None) -> str | None:
    if not value:
        return None
    return value.strip().replace("_", "-").split("-")[0].lower() or None
