"""Helpers for the API tests: a real uvicorn server on a loopback port, and invented records to seed a store.

The texts are invented for these tests (not from any corpus).
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from eventcoder.api import create_app
from eventcoder.models import (
    ActorRole,
    Article,
    Claim,
    ClaimKind,
    Contradiction,
    DatePrecision,
    Entity,
    EntityKind,
    EventDate,
    EventReport,
    Evidence,
    Figure,
    FigureKind,
    Incident,
    IncidentFigure,
    PlaceRef,
    Role,
    Span,
)
from eventcoder.settings import Settings, load_settings
from eventcoder.store import Store

TOKEN = "test-token-0123456789"
ANALYST = "alice"


def api_settings(**api: Any) -> Settings:
    """Package defaults with a known analyst token (and other [api] overrides).

    Uploads are analysed in the request's thread (``analysis_workers = 0``): worker processes would each load
    the language models again for every test server; tests/reliability/test_api_uploads.py runs them.
    """
    return load_settings(environ={}, api={"tokens": {ANALYST: TOKEN}, "analysis_workers": 0, **api})


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(settings: Settings, store: Store) -> Iterator[str]:
    """Run the app with uvicorn in a thread on a free loopback port; yields its base URL."""
    app = create_app(settings, store)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def auth() -> dict[str, str]:
    """The Authorization header of the test analyst."""
    return {"Authorization": f"Bearer {TOKEN}"}


def wait_job(client: httpx.Client, job_id: str, *, timeout: float = 120) -> dict[str, Any]:
    """Poll GET /api/jobs/{id} until the job is finished or failed; returns its last status."""
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("finished", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


# --------------------------------------------------------------------------- invented records

TEXTS = [
    "Artillery shelling hit the village of Talish on Monday, killing three soldiers, the defence ministry said.\n"
    "The ministry accused the other side of breaking the truce.",
    "Tres soldados murieron el lunes en un bombardeo de artillería contra la aldea de Talish, según el ministerio.\n"
    "Las autoridades negaron haber disparado primero.",
    "Des tirs d'artillerie ont frappé Martuni mardi, blessant deux civils, selon les autorités locales.\n"
    "Aucun mort n'a été signalé.",
]
LANGS = ["en", "es", "fr"]
SOURCES = ["Example Wire", "Agencia Ejemplo", "Dépêche Exemple"]
DATES = [dt.date(2021, 5, 3), dt.date(2021, 5, 3), dt.date(2021, 5, 4)]


def span(text: str, needle: str) -> Span:
    """Span of the first ``needle`` in ``text``."""
    start = text.index(needle)
    return Span(start=start, end=start + len(needle), text=needle)


def seed_articles() -> list[Article]:
    """Three invented articles (en, es, fr)."""
    return [
        Article(
            id=f"a_{i + 1:016x}",
            text=t,
            title=f"Test article {i + 1}",
            published=DATES[i],
            source=SOURCES[i],
            url=f"https://example.org/{i + 1}",
            language=LANGS[i],
            language_confidence=0.99,
            origin=f"seed#{i}",
            input_format="text",
        )
        for i, t in enumerate(TEXTS)
    ]


PLACES = {
    "Talish": PlaceRef(
        entity_id="gn:1", name="Talish", country="AZE", latitude=40.17, longitude=46.58, geo_precision=1
    ),
    "Martuni": PlaceRef(
        entity_id="gn:2", name="Martuni", country="AZE", latitude=39.79, longitude=47.11, geo_precision=1
    ),
}


def seed_event(
    art: Article, *, trigger: str, place: str, event_type: str = "ASSAULT", killed: int | None = None
) -> EventReport:
    """One event report of ``art`` whose evidence is its first sentence."""
    first = art.text.split("\n")[0]
    figures = ()
    if killed is not None:
        figures = (Figure(kind=FigureKind.KILLED, low=killed, high=killed, span=span(art.text, first.split()[0])),)
    return EventReport(
        id=f"e_{art.id[2:]}_0",
        article_id=art.id,
        event_type=event_type,
        confidence=0.9,
        actors=(
            ActorRole(
                role=Role.SOURCE,
                entity_id="kb:ARM.mil",
                name="Armenian Armed Forces",
                span=span(art.text, first.split()[0]),
            ),
        ),
        date=EventDate(start=art.published, precision=DatePrecision.DAY),
        place=PLACES[place].model_copy(update={"span": span(art.text, place)}),
        figures=figures,
        evidence=Evidence(
            start=0, end=len(first), text=first, article_id=art.id, sentence_index=0, trigger=span(art.text, trigger)
        ),
        extractor="test",
    )


def seed_store(store: Store) -> dict[str, Any]:
    """Store the invented articles, events, claims, entities and two incidents; returns their ids."""
    arts = seed_articles()
    store.add_articles(arts)
    events = [
        seed_event(arts[0], trigger="shelling", place="Talish", killed=3),
        seed_event(arts[1], trigger="bombardeo", place="Talish", killed=3),
        seed_event(arts[2], trigger="tirs", place="Martuni", event_type="ASSAULT"),
    ]
    claim = Claim(
        id=f"c_{arts[0].id[2:]}_1",
        article_id=arts[0].id,
        kind=ClaimKind.ACCUSATION,
        speaker_entity_id="kb:ARM.mod",
        speaker="the ministry",
        content=arts[0].text.split("\n")[1],
        sentence_index=1,
        span=span(arts[0].text, arts[0].text.split("\n")[1]),
    )
    for art, ev in zip(arts, events, strict=True):
        store.put_events(art.id, [ev], [claim] if art.id == claim.article_id else [])
    store.put_entities(
        [
            Entity(
                id="kb:ARM.mil",
                kind=EntityKind.ORGANISATION,
                name="Armenian Armed Forces",
                aliases={"es": ["Fuerzas Armadas de Armenia"]},
                country="ARM",
                actor_type=1,
            ),
            Entity(id="kb:ARM.mod", kind=EntityKind.ORGANISATION, name="Ministry of Defence of Armenia", country="ARM"),
            Entity(
                id="gn:1",
                kind=EntityKind.PLACE,
                name="Talish",
                aliases={"ru": ["Талыш"]},
                country="AZE",
                latitude=40.17,
                longitude=46.58,
                feature="city",
            ),
        ]
    )
    inc1 = Incident(
        id="i_talish",
        event_type="ASSAULT",
        report_ids=(events[0].id, events[1].id),
        article_ids=(arts[0].id, arts[1].id),
        date=EventDate(start=DATES[0], precision=DatePrecision.DAY),
        place=PLACES["Talish"],
        actors=events[0].actors,
        figures=(IncidentFigure(kind=FigureKind.KILLED, low=3, best=3, high=3, sources=(events[0].id, events[1].id)),),
        contradictions=(
            Contradiction(kind="blame", description="who fired first", report_ids=(events[0].id, events[1].id)),
        ),
        languages=("en", "es"),
        sources=(SOURCES[0], SOURCES[1]),
        summary="Shelling of Talish",
    )
    inc2 = Incident(
        id="i_martuni",
        event_type="ASSAULT",
        report_ids=(events[2].id,),
        article_ids=(arts[2].id,),
        date=EventDate(start=DATES[2], precision=DatePrecision.DAY),
        place=PLACES["Martuni"],
        languages=("fr",),
        sources=(SOURCES[2],),
    )
    store.put_incidents([inc1, inc2])
    return {
        "articles": [a.id for a in arts],
        "events": [e.id for e in events],
        "claim": claim.id,
        "incidents": [inc1.id, inc2.id],
    }


SEEDED_IDS: dict[str, Any] = {
    "articles": [a.id for a in seed_articles()],
    "events": [f"e_{a.id[2:]}_0" for a in seed_articles()],
    "claim": f"c_{seed_articles()[0].id[2:]}_1",
    "incidents": ["i_talish", "i_martuni"],
}
