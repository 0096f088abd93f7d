"""The ``report`` command: write the offline HTML report (map, timeline, incident cards)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import eventcoder
from eventcoder.cli.app import _ctx, app, err
from eventcoder.cli.options import (
    ActorOpt,
    CountryOpt,
    LanguageOpt,
    SinceOpt,
    SourceOpt,
    TypeOpt,
    UntilOpt,
    filters_from_options,
)
from eventcoder.errors import ConfigError


@app.command("report")
def report_cmd(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("report.html"),
    title: Annotated[str, typer.Option("--title", help="Heading of the page.")] = "eventcoder report",
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many incidents in the page.")] = 2000,
    country: CountryOpt = None,
    actor: ActorOpt = None,
    event_type: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    language: LanguageOpt = None,
    source: SourceOpt = None,
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
