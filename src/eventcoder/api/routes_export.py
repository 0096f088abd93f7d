"""GET /api/export: the exports of ``eventcoder.export`` over HTTP (corrections applied and flagged there).

Any registered format (csv, jsonl, acled, ucdp, geojson, parquet...) of
articles, events or incidents, with the list filters.  The export is written
to a temporary file first (so an error is still a JSON error), then streamed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from eventcoder.api.errors import ApiError
from eventcoder.api.routes_read import FiltersQ
from eventcoder.api.state import Reader, State
from eventcoder.export import export_to_path, formats

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["read"])
MEDIA = {"csv": "text/csv", "acled": "text/csv", "ucdp": "text/csv", "jsonl": "application/x-ndjson"}
SUFFIX = {"acled": "csv", "ucdp": "csv"}


def _chunks(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(65536):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


@router.get("/export", response_class=StreamingResponse)
async def export(
    state: State,
    _who: Reader,
    f: FiltersQ,
    format: Annotated[str, Query(pattern=r"^[a-z0-9_]{2,20}$", description="csv, jsonl, acled, ucdp, ...")] = "csv",
    what: Annotated[str, Query(pattern=r"^(articles|events|incidents)$")] = "incidents",
    layout: Annotated[str, Query(pattern=r"^(flat|acled|ucdp)$", description="Columns of csv/parquet.")] = "flat",
) -> StreamingResponse:
    """Stream stored records in an export format, corrections applied (rows flagged ``ec_corrected``)."""
    if format not in formats():
        raise ApiError(422, f"format: unknown {format!r} (known: {', '.join(formats())})")
    fd, name = tempfile.mkstemp(prefix="eventcoder-export-", suffix=f".{SUFFIX.get(format, format)}")
    path = Path(name)
    os.close(fd)
    try:
        await run_in_threadpool(export_to_path, state.store, path, fmt=format, what=what, filters=f, layout=layout)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    media = MEDIA.get(format, "application/octet-stream")
    filename = f"{what}.{SUFFIX.get(format, format)}"
    return StreamingResponse(
        _chunks(path),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
