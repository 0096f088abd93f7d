"""eventcoder's annotated event corpus: records, loader, validation and the split by story.

The corpus (``resources/corpus/events/batches/*.jsonl``; guidelines in ``docs/annotation.md``) holds items of
one to three sentences, each with its events (ACLED sub-event type, PLOVER type and mode, status, and the spans
of trigger, actors with role and ACLED actor type, place, date and figures) or none and a negative kind.  Spans
are written as text (``text@2`` for a second occurrence); ``load_corpus`` finds their offsets and rejects an item
whose span does not occur.  The split is a deterministic function of the story id (SHA-256), so every item of a
story, in every language, lands in the same split.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eventcoder.errors import EvaluationError
from eventcoder.evaluate.gold import PLOVER_TYPES

__all__ = [
    "ACLED_SUB_EVENTS",
    "LANGUAGES",
    "CorpusEvent",
    "CorpusItem",
    "CorpusSpan",
    "corpus_dir",
    "load_corpus",
    "read_items",
    "read_jsonl",
    "split_of",
]

AcledSubEvent = Literal[
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade",
    "Sexual violence", "Attack", "Abduction/forced disappearance",
    "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    "Violent demonstration", "Mob violence",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
    "Looting/property destruction", "Non-violent transfer of territory", "Other",
]  # fmt: skip
ACLED_SUB_EVENTS: tuple[str, ...] = get_args(AcledSubEvent)
LANGUAGES = ("en", "es", "pt", "fr", "ru")
Status = Literal["reported", "background", "planned", "denied", "hypothetical"]
Negative = Literal[
    "disaster", "accident", "crime", "sport", "business", "metaphor", "opinion",
    "background", "plan", "denial", "hypothetical", "other",
]  # fmt: skip
Style = Literal["wire", "local", "headline", "statement", "quote", "mt", "multi"]
Role = Literal["source", "target", "participant", "mediator"]
FigureKind = Literal["killed", "wounded", "captured", "missing", "displaced", "released"]
Split = Literal["train", "dev", "test"]
_STATUS_NEGATIVE = {"background": "background", "planned": "plan", "denied": "denial", "hypothetical": "hypothetical"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CorpusSpan(_Model):
    """A span of the item's text (end exclusive)."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class CorpusActor(_Model):
    """An actor of an event: its span, role and ACLED actor type (inter code 1-8)."""

    span: CorpusSpan
    role: Role
    acled_type: int = Field(ge=1, le=8)


class CorpusFigure(_Model):
    """A figure of an event: the number expression and what it counts."""

    span: CorpusSpan
    kind: FigureKind


class CorpusEvent(_Model):
    """One annotated event of an item."""

    acled: AcledSubEvent | None
    plover: str
    mode: str | None
    status: Status
    trigger: CorpusSpan
    actors: tuple[CorpusActor, ...] = ()
    place: CorpusSpan | None = None
    date: CorpusSpan | None = None
    figures: tuple[CorpusFigure, ...] = ()

    @field_validator("plover")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in PLOVER_TYPES:
            raise ValueError(f"unknown PLOVER type {value!r}")
        return value


class CorpusItem(_Model):
    """One corpus item: a sentence or snippet with its events (main one first) or a negative kind."""

    id: str
    story: str
    lang: Literal["en", "es", "pt", "fr", "ru"]
    country: str = Field(pattern=r"^[A-Z]{3}$")
    conflict: str
    style: Style
    text: str = Field(min_length=3)
    events: tuple[CorpusEvent, ...]
    negative: Negative | None
    split: Split
    source: str = Field(description="Batch file the item came from.")

    @property
    def reported(self) -> tuple[CorpusEvent, ...]:
        """The events the item reports as having happened."""
        return tuple(e for e in self.events if e.status == "reported")

    @property
    def main(self) -> CorpusEvent | None:
        """The main reported event, or None for a negative item."""
        reported = self.reported
        return reported[0] if reported else None


def split_of(story: str) -> Split:
    """Train (70%), dev (15%) or test (15%), from the SHA-256 of the story id."""
    bucket = int(hashlib.sha256(story.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def corpus_dir() -> Path:
    """The packaged corpus folder (``resources/corpus/events``)."""
    return Path(str(files("eventcoder.resources").joinpath("corpus", "events")))


def _locate(text: str, raw: object, where: str) -> CorpusSpan:
    if not isinstance(raw, str) or not raw:
        raise EvaluationError(f"{where}: a span must be a non-empty string, got {raw!r}")
    needle, occurrence = raw, 1
    head, sep, tail = raw.rpartition("@")
    if sep and tail.isdigit() and head:
        needle, occurrence = head, int(tail)
    start = -1
    for _ in range(occurrence):
        start = text.find(needle, start + 1)
        if start < 0:
            raise EvaluationError(f"{where}: span {raw!r} does not occur in the text")
    return CorpusSpan(text=needle, start=start, end=start + len(needle))


def _event(text: str, raw: dict[str, Any], where: str) -> CorpusEvent:
    try:
        actors = [
            CorpusActor(span=_locate(text, a[0], f"{where} actor"), role=a[1], acled_type=a[2])
            for a in raw.get("actors") or []
        ]
        figures = [
            CorpusFigure(span=_locate(text, f[0], f"{where} figure"), kind=f[1]) for f in raw.get("figures") or []
        ]
    except (IndexError, TypeError, ValidationError) as exc:
        raise EvaluationError(f"{where}: bad actor or figure: {exc}") from None
    place, date = raw.get("place"), raw.get("date")
    extra = set(raw) - {"acled", "plover", "mode", "status", "trigger", "actors", "place", "date", "figures"}
    if extra:
        raise EvaluationError(f"{where}: unknown event fields {sorted(extra)}")
    try:
        return CorpusEvent(
            acled=raw.get("acled"),
            plover=raw.get("plover"),
            mode=raw.get("mode"),
            status=raw.get("status", "reported"),
            trigger=_locate(text, raw.get("trigger"), f"{where} trigger"),
            actors=tuple(actors),
            place=_locate(text, place, f"{where} place") if place else None,
            date=_locate(text, date, f"{where} date") if date else None,
            figures=tuple(figures),
        )
    except ValidationError as exc:
        raise EvaluationError(f"{where}: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from None


def _item(raw: dict[str, Any], source: str, line: int, modes: dict[str, set[str]]) -> CorpusItem:
    where = f"{source}:{line}"
    text = raw.get("text")
    if not isinstance(text, str):
        raise EvaluationError(f"{where}: no text")
    events = [_event(text, e, f"{where} event {k}") for k, e in enumerate(raw.get("events") or [])]
    for e in events:
        if e.mode is not None and e.mode not in modes.get(e.plover, set()):
            raise EvaluationError(f"{where}: {e.plover} has no mode {e.mode!r}")
    negative = raw.get("negative")
    reported = any(e.status == "reported" for e in events)
    if reported and negative is not None:
        raise EvaluationError(f"{where}: an item with a reported event has no negative kind")
    if not reported and negative is None:
        raise EvaluationError(f"{where}: an item without a reported event needs a negative kind")
    if not reported and events and negative not in _STATUS_NEGATIVE.values():
        first = _STATUS_NEGATIVE[events[0].status]
        raise EvaluationError(f"{where}: an item whose only event is {events[0].status} has negative {first!r}")
    fields = {k: v for k, v in raw.items() if k not in ("events",)}
    try:
        return CorpusItem(**fields, events=tuple(events), split=split_of(str(raw.get("story"))), source=source)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise EvaluationError(f"{where}: {err['loc']}: {err['msg']}") from None


def _modes() -> dict[str, set[str]]:
    from eventcoder.extract.ontology import Ontology  # the ontology's data files define the modes

    ontology = Ontology()
    return {t: set(ontology.modes(t)) for t in ontology.types}


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSON Lines file; EvaluationError on a bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read {path}: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"{path.name}:{n}: not JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise EvaluationError(f"{path.name}:{n}: not a JSON object")
        yield n, raw


def read_items(paths: Iterable[Path]) -> list[CorpusItem]:
    """Items of the given JSON Lines files, validated, spans located; raises EvaluationError on the first bad one."""
    modes = _modes()
    items: list[CorpusItem] = []
    seen: dict[str, str] = {}
    for path in paths:
        for n, raw in read_jsonl(path):
            item = _item(raw, path.name, n, modes)
            if item.id in seen:
                raise EvaluationError(f"{path.name}:{n}: id {item.id} already used in {seen[item.id]}")
            seen[item.id] = path.name
            items.append(item)
    return items


def load_corpus(
    path: Path | None = None, *, splits: Sequence[str] | None = None, languages: Sequence[str] | None = None
) -> list[CorpusItem]:
    """The corpus at ``path`` (a folder of ``*.jsonl`` batches, or one file; default: the packaged corpus).

    ``splits`` and ``languages`` filter the items.  Items come in file-name then line order.
    """
    root = path or corpus_dir() / "batches"
    if not root.exists():
        raise EvaluationError(f"event corpus not found: {root}")
    paths = sorted(root.glob("*.jsonl")) if root.is_dir() else [root]
    if not paths:
        raise EvaluationError(f"no *.jsonl batch in {root}")
    items = read_items(paths)
    return [
        it for it in items if (splits is None or it.split in splits) and (languages is None or it.lang in languages)
    ]
