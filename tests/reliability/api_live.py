"""Helpers of the API reliability tests: a real ``eventcoder serve`` process, raw chunked requests, its memory.

The seeded records and the in-thread server of ``tests/api/api_server.py`` are reused (that folder is put on
``sys.path``, as pytest does for the tests that live there).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from api_server import ANALYST, TOKEN, api_settings, auth, free_port, live_server, seed_store

from eventcoder.models import ActorRole, Article, EventDate, EventReport, Evidence, PlaceRef, Role, Span
from eventcoder.store import Store

__all__ = [
    "ANALYST",
    "MB",
    "TOKEN",
    "RawResponse",
    "Served",
    "api_settings",
    "auth",
    "fill_events",
    "free_port",
    "live_server",
    "post_chunked",
    "rss_bytes",
    "seed_store",
    "serve_process",
]

MB = 1 << 20


@dataclass(frozen=True)
class Served:
    """A running ``eventcoder serve``: its base URL, host, port and process id."""

    base: str
    host: str
    port: int
    pid: int


@contextmanager
def serve_process(db: str, **api: object) -> Iterator[Served]:
    """Run ``python -m eventcoder.cli --db DB serve`` on a free loopback port, with ``[api]`` settings from the
    environment (the test analyst's token, plus ``api``); stopped with SIGTERM (then SIGKILL) on exit."""
    port = free_port()
    env = dict(os.environ)
    env["EVENTCODER_API__TOKENS"] = f'{{{ANALYST} = "{TOKEN}"}}'
    for key, value in api.items():
        env[f"EVENTCODER_API__{key.upper()}"] = json.dumps(value)
    cmd = [sys.executable, "-m", "eventcoder.cli", "--db", db, "--quiet", "serve", "--host", "127.0.0.1"]
    proc = subprocess.Popen([*cmd, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"eventcoder serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("eventcoder serve did not start within 60 s")
            time.sleep(0.1)
        yield Served(base=base, host="127.0.0.1", port=port, pid=proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def rss_bytes(pid: int) -> int:
    """Resident memory of process ``pid`` (VmRSS of /proc/<pid>/status), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass(frozen=True)
class RawResponse:
    """What came back for a raw request: status (None if the connection died first), body, request bytes sent."""

    status: int | None
    headers: dict[str, str]
    body: bytes
    sent: int

    def json(self) -> dict[str, object]:
        """The body as JSON."""
        data = json.loads(self.body)
        assert isinstance(data, dict)
        return data


def post_chunked(
    host: str,
    port: int,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    total: int = 200 * MB,
    chunk: int = MB,
    timeout: float = 60,
) -> RawResponse:
    """POST up to ``total`` bytes to ``path`` with ``Transfer-Encoding: chunked``, ``chunk`` bytes a chunk.

    Before each chunk the socket is polled: as soon as the server answers, sending stops and the answer is read.
    So ``sent`` tells how much of the body the server let in before it answered.
    """
    head = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", "Transfer-Encoding: chunked"]
    head += ["Content-Type: application/json", "Connection: close"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    piece = f"{chunk:x}\r\n".encode() + b" " * chunk + b"\r\n"
    sent = 0
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            while sent < total:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                sock.sendall(piece)
                sent += chunk
            else:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        return _read_response(sock, sent)


def _read_response(sock: socket.socket, sent: int) -> RawResponse:
    data = b""
    try:
        while True:
            part = sock.recv(65536)
            if not part:
                break
            data += part
            if b"\r\n\r\n" in data:
                head, _, body = data.partition(b"\r\n\r\n")
                length = _content_length(head)
                if length is not None and len(body) >= length:
                    break
    except (ConnectionResetError, TimeoutError):
        pass
    if not data.startswith(b"HTTP/"):
        return RawResponse(status=None, headers={}, body=data, sent=sent)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return RawResponse(status=int(lines[0].split()[1]), headers=headers, body=body, sent=sent)


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            return int(value.strip())
    return None


TYPES = ("ASSAULT", "PROTEST", "AGREE", "COERCE")
PLACES = (("ARM", "Jermuk"), ("AZE", "Shusha"), ("UKR", "Kramatorsk"), (None, "somewhere"))
ACTORS = (("kb:ARM.mil", "Armenian Armed Forces"), ("kb:AZE.mil", "Azerbaijani Armed Forces"), (None, "Protesters"))
LANGUAGES = ("en", "es", "fr")
SOURCES = ("Example Wire", "Agencia Ejemplo", "Dépêche Exemple", "Kyiv Daily")


def fill_events(store: Store, n_events: int, *, per_article: int = 10) -> list[EventReport]:
    """Store ``n_events`` invented event reports (``per_article`` an article) straight through the store API, with
    varied types, places, actors, dates (one in twenty undated), languages and sources; returns them."""
    events: list[EventReport] = []
    n_articles = max(1, n_events // per_article)
    span = Span(start=0, end=4, text="Shot")
    articles = [
        Article(id=f"a_load{k:07d}", text=f"Shots were fired near the line, report {k}.", title=f"Report {k}",
                published=dt.date(2020, 1, 1) + dt.timedelta(days=k % 900), source=SOURCES[k % len(SOURCES)],
                language=LANGUAGES[k % len(LANGUAGES)], language_confidence=1.0, origin=f"load#{k}",
                input_format="text")
        for k in range(n_articles)
    ]  # fmt: skip
    store.add_articles(articles)
    for k, art in enumerate(articles):
        batch = []
        for j in range(per_article):
            n = k * per_article + j
            country, place = PLACES[n % len(PLACES)]
            entity, name = ACTORS[(n // 2) % len(ACTORS)]
            day = None if n % 20 == 7 else dt.date(2020, 1, 1) + dt.timedelta(days=(n * 37) % 1000)
            batch.append(
                EventReport(
                    id=f"e_load{n:08d}", article_id=art.id, event_type=TYPES[n % len(TYPES)], confidence=0.8,
                    actors=(ActorRole(role=Role.SOURCE, entity_id=entity, name=name, span=span),),
                    date=EventDate(start=day),
                    place=PlaceRef(entity_id=None, name=place, country=country),
                    evidence=Evidence(start=0, end=4, text="Shot", article_id=art.id, sentence_index=0, trigger=span),
                    extractor="load-test",
                )
            )  # fmt: skip
        store.put_events(art.id, batch, [])
        events.extend(batch)
    return events
