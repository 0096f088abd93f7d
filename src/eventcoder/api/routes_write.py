"""Write routes: post articles (processed at once or as a background job), job status, corrections.

Every route here needs a bearer token (``api.tokens``); the token's analyst
name is recorded as the author of corrections.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eventcoder.api.errors import ApiError
from eventcoder.api.routes_read import IsoDate
from eventcoder.api.state import AppState, Reader, State, Writer
from eventcoder.api.uploads import json_upload, run_upload
from eventcoder.api.views import corrected_view, correction_view
from eventcoder.corrections import (
    apply_corrections,
    create_correction,
    get_corrected_incident,
    list_corrections,
    merge_incidents,
    split_incident,
    withdraw_correction,
)
from eventcoder.errors import NotFoundError
from eventcoder.models import CorrectionAction

__all__ = ["openapi_schemas", "router"]

router = APIRouter(prefix="/api", tags=["write"])


class ArticleIn(BaseModel):
    """One article posted as JSON."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="Body text.")
    title: str | None = Field(default=None, max_length=2000)
    date: IsoDate | None = Field(default=None, description="Publication date (YYYY-MM-DD).")
    source: str | None = Field(default=None, max_length=500, description="Outlet name.")
    url: str | None = Field(default=None, max_length=4000)
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$", description="ISO 639-1, if known.")
    id: str | None = Field(default=None, max_length=500, description="Your id, kept as metadata.")


class ArticleBatch(BaseModel):
    """Several articles posted as JSON."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1)


class CorrectionIn(BaseModel):
    """An analyst's correction of one event or incident."""

    model_config = ConfigDict(extra="forbid")

    action: CorrectionAction = Field(description="set_type, set_actors, set_place, set_date, set_figures, mark_wrong.")
    value: dict[str, Any] = Field(default_factory=dict, description="Shaped per action, e.g. {'name': 'Shusha'}.")
    reason: str = Field(default="", max_length=4000)


class MergeIn(BaseModel):
    """Incidents to merge; the first one survives."""

    model_config = ConfigDict(extra="forbid")

    incident_ids: list[str] = Field(min_length=2, max_length=100)
    reason: str = Field(default="", max_length=4000)


class SplitIn(BaseModel):
    """Reports to move out of an incident into a new one."""

    model_config = ConfigDict(extra="forbid")

    report_ids: list[str] = Field(min_length=1, max_length=500)
    reason: str = Field(default="", max_length=4000)


UPLOAD_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "JSON (one article, a list, or {'articles': [...]}) or the raw bytes of a file in any "
        "supported format; then `filename` (or Content-Disposition) gives its name, whose extension selects "
        "the reader (.txt .md .html .json .jsonl .csv .xml/.rss/.atom, .gz too).",
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/ArticleIn"},
                        {"$ref": "#/components/schemas/ArticleBatch"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}, "minItems": 1},
                    ]
                }
            },
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    },
    "responses": {"202": {"description": "Accepted as a background job: poll GET /api/jobs/{id}."}},
}


def openapi_schemas() -> dict[str, Any]:
    """Schemas of the bodies described by hand in ``UPLOAD_DOC`` (no route takes them as a model), for the
    OpenAPI document's ``components``: every ``$ref`` there must resolve."""
    out: dict[str, Any] = {}
    for model in (ArticleIn, ArticleBatch):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        out.update(schema.pop("$defs", {}))
        out[model.__name__] = schema
    return out


async def _read_body(request: Request) -> bytes:
    """The whole body; ``Guard`` has checked the token and stops it with 413 past ``api.max_body_bytes``."""
    chunks = [chunk async for chunk in request.stream()]
    return b"".join(chunks)


def _json_articles(body: bytes, max_items: int) -> list[dict[str, Any]]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"body is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "body is not usable JSON: nested too deeply") from None
    raw = data["articles"] if isinstance(data, dict) and "articles" in data else data
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise ApiError(422, "no articles given")
    if len(items) > max_items:
        raise ApiError(413, f"at most {max_items} articles per request")
    out = []
    for i, item in enumerate(items):
        try:
            art = ArticleIn.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "article"
            raise ApiError(422, f"articles[{i}].{where}: {err['msg']}") from None
        out.append(art.model_dump(mode="json"))
    return out


def _filename(request: Request, given: str | None) -> str:
    if given:
        return given
    disposition = request.headers.get("content-disposition", "")
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename" and value.strip('"'):
            return value.strip('"')
    raise ApiError(422, "a raw upload needs a file name: ?filename=... or Content-Disposition: filename=...")


@router.post("/articles", status_code=200, openapi_extra=UPLOAD_DOC)
async def post_articles(
    request: Request,
    state: State,
    _who: Writer,
    filename: Annotated[str | None, Query(max_length=255, description="Name of a raw upload.")] = None,
    run_async: Annotated[bool, Query(alias="async", description="Run as a background job (202).")] = False,
) -> Any:
    """Ingest and process articles; returns the articles created, the incidents created or merged into, and
    every skipped input with its typed reason.  Over ``api.job_threshold`` articles (or with ``async=true``)
    the batch runs as a job: 202 with the job id."""
    body = await _read_body(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json" or (content_type.endswith("+json") and filename is None):
        items = _json_articles(body, state.api.max_batch_items)
        files = [json_upload(items)]
        count = len(items)
    else:
        if not body:
            raise ApiError(422, "empty upload")
        files = [(_filename(request, filename), body)]
        count = 1
    if run_async or count > state.api.job_threshold:
        job = state.jobs.submit("articles", lambda progress: run_upload(state, files, progress=progress))
        return JSONResponse(
            {"job_id": job.id, "status": job.status, "status_url": f"/api/jobs/{job.id}"}, status_code=202
        )
    # Uploads wait for analysis and for the write lock on threads of their own, so reads never queue behind
    # them; two per analysis worker keep the workers and the writer busy, more would only fight over the GIL.
    limiter = state.shared("upload_limiter", lambda: anyio.CapacityLimiter(max(2, 2 * state.api.analysis_workers)))
    return await anyio.to_thread.run_sync(run_upload, state, files, limiter=limiter)


@router.get("/jobs/{job_id}", tags=["read"])
def get_job(state: State, _who: Reader, job_id: str) -> dict[str, Any]:
    """Status and progress of a background job; its result once finished, or its error."""
    out: dict[str, Any] = state.jobs.get(job_id).model_dump(mode="json")
    return out


# --------------------------------------------------------------------------- corrections


def _event_view(state: AppState, event_id: str) -> dict[str, Any]:
    event = next(iter(state.store.iter_events(ids=[event_id])), None)
    if event is None:
        raise NotFoundError(f"no event {event_id!r}")
    fixes = list_corrections(state.store, target_id=event_id, target_kind="event")
    return corrected_view(apply_corrections(event, fixes))


@router.post("/events/{event_id}/corrections", status_code=201)
def correct_event(state: State, who: Writer, event_id: str, body: CorrectionIn) -> dict[str, Any]:
    """Correct an event report's type, actors, place, date or figures, or mark it wrong."""
    with state.write_lock:
        corr = create_correction(
            state.store,
            target_kind="event",
            target_id=event_id,
            action=body.action,
            value=body.value,
            author=who,
            reason=body.reason,
        )
    return {"correction": correction_view(corr), "event": _event_view(state, event_id)}


@router.post("/incidents/merge", status_code=201)
def merge(state: State, who: Writer, body: MergeIn) -> dict[str, Any]:
    """Merge incidents into the first one listed (recorded as a correction and in the incident history)."""
    with state.write_lock:
        corr = merge_incidents(state.store, body.incident_ids, author=who, reason=body.reason)
    return {
        "correction": correction_view(corr),
        "incident": corrected_view(get_corrected_incident(state.store, corr.target_id)),
    }


@router.post("/incidents/{incident_id}/split", status_code=201)
def split(state: State, who: Writer, incident_id: str, body: SplitIn) -> dict[str, Any]:
    """Move reports out of an incident into a new one (recorded as a correction and in the history)."""
    with state.write_lock:
        corr = split_incident(state.store, incident_id, body.report_ids, author=who, reason=body.reason)
    new_id = str(corr.value["new_incident_id"])
    return {
        "correction": correction_view(corr),
        "incident": corrected_view(get_corrected_incident(state.store, incident_id)),
        "new_incident": corrected_view(get_corrected_incident(state.store, new_id)),
    }


@router.post("/incidents/{incident_id}/corrections", status_code=201)
def correct_incident(state: State, who: Writer, incident_id: str, body: CorrectionIn) -> dict[str, Any]:
    """Correct an incident's type, actors, place, date or figures, or mark it wrong."""
    with state.write_lock:
        corr = create_correction(
            state.store,
            target_kind="incident",
            target_id=incident_id,
            action=body.action,
            value=body.value,
            author=who,
            reason=body.reason,
        )
    return {
        "correction": correction_view(corr),
        "incident": corrected_view(get_corrected_incident(state.store, incident_id)),
    }


@router.delete("/corrections/{correction_id}")
def withdraw(state: State, who: Writer, correction_id: str) -> dict[str, Any]:
    """Withdraw a correction: kept for the history, no longer applied."""
    with state.write_lock:
        corr = withdraw_correction(state.store, correction_id, by=who)
    return {"correction": correction_view(corr)}
