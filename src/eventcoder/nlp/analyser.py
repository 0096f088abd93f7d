"""The language-analysis stage: articles in, one ``Analysis`` per article out.

Articles are grouped by language; each language's backend (``settings.backends``,
'*' for any other language) is built once, lazily, and run over the paragraph
blocks of all that language's articles in one batch.  Backend spans then pass
through the language's data-driven filters and gazetteer (``resources/<lang>/``),
sentences are refined (no sentence crosses a blank line; glued text is split),
and the time and quantity taggers run over the sentences.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from eventcoder.models import Analysis, Article, Mention, Quantity, Sentence, TimeExpression
from eventcoder.nlp.backends import Backend, RawDoc, make_backend
from eventcoder.nlp.entities import RawEntity, clean_spans, dateline_places, merge_with_gazetteer, with_datelines
from eventcoder.nlp.language_data import LanguageData, load_language_data
from eventcoder.nlp.sentences import paragraph_blocks, refine_sentences
from eventcoder.settings import NlpSettings

__all__ = ["Analyser"]

_FALLBACK_NOTE = "no language model for '{lang}': rule-based sentences and capitalisation/gazetteer entities"


class Analyser:
    """Sentences, entity mentions, time expressions and quantities of articles in any language.

    ``Analyser(settings.nlp)(articles)`` returns one ``Analysis`` per article, in input order.
    ``taggers=False`` skips the time and quantity taggers (entity evaluation, benchmarks).
    """

    def __init__(self, settings: NlpSettings, *, taggers: bool = True) -> None:
        self.settings = settings
        self.taggers = taggers
        self._backends: dict[str, Backend] = {}
        self._data: dict[str, LanguageData] = {}
        self._taggers: dict[str, Callable[..., Any] | str] = {}

    # ------------------------------------------------------------------ parts, loaded once

    def backend_spec(self, language: str) -> str:
        """The backend spec configured for ``language`` ('*' entry when it has none)."""
        return self.settings.backends.get(language) or self.settings.backends.get("*", "fallback")

    def backend_for(self, language: str) -> Backend:
        """The backend of ``language``, built on first use and reused afterwards."""
        spec = self.backend_spec(language)
        if spec not in self._backends:
            self._backends[spec] = make_backend(spec, self.settings)
        return self._backends[spec]

    def language_data(self, language: str) -> LanguageData:
        """Gazetteer and filters of ``language``, read on first use."""
        if language not in self._data:
            self._data[language] = load_language_data(language)
        return self._data[language]

    def _tagger(self, module: str, cls: str) -> Callable[..., Any] | str:
        """The tagger class ``cls`` from ``eventcoder.nlp.<module>``, or a note string when it cannot be loaded."""
        key = f"{module}.{cls}"
        if key not in self._taggers:
            try:
                factory = getattr(importlib.import_module(f"eventcoder.nlp.{module}"), cls)
                self._taggers[key] = factory(self.settings)
            except (ImportError, AttributeError) as exc:
                self._taggers[key] = f"{module} tagger unavailable ({exc}): no {module} found"
        return self._taggers[key]

    # ------------------------------------------------------------------ the stage

    def __call__(self, articles: Sequence[Article]) -> list[Analysis]:
        """Analyse ``articles``; returns one Analysis per article, in the same order."""
        by_language: dict[str, list[int]] = defaultdict(list)
        for i, article in enumerate(articles):
            by_language[article.language].append(i)
        partial: dict[int, tuple[str, bool, list[Sentence], list[Mention], list[str]]] = {}
        for language, indices in by_language.items():
            backend = self.backend_for(language)
            data = self.language_data(language)
            docs = self._run_backend(backend, [articles[i].text for i in indices])
            for i, raw in zip(indices, docs, strict=True):
                sentences, mentions = self._build(articles[i], raw, data, backend.name)
                notes = [_FALLBACK_NOTE.format(lang=language)] if backend.fallback else []
                partial[i] = (backend.name, backend.fallback, sentences, mentions, notes)
        pairs = [(articles[i], partial[i][2]) for i in range(len(articles))]
        times = self._tag("timex", "TimeTagger", pairs) if self.taggers else (None, None)
        # The quantity tagger skips numbers inside time expressions: hand it those already found.
        found_times = {"times": times[0]} if times[0] is not None else {}
        quantities = self._tag("quantities", "QuantityTagger", pairs, **found_times) if self.taggers else (None, None)
        out = []
        for i, article in enumerate(articles):
            name, fallback, sentences, mentions, notes = partial[i]
            time_list, time_note = times
            quantity_list, quantity_note = quantities
            extra = [n for n in (time_note, quantity_note) if n]
            out.append(
                Analysis(
                    article_id=article.id,
                    language=article.language,
                    backend=name,
                    fallback=fallback,
                    sentences=tuple(sentences),
                    mentions=tuple(mentions),
                    times=tuple(time_list[i]) if time_list else (),
                    quantities=tuple(quantity_list[i]) if quantity_list else (),
                    notes=tuple(notes + extra),
                )
            )
        return out

    def _tag(
        self, module: str, cls: str, pairs: list[tuple[Article, list[Sentence]]], **options: Any
    ) -> tuple[list[list[TimeExpression]] | list[list[Quantity]] | None, str | None]:
        tagger = self._tagger(module, cls)
        if isinstance(tagger, str):
            return None, tagger
        return tagger(pairs, **options), None

    def _run_backend(self, backend: Backend, texts: list[str]) -> list[RawDoc]:
        """Run ``backend`` over the paragraph blocks of ``texts`` and put the offsets back into each text."""
        blocks = [paragraph_blocks(text) for text in texts]
        flat = [text[s:e] for text, spans in zip(texts, blocks, strict=True) for s, e in spans]
        results = iter(backend(flat))
        out = []
        for spans in blocks:
            sentences: list[tuple[int, int]] = []
            entities: list[RawEntity] = []
            for offset, _ in spans:
                raw = next(results)
                sentences.extend((offset + s, offset + e) for s, e in raw.sentences)
                entities.extend(RawEntity(offset + x.start, offset + x.end, x.label, x.lemma) for x in raw.entities)
            out.append(RawDoc(sentences, entities))
        return out

    def _build(
        self, article: Article, raw: RawDoc, data: LanguageData, backend_name: str
    ) -> tuple[list[Sentence], list[Mention]]:
        text = article.text
        spans = refine_sentences(text, raw.sentences)
        sentences = [
            Sentence(start=s, end=e, text=text[s:e], article_id=article.id, index=k) for k, (s, e) in enumerate(spans)
        ]
        found = with_datelines(data.find(text), dateline_places(text))
        entities = merge_with_gazetteer(clean_spans(text, raw.entities, data), found)
        mentions = []
        k = 0
        for entity in entities:
            while k < len(spans) and spans[k][1] <= entity.start:
                k += 1
            if k == len(spans) or not (spans[k][0] <= entity.start and entity.end <= spans[k][1]):
                continue  # crosses a sentence boundary (or lies in whitespace): not a name
            mentions.append(
                Mention(
                    start=entity.start,
                    end=entity.end,
                    text=text[entity.start : entity.end],
                    article_id=article.id,
                    sentence_index=k,
                    label=entity.label,
                    backend=backend_name,
                    lemma=entity.lemma,
                )
            )
        return sentences, mentions
