"""CSV and TSV files with a header row; each row is one article."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from eventcoder import registry
from eventcoder.errors import SkipInput
from eventcoder.ingest.readers.base import Draft, ReaderBase, pick
from eventcoder.ingest.readers.records import record_to_draft
from eventcoder.ingest.sources import RawInput
from eventcoder.models import SkippedInput, SkipReason

__all__ = ["CsvReader"]

_DELIMITERS = ",;\t|"


@registry.readers.register("csv")
class CsvReader(ReaderBase):
    """CSV (.csv, delimiter sniffed among , ; tab |) and TSV (.tsv): origin 'path#N' for data row N (from 1).

    A row whose number of fields differs from the header, or that the csv
    module rejects, is skipped alone as ``malformed_csv``, its detail starting
    'line L:' (L the file line where the row starts, the header being line 1).
    After a rejected row, reading starts again on the line after the one where
    that row started: an unterminated quote costs its own row only, not the
    rows its quote ran into.
    """

    name = "csv"
    extensions = (".csv", ".tsv")
    malformed = SkipReason.MALFORMED_CSV

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield one draft (or skip) per data row."""
        text, encoding = self.decode_input(raw)
        if csv.field_size_limit() < self.settings.max_bytes:  # long article bodies exceed the 128 KB default
            csv.field_size_limit(min(self.settings.max_bytes, sys.maxsize))
        delimiter = "\t" if raw.name.lower().endswith(".tsv") else _sniff_delimiter(text)
        lines = _Lines(io.StringIO(text, newline="").readlines())
        rows = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = [h.strip().lstrip("\ufeff") for h in next(rows)]
        except StopIteration:
            raise SkipInput(SkipReason.EMPTY, "no header row") from None
        except csv.Error as exc:
            raise SkipInput(SkipReason.MALFORMED_CSV, f"header: {exc}") from None
        if pick(dict.fromkeys(header, "x"), self.settings.text_fields) is None:
            looked = ", ".join(self.settings.text_fields)
            raise SkipInput(SkipReason.NO_TEXT, f"no text column in the header (looked for {looked})")
        n = 0
        while True:
            start = lines.pos
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                n += 1
                detail = f"line {start + 1}: {exc}"
                yield SkippedInput(origin=f"{raw.origin}#{n}", reason=SkipReason.MALFORMED_CSV, detail=detail)
                lines.pos = start + 1  # resynchronise on the next line
                rows = csv.reader(lines, delimiter=delimiter, strict=True)
                continue
            if not any(cell.strip() for cell in row):
                continue
            n += 1
            origin = f"{raw.origin}#{n}"
            if len(row) != len(header):
                detail = f"line {start + 1}: {len(row)} fields, header has {len(header)}"
                yield SkippedInput(origin=origin, reason=SkipReason.MALFORMED_CSV, detail=detail)
                continue
            record = dict(zip(header, row, strict=True))
            yield record_to_draft(
                record, origin=origin, input_format=self.name, encoding=encoding, settings=self.settings
            )


class _Lines:
    """The lines of a text, handed to ``csv.reader`` one by one; ``pos`` is the index of the next one."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self.pos = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self._lines):
            raise StopIteration
        self.pos += 1
        return self._lines[self.pos - 1]


def _sniff_delimiter(text: str) -> str:
    first_line = text[:4096].split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
