"""The sample corpus's hand-annotated gold file: its records and its loader.

The format is documented in ``docs/gold-format.md``.  Annotations locate their
text by exact string (plus an optional ``occurrence``), never by hand-counted
offsets; ``load_gold`` finds every string in the article body and fills in
``start``/``end`` (offsets into the body, the same text an ingested
``Article.text`` holds).  Anything that cannot be found, or that is found more
than once without an ``occurrence``, raises ``EvaluationError``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Literal, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eventcoder.errors import EvaluationError
from eventcoder.settings import Settings

__all__ = [
    "PLOVER_TYPES",
    "ActorInfo",
    "GoldArticle",
    "GoldContradiction",
    "GoldDate",
    "GoldEntity",
    "GoldEvent",
    "GoldEventActor",
    "GoldFigure",
    "GoldIncident",
    "GoldQuantity",
    "GoldTime",
    "PlaceInfo",
    "SampleGold",
    "load_gold",
    "normalise_text",
    "read_article_file",
    "sample_corpus_dir",
    "sample_gold_path",
    "split_metadata",
]

PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
PLOVER_TYPES: tuple[str, ...] = get_args(PloverType)
Precision = Literal["day", "week", "month", "year", "decade"]
Occurrence = int | Literal["all"]
Qualifier = Literal["exact", "about", "at_least", "more_than", "less_than", "up_to", "nearly", "vague"]

METADATA_KEYS = ("title", "date", "source", "url", "language")
_KEY_LINE = re.compile(r"^(title|date|source|url|language)[ \t]*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
_BARE_DATE_LINE = re.compile(r"^(date)[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*$", re.IGNORECASE)


class GoldModel(BaseModel):
    """Base of the gold records: frozen, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Located(GoldModel):
    """Something located in the body by exact text; ``start``/``end`` are filled in by the loader."""

    text: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=0, description="Which occurrence (0-based) when text repeats.")
    start: int | None = None
    end: int | None = None


class ActorInfo(GoldModel):
    """A canonical actor named in the gold."""

    kind: Literal["person", "organisation", "group", "state"]
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")


class PlaceInfo(GoldModel):
    """A canonical place named in the gold, with approximate coordinates."""

    feature: Literal["country", "region", "city", "site", "other"]
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class GoldEntity(GoldModel):
    """A named-entity mention, or every whole-word occurrence of it when ``occurrence`` is 'all'."""

    text: str = Field(min_length=1)
    label: Literal["PER", "LOC", "ORG", "MISC"]
    link: str | None = Field(description="Canonical name (a key of ``actors`` or ``places``), or None.")
    occurrence: Occurrence | None = None
    metonymy: bool = Field(default=False, description="A place name standing for its government ('Bakú dijo').")
    spans: tuple[tuple[int, int], ...] = Field(default=(), description="Filled in by the loader.")


class GoldTime(Located):
    """A time expression with its normalised value."""

    value: str | None = Field(description="ISO 8601: 2020-11-09, 2020-11, 1990s as 199X, P44D; None if unresolvable.")
    end_value: str | None = None
    precision: Precision | None = None
    kind: Literal["date", "range", "duration"]

    @field_validator("value", "end_value", mode="before")
    @classmethod
    def _as_text(cls, v: object) -> object:
        """YAML reads 2020-11-09 as a date and 2020 as an int; keep the ISO text."""
        return v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, int) else v


class GoldQuantity(Located):
    """A count written in the text, as an interval."""

    value: float | None = None
    low: float | None
    high: float | None
    qualifier: Qualifier = "exact"


class GoldDate(GoldModel):
    """When an event happened."""

    start: dt.date
    end: dt.date | None = None
    precision: Precision = "day"


class GoldEventActor(GoldModel):
    """An actor of an event, by canonical name."""

    role: Literal["source", "target", "mediator", "participant"]
    name: str


class GoldFigure(GoldModel):
    """A count of people affected by an event, as one source states it."""

    kind: Literal["killed", "wounded", "captured", "missing", "displaced", "released"]
    low: int | None = Field(ge=0)
    high: int | None = Field(ge=0)
    side: str | None = Field(default=None, description="Whose people (canonical actor), when the text says.")
    qualifier: Qualifier = "exact"
    civilian: bool | None = None
    attributed_to: str | None = None
    text: str | None = Field(default=None, description="The number as written (must occur in the body).")


class GoldEvent(GoldModel):
    """One event stated in one article."""

    id: str = Field(pattern=r"^e\d+$")
    type: PloverType
    mode: str | None = None
    anchor: str = Field(min_length=1, description="Exact substring of the stating sentence, unique in the article.")
    anchor_start: int | None = None
    anchor_end: int | None = None
    actors: tuple[GoldEventActor, ...] = ()
    date: GoldDate | None = None
    place: str | None = None
    figures: tuple[GoldFigure, ...] = ()
    status: Literal["reported", "background", "planned", "denied", "hypothetical"] = "reported"
    attributed_to: str | None = None
    incident: str | None = None


class GoldArticle(GoldModel):
    """The annotations of one article file, with its body text once loaded."""

    language: Literal["es", "en", "pt", "fr", "ru"]
    published: dt.date | None
    text: str = Field(default="", description="The body text (filled in by the loader); offsets index into it.")
    entities: tuple[GoldEntity, ...] = ()
    times: tuple[GoldTime, ...] = ()
    quantities: tuple[GoldQuantity, ...] = ()
    events: tuple[GoldEvent, ...] = ()


class GoldContradiction(GoldModel):
    """A disagreement between reports of one incident; events are '<file>#<event id>'."""

    kind: Literal["figures", "blame", "date", "place_name"]
    description: str
    events: tuple[str, ...] = Field(min_length=2)


class GoldIncident(GoldModel):
    """One real event reported by one or more articles."""

    id: str
    description: str
    type: PloverType
    date: GoldDate
    place: str | None = None
    contradictions: tuple[GoldContradiction, ...] = ()


class SampleGold(GoldModel):
    """The whole gold file."""

    version: int = 1
    actors: dict[str, ActorInfo]
    places: dict[str, PlaceInfo]
    incidents: tuple[GoldIncident, ...] = ()
    articles: dict[str, GoldArticle]

    def events_of(self, incident_id: str) -> list[tuple[str, GoldEvent]]:
        """(file name, event) pairs of every event that belongs to ``incident_id``."""
        return [(name, ev) for name, art in self.articles.items() for ev in art.events if ev.incident == incident_id]


# --------------------------------------------------------------------------- text


def normalise_text(text: str) -> str:
    """NFC-normalise ``text`` and turn CRLF/CR line ends into LF (the form offsets refer to)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def split_metadata(text: str) -> tuple[dict[str, str], str, int]:
    """Split leading metadata lines from an article file's text.

    Metadata is the run of lines at the very top of the form ``key: value``
    (keys title, date, source, url, language; case-insensitive, stored lower
    case) or ``date YYYY-MM-DD``.  The blank lines after the run are skipped.
    Returns ``(metadata, body, body_offset)`` where ``body`` is
    ``text[body_offset:]`` with trailing whitespace removed.  A text whose
    first line is not a metadata line has no metadata: ``({}, text.rstrip(), 0)``.
    """
    meta: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        line = text[pos:line_end]
        match = _KEY_LINE.match(line) or _BARE_DATE_LINE.match(line)
        if match is None:
            break
        meta[match.group(1).lower()] = match.group(2)
        pos = line_end + 1 if nl >= 0 else line_end
    if meta:
        while pos < len(text):
            nl = text.find("\n", pos)
            line_end = len(text) if nl < 0 else nl
            if text[pos:line_end].strip():
                break
            pos = line_end + 1 if nl >= 0 else line_end
    pos = min(pos, len(text))
    return meta, text[pos:].rstrip(), pos


def _word_spans(body: str, needle: str) -> list[tuple[int, int]]:
    """Occurrences of ``needle`` not glued to a letter or digit on either side."""
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(body)]


def _pick(spans: list[tuple[int, int]], occurrence: int | None, what: str) -> tuple[int, int]:
    if not spans:
        raise EvaluationError(f"{what} not found in the article text")
    if occurrence is None:
        if len(spans) > 1:
            raise EvaluationError(f"{what} occurs {len(spans)} times; give 'occurrence' (0-based)")
        return spans[0]
    if occurrence >= len(spans):
        raise EvaluationError(f"{what}: occurrence {occurrence} asked but only {len(spans)} found")
    return spans[occurrence]


L = TypeVar("L", bound=Located)


def _locate_all(items: Iterable[L], body: str, where: str, kind: str) -> tuple[L, ...]:
    out = []
    for item in items:
        start, end = _pick(_word_spans(body, item.text), item.occurrence, f"{where}: {kind} {item.text!r}")
        out.append(item.model_copy(update={"start": start, "end": end}))
    return tuple(out)


def _locate_entities(entities: tuple[GoldEntity, ...], body: str, where: str) -> tuple[GoldEntity, ...]:
    """Locate mentions; 'all' takes every whole-word occurrence not inside another (longer) mention."""
    taken: list[tuple[int, int]] = []
    located: dict[int, GoldEntity] = {}
    for i, ent in enumerate(entities):
        if ent.occurrence != "all":
            occ = ent.occurrence if isinstance(ent.occurrence, int) else None
            span = _pick(_word_spans(body, ent.text), occ, f"{where}: entity {ent.text!r}")
            taken.append(span)
            located[i] = ent.model_copy(update={"spans": (span,)})
    for i in sorted((i for i, e in enumerate(entities) if e.occurrence == "all"), key=lambda i: -len(entities[i].text)):
        ent = entities[i]
        spans = [s for s in _word_spans(body, ent.text) if not any(s[0] < t[1] and t[0] < s[1] for t in taken)]
        if not spans:
            raise EvaluationError(
                f"{where}: entity {ent.text!r} not found in the article text (outside other mentions)"
            )
        taken.extend(spans)
        located[i] = ent.model_copy(update={"spans": tuple(spans)})
    return tuple(located[i] for i in range(len(entities)))


def _locate_event(ev: GoldEvent, body: str, where: str) -> GoldEvent:
    count = body.count(ev.anchor)
    what = f"{where}: event {ev.id} anchor {ev.anchor!r}"
    if count == 0:
        raise EvaluationError(f"{what} not found in the article text")
    if count > 1:
        raise EvaluationError(f"{what} is not unique ({count} occurrences); lengthen it")
    start = body.index(ev.anchor)
    for fig in ev.figures:
        if fig.text is not None and not _word_spans(body, fig.text):
            raise EvaluationError(f"{what}: figure text {fig.text!r} not found in the article text")
    return ev.model_copy(update={"anchor_start": start, "anchor_end": start + len(ev.anchor)})


# --------------------------------------------------------------------------- checks


def _check_names(gold: SampleGold) -> None:
    """Every canonical name used must be declared in ``actors`` or ``places``; refs must resolve."""
    known = set(gold.actors) | set(gold.places)
    incidents = {inc.id for inc in gold.incidents}
    for name, art in gold.articles.items():
        for ent in art.entities:
            if ent.link is not None and ent.link not in known:
                raise EvaluationError(f"{name}: entity {ent.text!r} links to undeclared {ent.link!r}")
        seen: set[str] = set()
        for ev in art.events:
            where = f"{name}#{ev.id}"
            if ev.id in seen:
                raise EvaluationError(f"{where}: duplicate event id")
            seen.add(ev.id)
            names = [a.name for a in ev.actors] + [f.side for f in ev.figures if f.side]
            names += [f.attributed_to for f in ev.figures if f.attributed_to]
            names += [ev.attributed_to] if ev.attributed_to else []
            for actor in names:
                if actor not in gold.actors:
                    raise EvaluationError(f"{where}: actor {actor!r} is not declared in 'actors'")
            if ev.place is not None and ev.place not in gold.places:
                raise EvaluationError(f"{where}: place {ev.place!r} is not declared in 'places'")
            if ev.incident is not None and ev.incident not in incidents:
                raise EvaluationError(f"{where}: unknown incident {ev.incident!r}")
    for inc in gold.incidents:
        if inc.place is not None and inc.place not in gold.places:
            raise EvaluationError(f"incident {inc.id}: place {inc.place!r} is not declared in 'places'")
        for con in inc.contradictions:
            for ref in con.events:
                file_name, _, ev_id = ref.partition("#")
                target = gold.articles.get(file_name)
                if target is None or not any(e.id == ev_id and e.incident == inc.id for e in target.events):
                    raise EvaluationError(f"incident {inc.id}: contradiction refers to {ref!r}, not an event of it")


# --------------------------------------------------------------------------- loading


def sample_corpus_dir() -> Path:
    """Folder of the sample corpus shipped in the package (``resources/sample``)."""
    return Path(str(files("eventcoder.resources").joinpath("sample")))


def sample_gold_path() -> Path:
    """Path of the sample corpus's gold file (``resources/sample/gold.yaml``)."""
    return sample_corpus_dir() / "gold.yaml"


def read_article_file(path: Path) -> tuple[dict[str, str], str]:
    """Read one corpus file: (metadata, body) after normalisation and metadata split."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read article {path}: {exc}") from None
    meta, body, _ = split_metadata(normalise_text(raw))
    return meta, body


def load_gold(path: Path, *, articles_dir: Path | None = None) -> SampleGold:
    """Read the gold YAML at ``path`` and locate every annotation in its article.

    Articles are read from ``articles_dir`` (default ``<gold dir>/articles``).
    Returns a ``SampleGold`` whose articles carry their body text and whose
    located items carry offsets into that text.  Raises ``EvaluationError``
    when the file does not validate, an article is missing, or any text is
    not found or is ambiguous.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvaluationError(f"cannot read gold file {path}: {exc}") from None
    try:
        gold = SampleGold.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise EvaluationError(f"gold file {path}: {where}: {err['msg']}") from None
    _check_names(gold)
    folder = articles_dir if articles_dir is not None else Path(path).parent / "articles"
    located: dict[str, GoldArticle] = {}
    for name, art in gold.articles.items():
        meta, body = read_article_file(folder / name)
        if meta.get("date") and art.published is not None and meta["date"] != art.published.isoformat():
            raise EvaluationError(f"{name}: gold date {art.published} differs from file date {meta['date']}")
        located[name] = art.model_copy(
            update={
                "text": body,
                "entities": _locate_entities(art.entities, body, name),
                "times": _locate_all(art.times, body, name, "time"),
                "quantities": _locate_all(art.quantities, body, name, "quantity"),
                "events": tuple(_locate_event(e, body, name) for e in art.events),
            }
        )
    return gold.model_copy(update={"articles": located})


class SampleGoldScorer:
    """Base of the scorers whose default gold is the bundled sample corpus' (``sample_gold_path()``).

    Subclasses set ``name`` and ``description`` and implement ``__call__(gold) -> ScoreSet``;
    any gold file of the sample format works as ``gold``.
    """

    name = ""
    description = ""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def default_gold(self) -> Path | None:
        """The bundled sample gold, or None when the package was installed without it."""
        path = sample_gold_path()
        return path if path.is_file() else None
