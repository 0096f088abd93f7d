"""Quantities: numbers in digits or words, with their qualifier, as an interval [low, high].

Per-language data (``resources/<lang>/quantities.yaml``): thousands and decimal
separators, number words (multipliers such as "thousand"/"millones" included),
qualifier phrases, and vague counts.  The code knows no language.

Digits: a separator followed by exactly three digits is a thousands separator when the
language lists it as one ('3.822' es -> 3822, '6,600' en -> 6600, '6 600' fr with a
(narrow) no-break space); otherwise a listed decimal separator ('3.5', '3,5').

Interval convention for a stated value N (``low``/``high`` are rounded to whole
numbers when N is one; ``None`` means unbounded):

=============  ==================  ======================================================
qualifier      interval            examples
=============  ==================  ======================================================
(none)         [N, N]              "49 soldiers"
at_least       [N, None]           at least, al menos, au moins, не менее
more_than      [N+1, None]         more than, más de, plus de, более (N, not N+1, if N has decimals)
less_than      [None, N-1]         less than, menos de, moins de, менее
up_to          [None, N]           up to, hasta, jusqu'à, до
almost         [floor(0.9N), N]    almost, casi, près de, почти
about          [floor(0.9N), ceil(1.1N)]  about, around, unos, environ, около
vague          [L, None], value None  dozens/decenas (L=12), hundreds (100), several/varios (3)
=============  ==================  ======================================================

Not quantities: numbers inside time expressions (the tagger runs the time rules first
and skips what they cover, so years, dates, 'the 12th', '44 días' are excluded; a bare
number 1500-2199 without separator is read as a year), times of day ('10:30'),
ordinals ('12th', '2º', '13-го'), and a lone 'one'/'a'/'un' (the language's
``lone_words_excluded``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from eventcoder.models import Article, Quantity, Sentence, TimeExpression
from eventcoder.nlp.lexicon import load_lexicon, words_pattern
from eventcoder.nlp.timex import parse_number, sentence_lookup, tag_times
from eventcoder.settings import NlpSettings

__all__ = ["QuantityRules", "QuantitySpan", "QuantityTagger", "interval", "tag_quantities"]

KIND = "quantities"


@dataclass(frozen=True)
class QuantitySpan:
    """A quantity in a text, before it is tied to an article (offsets into that text)."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


class QuantityRules:
    """The compiled quantity patterns of one language folder (``resources/<lang>/quantities.yaml``)."""

    def __init__(self, language: str) -> None:
        self.folder, data = load_lexicon(KIND, language)
        self.words: dict[str, float] = {_norm(k): float(v) for k, v in data.get("number_words", {}).items()}
        self.lone_excluded = {_norm(w) for w in data.get("lone_words_excluded", [])}
        self.qualifiers = {_norm(p): q for q, ps in data.get("qualifiers", {}).items() for p in ps}
        self.suffixes = {_norm(p): q for q, ps in data.get("suffix_qualifiers", {}).items() for p in ps}
        self.vague = {_norm(k): float(v) for k, v in data.get("vague", {}).items()}
        ts = "".join(re.escape(s) for s in data.get("thousands_separators", []))
        ds = "".join(re.escape(s) for s in data.get("decimal_separators", ["."]))
        group = rf"\d{{1,3}}(?:[{ts}]\d{{3}})+|" if ts else ""
        self.number = re.compile(rf"(?P<int>{group}\d+)(?:[{ds}](?P<frac>\d+))?")
        w = words_pattern(self.words)
        joiners = words_pattern(data.get("number_joiners", []))
        big = words_pattern(k for k, v in self.words.items() if v >= 1000)
        digits = rf"(?<![\w.,:/]){self.number.pattern}(?:\s+(?:{big}))?(?![\w:/]|[.,]\d|-\w)"
        words = rf"(?<![\w-])(?:{w})(?:(?:-|\s+|\s+(?:{joiners})\s+)(?:{w}))*(?![\w-])"
        quals, sufs = words_pattern(self.qualifiers), words_pattern(self.suffixes)
        self.pattern = re.compile(
            rf"(?:(?<!\w)(?P<qual>{quals})\s+)?(?P<num>{digits}|{words})(?:\s+(?P<suf>{sufs})(?!\w))?", re.IGNORECASE
        )
        self.vague_pattern = re.compile(rf"(?<!\w)(?:{words_pattern(self.vague)})(?!\w)", re.IGNORECASE)

    def value_of(self, raw: str) -> float | None:
        """The number written as ``raw`` (digits with this language's separators, or number words)."""
        m = self.number.match(raw)
        if m is None:
            return parse_number(raw, self.words)
        value = float(re.sub(r"\D", "", m.group("int")) + ("." + m.group("frac") if m.group("frac") else ""))
        rest = _norm(raw[m.end() :])
        return value * self.words.get(rest, 1.0) if rest else value


@lru_cache(maxsize=16)
def _rules_for(language: str) -> QuantityRules:
    return QuantityRules(language)


def interval(value: float, qualifier: str | None) -> tuple[float | None, float | None]:
    """(low, high) compatible with ``value`` under ``qualifier``, following the table in the module docstring."""
    whole = float(value).is_integer()
    step = 1.0 if whole else 0.0

    def lo(x: float) -> float:
        return float(math.floor(round(x, 6))) if whole else round(x, 6)

    def hi(x: float) -> float:
        return float(math.ceil(round(x, 6))) if whole else round(x, 6)

    table: dict[str | None, tuple[float | None, float | None]] = {
        None: (value, value),
        "at_least": (value, None),
        "more_than": (value + step, None),
        "less_than": (None, value - step),
        "up_to": (None, value),
        "almost": (lo(0.9 * value), value),
        "about": (lo(0.9 * value), hi(1.1 * value)),
    }
    return table.get(qualifier, (value, value))


def tag_quantities(text: str, *, language: str, exclude: Sequence[tuple[int, int]] = ()) -> list[QuantitySpan]:
    """Find the quantities of ``text`` written in ``language``, skipping any overlapping an ``exclude`` span.

    Returns ``QuantitySpan`` records in text order (offsets into ``text``).
    """
    rules = _rules_for(language)
    out: list[QuantitySpan] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in [*exclude, *((q.start, q.end) for q in out)])

    for m in rules.pattern.finditer(text):
        num_start, num_end = m.span("num")
        if not free(num_start, num_end):
            continue
        raw = m.group("num")
        qualifier = rules.qualifiers.get(_norm(m.group("qual") or ""))
        qualifier = qualifier or rules.suffixes.get(_norm(m.group("suf") or ""))
        if _norm(raw) in rules.lone_excluded and qualifier is None:
            continue
        value = rules.value_of(raw)
        if value is None:
            continue
        start = m.start() if m.group("qual") and free(m.start(), num_start) else num_start
        end = m.end() if m.group("suf") else num_end
        low, high = interval(value, qualifier)
        out.append(QuantitySpan(start, end, text[start:end], value, low, high, qualifier))
    for m in rules.vague_pattern.finditer(text):
        if free(m.start(), m.end()):
            low = rules.vague[_norm(m.group(0))]
            out.append(QuantitySpan(m.start(), m.end(), m.group(0), None, low, None, "vague"))
    return sorted(out, key=lambda q: q.start)


def _record(article_id: str, q: QuantitySpan, sentence_index: int) -> Quantity:
    return Quantity(
        start=q.start,
        end=q.end,
        text=q.text,
        article_id=article_id,
        sentence_index=sentence_index,
        value=q.value,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
    )


class QuantityTagger:
    """Stage: the quantities of each article (numbers inside its time expressions excluded)."""

    def __init__(self, settings: NlpSettings) -> None:
        self.settings = settings

    def __call__(
        self,
        docs: Sequence[tuple[Article, Sequence[Sentence]]],
        *,
        times: Sequence[Sequence[TimeExpression]] | None = None,
    ) -> list[list[Quantity]]:
        """For each (article, sentences) pair, the article's ``Quantity`` records in text order.

        ``times`` are the articles' time expressions when the caller has them already (the analyser
        does); without them the time rules run here to find the spans to exclude.
        """
        out: list[list[Quantity]] = []
        for n, (article, sentences) in enumerate(docs):
            index_of = sentence_lookup(sentences)
            if times is not None:
                spans = [(t.start, t.end) for t in times[n]]
            else:
                spans = [(t.start, t.end) for t in tag_times(article.text, language=article.language, anchor=None)]
            found = tag_quantities(article.text, language=article.language, exclude=spans)
            out.append([_record(article.id, q, index_of(q.start)) for q in found])
        return out
