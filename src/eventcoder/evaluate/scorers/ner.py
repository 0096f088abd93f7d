"""Named-entity scorers: the whole language layer (backend + filters + gazetteer) against public NER gold.

Metrics are micro precision/recall/F1 over PER, LOC and ORG with exact span
and label match (``f1`` etc.), plus per-label F1 (``f1_PER``...).  MISC is not
scored (CoNLL MISC and HAREM's other classes do not correspond).

- ``ner-conll2002-es``: CoNLL IOB2 files ("token ... TAG" per line, blank line
  between sentences).  Each sentence's text is its tokens joined by single
  spaces; a predicted span counts only when its offsets fall on token
  boundaries and it equals a gold entity's tokens.
- ``ner-harem-pt``: HAREM JSON (list of {doc_text, entities: [{label,
  start_offset, end_offset}]}), character offsets.  Label mapping: PESSOA->PER,
  LOCAL->LOC, ORGANIZACAO->ORG; TEMPO, VALOR and the other classes ignored.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from eventcoder import registry
from eventcoder.errors import EvaluationError
from eventcoder.evaluate.base import ScoreSet, prf, shared_eval_data
from eventcoder.models import Article
from eventcoder.nlp import Analyser
from eventcoder.settings import Settings

__all__ = ["HAREM_LABELS", "Conll2002SpanishScorer", "HaremPortugueseScorer", "read_conll", "read_harem", "score_spans"]

SCORED = ("PER", "LOC", "ORG")
HAREM_LABELS = {"PESSOA": "PER", "LOCAL": "LOC", "ORGANIZACAO": "ORG"}

_Gold = tuple[str, set[tuple[int, int, str]]]


def read_conll(path: Path) -> list[_Gold]:
    """Sentences of a CoNLL IOB2 file as (text, {(start, end, label)}) with char offsets into the joined text."""
    out: list[_Gold] = []
    tokens: list[tuple[str, str]] = []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate([*lines, ""], 1):
        parts = line.split()
        if parts and parts[0] != "-DOCSTART-":
            if len(parts) < 2:
                raise EvaluationError(f"{path}:{number}: expected 'token ... TAG', got {line!r}")
            tokens.append((parts[0], parts[-1]))
            continue
        if not tokens:
            continue
        text, spans, pos = " ".join(t for t, _ in tokens), set(), 0
        starts = []
        for tok, _ in tokens:
            starts.append(pos)
            pos += len(tok) + 1
        i = 0
        while i < len(tokens):
            tag = tokens[i][1]
            if tag.startswith(("B-", "I-")):  # an I- opening an entity is read as B- (IOB1 files)
                label, j = tag[2:], i + 1
                while j < len(tokens) and tokens[j][1] == f"I-{label}":
                    j += 1
                spans.add((starts[i], starts[j - 1] + len(tokens[j - 1][0]), label))
                i = j
            else:
                i += 1
        out.append((text, spans))
        tokens = []
    return out


def read_harem(path: Path) -> list[_Gold]:
    """Documents of a HAREM JSON file as (text, {(start, end, label)}) with labels mapped to PER/LOC/ORG."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            (
                doc["doc_text"],
                {
                    (e["start_offset"], e["end_offset"], HAREM_LABELS[e["label"]])
                    for e in doc["entities"]
                    if e["label"] in HAREM_LABELS
                },
            )
            for doc in data
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise EvaluationError(f"{path}: not HAREM JSON ({exc})") from None


def score_spans(gold: list[set[tuple[int, int, str]]], predicted: list[set[tuple[int, int, str]]]) -> dict[str, float]:
    """Micro P/R/F1 over SCORED labels and per-label F1; also returns the counts as floats under 'tp', 'fp', 'fn'."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        g = {s for s in g if s[2] in SCORED}
        p = {s for s in p if s[2] in SCORED}
        for s in g & p:
            tp[s[2]] += 1
        for s in p - g:
            fp[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    precision, recall, f1 = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    metrics = {"precision": precision, "recall": recall, "f1": f1}
    for label in SCORED:
        metrics[f"f1_{label}"] = prf(tp[label], fp[label], fn[label])[2]
    metrics.update(tp=sum(tp.values()), fp=sum(fp.values()), fn=sum(fn.values()))
    return metrics


class _NerScorer:
    name = ""
    description = ""
    language = ""
    gold_parts: tuple[str, ...] = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.analyser = Analyser(settings.nlp, taggers=False)

    def default_gold(self) -> Path | None:
        """The shared gold file, or None when ../shared/eval-data is absent."""
        root = shared_eval_data()
        path = root.joinpath(*self.gold_parts) if root is not None else None
        return path if path is not None and path.exists() else None

    def read(self, gold: Path) -> list[_Gold]:
        raise NotImplementedError

    def __call__(self, gold: Path) -> ScoreSet:
        """Analyse every gold text as one article and score the mentions against the gold spans."""
        docs = self.read(gold)
        articles = [
            Article(
                id=f"a_{i:016x}",
                text=text,
                language=self.language,
                language_confidence=1.0,
                origin=f"{gold}#{i}",
                input_format="text",
            )
            for i, (text, _) in enumerate(docs)
        ]
        analyses = self.analyser(articles)
        predicted = [{(m.start, m.end, m.label) for m in a.mentions} for a in analyses]
        metrics = score_spans([g for _, g in docs], predicted)
        counts = {k: int(metrics.pop(k)) for k in ("tp", "fp", "fn")}
        counts["documents"] = len(docs)
        counts["gold"] = counts["tp"] + counts["fn"]
        return ScoreSet(scorer=self.name, gold=str(gold), metrics=metrics, counts=counts)


@registry.scorers.register("ner-conll2002-es")
class Conll2002SpanishScorer(_NerScorer):
    """CoNLL-2002 Spanish (esp.testb by default): PER/LOC/ORG micro P/R/F1, exact token spans."""

    name = "ner-conll2002-es"
    description = "Spanish NER on CoNLL-2002 (IOB2), PER/LOC/ORG micro P/R/F1, exact match"
    language = "es"
    gold_parts = ("ner_conll2002_es", "esp.testb")

    def read(self, gold: Path) -> list[_Gold]:
        """Read a CoNLL IOB2 file."""
        return read_conll(gold)


@registry.scorers.register("ner-harem-pt")
class HaremPortugueseScorer(_NerScorer):
    """MiniHAREM selective (by default): PER/LOC/ORG micro P/R/F1, exact character spans."""

    name = "ner-harem-pt"
    description = "Portuguese NER on HAREM JSON (PESSOA/LOCAL/ORGANIZACAO), micro P/R/F1, exact match"
    language = "pt"
    gold_parts = ("ner_harem_pt", "MiniHAREM-selective.json")

    def read(self, gold: Path) -> list[_Gold]:
        """Read a HAREM JSON file."""
        return read_harem(gold)
