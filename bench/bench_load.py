"""Load benchmark of the HTTP API on 127.0.0.1: event-list latency as the store grows, and concurrent uploads.

Reads: for each store size (default 1,000, 10,000 and 100,000 invented event reports, written straight through the
store API), ``eventcoder serve`` runs in its own process over a SQLite store and CLIENTS concurrent clients (16,
then 64; asyncio + httpx, one connection each) send a fixed mix of ``/api/events`` requests: the first page,
filtered by type, country, actor, language and date, and a page in the middle of the list (by cursor).  Reported
per size and client count: requests, errors, p50/p95/p99 latency, requests/s, and the ratio of each p95 to the
p95 of the smallest store at the same client count (the issue's target: within 2x).

Uploads: UPLOADS short distinct articles (sample-corpus texts with a number and a date of their own) are posted
as JSON to a fresh server, first one at a time, then all at once from 16 clients; reported: seconds for each and
the ratio (one at a time / concurrent).  Before each, UPLOAD_CLIENTS warm-up uploads posted at once (so every
analysis worker loads its models) are left out.

Every figure is measured in this run; nothing asserts a time.  The machine's load average is printed with
them: other work on the machine skews the ratios.  Bounded: about 3-8 minutes on 2 cores.
Usage: OPENBLAS_NUM_THREADS=1 python bench/bench_load.py [--sizes 1000,10000,100000] [--uploads 100]
Writes bench/results/bench_load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

RESULTS = Path(__file__).resolve().parent / "results" / "bench_load.json"
TOKEN = "bench-token-0123456789"
CLIENTS = (16, 64)
REQUESTS_PER_CLIENT = 12
UPLOAD_CLIENTS = 16
TYPES = ("ASSAULT", "PROTEST", "AGREE", "COERCE")
PLACES = (("ARM", "Jermuk"), ("AZE", "Shusha"), ("UKR", "Kramatorsk"), (None, "somewhere"))
ACTORS = (("kb:ARM.mil", "Armenian Armed Forces"), ("kb:AZE.mil", "Azerbaijani Armed Forces"), (None, "Protesters"))


def fill(db: str, n_events: int, *, per_article: int = 10) -> float:
    """Write ``n_events`` invented event reports (``per_article`` an article) to the store at ``db``; seconds."""
    from eventcoder.models import ActorRole, Article, EventDate, EventReport, Evidence, PlaceRef, Role, Span
    from eventcoder.store import open_store

    start = time.perf_counter()
    span = Span(start=0, end=4, text="Shot")
    with open_store(db) as store:
        n_articles = max(1, n_events // per_article)
        store.add_articles(
            Article(id=f"a_b{k:08d}", text=f"Shots were fired near the line, report {k}.", title=f"Report {k}",
                    published=dt.date(2015, 1, 1) + dt.timedelta(days=k % 3000), source=("Wire", "Agencia")[k % 2],
                    language=("en", "es", "fr")[k % 3], language_confidence=1.0, origin=f"bench#{k}",
                    input_format="text")
            for k in range(n_articles)
        )  # fmt: skip
        for k in range(n_articles):
            aid = f"a_b{k:08d}"
            batch = []
            for j in range(per_article):
                n = k * per_article + j
                country, place = PLACES[n % len(PLACES)]
                entity, name = ACTORS[(n // 2) % len(ACTORS)]
                day = None if n % 20 == 7 else dt.date(2015, 1, 1) + dt.timedelta(days=(n * 37) % 3650)
                batch.append(
                    EventReport(
                        id=f"e_b{n:09d}", article_id=aid, event_type=TYPES[n % len(TYPES)], confidence=0.8,
                        actors=(ActorRole(role=Role.SOURCE, entity_id=entity, name=name, span=span),),
                        date=EventDate(start=day), place=PlaceRef(entity_id=None, name=place, country=country),
                        evidence=Evidence(start=0, end=4, text="Shot", article_id=aid, sentence_index=0,
                                          trigger=span),
                        extractor="bench",
                    )
                )  # fmt: skip
            store.put_events(aid, batch, [])
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(db: str) -> Iterator[str]:
    """``eventcoder serve`` over ``db`` on a free loopback port, in its own process; yields the base URL."""
    port = _free_port()
    env = {**os.environ, "EVENTCODER_API__TOKENS": f'{{bench = "{TOKEN}"}}', "OPENBLAS_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "eventcoder.cli", "--db", db, "--quiet", "serve", "--host", "127.0.0.1"]
    proc = subprocess.Popen([*cmd, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("eventcoder serve did not start")
            time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _queries(base: str) -> list[str]:
    """The request mix: first pages, filtered pages and a page in the middle of the list."""
    middle = httpx.get(f"{base}/api/events", params={"since": "2019-12-31", "limit": 1}, timeout=60).json()
    paths = [
        "/api/events?limit=50",
        "/api/events?type=ASSAULT&limit=50",
        "/api/events?country=ARM&limit=50",
        "/api/events?actor=kb:AZE.mil&limit=50",
        "/api/events?actor=azerbaijani&limit=50",
        "/api/events?language=es&limit=50",
        "/api/events?since=2018-03-01&until=2018-09-30&limit=50",
    ]
    if middle.get("next_cursor"):
        paths.append(f"/api/events?limit=50&cursor={middle['next_cursor']}")
    return paths


async def _load(base: str, clients: int, paths: list[str]) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)

    async def client(i: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=one) as http:  # its own connection
            for k in range(REQUESTS_PER_CLIENT):
                path = paths[(i + k) % len(paths)]
                start = time.perf_counter()
                try:
                    resp = await http.get(path)
                    if resp.status_code != 200:
                        errors.append(f"{path}: {resp.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    wall = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

    return {"requests": len(latencies), "errors": len(errors), "error_examples": errors[:5],
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "requests_per_s": round(len(latencies) / wall, 1)}  # fmt: skip


def bench_reads(sizes: list[int]) -> list[dict[str, Any]]:
    """Latency of /api/events per store size and client count, with p95 ratios to the smallest store."""
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            db = str(Path(tmp) / f"reads-{n}.sqlite")
            secs = fill(db, n)
            print(f"{n:>8,} events stored in {secs:.1f} s", flush=True)
            with served(db) as base:
                paths = _queries(base)
                asyncio.run(_load(base, 8, paths))  # warm-up: page cache, first connections
                for clients in CLIENTS:
                    r = asyncio.run(_load(base, clients, paths))
                    r.update(events=n, clients=clients)
                    out.append(r)
    for r in out:
        first = next(x for x in out if x["clients"] == r["clients"])
        r["p95_ratio_to_smallest"] = round(r["p95_ms"] / max(first["p95_ms"], 0.1), 2)
        print(f"{r['events']:>8,} events {r['clients']:>3} clients: {r['requests']} requests, {r['errors']} errors, "
              f"p50 {r['p50_ms']} ms p95 {r['p95_ms']} ms p99 {r['p99_ms']} ms, {r['requests_per_s']} req/s, "
              f"p95 ratio {r['p95_ratio_to_smallest']}", flush=True)  # fmt: skip
    return out


def _upload_bodies(n: int) -> list[dict[str, Any]]:
    from eventcoder import sample_corpus_dir

    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_corpus_dir().iterdir()) if p.suffix == ".txt"]
    rng = random.Random(15)
    bodies = []
    for k in range(n):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 600))
        text = texts[k % len(texts)].split("\n\n", 1)[-1]
        bodies.append({"text": f"{text}\n\nUpdate {k}: the situation remained tense.", "date": day.isoformat()})
    return bodies


def _post(base: str, body: dict[str, Any]) -> int:
    resp = httpx.post(f"{base}/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600)
    return resp.status_code


def bench_uploads(n: int) -> dict[str, Any]:
    """Seconds for ``n`` uploads one at a time and from UPLOAD_CLIENTS clients at once, each on a fresh store."""
    from concurrent.futures import ThreadPoolExecutor

    bodies = _upload_bodies(n + UPLOAD_CLIENTS)
    warm, bodies = bodies[n:], bodies[:n]
    out: dict[str, Any] = {"uploads": n, "clients": UPLOAD_CLIENTS}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("one_at_a_time", "concurrent"):
            with served(str(Path(tmp) / f"{mode}.sqlite")) as base, ThreadPoolExecutor(UPLOAD_CLIENTS) as pool:
                list(pool.map(lambda b: _post(base, b), warm))  # warm-up: every analysis worker loads its models
                start = time.perf_counter()
                if mode == "one_at_a_time":
                    codes = [_post(base, b) for b in bodies]
                else:
                    codes = list(pool.map(lambda b: _post(base, b), bodies))
                out[f"{mode}_s"] = round(time.perf_counter() - start, 1)
                out[f"{mode}_errors"] = sum(1 for c in codes if c != 200)
    out["speedup"] = round(out["one_at_a_time_s"] / max(out["concurrent_s"], 0.001), 2)
    errors = out["one_at_a_time_errors"] + out["concurrent_errors"]
    print(f"{n} uploads: one at a time {out['one_at_a_time_s']} s, {UPLOAD_CLIENTS} clients {out['concurrent_s']} s, "
          f"speedup {out['speedup']}x, {errors} errors", flush=True)  # fmt: skip
    return out


def main() -> None:
    """Run both parts and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes in events, smallest first")
    parser.add_argument("--uploads", type=int, default=100, help="uploads per mode (0: skip the upload part)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict[str, Any] = {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()[0]}
    results["reads"] = bench_reads(sizes) if sizes else []
    if args.uploads:
        results["uploads"] = bench_uploads(args.uploads)
    results["load_average_after"] = os.getloadavg()[0]
    print(f"load average (1 min) {results['load_average_before']:.1f} before, {results['load_average_after']:.1f} "
          f"after, {results['cpus']} cpus (other work on the machine skews the ratios)")  # fmt: skip
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
