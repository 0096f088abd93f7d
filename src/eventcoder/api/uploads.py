"""Articles posted to the API: read, stored, then processed by the public API.

An upload is read by the same ``Ingestor`` the pipeline uses, from a
temporary folder that is removed at once.  Every origin (articles, skipped
inputs, the ingest run's inputs) is then given as the client's file name,
never as the temporary path: ``strike.html``, ``feed.xml#2``, and for
articles posted as JSON ``articles.jsonl#N`` (N from 1).

Reading and analysis happen outside the app's write lock: the analysis runs
in worker processes (``eventcoder.api.workers``), so several uploads are
analysed at once.  The lock is held to store the articles (one short ingest
run), to store each batch's results and to cluster them into incidents.
Only the upload's own articles are processed, so an upload costs the same
however many articles the store holds.  Articles already stored are reported as ``duplicate``
skips; incidents are reported as ``created`` or ``merged`` (into an incident
that also holds other articles).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventcoder.api.jobs import ProgressFn
from eventcoder.api.state import AppState
from eventcoder.models import Article, SkippedInput, SkipReason
from eventcoder.pipeline import ProcessReport
from eventcoder.store import Store

__all__ = ["client_name", "json_upload", "run_upload", "safe_name"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
JSON_NAME = "articles.jsonl"


def safe_name(filename: str) -> str:
    """A file name safe to create: the last path part, odd characters replaced, never empty or hidden."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", base).lstrip(".")[:120]
    return name or "upload"


def client_name(filename: str) -> str:
    """The name an upload is recorded under: the last part of the client's file name, without control
    characters, at most 255 characters ('upload' when nothing is left)."""
    base = _CONTROL.sub("", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return base[:255] or "upload"


def json_upload(items: list[dict[str, Any]]) -> tuple[str, bytes]:
    """Articles given as JSON objects, as one JSON Lines file."""
    lines = [json.dumps({k: v for k, v in item.items() if v is not None}, ensure_ascii=False) for item in items]
    return JSON_NAME, ("\n".join(lines) + "\n").encode()


def _ingestor(state: AppState) -> Any:
    def build() -> Any:
        from eventcoder.ingest import Ingestor

        return Ingestor(state.settings.ingest)

    return state.shared("ingestor", build)


def read_upload(state: AppState, files: Sequence[tuple[str, bytes]]) -> tuple[list[str], list[Article | SkippedInput]]:
    """Read uploaded ``(file name, bytes)`` pairs; returns the client names and the records, whose origins
    and skip details name the client's files, not the temporary folder (removed before returning)."""
    folder = Path(tempfile.mkdtemp(prefix="eventcoder-upload-"))
    try:
        names: list[str] = []
        paths: list[str] = []
        renames: list[tuple[str, str]] = []
        for i, (name, data) in enumerate(files):
            sub = folder / str(i)
            sub.mkdir()
            path = sub / safe_name(name)
            path.write_bytes(data)
            names.append(client_name(name))
            paths.append(str(path))
            renames.append((str(path), names[-1]))
        renames.append((str(folder), "upload"))  # anything else under the folder (never expected)

        def shown(text: str) -> str:
            for temporary, given in renames:
                text = text.replace(temporary, given)
            return text

        records: list[Article | SkippedInput] = []
        for record in _ingestor(state)(paths):
            update = {"origin": shown(record.origin)}
            if isinstance(record, SkippedInput):
                update["detail"] = shown(record.detail)
            records.append(record.model_copy(update=update))
        return names, records
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _store_upload(store: Store, names: list[str], records: list[Article | SkippedInput]) -> str:
    """Store the articles and skips of an upload as one ingest run (inputs: the client names); returns its id."""
    articles = [r for r in records if isinstance(r, Article)]
    skips = [r for r in records if isinstance(r, SkippedInput)]
    run_id = store.start_run(names)
    accepted = duplicates = 0
    try:
        if articles:
            added = store.add_articles(articles)
            accepted, duplicates = added.new, added.duplicates
        if skips:
            store.record_skips(run_id, skips)
    except BaseException:
        store.finish_run(run_id, accepted=accepted, duplicates=duplicates, status="failed")
        raise
    store.finish_run(run_id, accepted=accepted, duplicates=duplicates, status="finished")
    return run_id


def run_upload(
    state: AppState, files: list[tuple[str, bytes]], *, progress: ProgressFn | None = None
) -> dict[str, Any]:
    """Ingest and process uploaded files; returns what was created, merged and skipped (with typed reasons)."""
    names, records = read_upload(state, files)
    articles = [r for r in records if isinstance(r, Article)]
    if progress:
        progress("ingest", len(records), len(records))
    store = state.store
    with state.write_lock:
        stored_before = {a.id for a in articles if store.has_article(a.id)}
        run_id = _store_upload(store, names, records)
    ids = list(dict.fromkeys(a.id for a in articles))
    if ids:
        report = state.pipeline.process(
            article_ids=ids, progress=progress, analyse=state.analysts, write_lock=state.write_lock
        )
    else:
        report = ProcessReport(processed=0, up_to_date=0)
    return _summary(state, run_id, articles, records, stored_before, report)


def _summary(
    state: AppState,
    run_id: str,
    articles: list[Article],
    records: list[Article | SkippedInput],
    stored_before: set[str],
    report: ProcessReport,
) -> dict[str, Any]:
    store = state.store
    created = [a for a in dict((a.id, a) for a in articles).values() if a.id not in stored_before]
    created_ids = {a.id for a in created}
    skipped: list[dict[str, Any]] = [
        {"origin": s.origin, "reason": s.reason.value, "detail": s.detail, "article_id": None}
        for s in records
        if isinstance(s, SkippedInput)
    ]
    skipped += [
        {"origin": a.origin, "reason": SkipReason.DUPLICATE.value, "detail": "already stored", "article_id": a.id}
        for a in articles
        if a.id in stored_before
    ]
    events = [
        {"id": ev.id, "article_id": ev.article_id, "event_type": ev.event_type}
        for aid in created_ids
        for ev in list(store.iter_events(article_id=aid))
    ]
    incidents: dict[str, dict[str, Any]] = {}
    for aid in created_ids:
        for inc in list(store.iter_incidents(article_id=aid)):
            merged = any(a not in created_ids for a in inc.article_ids)
            incidents[inc.id] = {
                "id": inc.id,
                "event_type": inc.event_type,
                "status": "merged" if merged else "created",
                "article_ids": list(inc.article_ids),
            }
    return {
        "run_id": run_id,
        "articles": [
            {
                "id": a.id,
                "status": "created",
                "origin": a.origin,
                "title": a.title,
                "language": a.language,
                "published": a.published.isoformat() if a.published else None,
                "source": a.source,
            }
            for a in created
        ],
        "skipped": skipped,
        "events": sorted(events, key=lambda e: e["id"]),
        "incidents": sorted(incidents.values(), key=lambda i: i["id"]),
        "process": report.model_dump(mode="json"),
    }
