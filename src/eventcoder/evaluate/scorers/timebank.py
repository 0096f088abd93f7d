"""TimeBank-style timex scorer: detection and normalisation of time expressions.

Gold format (``shared/eval-data/temporal/README.md``): TSV ``token<TAB>BIO-type<TAB>TIMEX3 value`` (``-`` when
none), a blank line between sentences, and each document opening with a line ``*!-DCTVALUE="YYYY-MM-DD"-!*``.
Each document is detokenised (tokens joined by one space, sentences by a newline, keeping a token -> character
map), tagged by ``eventcoder.nlp.timex.tag_times`` with the DCT as anchor (ranges left unmerged, as TimeBank
annotates each end separately) and compared with the gold timexes:

* detection, strict (same character span) and relaxed (overlap; one-to-one, greedy in text order);
* value: a gold timex is right when an overlapping prediction has the same value after light normalisation
  (upper-cased; TIMEX3 parts of day such as ``T NI``/``TMO`` dropped; decade ``198`` read as ``198X``).
  ``value_accuracy`` is right values over relaxed matches; ``value_p/r/f1`` count right values against all
  predictions and all gold timexes.

Per TIMEX3 type (DATE, TIME, DURATION, SET), ``<metric>.<TYPE>``: recall counts the gold timexes of that type,
precision the predictions of that type (a prediction's type: a duration or set by its kind, TIME when it holds a
clock time or a part of the day, else DATE); ``type_accuracy`` is right types over relaxed matches.  The 20 most
frequent missed, spurious and wrong-value strings (lower-cased) come in ``ScoreSet.errors``.

Language: ``timebank`` is English, ``timebank-es`` Spanish; a gold path with a folder named like a language
that has time rules (``.../es/test.tsv``) overrides the scorer's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder import registry
from eventcoder.errors import EvaluationError
from eventcoder.evaluate.base import ErrorCount, ScoreSet, prf, shared_eval_data
from eventcoder.models import TimexKind
from eventcoder.nlp.lexicon import available_languages
from eventcoder.nlp.timex import KIND, TimexSpan, tag_times
from eventcoder.settings import Settings

__all__ = [
    "TYPES",
    "GoldDoc",
    "TimebankScorer",
    "TimebankSpanishScorer",
    "normalise_value",
    "predicted_type",
    "read_timebank",
    "score_docs",
]

_DCT = re.compile(r'^\*!-DCTVALUE="(\d{4}-\d{2}-\d{2})[^"]*"-!\*')
TYPES = ("DATE", "TIME", "DURATION", "SET")
TOP_ERRORS = 20


@dataclass
class GoldDoc:
    """One detokenised gold document: text, DCT, gold timexes as (start, end, value) character spans and
    their TIMEX3 types (``types[i]`` is the type of ``timexes[i]``)."""

    dct: dt.date
    text: str = ""
    timexes: list[tuple[int, int, str]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


def read_timebank(path: Path) -> list[GoldDoc]:
    """Read a TimeBank BIO TSV file into detokenised documents; ``EvaluationError`` when it is malformed."""
    docs: list[GoldDoc] = []
    parts: list[str] = []
    pos = 0
    open_span: list[int | str] | None = None

    def close() -> None:
        nonlocal open_span
        if open_span is not None and docs:
            docs[-1].timexes.append((int(open_span[0]), int(open_span[1]), str(open_span[2])))
            docs[-1].types.append(str(open_span[3]))
        open_span = None

    def finish_doc() -> None:
        close()
        if docs:
            docs[-1].text = "".join(parts)

    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        dct = _DCT.match(line)
        if dct:
            finish_doc()
            docs.append(GoldDoc(dct=dt.date.fromisoformat(dct.group(1))))
            parts, pos = [], 0
            continue
        if not line.strip():
            close()
            if parts and parts[-1] != "\n":
                parts.append("\n")
                pos += 1
            continue
        cols = line.split("\t")
        if len(cols) < 3 or not docs:
            raise EvaluationError(f"{path}:{n}: expected token<TAB>tag<TAB>value after a DCT line")
        token, tag, value = cols[0], cols[1], cols[2]
        if parts and parts[-1] != "\n":
            parts.append(" ")
            pos += 1
        start, pos = pos, pos + len(token)
        parts.append(token)
        if tag.startswith("I-") and open_span is not None:
            open_span[1] = pos
        else:
            close()
            if tag.startswith(("B-", "I-")):
                open_span = [start, pos, value, tag[2:].upper()]
    finish_doc()
    return docs


def normalise_value(value: str | None) -> str:
    """Light normalisation of a TIMEX3 value for comparison (see the module docstring)."""
    v = (value or "").strip().upper()
    v = re.sub(r"T(MO|AF|EV|NI|DT|MI)$", "", v)
    return v + "X" if re.fullmatch(r"\d{3}", v) else v


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def predicted_type(span: TimexSpan) -> str:
    """The TIMEX3 type of a prediction: DURATION or SET by its kind, TIME with a clock time or a part of the
    day, else DATE."""
    if span.kind is TimexKind.DURATION:
        return "DURATION"
    if span.kind is TimexKind.SET:
        return "SET"
    if re.match(r"\d{4}-\d{2}-\d{2}T", span.value or "") or "part" in span.fields:
        return "TIME"
    return "DATE"


@dataclass
class _Tally:
    """Counts of one scoring run, overall and per TIMEX3 type."""

    gold: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)  # gold timexes with an overlapping prediction
    right: Counter[str] = field(default_factory=Counter)  # ... and the right value
    pred_found: Counter[str] = field(default_factory=Counter)  # predictions matched to a gold timex
    pred_right: Counter[str] = field(default_factory=Counter)  # ... with the right value
    same_type: int = 0
    strict: int = 0
    errors: dict[str, Counter[str]] = field(default_factory=dict)
    examples: dict[tuple[str, str], str] = field(default_factory=dict)

    def error(self, kind: str, text: str, example: str) -> None:
        key = " ".join(text.lower().split())
        self.errors.setdefault(kind, Counter())[key] += 1
        self.examples.setdefault((kind, key), example)


def score_docs(
    docs: list[GoldDoc], *, language: str
) -> tuple[dict[str, float], dict[str, int], dict[str, list[ErrorCount]]]:
    """Tag every document and return (metrics, counts, errors) as described in the module docstring."""
    t = _Tally()
    for doc in docs:
        spans = tag_times(doc.text, language=language, anchor=doc.dct, merge_ranges=False)
        preds = [(s.start, s.end, s.value) for s in spans]
        ptypes = [predicted_type(s) for s in spans]
        t.pred.update(ptypes)
        t.gold.update(doc.types)
        t.strict += len({(g[0], g[1]) for g in doc.timexes} & {(p[0], p[1]) for p in preds})
        used: set[int] = set()
        for g, gtype in zip(doc.timexes, doc.types, strict=True):
            gtext = doc.text[g[0] : g[1]]
            hits = [i for i, p in enumerate(preds) if i not in used and _overlap((g[0], g[1]), (p[0], p[1]))]
            if not hits:
                t.error("missed", gtext, f"{gtype} {g[2]}")
                continue
            good = [i for i in hits if normalise_value(preds[i][2]) == normalise_value(g[2])]
            i = (good or hits)[0]
            used.add(i)
            t.found[gtype] += 1
            t.pred_found[ptypes[i]] += 1
            t.same_type += ptypes[i] == gtype
            if good:
                t.right[gtype] += 1
                t.pred_right[ptypes[i]] += 1
            else:
                t.error(
                    "wrong_value", gtext, f"gold {g[2]}, got {preds[i][2]} for '{doc.text[preds[i][0] : preds[i][1]]}'"
                )
        for i, p in enumerate(preds):
            if i not in used:
                t.error("spurious", doc.text[p[0] : p[1]], f"{ptypes[i]} {p[2]}")
    return _metrics(t), _counts(t, len(docs)), _errors(t)


def _metrics(t: _Tally) -> dict[str, float]:
    n_gold, n_pred = sum(t.gold.values()), sum(t.pred.values())
    relaxed, right = sum(t.found.values()), sum(t.right.values())
    sp, sr, sf = prf(t.strict, n_pred - t.strict, n_gold - t.strict)
    rp, rr, rf = prf(relaxed, n_pred - relaxed, n_gold - relaxed)
    vp, vr, vf = prf(right, n_pred - right, n_gold - right)
    metrics = {
        "detect_strict_p": sp,
        "detect_strict_r": sr,
        "detect_strict_f1": sf,
        "detect_relaxed_p": rp,
        "detect_relaxed_r": rr,
        "detect_relaxed_f1": rf,
        "value_accuracy": right / relaxed if relaxed else 0.0,
        "value_p": vp,
        "value_r": vr,
        "value_f1": vf,
        "type_accuracy": t.same_type / relaxed if relaxed else 0.0,
    }
    for c in TYPES:
        for name, (hit_pred, hit_gold) in {
            "detect_relaxed": (t.pred_found[c], t.found[c]),
            "value": (t.pred_right[c], t.right[c]),
        }.items():
            p = hit_pred / t.pred[c] if t.pred[c] else 0.0
            r = hit_gold / t.gold[c] if t.gold[c] else 0.0
            metrics[f"{name}_p.{c}"] = p
            metrics[f"{name}_r.{c}"] = r
            metrics[f"{name}_f1.{c}"] = 2 * p * r / (p + r) if p + r else 0.0
    return {k: round(v, 4) for k, v in metrics.items()}


def _counts(t: _Tally, n_docs: int) -> dict[str, int]:
    counts = {
        "docs": n_docs,
        "gold": sum(t.gold.values()),
        "predicted": sum(t.pred.values()),
        "strict_tp": t.strict,
        "relaxed_tp": sum(t.found.values()),
        "value_correct": sum(t.right.values()),
    }
    for c in TYPES:
        counts[f"gold.{c}"] = t.gold[c]
        counts[f"predicted.{c}"] = t.pred[c]
    return counts


def _errors(t: _Tally) -> dict[str, list[ErrorCount]]:
    return {
        kind: [
            ErrorCount(text=text, count=n, example=t.examples[(kind, text)])
            for text, n in sorted(t.errors[kind].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ERRORS]
        ]
        for kind in ("missed", "spurious", "wrong_value")
        if kind in t.errors
    }


@registry.scorers.register("timebank")
class TimebankScorer:
    """Timex detection and normalisation against TimeBank (TempEval-3 platinum test by default)."""

    name = "timebank"
    description = "Time expressions: detection (strict/relaxed) and TIMEX3 value F1 on TimeBank-format TSV."
    language = "en"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def default_gold(self) -> Path | None:
        """``shared/eval-data/temporal/timebank/<language>/test.tsv``, or None when absent."""
        root = shared_eval_data()
        path = root / "temporal" / "timebank" / self.language / "test.tsv" if root else None
        return path if path is not None and path.is_file() else None

    def language_for(self, gold: Path) -> str:
        """The gold file's language: a path folder naming a language with time rules, else the scorer's."""
        known = set(available_languages(KIND)) - {"default"}
        folders = [p for p in gold.resolve().parts[:-1] if p in known]
        return folders[-1] if folders else self.language

    def __call__(self, gold: Path) -> ScoreSet:
        """Score ``gold`` (any file in the TimeBank BIO TSV format)."""
        docs = read_timebank(gold)
        if not docs:
            raise EvaluationError(f"{gold}: no documents (no DCT line)")
        metrics, counts, errors = score_docs(docs, language=self.language_for(gold))
        return ScoreSet(scorer=self.name, gold=str(gold), metrics=metrics, counts=counts, errors=errors)


@registry.scorers.register("timebank-es")
class TimebankSpanishScorer(TimebankScorer):
    """The same scorer on the Spanish TimeBank test split."""

    name = "timebank-es"
    language = "es"
