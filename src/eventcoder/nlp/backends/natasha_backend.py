"""natasha backend (Russian news NER): segmenter, morphology, NER, and normalised lemmas ('Путина' -> 'Путин')."""

from __future__ import annotations

from collections.abc import Sequence

from eventcoder import registry
from eventcoder.errors import ModelUnavailableError
from eventcoder.nlp.backends.base import RawDoc
from eventcoder.nlp.entities import RawEntity
from eventcoder.settings import NlpSettings

__all__ = ["NatashaBackend"]


class NatashaBackend:
    """Sentences, PER/LOC/ORG spans and their normal forms from natasha's news models."""

    fallback = False
    name = "natasha"

    def __init__(self, settings: NlpSettings, *, argument: str | None = None) -> None:
        try:
            from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
        except ImportError as exc:  # pragma: no cover - natasha is a dependency
            raise ModelUnavailableError(f"natasha is not installed: {exc}") from None
        embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.ner_tagger = NewsNERTagger(embedding)
        self.morph_tagger = NewsMorphTagger(embedding)
        self.morph_vocab = MorphVocab()
        self._label_map = dict(settings.label_map)

    def __call__(self, texts: Sequence[str]) -> list[RawDoc]:
        """Analyse each text; entity lemmas are natasha's normalisation."""
        from natasha import Doc

        out = []
        for text in texts:
            doc = Doc(text)
            doc.segment(self.segmenter)
            doc.tag_morph(self.morph_tagger)
            doc.tag_ner(self.ner_tagger)
            entities = []
            for span in doc.spans:
                if span.type not in self._label_map:
                    continue
                span.normalize(self.morph_vocab)
                entities.append(RawEntity(span.start, span.stop, self._label_map[span.type], span.normal or None))
            out.append(RawDoc([(s.start, s.stop) for s in doc.sents], entities))
        return out


registry.language_backends.add("natasha", NatashaBackend)
