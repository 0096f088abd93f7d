"""The typer app, shared options and the core commands of the CLI.

Exit codes (stable, documented in README.md):
0 success; 1 unexpected error; 2 bad settings or options; 3 unreadable input;
4 store error; 5 model or data package missing; 6 evaluation below baseline
or unreadable gold; 7 record not found.  Errors print as one line on stderr
(``error E003: ...``); ``--debug`` shows the traceback too.
"""

from __future__ import annotations

import json
import signal
import sys
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
import typer._click.exceptions as typer_click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

import eventcoder
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
from eventcoder.errors import EventcoderError
from eventcoder.settings import Settings, load_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="eventcoder: sourced, geocoded, deduplicated conflict event data from multilingual news.",
)
out = Console()
err = Console(stderr=True)


@dataclass
class Ctx:
    """Options shared by every command."""

    settings: Settings
    db: str
    quiet: bool
    as_json: bool
    debug: bool


def _ctx(ctx: typer.Context) -> Ctx:
    obj = ctx.obj
    assert isinstance(obj, Ctx)
    return obj


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="SQLite path or database URL (default: settings).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML settings file.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or tables.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Options common to every command."""
    settings = load_settings(config)
    ctx.obj = Ctx(settings=settings, db=db or settings.store.url, quiet=quiet, as_json=as_json, debug=debug)


def _progress(c: Ctx) -> Any:
    if c.quiet or c.as_json or not err.is_terminal:
        return nullcontext(None)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _callback(bar: Any) -> Any:
    if bar is None:
        return None
    tasks: dict[str, Any] = {}

    def cb(phase: str, done: int, total: int | None) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], completed=done, total=total)

    return cb


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str, indent=2) + "\n")


def _ingest_summary(rep: Any) -> dict[str, Any]:
    return {
        "run_id": rep.run_id,
        "accepted": rep.accepted,
        "duplicates": rep.duplicates,
        "skipped": [s.model_dump(mode="json") for s in rep.skipped],
    }


def _reasons(skipped: Any) -> str:
    counts: dict[str, int] = {}
    for s in skipped:
        counts[s.reason.value] = counts.get(s.reason.value, 0) + 1
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))


def _print_ingest(c: Ctx, rep: Any) -> None:
    if c.quiet:
        return
    out.print(
        f"ingest run [bold]{rep.run_id}[/]: {rep.accepted} new, {rep.duplicates} already stored, "
        f"{len(rep.skipped)} skipped"
    )
    if rep.skipped:
        t = Table("skipped input", "reason", "detail", title="Skipped")
        for s in rep.skipped[:50]:
            t.add_row(s.origin, s.reason.value, s.detail[:80])
        if len(rep.skipped) > 50:
            t.add_row(f"... {len(rep.skipped) - 50} more", "", "")
        out.print(t)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin (.gz accepted).")],
) -> None:
    """Read articles into the store (no processing)."""
    c = _ctx(ctx)
    with eventcoder.open_store(c.db) as store, _progress(c) as bar:
        rep = eventcoder.ingest_inputs(paths, store=store, settings=c.settings, progress=_callback(bar))
    if c.as_json:
        _emit_json(_ingest_summary(rep))
    else:
        _print_ingest(c, rep)


@app.command()
def run(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(help="Inputs to ingest first (optional).")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Also ingest the bundled sample corpus.")] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Write every export (JSONL, CSV, ACLED, UCDP, GeoJSON, Parquet) and report.html here."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-process articles already processed.")] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=0, help="Worker processes (default: settings process.workers; 0: every core)."),
    ] = None,
) -> None:
    """Ingest, then process: language analysis, resolution, events, incidents; optionally export and report."""
    from eventcoder.export import write_bundle

    c = _ctx(ctx)
    if workers is not None:
        c.settings = c.settings.with_overrides(process={"workers": workers})
    inputs = list(paths or [])
    if sample:
        inputs.append(str(eventcoder.sample_corpus_dir()))
    written: list[str] = []
    with eventcoder.open_store(c.db) as store:
        with _progress(c) as bar:
            rep = eventcoder.process(inputs, store=store, settings=c.settings, force=force, progress=_callback(bar))
        if out_dir is not None:
            written = [str(p) for p in write_bundle(store, out_dir)]
        stats = store.stats()
        entries = eventcoder.timeline(store) if not c.as_json and not c.quiet else []
    if c.as_json:
        _emit_json(
            {
                "ingest": _ingest_summary(rep.ingest) if rep.ingest else None,
                "process": rep.processing.model_dump(mode="json"),
                "database": c.db,
                "exports": written,
                "stats": stats.model_dump(mode="json"),
            }
        )
        return
    if c.quiet:
        return
    if rep.ingest:
        _print_ingest(c, rep.ingest)
    p = rep.processing
    out.print(
        f"processed {p.processed} article(s) ({p.up_to_date} already up to date"
        + (f"; {p.resumed} left half done by a stopped run, finished now" if p.resumed else "")
        + (f"; {len(p.skipped)} not processed: " + _reasons(p.skipped) if p.skipped else "")
        + ")"
        + (
            f"; {p.workers} worker processes, peak memory {', '.join(f'{m} MB' for m in p.worker_peak_rss_mb)}"
            if p.workers > 1
            else ""
        )
        + "; stages run: "
        f"{', '.join(p.stages_run) or 'none'}"
        + (f"; not in this build: {', '.join(p.stages_skipped)}" if p.stages_skipped else "")
    )
    tables = stats.tables
    langs = ", ".join(f"{k} {v}" for k, v in stats.articles_by_language.items())
    out.print(
        f"store holds {tables.get('articles', 0)} articles ({langs}), {tables.get('event_reports', 0)} event reports, "
        f"{tables.get('claims', 0)} claims, {tables.get('incidents', 0)} incidents"
    )
    _print_incidents(entries)
    out.print(f"database: [bold]{c.db}[/]", soft_wrap=True)
    for w in written:
        out.print(f"export:   {w}", soft_wrap=True, highlight=False)


def _print_incidents(entries: list[Any], limit: int = 40) -> None:
    t = Table("date", "type", "where", "killed", "sources", "⚠", title="Incidents found (eventcoder timeline for all)")
    for e in entries[:limit]:
        killed = [f for f in e.figures if f.kind == "killed" and f.side is None] or [
            f for f in e.figures if f.kind == "killed"
        ]
        fig = (
            ""
            if not killed
            else (
                f"{killed[0].best}"
                + (f" [{killed[0].low}-{killed[0].high}]" if killed[0].low != killed[0].high else "")
            )
        )
        when = str(e.date_start or "?") + ("*" if e.date_inferred_from else "")
        t.add_row(when, e.event_type, (e.place or "?")[:22], fig, f"{e.articles} ({','.join(e.languages)})",
                  str(len(e.contradictions)) if e.contradictions else "")  # fmt: skip
    if len(entries) > limit:
        t.add_row(f"... {len(entries) - limit} more", "", "", "", "", "")
    out.print(t)


@app.command()
def articles(
    ctx: typer.Context,
    language: Annotated[str | None, typer.Option("--language", "-l")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 50,
) -> None:
    """List stored articles."""
    c = _ctx(ctx)
    with eventcoder.open_store(c.db) as store:
        rows = []
        for i, a in enumerate(store.iter_articles(language=language)):
            if i >= limit:
                break
            rows.append(a)
    if c.as_json:
        _emit_json([a.model_dump(mode="json", exclude={"text"}) for a in rows])
        return
    t = Table("id", "lang", "date", "source", "title", "chars")
    for a in rows:
        t.add_row(a.id, a.language, str(a.published or "?"), a.source or "", (a.title or "")[:60], str(len(a.text)))
    out.print(t)


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, acled, ucdp, parquet or geojson.")] = "jsonl",
    what: Annotated[str, typer.Option("--what", "-w", help="articles, events or incidents.")] = "events",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    layout: Annotated[str, typer.Option("--layout", help="Columns of csv/parquet: flat, acled or ucdp.")] = "flat",
    raw: Annotated[bool, typer.Option("--raw", help="Machine output only: do not apply corrections.")] = False,
    country: CountryOpt = None,
    actor: ActorOpt = None,
    event_type: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    language: LanguageOpt = None,
    source: SourceOpt = None,
) -> None:
    """Export stored records (streamed; analysts' corrections applied and flagged)."""

    from eventcoder.export import export, export_to_path, is_binary

    c = _ctx(ctx)
    filters = filters_from_options(
        country=country, actor=actor, event_type=event_type, since=since, until=until, language=language,
        source=source,
    )  # fmt: skip
    with eventcoder.open_store(c.db) as store:
        opts: dict[str, Any] = {"fmt": fmt, "what": what, "filters": filters, "layout": layout, "corrections": not raw}
        if output is not None:
            n = export_to_path(store, output, **opts)
        elif is_binary(fmt):
            n = export(store, out=sys.stdout.buffer, **opts)
        else:
            n = export(store, out=sys.stdout, **opts)
    if output is not None and not c.quiet:
        err.print(f"wrote {n} {what} to {output}")


@app.command()
def stats(ctx: typer.Context) -> None:
    """Counts of what the store holds."""
    c = _ctx(ctx)
    with eventcoder.open_store(c.db) as store:
        st = store.stats()
    if c.as_json:
        _emit_json(st.model_dump(mode="json"))
        return
    t = Table("what", "count", title=f"Store {c.db}")
    for key, value in st.model_dump().items():
        if isinstance(value, dict):
            for k, v in sorted(value.items()):
                t.add_row(f"{key}: {k}", str(v))
        else:
            t.add_row(key, str(value))
    out.print(t)


@app.command()
def evaluate(
    ctx: typer.Context,
    scorer: Annotated[str | None, typer.Argument(help="One scorer (default: all).")] = None,
    gold: Annotated[Path | None, typer.Option("--gold", help="Gold file of the scorer's format.")] = None,
    baseline: Annotated[Path, typer.Option("--baseline")] = Path("evaluation/baseline.json"),
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the results as JSON here.")] = None,
    no_gate: Annotated[bool, typer.Option("--no-gate", help="Report only; do not compare to the baseline.")] = False,
) -> None:
    """Score the system against gold data and compare with the recorded baseline."""
    from eventcoder.errors import EvaluationError
    from eventcoder.evaluate import compare_to_baseline, load_baseline, run_scorers

    c = _ctx(ctx)
    results = run_scorers(c.settings, names=[scorer] if scorer else None, gold=gold)
    regressions = []
    if not no_gate and gold is None and baseline.exists():
        regressions = compare_to_baseline(results, load_baseline(baseline))
    payload = {
        "results": [r.model_dump(mode="json") for r in results],
        "regressions": [r.model_dump(mode="json") for r in regressions],
    }
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if c.as_json:
        _emit_json(payload)
    elif not c.quiet:
        t = Table("scorer", "metric", "value", title="Evaluation")
        for r in results:
            if r.skipped:
                t.add_row(r.scorer, "skipped", r.skipped)
            for m, v in r.metrics.items():
                t.add_row(r.scorer, m, f"{v:.4f}")
        out.print(t)
        for r in results:
            for kind, listed in r.errors.items():
                e = Table("count", "text", "example", title=f"{r.scorer}: most frequent {kind.replace('_', ' ')}")
                for item in listed:
                    e.add_row(str(item.count), item.text, item.example or "")
                out.print(e)
    if regressions:
        worst = ", ".join(f"{r.scorer}.{r.metric} {r.value} < {r.baseline}" for r in regressions)
        raise EvaluationError(f"score below baseline: {worst}")


@app.command()
def schema(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("docs/schema"),
) -> None:
    """Write the JSON Schema of every record to a folder."""
    from eventcoder.schema import write_schemas

    c = _ctx(ctx)
    paths = write_schemas(out_dir)
    if not c.quiet:
        err.print(f"wrote {len(paths)} schema files to {out_dir}")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move the global options (``--db``, ``--config``, ``--quiet``, ``--json``, ``--debug``) found after the
    command to before it, where the parser expects them: ``eventcoder run x --db y`` works as most users
    type it.  An option the command defines itself (``serve --db``) stays where it is; nothing after
    ``--`` moves."""
    group: Any = typer.main.get_command(app)
    takes_value = {name: not p.is_flag for p in group.params if hasattr(p, "opts") for name in p.opts}
    head: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":  # options before the command
        head.append(args[i])
        if takes_value.get(args[i]) and i + 1 < len(args):
            head.append(args[i + 1])
            i += 1
        i += 1
    if i == len(args) or args[i] not in getattr(group, "commands", {}):
        return args
    command = group.commands[args[i]]
    own = {name for p in command.params if hasattr(p, "opts") for name in (*p.opts, *p.secondary_opts)}
    hoisted: list[str] = []
    rest: list[str] = []
    j = i + 1
    while j < len(args):
        arg = args[j]
        if arg == "--":
            rest.extend(args[j:])
            break
        name = arg.split("=", 1)[0]
        if name in takes_value and name not in own:
            hoisted.append(arg)
            if takes_value[name] and "=" not in arg and j + 1 < len(args):
                hoisted.append(args[j + 1])
                j += 1
        else:
            rest.append(arg)
        j += 1
    return [*head, *hoisted, args[i], *rest]


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point: run the app, turning library errors into one line and an exit code."""
    debug = "--debug" in sys.argv
    # SIGTERM (systemd, docker stop, kill) ends a command as Ctrl-C does: the ingest run is recorded as
    # interrupted, transactions roll back, and the next run finishes what processing left (exit 143).
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app(args=hoist_global_options(sys.argv[1:]), standalone_mode=False)
    except EventcoderError as exc:
        if debug:
            raise
        sys.stderr.write(f"error {exc.code}: {exc.message}\n")
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except typer_click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:
        if debug:
            raise
        sys.stderr.write(f"error E000: unexpected {type(exc).__name__}: {exc} (rerun with --debug)\n")
        sys.exit(1)
