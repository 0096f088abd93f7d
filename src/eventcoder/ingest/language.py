"""Language identification with lingua, restricted to the configured languages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from eventcoder.errors import ConfigError

__all__ = ["UNDETERMINED", "LanguageIdentifier"]

UNDETERMINED = "und"
MAX_CHARS = 1000  # lingua's cost grows with length; 1,000 characters decide among our languages
MIN_LETTERS = 3


class LanguageIdentifier:
    """Identify the language of a text among ``languages`` (ISO 639-1 codes).

    The lingua detector is built on first use and kept.  Only the first
    ``max_chars`` characters are looked at (cut at a space).
    """

    def __init__(self, languages: Sequence[str], *, min_confidence: float = 0.5, max_chars: int = MAX_CHARS) -> None:
        self._languages = [_lingua_language(code) for code in languages]
        if not self._languages:
            raise ConfigError("ingest.languages must name at least one language")
        # lingua needs two languages; with one, a contrast language is added and must not win.
        self._only = self._languages[0] if len(set(self._languages)) == 1 else None
        if self._only is not None:
            self._languages = [self._only, Language.SPANISH if self._only == Language.ENGLISH else Language.ENGLISH]
        self.min_confidence = min_confidence
        self.max_chars = max_chars
        self._detector: Any = None

    def __call__(self, text: str) -> tuple[str, float]:
        """Return (ISO 639-1 code, confidence); ('und', confidence) when unsure or the text is too short."""
        sample = text[: self.max_chars]
        if len(text) > self.max_chars and " " in sample:
            sample = sample.rsplit(" ", 1)[0]
        if not _has_letters(sample, MIN_LETTERS):
            return UNDETERMINED, 0.0
        if self._detector is None:
            self._detector = LanguageDetectorBuilder.from_languages(*self._languages).build()
        values = self._detector.compute_language_confidence_values(sample)
        if not values:
            return UNDETERMINED, 0.0
        top = values[0]
        confidence = float(min(1.0, max(0.0, top.value)))
        code = top.language.iso_code_639_1.name.lower()
        if confidence < self.min_confidence or (self._only is not None and top.language != self._only):
            return UNDETERMINED, confidence
        return code, confidence


def _has_letters(text: str, needed: int) -> bool:
    for ch in text:
        if ch.isalpha():
            needed -= 1
            if needed <= 0:
                return True
    return False


def _lingua_language(code: str) -> Language:
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except (AttributeError, ValueError):
        raise ConfigError(f"ingest.languages: unknown ISO 639-1 code {code!r}") from None
