"""JSON views of stored records, with analysts' corrections applied and flagged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventcoder.corrections import Corrected
from eventcoder.models import Analysis, Article, Claim, Correction, Entity, EventReport, Incident, Resolution

__all__ = [
    "analysis_summary",
    "article_summary",
    "claim_view",
    "corrected_view",
    "correction_view",
    "entity_view",
    "resolution_summary",
]


def article_summary(a: Article) -> dict[str, Any]:
    """An article without its text."""
    out: dict[str, Any] = a.model_dump(mode="json", exclude={"text"})
    out["chars"] = len(a.text)
    return out


def correction_view(c: Correction) -> dict[str, Any]:
    """A correction as JSON."""
    out: dict[str, Any] = c.model_dump(mode="json")
    return out


def corrected_view(view: Corrected[EventReport] | Corrected[Incident]) -> dict[str, Any]:
    """A record with corrections applied, plus ``corrected``, ``wrong``, ``merged_into`` and ``corrections``."""
    out: dict[str, Any] = view.record.model_dump(mode="json")
    out["corrected"] = view.corrected
    out["wrong"] = view.wrong
    out["merged_into"] = view.merged_into
    out["corrections"] = [correction_view(c) for c in view.corrections]
    return out


def entity_view(e: Entity) -> dict[str, Any]:
    """An entity with its aliases and external ids, and its place precision codes when it is a place."""
    out: dict[str, Any] = e.model_dump(mode="json")
    precision = e.place_precision()
    out["geo_precision"], out["where_prec"] = precision if precision else (None, None)
    return out


def claim_view(c: Claim) -> dict[str, Any]:
    """A claim as JSON."""
    out: dict[str, Any] = c.model_dump(mode="json")
    return out


def analysis_summary(an: Analysis | None) -> dict[str, Any] | None:
    """What the language layer found, in counts, plus its mentions (offsets into the text) and notes."""
    if an is None:
        return None
    return {
        "language": an.language,
        "backend": an.backend,
        "fallback": an.fallback,
        "sentences": len(an.sentences),
        "times": [t.model_dump(mode="json", include={"start", "end", "text", "value", "kind"}) for t in an.times],
        "quantities": len(an.quantities),
        "notes": list(an.notes),
    }


def resolution_summary(res: Resolution | None) -> dict[str, Any] | None:
    """Mentions with the entity each resolves to, and the entities."""
    if res is None:
        return None
    return {
        "mentions": [
            m.model_dump(mode="json", include={"start", "end", "text", "label", "entity_id", "variant", "metonymy"})
            for m in res.mentions
        ],
        "entities": [{"id": e.id, "name": e.name, "kind": e.kind.value, "country": e.country} for e in res.entities],
    }


def ids(records: Iterable[EventReport | Incident | Claim]) -> list[str]:
    """The ids of ``records``."""
    return [r.id for r in records]
