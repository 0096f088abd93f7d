"""The HTTP API and web app: a thin face over the public Python API.

    from eventcoder.api import create_app
    app = create_app(settings, store)        # FastAPI; OpenAPI at /openapi.json, web app at /

``eventcoder serve`` runs it with uvicorn.  Reads are public unless
``api.read_only_public`` is false; writes need a bearer token from
``api.tokens``.  Errors are JSON with stable codes (see ``eventcoder.api.errors``).
"""

from __future__ import annotations

from eventcoder.api.app import app_state, create_app

__all__ = ["app_state", "create_app"]
