"""Agreement between the corpus labels and a second, independent annotation of a sample of its items.

The second annotation (``resources/corpus/events/agreement/annotator2.jsonl``) gives, per item id, ``event``
(reported event or not), and for the main event ``plover``, ``acled`` and ``status``.  Agreement is raw agreement
and Cohen's kappa on: event / no event; the ACLED sub-event type of the main reported event (``none`` when there is
none or it is outside ACLED's scope); the PLOVER type of the label event; and the ACLED sub-event type on the items
both annotators call an ACLED event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventcoder.errors import EvaluationError
from eventcoder.evaluate.event_corpus import CorpusItem, corpus_dir, read_jsonl

__all__ = [
    "cohen_kappa",
    "corpus_agreement",
    "read_second_annotation",
    "role_agreement",
    "role_annotation_path",
    "second_annotation_path",
]


def second_annotation_path() -> Path:
    """The packaged second annotation."""
    return corpus_dir() / "agreement" / "annotator2.jsonl"


def read_second_annotation(path: Path) -> dict[str, dict[str, Any]]:
    """Item id -> the second annotator's labels."""
    out: dict[str, dict[str, Any]] = {}
    for n, rec in read_jsonl(path):
        if "id" not in rec or "event" not in rec:
            raise EvaluationError(f"{path.name}:{n}: a record needs 'id' and 'event'")
        out[str(rec["id"])] = rec
    return out


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's kappa of two label sequences of equal length (1.0 when both are constant and equal)."""
    if len(a) != len(b) or not a:
        raise EvaluationError("kappa needs two non-empty label sequences of equal length")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


def _label(value: object) -> str:
    return "none" if value in (None, "", "NONE") else str(value)


def corpus_agreement(items: Sequence[CorpusItem], second: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Raw agreement and kappa of the corpus labels against the second annotation, on the items both have."""
    pairs = [(it, second[it.id]) for it in items if it.id in second]
    if not pairs:
        raise EvaluationError("no item of the second annotation is in the corpus")
    out: dict[str, float] = {"items": float(len(pairs))}

    def put(name: str, first: list[str], other: list[str]) -> None:
        out[f"{name}.agreement"] = sum(x == y for x, y in zip(first, other, strict=True)) / len(first)
        out[f"{name}.kappa"] = cohen_kappa(first, other)
        out[f"{name}.items"] = float(len(first))

    put("event", [str(it.main is not None) for it, _ in pairs], [str(bool(s["event"])) for _, s in pairs])
    put(
        "acled",
        [_label(it.main.acled if it.main else None) for it, _ in pairs],
        [_label(s.get("acled") if s["event"] else None) for _, s in pairs],
    )
    labelled = [(it, s) for it, s in pairs if (it.main or (it.events[0] if it.events else None)) is not None]
    put(
        "plover",
        [_label((it.main or it.events[0]).plover) for it, _ in labelled],
        [_label(s.get("plover")) for _, s in labelled],
    )
    both = [(it, s) for it, s in pairs if it.main and it.main.acled and s["event"] and s.get("acled")]
    if both:
        put("acled_given_both", [str(it.main.acled) for it, _ in both], [str(s["acled"]) for _, s in both])  # type: ignore[union-attr]
    return out


def role_annotation_path() -> Path:
    """The packaged second annotation of actors and roles (main event of 520 sampled items)."""
    return corpus_dir() / "agreement" / "roles_annotator2.jsonl"


def role_agreement(items: Sequence[CorpusItem], path: Path) -> dict[str, float]:
    """Agreement on the actors of each item's main event: span-overlap F1 of names, of names with roles, and
    Cohen's kappa of the ACLED actor types on the actors both annotators found.

    The second annotator saw the item's text, its main event's trigger and PLOVER type, and the guidelines; not the
    corpus's actors.  Each record: ``{"id", "actors": [[text, role, acled_type], ...]}``; texts are located at
    their first occurrence in the item.
    """
    by_id = {it.id: it for it in items}
    tp_name = tp_role = n_first = n_second = 0
    types_a: list[str] = []
    types_b: list[str] = []
    records = 0
    for n, rec in read_jsonl(path):
        item = by_id.get(str(rec.get("id")))
        if item is None or item.main is None:
            raise EvaluationError(f"{path.name}:{n}: no corpus item with a main event has id {rec.get('id')!r}")
        records += 1
        first = [(a.span.start, a.span.end, str(a.role), a.acled_type) for a in item.main.actors]
        second = []
        for text, role, code in rec["actors"]:
            start = item.text.find(text)
            if start < 0:
                raise EvaluationError(f"{path.name}:{n}: actor {text!r} is not in the item's text")
            second.append((start, start + len(text), str(role), int(code)))
        used: set[int] = set()
        for fs, fe, frole, fcode in first:
            k = next((k for k, (s, e, _, _) in enumerate(second) if k not in used and s < fe and fs < e), None)
            if k is None:
                continue
            used.add(k)
            tp_name += 1
            tp_role += frole == second[k][2]
            types_a.append(str(fcode))
            types_b.append(str(second[k][3]))
        n_first += len(first)
        n_second += len(second)

    def f1(tp: int) -> float:
        return 2 * tp / (n_first + n_second) if n_first + n_second else 0.0

    return {
        "items": float(records),
        "actors.first": float(n_first),
        "actors.second": float(n_second),
        "name.f1": f1(tp_name),
        "role.f1": f1(tp_role),
        "inter.agreement": sum(a == b for a, b in zip(types_a, types_b, strict=True)) / len(types_a),
        "inter.kappa": cohen_kappa(types_a, types_b),
    }
