"""``eventcoder timeline``: incidents in date order, and ``eventcoder framing``: contested names per outlet."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

import eventcoder
from eventcoder.cli.app import _ctx, _emit_json, app, out
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
    country: CountryOpt = None,
    actor: ActorOpt = None,
    event_type: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    language: LanguageOpt = None,
    source: SourceOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many incidents.")] = 200,
) -> None:
    """Incidents in date order: what, where, who, figures with their spread, sources, contradictions."""
    c = _ctx(ctx)
    filters = filters_from_options(
        country=country, actor=actor, event_type=event_type, since=since, until=until, language=language,
        source=source,
    )  # fmt: skip
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
