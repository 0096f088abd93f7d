"""``eventcoder serve``: the HTTP API and web app, run by uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

import eventcoder
from eventcoder.cli.app import _ctx, app, err


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    db: Annotated[
        str | None, typer.Option("--db", help="SQLite path or database URL (overrides the global --db).")
    ] = None,
) -> None:
    """Serve the HTTP API (/api/, OpenAPI at /openapi.json) and the web app (/) over the store (--db)."""
    import uvicorn

    from eventcoder.api import create_app

    c = _ctx(ctx)
    url = db or c.db
    if not c.settings.api.tokens and not c.quiet:
        err.print("no API tokens configured (EVENTCODER_API__TOKENS): the server is read-only")
    with eventcoder.open_store(url) as store:
        if not c.quiet:
            err.print(f"serving {url} on http://{host}:{port}/")
        uvicorn.run(create_app(c.settings, store), host=host, port=port, log_level="warning" if c.quiet else "info")
