"""Fallback backend for languages without a model: rule sentences and capitalised names.

Entities are runs of capitalised words that do not open a sentence, labelled
``settings.fallback_label``; the analyser's gazetteer (country names from
CLDR) then relabels and adds the names it knows. Analyses made with it have
``fallback=True`` and a note saying so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventcoder import registry
from eventcoder.nlp.backends.base import RawDoc
from eventcoder.nlp.entities import RawEntity
from eventcoder.nlp.sentences import rule_sentences
from eventcoder.settings import NlpSettings

__all__ = ["FallbackBackend"]

_WORD = re.compile(r"(?<![\w'’])[^\W\d_][\w'’\-]*")


class FallbackBackend:
    """Regex sentences plus capitalisation-based entity spans."""

    fallback = True
    name = "fallback:gazetteer"

    def __init__(self, settings: NlpSettings, *, argument: str | None = None) -> None:
        self._label = settings.fallback_label

    def __call__(self, texts: Sequence[str]) -> list[RawDoc]:
        """Split each text into sentences and return its capitalised word runs as entities."""
        out = []
        for text in texts:
            sentences = rule_sentences(text)
            entities = []
            for start, end in sentences:
                words = [(w.start(), w.end()) for w in _WORD.finditer(text, start, end)]
                caps = [w for w in words if text[w[0]].isupper()]
                if words:
                    entities.extend(self._runs(text, caps, first_word=words[0][0]))
            out.append(RawDoc(sentences, entities))
        return out

    def _runs(self, text: str, caps: list[tuple[int, int]], *, first_word: int) -> list[RawEntity]:
        runs: list[list[tuple[int, int]]] = []
        for word in caps:
            if runs and text[runs[-1][-1][1] : word[0]].strip() == "":
                runs[-1].append(word)
            else:
                runs.append([word])
        return [
            RawEntity(run[0][0], run[-1][1], self._label)
            for run in runs
            if not (run[0][0] == first_word and len(run) == 1)
        ]


registry.language_backends.add("fallback", FallbackBackend)
