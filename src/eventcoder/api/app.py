"""The FastAPI app: routes under /api/, the web app at /, JSON errors; ``Guard`` around it all (see guard.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from eventcoder import __version__
from eventcoder.api import routes_export, routes_read, routes_write
from eventcoder.api.errors import ApiError, install_error_handlers
from eventcoder.api.guard import Guard
from eventcoder.api.jobs import JobManager
from eventcoder.api.state import AppState
from eventcoder.settings import Settings
from eventcoder.store import Store

__all__ = ["app_state", "connections_needed", "create_app"]


def create_app(settings: Settings, store: Store) -> FastAPI:
    """Build the app over an open ``store``; the caller owns the store (close it after the server stops).

    The store's connection pool is enlarged, if needed, to ``connections_needed(settings)``, and the server
    runs at most ``api.threads`` requests at once, so a request never waits for a database connection.
    """
    api = settings.api
    jobs = JobManager(api.job_workers, keep=api.max_jobs_kept)
    store.reserve_connections(connections_needed(settings))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = api.threads
        yield
        await anyio.to_thread.run_sync(app_state(app).stop)

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

    def openapi() -> dict[str, Any]:
        """The OpenAPI document, with the schemas the hand-written upload body refers to."""
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in routes_write.openapi_schemas().items():
                schemas.setdefault(name, schema)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.mount("/", StaticFiles(packages=[("eventcoder", "web")], html=True), name="web")
    app.add_middleware(Guard, api=settings.api)
    return app


def connections_needed(settings: Settings) -> int:
    """Database connections a server uses at most: two per request thread (an incident view reads two streams
    at once), one per upload thread (two per analysis worker, at least two), one per job worker, one spare."""
    api = settings.api
    return 2 * api.threads + max(2, 2 * api.analysis_workers) + api.job_workers + 1


def app_state(app: Any) -> AppState:
    """The ``AppState`` of an app built by ``create_app``."""
    state = app.state.eventcoder
    assert isinstance(state, AppState)
    return state
