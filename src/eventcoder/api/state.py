"""What the app holds while it runs: settings, the open store, the job pool and the write lock."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from eventcoder.api.errors import ApiError
from eventcoder.api.jobs import JobManager
from eventcoder.api.workers import AnalysisPool
from eventcoder.pipeline import Pipeline
from eventcoder.settings import ApiSettings, Settings
from eventcoder.store import Store

__all__ = ["AppState", "Reader", "State", "Writer", "get_state", "reader", "token_owner", "writer"]


@dataclass
class AppState:
    """Shared by every request. ``write_lock`` serialises processing and corrections."""

    settings: Settings
    store: Store
    jobs: JobManager
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    reader_cache: dict[str, Any] = field(default_factory=dict)  # the ingestor and pipeline, built on first use
    _build_lock: threading.RLock = field(default_factory=threading.RLock)

    def shared(self, key: str, build: Callable[[], Any]) -> Any:
        """The object cached under ``key``, built once by ``build()`` (threads asking at once wait for it)."""
        found = self.reader_cache.get(key)
        if found is None:
            with self._build_lock:
                found = self.reader_cache.get(key)
                if found is None:
                    found = self.reader_cache[key] = build()
        return found

    @property
    def analysts(self) -> AnalysisPool:
        """The worker processes (or the in-thread stages) that analyse uploads; see ``eventcoder.api.workers``."""
        pool = self.shared(
            "analysts",
            lambda: AnalysisPool(self.settings, self.pipeline.stages, workers=self.settings.api.analysis_workers),
        )
        assert isinstance(pool, AnalysisPool)
        return pool

    def stop(self) -> None:
        """Stop the background jobs and the analysis workers (after the work they have in hand)."""
        self.jobs.shutdown()
        pool = self.reader_cache.get("analysts")
        if isinstance(pool, AnalysisPool):
            pool.shutdown()

    @property
    def pipeline(self) -> Pipeline:
        """One pipeline for the server's life, so language models load once, not per upload."""
        pipe = self.shared("pipeline", lambda: Pipeline(self.settings, self.store))
        assert isinstance(pipe, Pipeline)
        return pipe

    @property
    def api(self) -> ApiSettings:
        """The ``[api]`` settings section."""
        return self.settings.api


def get_state(request: Request) -> AppState:
    """The app's state (set by ``create_app``)."""
    state = request.app.state.eventcoder
    assert isinstance(state, AppState)
    return state


State = Annotated[AppState, Depends(get_state)]


def token_owner(headers: Mapping[str, str], api: ApiSettings) -> str:
    """The analyst whose bearer token the request ``headers`` carry; ApiError 401/403 otherwise."""
    header = headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "a bearer token is needed (Authorization: Bearer <token>)")
    if not api.tokens:
        raise ApiError(403, "no API tokens are configured on this server: writes are disabled")
    given = token.strip().encode()
    for name, expected in api.tokens.items():
        if hmac.compare_digest(given, expected.encode()):
            return name
    raise ApiError(403, "token not recognised")


def reader(request: Request, state: State) -> str | None:
    """Dependency of read routes: None when reads are public, else the analyst's name (401/403 without a token)."""
    if state.api.read_only_public:
        return None
    return token_owner(request.headers, state.api)


def writer(request: Request, state: State) -> str:
    """Dependency of write routes: the analyst's name from the bearer token (401/403 otherwise)."""
    return token_owner(request.headers, state.api)


Reader = Annotated[str | None, Depends(reader)]
Writer = Annotated[str, Depends(writer)]
