"""Articles posted to the API: written to a temporary folder, then ingested and processed by the public API.

The upload is read once beforehand by the same ``Ingestor`` the pipeline uses,
to learn the ids of the articles it holds; that tells apart articles created
by this upload from ones already stored (skipped as ``duplicate``), and
incidents created by it from incidents it merged into.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import eventcoder
from eventcoder.api.jobs import ProgressFn
from eventcoder.api.state import AppState
from eventcoder.models import Article, SkippedInput, SkipReason

__all__ = ["json_upload", "run_upload", "safe_name"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(filename: str) -> str:
    """A file name safe to create: the last path part, odd characters replaced, never empty or hidden."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", base).lstrip(".")[:120]
    return name or "upload"


def json_upload(items: list[dict[str, Any]]) -> tuple[str, bytes]:
    """Articles given as JSON objects, as one JSON Lines file."""
    lines = [json.dumps({k: v for k, v in item.items() if v is not None}, ensure_ascii=False) for item in items]
    return "articles.jsonl", ("\n".join(lines) + "\n").encode()


def _ingestor(state: AppState) -> Any:
    if "ingestor" not in state.reader_cache:
        from eventcoder.ingest import Ingestor

        state.reader_cache["ingestor"] = Ingestor(state.settings.ingest)
    return state.reader_cache["ingestor"]


def run_upload(
    state: AppState, files: list[tuple[str, bytes]], *, progress: ProgressFn | None = None
) -> dict[str, Any]:
    """Ingest and process uploaded files; returns what was created, merged and skipped (with typed reasons)."""
    folder = Path(tempfile.mkdtemp(prefix="eventcoder-upload-"))
    try:
        paths: list[str] = []
        for i, (name, data) in enumerate(files):
            sub = folder / str(i)
            sub.mkdir()
            path = sub / safe_name(name)
            path.write_bytes(data)
            paths.append(str(path))

        def shown(origin: str) -> str:
            return origin.replace(f"{folder}/", "").split("/", 1)[-1]

        with state.write_lock:
            records = list(_ingestor(state)(paths))
            articles = [r for r in records if isinstance(r, Article)]
            stored_before = {a.id for a in articles if state.store.has_article(a.id)}
            report = eventcoder.process(paths, store=state.store, progress=progress, pipeline=state.pipeline)
        return _summary(state, articles, records, stored_before, report, shown)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _summary(
    state: AppState,
    articles: list[Article],
    records: list[Article | SkippedInput],
    stored_before: set[str],
    report: Any,
    shown: Any,
) -> dict[str, Any]:
    store = state.store
    created = [a for a in dict((a.id, a) for a in articles).values() if a.id not in stored_before]
    created_ids = {a.id for a in created}
    skipped: list[dict[str, Any]] = [
        {"origin": shown(s.origin), "reason": s.reason.value, "detail": s.detail, "article_id": None}
        for s in records
        if isinstance(s, SkippedInput)
    ]
    skipped += [
        {
            "origin": shown(a.origin),
            "reason": SkipReason.DUPLICATE.value,
            "detail": "already stored",
            "article_id": a.id,
        }
        for a in articles
        if a.id in stored_before
    ]
    events = [
        {"id": ev.id, "article_id": ev.article_id, "event_type": ev.event_type}
        for aid in created_ids
        for ev in store.iter_events(article_id=aid)
    ]
    incidents: dict[str, dict[str, Any]] = {}
    for aid in created_ids:
        for inc in store.iter_incidents(article_id=aid):
            merged = any(a not in created_ids for a in inc.article_ids)
            incidents[inc.id] = {
                "id": inc.id,
                "event_type": inc.event_type,
                "status": "merged" if merged else "created",
                "article_ids": list(inc.article_ids),
            }
    return {
        "run_id": report.ingest.run_id if report.ingest else None,
        "articles": [
            {
                "id": a.id,
                "status": "created",
                "origin": shown(a.origin),
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
        "process": report.processing.model_dump(mode="json"),
    }
