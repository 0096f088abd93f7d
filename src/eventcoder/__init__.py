"""eventcoder: sourced, geocoded, deduplicated conflict event data from multilingual news.

The public Python API.  The CLI and the HTTP API only wrap these functions::

    import eventcoder
    with eventcoder.open_store("events.sqlite") as store:
        report = eventcoder.process(["news/"], store=store)
        for article in store.iter_articles(language="es"):
            ...

Records (``Article``, ``EventReport``, ``Incident``, ...) are importable from here.
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from eventcoder.errors import EventcoderError
from eventcoder.models import (
    ActorRole,
    Analysis,
    Article,
    Claim,
    Entity,
    EventReport,
    Evidence,
    Figure,
    Incident,
    IngestRun,
    Mention,
    Quantity,
    Resolution,
    Sentence,
    SkippedInput,
    SkipReason,
    TimeExpression,
)
from eventcoder.settings import Settings, load_settings
from eventcoder.timeline import TimelineEntry, framing_profiles, timeline

if TYPE_CHECKING:
    from eventcoder.pipeline import IngestReport, Pipeline, ProcessReport, Progress
    from eventcoder.store import Store

__all__ = [
    "ActorRole",
    "Analysis",
    "Article",
    "Claim",
    "Entity",
    "EventReport",
    "EventcoderError",
    "Evidence",
    "Figure",
    "Incident",
    "IngestRun",
    "Mention",
    "Quantity",
    "Resolution",
    "RunReport",
    "Sentence",
    "Settings",
    "SkipReason",
    "SkippedInput",
    "TimeExpression",
    "TimelineEntry",
    "__version__",
    "framing_profiles",
    "ingest_inputs",
    "load_settings",
    "open_store",
    "process",
    "sample_corpus_dir",
    "timeline",
]


def open_store(url: str | Path | None = None, *, settings: Settings | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    ``url`` is a SQLite file path or a SQLAlchemy URL; None means the settings'
    ``store.url``.  Returns a ``Store`` (a context manager).  Raises ``StoreError``.
    """
    from eventcoder.store import open_store as _open

    settings = settings or load_settings()
    return _open(str(url) if url is not None else settings.store.url)


def ingest_inputs(
    inputs: Sequence[str | Path],
    *,
    store: Store,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read ``inputs`` (files, folders, globs, '-' for stdin; .gz too) into ``store``.

    Returns an ``IngestReport`` with counts and every skipped input with its reason.
    """
    from eventcoder.pipeline import Pipeline

    pipe = Pipeline(settings or load_settings(), store)
    return pipe.ingest([str(p) for p in inputs], progress=progress)


class RunReport:
    """What ``process`` did: the ingest report (None when nothing was ingested) and the processing report."""

    def __init__(self, ingest: IngestReport | None, processing: ProcessReport) -> None:
        self.ingest = ingest
        self.processing = processing

    def __repr__(self) -> str:
        return f"RunReport(ingest={self.ingest!r}, processing={self.processing!r})"


def process(
    inputs: Sequence[str | Path] | None = None,
    *,
    store: Store,
    settings: Settings | None = None,
    force: bool = False,
    progress: Progress | None = None,
    pipeline: Pipeline | None = None,
) -> RunReport:
    """Ingest ``inputs`` (if any) into ``store``, then process every new or stale article.

    Processing runs the stages this build has (language analysis, resolution,
    event extraction, incidents) and stores their records.  Re-running on the
    same input changes nothing.  Pass a ``pipeline`` (``eventcoder.pipeline.Pipeline``
    built on the same store) to reuse its loaded models across calls, as a
    server does.  Returns a ``RunReport``.
    """
    from eventcoder.pipeline import Pipeline

    if pipeline is not None and pipeline.store is not store:
        raise ValueError("the pipeline passed to process() works on another store")
    pipe = pipeline or Pipeline(settings or load_settings(), store)
    ing = pipe.ingest([str(p) for p in inputs], progress=progress) if inputs else None
    return RunReport(ing, pipe.process(force=force, progress=progress))


def sample_corpus_dir() -> Path:
    """Folder of the bundled sample corpus (articles written by the eventcoder team)."""
    from importlib.resources import files

    return Path(str(files("eventcoder.resources").joinpath("sample", "articles")))
