"""Filters shared by timeline, exports, report and API."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.filters import Filters
from eventcoder.models import ActorRole, EventDate, Incident, PlaceRef, Role, Span

SPAN = Span(start=0, end=5, text="Baku ")


def _incident() -> Incident:
    return Incident(
        id="inc_1",
        event_type="ASSAULT",
        report_ids=("r1",),
        article_ids=("a1",),
        date=EventDate(start=dt.date(2022, 9, 12)),
        place=PlaceRef(entity_id="kb:ARM", name="Armenia", country="ARM"),
        actors=(ActorRole(role=Role.SOURCE, entity_id="kb:AZE.mil", name="Armed Forces of Azerbaijan", span=SPAN),),
        languages=("es", "en"),
        sources=("Sample Wire (es)",),
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), True),
        (Filters(country="ARM"), True),
        (Filters(country="AZE"), False),
        (Filters(actor="kb:AZE.mil"), True),
        (Filters(actor="azerbaijan"), True),
        (Filters(actor="kb:ARM.mil"), False),
        (Filters(event_type="AGREE"), False),
        (Filters(since=dt.date(2022, 9, 1), until=dt.date(2022, 9, 30)), True),
        (Filters(since=dt.date(2022, 9, 13)), False),
        (Filters(language="en"), True),
        (Filters(language="ru"), False),
        (Filters(source="sample wire"), True),
        (Filters(source="other"), False),
    ],
)
def test_incident_filters(filters: Filters, expected: bool) -> None:
    assert filters.matches_incident(_incident()) is expected


def test_store_kwargs_only_carry_what_the_store_filters() -> None:
    f = Filters(country="ARM", actor="x", since=dt.date(2020, 1, 1))
    assert f.store_kwargs() == {"country": "ARM", "since": dt.date(2020, 1, 1)}
