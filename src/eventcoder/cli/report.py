"""The ``report`` command: write the offline HTML report (map, timeline, incident cards)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

import eventcoder
from eventcoder.cli.app import _ctx, app, err
from eventcoder.errors import ConfigError
from eventcoder.filters import Filters


def filters_from_options(**values: str | None) -> Filters:
    """A ``Filters`` from command-line values; ConfigError with the field and reason when one is invalid."""
    try:
        return Filters.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"bad filter --{first['loc'][0]}: {first['msg']}") from None


@app.command("report")
def report_cmd(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("report.html"),
    title: Annotated[str, typer.Option("--title", help="Heading of the page.")] = "eventcoder report",
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many incidents in the page.")] = 2000,
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-3 of the place, e.g. ARM.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Entity id or part of an actor's name.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Start date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Start date on or before (YYYY-MM-DD).")] = None,
    language: Annotated[str | None, typer.Option("--language", "-l", help="A source language.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Part of a source outlet's name.")] = None,
) -> None:
    """Write a self-contained HTML report of the incidents (works offline; corrections applied)."""
    from eventcoder.report import build_report

    c = _ctx(ctx)
    filters = filters_from_options(
        country=country, actor=actor, event_type=event_type, since=since, until=until, language=language,
        source=source,
    )  # fmt: skip
    if limit < 1:
        raise ConfigError("--limit must be at least 1")
    with eventcoder.open_store(c.db) as store:
        html = build_report(store, filters=filters, title=title, max_incidents=limit)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    if not c.quiet:
        err.print(f"wrote report to {output} ({len(html.encode('utf-8')) // 1024} KB)")
