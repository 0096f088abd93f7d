"""``eventcoder timeline``: incidents in date order, and ``eventcoder framing``: contested names per outlet."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

import eventcoder
from eventcoder.cli.app import _ctx, _emit_json, app, out
from eventcoder.errors import ConfigError
from eventcoder.filters import Filters
from eventcoder.timeline import TimelineEntry, framing_profiles, iter_timeline


def _spread(entry: TimelineEntry) -> str:
    parts = []
    for f in entry.figures:
        side = f" ({f.side})" if f.side else ""
        spread = f"{f.best}" if f.low == f.high else f"{f.best} [{f.low}-{f.high}]"
        parts.append(f"{f.kind}{side}: {spread} from {f.sources}")
    return "\n".join(parts)


def _when(entry: TimelineEntry) -> str:
    if entry.date_start is None:
        return "?"
    text = str(entry.date_start) + (f" - {entry.date_end}" if entry.date_end else "")
    if entry.date_precision not in ("day", "unknown"):
        text += f" ({entry.date_precision})"
    return text + (" *" if entry.date_inferred_from else "")


@app.command()
def timeline(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-3 of the place, e.g. ARM.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Entity id or part of an actor's name.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Start date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Start date on or before (YYYY-MM-DD).")] = None,
    language: Annotated[str | None, typer.Option("--language", "-l", help="A source language.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Part of a source outlet's name.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many incidents.")] = 200,
) -> None:
    """Incidents in date order: what, where, who, figures with their spread, sources, contradictions."""
    c = _ctx(ctx)
    try:
        filters = Filters(
            country=country, actor=actor, event_type=event_type, since=since, until=until, language=language,
            source=source,
        )  # fmt: skip
    except ValidationError as exc:
        raise ConfigError(f"bad filter: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None
    entries: list[TimelineEntry] = []
    with eventcoder.open_store(c.db) as store:
        for entry in iter_timeline(store, filters):
            if len(entries) >= limit:
                break
            entries.append(entry)
    if c.as_json:
        _emit_json([e.model_dump(mode="json") for e in entries])
        return
    if c.quiet:
        return
    t = Table("when", "what", "where", "who", "figures", "sources", "contradictions", title="Timeline", show_lines=True)
    for e in entries:
        where = f"{e.place} ({e.country})" if e.place else "?"
        flags = "\n".join(f"{x.kind}: {x.description[:120]}" for x in e.contradictions)
        srcs = f"{e.articles} article(s), {', '.join(e.languages)}\n{', '.join(e.sources)[:80]}"
        t.add_row(_when(e), f"{e.event_type} ({e.status})\n{e.summary[:160]}", where, "\n".join(e.actors[:5]),
                  _spread(e), srcs, flags)  # fmt: skip
    out.print(t)
    out.print("* date inferred from another report of the incident")


@app.command()
def framing(
    ctx: typer.Context,
    language: Annotated[str | None, typer.Option("--language", "-l", help="Only articles in this language.")] = None,
) -> None:
    """Which contested place names and framing words each outlet uses."""
    c = _ctx(ctx)
    with eventcoder.open_store(c.db) as store:
        profiles = framing_profiles(store, language=language)
    if c.as_json:
        _emit_json([p.model_dump(mode="json") for p in profiles])
        return
    if c.quiet:
        return
    t = Table("source", "languages", "articles", "names used", "sides", "framing words", title="Framing by source")
    for p in profiles:
        names = "; ".join(f"{e}: {', '.join(v)}" for e, v in p.names.items())
        sides = ", ".join(f"{k} {n}" for k, n in p.sides.items())
        words = ", ".join(f"{k} {n}" for k, n in p.framing.items())
        t.add_row(p.source, ", ".join(p.languages), str(p.articles), names[:200], sides, words)
    out.print(t)
