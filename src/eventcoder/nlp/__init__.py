"""Language analysis: sentences, entity mentions, time expressions and quantities (``Analysis``).

``Analyser(settings.nlp)(articles) -> list[Analysis]`` is the stage; backends are
chosen per language by name from ``eventcoder.registry.language_backends``.
"""

from __future__ import annotations

from eventcoder.nlp.analyser import Analyser

__all__ = ["Analyser"]
