"""The FastAPI app: routes under /api/, the web app at /, JSON errors, body size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from eventcoder import __version__
from eventcoder.api import routes_export, routes_read, routes_write
from eventcoder.api.errors import ApiError, error_body, install_error_handlers
from eventcoder.api.jobs import JobManager
from eventcoder.api.state import AppState
from eventcoder.settings import Settings
from eventcoder.store import Store

__all__ = ["app_state", "create_app"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class BodyLimit:
    """Refuse bodies whose declared Content-Length is over the limit (413) before reading them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = dict(scope["headers"]).get(b"content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
                status = 413 if declared.isdigit() else 400
                message = f"request body larger than {self.limit} bytes" if status == 413 else "bad Content-Length"
                response = JSONResponse(error_body(f"E{status}", message), status_code=status)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings, store: Store) -> FastAPI:
    """Build the app over an open ``store``; the caller owns the store (close it after the server stops)."""
    jobs = JobManager(settings.api.job_workers, keep=settings.api.max_jobs_kept)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()

    app = FastAPI(
        title="eventcoder",
        version=__version__,
        description="Sourced, geocoded, deduplicated conflict event data from multilingual news. "
        "Reads are under /api/; writes need `Authorization: Bearer <token>`. Errors are "
        '`{"error": {"code": "...", "message": "..."}}`.',
        lifespan=lifespan,
        docs_url=None,  # the Swagger/ReDoc pages load scripts from a CDN: nothing here uses the network
        redoc_url=None,
    )
    app.state.eventcoder = AppState(settings=settings, store=store, jobs=jobs)
    install_error_handlers(app)
    app.include_router(routes_read.router)
    app.include_router(routes_export.router)
    app.include_router(routes_write.router)

    @app.get("/assets/countries.json", include_in_schema=False)
    def countries() -> FileResponse:
        """Country outlines for the map: the offline report's Natural Earth data, when that package has it."""
        path = Path(str(files("eventcoder").joinpath("report", "assets", "countries.json")))
        if not path.is_file():
            raise ApiError(404, "no country outlines in this build")
        return FileResponse(path, media_type="application/json")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.mount("/", StaticFiles(packages=[("eventcoder", "web")], html=True), name="web")
    app.add_middleware(BodyLimit, limit=settings.api.max_body_bytes)
    return app


def app_state(app: Any) -> AppState:
    """The ``AppState`` of an app built by ``create_app``."""
    state = app.state.eventcoder
    assert isinstance(state, AppState)
    return state
