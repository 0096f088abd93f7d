"""The ASGI layer around the whole app: security headers, the token before the body, a streaming size limit, 500s.

``Guard`` wraps the app outside FastAPI's routing and exception handling, so that

* every response carries the security headers: pages, JSON, every error, and an unexpected error, which becomes a
  JSON 500 (code E500) here instead of the bare text of the server's last-resort handler;
* a request that may carry a body to the API (any method but GET, HEAD and OPTIONS under ``/api/``) is answered
  401/403 before a byte of its body is read when its bearer token is missing or wrong (the route's ``Writer``
  dependency still names the analyst);
* the body-size limit (``api.max_body_bytes``) counts bytes as they arrive, chunked bodies included: a declared
  Content-Length over the limit is refused at once, and reading stops with 413 as soon as the count passes it.

A request refused before its body is read leaves the rest of the body unread; the server then closes the
connection after the answer, so nothing more of it is read or kept.
"""

from __future__ import annotations

import logging

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventcoder.api.errors import ApiError, error_body
from eventcoder.api.state import token_owner
from eventcoder.settings import ApiSettings

__all__ = ["CSP", "SECURITY_HEADERS", "BodyTooLarge", "Guard"]

log = logging.getLogger("eventcoder.api")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body passes the limit; an HTTP exception, so the routes' body parsing lets it
    through and the app's handler answers 413 (E413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"request body larger than {limit} bytes")


class Guard:
    """ASGI middleware: see the module docstring.  ``api`` gives the tokens and the body limit."""

    def __init__(self, app: ASGIApp, *, api: ApiSettings) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_secured)
            return
        try:
            await self.app(scope, self._limited(receive), send_secured)
        except Exception as exc:
            if started:
                raise
            if isinstance(exc, BodyTooLarge):
                response = _json(exc.status_code, str(exc.detail))
            else:
                log.exception("unexpected error")
                response = _json(500, f"unexpected {type(exc).__name__}; see the server log")
            await response(scope, receive, send_secured)

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        """The answer to give without reading the body (bad or missing token, declared size), or None."""
        headers = Headers(scope=scope)
        if scope["path"].startswith("/api/") and scope["method"] not in SAFE_METHODS:
            try:
                token_owner(headers, self.api)
            except ApiError as exc:
                extra = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
                return _json(exc.status, exc.message, code=exc.code, headers=extra)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                return _json(400, "bad Content-Length")
            if int(declared) > self.api.max_body_bytes:
                return _json(413, f"request body larger than {self.api.max_body_bytes} bytes")
        return None

    def _limited(self, receive: Receive) -> Receive:
        """``receive``, counting body bytes and raising ``BodyTooLarge`` once they pass the limit."""
        limit = self.api.max_body_bytes
        count = 0

        async def limited() -> Message:
            nonlocal count
            message = await receive()
            if message["type"] == "http.request":
                count += len(message.get("body", b""))
                if count > limit:
                    raise BodyTooLarge(limit)
            return message

        return limited


def _json(status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code or f"E{status}", message), status_code=status, headers=headers)
