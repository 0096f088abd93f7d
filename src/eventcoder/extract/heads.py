"""The event classifier's trained outputs ("heads") and how they are trained.

Each head is a softmax over its labels, applied to two feature blocks of a sentence: the USE-multilingual
embedding (dense, 512) and hashed word n-grams (sparse, ``features.hashed_ngrams``).  The heads:

- ``plover``: the 16 PLOVER types and ``NONE`` (no event);
- ``acled``: the 25 ACLED sub-event types and ``NONE`` (no event, or an event outside ACLED's scope);
- ``mode``: ``TYPE:mode`` (``TYPE:_`` for no mode) of the event;
- ``status``: reported / background / planned / denied / hypothetical.

Training is full-batch Adam on the class-weighted cross-entropy with an L2 penalty, from zero weights, in float64:
deterministic for the same data, settings and BLAS thread count.  ``HeadSet`` saves to and loads from one ``.npz``
(labels, weights, the training settings and a provenance record).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from eventcoder.errors import ModelUnavailableError
from eventcoder.extract.features import FloatArray, SparseRows, hashed_ngrams

__all__ = ["HEADS", "Head", "HeadSet", "TrainConfig", "fit_head", "load_heads", "save_heads", "softmax"]

HEADS = ("plover", "acled", "mode", "status")
_DENSE_SCALE = float(np.sqrt(512.0))  # unit embeddings scaled so that features are O(1)


class TrainConfig(BaseModel):
    """Settings of head training (chosen on the dev split; recorded in the weights file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    buckets: int = Field(default=2**15, gt=0, description="Hashed n-gram columns.")
    prefixes: tuple[int, ...] = Field(default=(4, 5, 6), description="Lengths of the word-prefix features.")
    char_ngrams: int = Field(default=0, ge=0, description="Character n-grams of words (n; 0 for none).")
    use_dense: bool = True
    sparse_heads: tuple[str, ...] = Field(
        default=("plover", "acled", "status"), description="Heads that read the hashed n-grams (others: embeddings)."
    )
    sparse_scale: float = Field(default=32.0, gt=0, description="Multiplier of the unit-length n-gram rows.")
    iterations: int = Field(default=300, gt=0)
    learning_rate: float = Field(default=0.05, gt=0)
    l2: float = Field(default=1e-4, ge=0)
    class_balance: float = Field(default=0.5, ge=0, le=1, description="0: frequency; 1: every class equal mass.")
    single_precision: bool = Field(default=False, description="Train in float32 (about twice as fast).")


class Head(NamedTuple):
    """One trained softmax: labels, dense (d, k) and sparse (buckets, k) weights (either may be empty), bias."""

    labels: tuple[str, ...]
    dense: FloatArray
    sparse: FloatArray
    bias: FloatArray

    def logits(self, embeddings: FloatArray, ngrams: SparseRows, *, sparse_scale: float) -> FloatArray:
        """Raw scores (n, k)."""
        z = np.tile(self.bias, (ngrams.n_rows, 1))
        if self.dense.size:
            z += embeddings @ self.dense
        if self.sparse.size:
            z += ngrams.dot(self.sparse) * sparse_scale
        return z

    def probabilities(self, embeddings: FloatArray, ngrams: SparseRows, *, sparse_scale: float) -> FloatArray:
        """Softmax probabilities (n, k)."""
        return softmax(self.logits(embeddings, ngrams, sparse_scale=sparse_scale))


def softmax(z: FloatArray) -> FloatArray:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: FloatArray = e / e.sum(axis=1, keepdims=True)
    return out


def fit_head(
    labels: Sequence[str],
    embeddings: FloatArray,
    ngrams: SparseRows,
    y: npt.NDArray[np.int64],
    config: TrainConfig,
    *,
    use_sparse: bool = True,
) -> Head:
    """Train one head on rows with class indices ``y`` (into ``labels``); ``use_sparse``: read the n-grams."""
    n, k = len(y), len(labels)
    dtype: type[np.floating[Any]] = np.float32 if config.single_precision else np.float64
    counts = np.bincount(y, minlength=k).astype(np.float64)
    class_w = np.where(counts > 0, np.maximum(counts, 1.0) ** -config.class_balance, 0.0)
    sample_w = class_w[y]
    sample_w /= sample_w.sum()
    sample_w = sample_w.astype(dtype)
    onehot: npt.NDArray[Any] = np.eye(k, dtype=dtype)[y]
    xd = (embeddings * _DENSE_SCALE).astype(dtype) if config.use_dense else np.zeros((n, 0), dtype=dtype)
    d = xd.shape[1]
    rows = ngrams.rows()
    perm = np.argsort(ngrams.indices, kind="stable")
    used, starts = np.unique(ngrams.indices[perm], return_index=True)
    vals = (ngrams.values[perm] * config.sparse_scale).astype(dtype)
    rows_p = rows[perm]
    params = [np.zeros((d, k), dtype=dtype), np.zeros((config.buckets if use_sparse else 0, k), dtype=dtype),
              np.zeros(k, dtype=dtype)]  # fmt: skip
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    # the (stored values x labels) gathers are the cost: one buffer each, reused (no page faults per iteration)
    nnz = len(ngrams.indices) if use_sparse else 0
    forward, backward = np.empty((nnz, k), dtype=dtype), np.empty((nnz, k), dtype=dtype)
    row_values, sorted_values = ngrams.values[:, None].astype(dtype), vals[:, None]
    sparse_grad = np.zeros_like(params[1])
    for it in range(1, config.iterations + 1):
        wd, ws, b = params
        z = np.tile(b, (n, 1))
        if d:
            z += xd @ wd
        if use_sparse:
            np.take(ws, ngrams.indices, axis=0, out=forward)
            np.multiply(forward, row_values, out=forward)
            z += np.add.reduceat(forward, ngrams.indptr[:-1], axis=0) * config.sparse_scale
        g = (softmax(z) - onehot) * sample_w[:, None]
        grads = [xd.T @ g + config.l2 * wd, sparse_grad, g.sum(axis=0)]
        if use_sparse:
            sparse_grad.fill(0)
            np.take(g, rows_p, axis=0, out=backward)
            np.multiply(backward, sorted_values, out=backward)
            sparse_grad[used] = np.add.reduceat(backward, starts, axis=0)
            sparse_grad += config.l2 * ws
        for j, grad in enumerate(grads):
            m[j] = beta1 * m[j] + (1 - beta1) * grad
            v[j] = beta2 * v[j] + (1 - beta2) * grad * grad
            m_hat = m[j] / (1 - beta1**it)
            v_hat = v[j] / (1 - beta2**it)
            params[j] = params[j] - config.learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    wd, ws, b = (p.astype(np.float64) for p in params)
    return Head(tuple(labels), wd * _DENSE_SCALE, ws, b)


Config = TypeVar("Config", bound=BaseModel)


def save_heads(path: Path, heads: Mapping[str, Head], config: BaseModel, provenance: dict[str, Any]) -> None:
    """Write heads, their training settings and provenance to one ``.npz``: dense weights (when a head has any) and
    biases as float32, n-gram weights as float16 (halves the file; scores move < 1e-3)."""
    arrays: dict[str, Any] = {
        "config": np.array(config.model_dump_json()),
        "provenance": np.array(json.dumps(provenance, sort_keys=True, ensure_ascii=False)),
    }
    for name, head in heads.items():
        arrays[f"{name}.labels"] = np.array(head.labels)
        if head.dense.size:
            arrays[f"{name}.dense"] = head.dense.astype(np.float32)
        arrays[f"{name}.sparse"] = head.sparse.astype(np.float16)
        arrays[f"{name}.bias"] = head.bias.astype(np.float32)
    np.savez_compressed(path, **arrays)


def load_heads(
    path: Path, names: Sequence[str], config_type: type[Config], what: str
) -> tuple[Config, dict[str, Any], dict[str, Head]]:
    """Settings, provenance and the heads ``names`` of a file written by ``save_heads``; ModelUnavailableError
    (naming ``what``) when it is missing or malformed.  A head saved without dense weights gets an empty block."""
    try:
        with np.load(path, allow_pickle=False) as data:
            config = config_type.model_validate_json(str(data["config"]))
            provenance = json.loads(str(data["provenance"]))
            heads = {}
            for name in names:
                labels = tuple(str(s) for s in data[f"{name}.labels"])
                key = f"{name}.dense"
                dense = np.asarray(data[key], dtype=np.float64) if key in data else np.zeros((0, len(labels)))
                sparse = np.asarray(data[f"{name}.sparse"], dtype=np.float64)
                heads[name] = Head(labels, dense, sparse, np.asarray(data[f"{name}.bias"], dtype=np.float64))
    except (OSError, KeyError, ValueError) as exc:
        raise ModelUnavailableError(f"cannot load {what} weights {path}: {exc}") from None
    return config, provenance, heads


class HeadSet:
    """All heads of the event classifier, with the training settings and provenance."""

    def __init__(self, heads: dict[str, Head], config: TrainConfig, provenance: dict[str, Any]) -> None:
        missing = set(HEADS) - set(heads)
        if missing:
            raise ModelUnavailableError(f"event classifier weights lack heads {sorted(missing)}")
        self.heads = heads
        self.config = config
        self.provenance = provenance

    def save(self, path: Path) -> None:
        """Write the heads to ``path`` (``save_heads``)."""
        save_heads(path, self.heads, self.config, self.provenance)

    @classmethod
    def load(cls, path: Path) -> HeadSet:
        """Read heads written by ``save``; ModelUnavailableError when the file is missing or malformed."""
        config, provenance, heads = load_heads(path, HEADS, TrainConfig, "event classifier")
        return cls(heads, config, provenance)

    def ngrams(self, texts: Sequence[str]) -> SparseRows:
        """The hashed n-gram features of ``texts`` with the settings the heads were trained with."""
        c = self.config
        return hashed_ngrams(texts, buckets=c.buckets, prefixes=c.prefixes, char_ngrams=c.char_ngrams)

    def probabilities(self, embeddings: FloatArray, ngrams: SparseRows) -> dict[str, FloatArray]:
        """Probabilities of every head for the given rows."""
        return {
            name: head.probabilities(embeddings, ngrams, sparse_scale=self.config.sparse_scale)
            for name, head in self.heads.items()
        }
