"""CSV and TSV files with a header row; each row is one article."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from eventcoder import registry
from eventcoder.errors import SkipInput
from eventcoder.ingest.decode import decode
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
    module rejects, is skipped alone as ``malformed_csv``.
    """

    name = "csv"
    extensions = (".csv", ".tsv")
    malformed = SkipReason.MALFORMED_CSV

    def __call__(self, raw: RawInput) -> Iterator[Draft | SkippedInput]:
        """Yield one draft (or skip) per data row."""
        text, encoding = decode(raw.data)
        if csv.field_size_limit() < self.settings.max_bytes:  # long article bodies exceed the 128 KB default
            csv.field_size_limit(min(self.settings.max_bytes, sys.maxsize))
        delimiter = "\t" if raw.name.lower().endswith(".tsv") else _sniff_delimiter(text)
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
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
            n += 1
            origin = f"{raw.origin}#{n}"
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                yield SkippedInput(origin=origin, reason=SkipReason.MALFORMED_CSV, detail=str(exc))
                continue
            if not any(cell.strip() for cell in row):
                n -= 1
                continue
            if len(row) != len(header):
                detail = f"{len(row)} fields, header has {len(header)}"
                yield SkippedInput(origin=origin, reason=SkipReason.MALFORMED_CSV, detail=detail)
                continue
            record = dict(zip(header, row, strict=True))
            yield record_to_draft(
                record, origin=origin, input_format=self.name, encoding=encoding, settings=self.settings
            )


def _sniff_delimiter(text: str) -> str:
    first_line = text[:4096].split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
