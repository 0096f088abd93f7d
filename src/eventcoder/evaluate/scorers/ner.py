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
- ``ner-en``, ``ner-fr``, ``ner-ru``: our own news gold (``resources/corpus/ner/<lang>.jsonl``, written and
  annotated for eventcoder under docs/annotation-ner.md): JSON Lines {id, story, split, text, entities:
  [[start, end, label, surface]]}, character offsets; the ``test`` split by default (``dev`` is for tuning),
  chosen with a ``#dev``/``#test``/``#all`` suffix on the gold path.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

from eventcoder import registry
from eventcoder.errors import EvaluationError
from eventcoder.evaluate.base import ErrorCount, ScoreSet, prf, shared_eval_data
from eventcoder.models import Article
from eventcoder.nlp import Analyser
from eventcoder.settings import Settings

__all__ = [
    "HAREM_LABELS",
    "Conll2002SpanishScorer",
    "HaremPortugueseScorer",
    "NewsNerScorer",
    "ner_agreement",
    "ner_errors",
    "read_conll",
    "read_harem",
    "read_ner_jsonl",
    "score_spans",
]

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


NER_SPLITS = ("dev", "test")


def read_ner_jsonl(path: Path, *, split: str | None = "test") -> list[_Gold]:
    """Items of our NER gold (JSON Lines) as (text, {(start, end, label)}), for one split or all (None).

    EvaluationError names the line when an item is malformed or a span's surface does not match the text.
    """
    out: list[_Gold] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read {path}: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
            spans = set()
            for start, end, label, surface in item["entities"]:
                if text[start:end] != surface:
                    raise ValueError(f"span {start}-{end} is {text[start:end]!r}, not {surface!r}")
                spans.add((int(start), int(end), str(label)))
            item_split = item["split"]
        except (ValueError, KeyError, TypeError) as exc:
            raise EvaluationError(f"{path}:{number}: not a NER gold item ({exc})") from None
        if item_split not in NER_SPLITS:
            raise EvaluationError(f"{path}:{number}: split must be one of {NER_SPLITS}, not {item_split!r}")
        if split is None or item_split == split:
            out.append((text, spans))
    return out


def ner_agreement(gold: Path, second: Path) -> dict[str, float]:
    """Agreement of a second, independent annotation (JSON Lines {id, text, entities}) of a sample of the
    gold's items with the gold: span-and-label F1 over PER/LOC/ORG (exact spans), and per label.

    EvaluationError when a second-annotation item is not in the gold or its text differs.
    """
    first: dict[str, tuple[str, set[tuple[int, int, str]]]] = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            first[item["id"]] = (item["text"], {(s, e, lab) for s, e, lab, _ in item["entities"]})
    golds: list[set[tuple[int, int, str]]] = []
    seconds: list[set[tuple[int, int, str]]] = []
    for number, line in enumerate(second.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("id") not in first or first[item["id"]][0] != item.get("text"):
            raise EvaluationError(f"{second}:{number}: item {item.get('id')!r} is not in {gold.name} with that text")
        text = item["text"]
        spans = set()
        for s, e, lab, surface in item["entities"]:
            if text[s:e] != surface:
                raise EvaluationError(f"{second}:{number}: span {s}-{e} is not {surface!r}")
            spans.add((s, e, lab))
        golds.append(first[item["id"]][1])
        seconds.append(spans)
    metrics = score_spans(golds, seconds)
    metrics["items"] = float(len(golds))
    return metrics


TOP_ERRORS = 20


def ner_errors(docs: list[_Gold], predicted: list[set[tuple[int, int, str]]]) -> dict[str, list[ErrorCount]]:
    """The most frequent error strings (PER/LOC/ORG), by kind: ``wrong_label`` (same span, other label),
    ``wrong_span`` (an overlapping prediction with other bounds), ``missed`` (nothing overlaps the gold name),
    ``spurious`` (a prediction overlapping no gold name); each with one example."""
    tally: dict[str, Counter[str]] = {k: Counter() for k in ("wrong_label", "wrong_span", "missed", "spurious")}
    examples: dict[tuple[str, str], str] = {}

    def add(kind: str, text: str, example: str) -> None:
        tally[kind][text] += 1
        examples.setdefault((kind, text), example)

    for (text, gold), pred in zip(docs, predicted, strict=True):
        g = {x for x in gold if x[2] in SCORED}
        p = {x for x in pred if x[2] in SCORED}
        for start, end, label in sorted(g - p):
            name = text[start:end]
            same = [q for q in p if (q[0], q[1]) == (start, end)]
            near = [q for q in p if q[0] < end and start < q[1]]
            if same:
                add("wrong_label", name, f"gold {label}, got {same[0][2]}")
            elif near:
                q = min(near)
                add("wrong_span", name, f"gold {name!r} {label}, got {text[q[0] : q[1]]!r} {q[2]}")
            else:
                add("missed", name, label)
        for start, end, label in sorted(p - g):
            if not any(x[0] < end and start < x[1] for x in g):
                add("spurious", text[start:end], label)
    return {
        kind: [
            ErrorCount(text=t, count=n, example=examples[(kind, t)])
            for t, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ERRORS]
        ]
        for kind, counter in tally.items()
        if counter
    }


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
        errors = ner_errors(docs, predicted)
        return ScoreSet(scorer=self.name, gold=str(gold), metrics=metrics, counts=counts, errors=errors)


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


class NewsNerScorer(_NerScorer):
    """Our own news NER gold for one language (test split by default): PER/LOC/ORG micro P/R/F1, exact spans."""

    def default_gold(self) -> Path | None:
        """The gold shipped with the package."""
        path = resources.files("eventcoder").joinpath("resources", "corpus", "ner", f"{self.language}.jsonl")
        return Path(str(path)) if path.is_file() else None

    def read(self, gold: Path) -> list[_Gold]:
        """Read the JSON Lines gold; a ``#dev``, ``#test`` or ``#all`` suffix on the path picks the split."""
        name, _, split = str(gold).partition("#")
        if split and split not in (*NER_SPLITS, "all"):
            raise EvaluationError(f"unknown split {split!r} (dev, test or all)")
        return read_ner_jsonl(Path(name), split=None if split == "all" else split or "test")


@registry.scorers.register("ner-en")
class EnglishNewsNerScorer(NewsNerScorer):
    """English news NER gold written for eventcoder."""

    name = "ner-en"
    description = "English NER on our news gold (resources/corpus/ner/en.jsonl, test split), PER/LOC/ORG micro F1"
    language = "en"


@registry.scorers.register("ner-fr")
class FrenchNewsNerScorer(NewsNerScorer):
    """French news NER gold written for eventcoder."""

    name = "ner-fr"
    description = "French NER on our news gold (resources/corpus/ner/fr.jsonl, test split), PER/LOC/ORG micro F1"
    language = "fr"


@registry.scorers.register("ner-ru")
class RussianNewsNerScorer(NewsNerScorer):
    """Russian news NER gold written for eventcoder."""

    name = "ner-ru"
    description = "Russian NER on our news gold (resources/corpus/ner/ru.jsonl, test split), PER/LOC/ORG micro F1"
    language = "ru"
