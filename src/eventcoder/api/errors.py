"""JSON errors with stable codes: ``{"error": {"code": "...", "message": "..."}}``.

Library errors keep their ``eventcoder.errors`` code (E001 settings, E002
input, E003 store, E004 model missing, E006 not found); errors of the HTTP
layer have codes of their own, named after their status:

=====  ======  ==============================================
code   status  meaning
=====  ======  ==============================================
E400   400     malformed request (bad JSON, bad cursor)
E401   401     no bearer token given where one is needed
E403   403     token not recognised, or writes disabled
E404   404     no such route (records not found are E006)
E405   405     method not allowed on this route
E413   413     body larger than ``api.max_body_bytes``
E422   422     request valid JSON but wrong shape or values
E500   500     unexpected server error (a bug; logged)
E503   503     an analysis worker stopped (the articles stay stored)
=====  ======  ==============================================

401, 403 and 413 before a body is read, and every 500, come from ``eventcoder.api.guard.Guard``, which also puts
the security headers on every response.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventcoder.errors import (
    ConfigError,
    EventcoderError,
    InputError,
    ModelUnavailableError,
    NotFoundError,
    StoreError,
)

__all__ = ["ApiError", "error_body", "install_error_handlers"]

log = logging.getLogger("eventcoder.api")

STATUS_OF: dict[type[EventcoderError], int] = {
    NotFoundError: 404,
    InputError: 422,
    ConfigError: 422,
    StoreError: 503,
    ModelUnavailableError: 503,
}


class ApiError(Exception):
    """An error of the HTTP layer, with its status and stable code."""

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or f"E{status}"
        self.message = message


def error_body(code: str, message: str) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message": message}}


def _status_of(exc: EventcoderError) -> int:
    given = getattr(exc, "http_status", None)  # errors of the API's own parts say their status
    if isinstance(given, int):
        return given
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 500


def _validation_message(exc: RequestValidationError) -> str:
    errs = exc.errors()
    if not errs:
        return "invalid request"
    err = errs[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
    return f"{where}: {err.get('msg', 'invalid')}{more}"


def install_error_handlers(app: FastAPI) -> None:
    """Make every error a JSON body with a stable code (unexpected errors: see ``Guard``)."""

    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status, headers=headers)

    @app.exception_handler(EventcoderError)
    async def _library(_request: Request, exc: EventcoderError) -> JSONResponse:
        status = _status_of(exc)
        if status >= 500:
            log.error("library error: %s", exc)
        return JSONResponse(error_body(exc.code, exc.message), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body("E422", _validation_message(exc)), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such route"
        return JSONResponse(error_body(f"E{exc.status_code}", message), status_code=exc.status_code)
