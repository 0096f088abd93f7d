"""Rules linking reports that carry little evidence of their own (real sentence encoder).

- reports of one article, same type, actors that do not conflict and no conflicting date are one incident,
  whichever of them is clustered first; an undated report of a dated article is about its last weeks, so it
  does not join an older incident the article recalls;
- an undated report joins a dated incident of another type of its family (a meeting and the statement it
  produced) only when actors and one sentence of each agree strongly.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dedup_reports import MOSCOW, report

from eventcoder.dedup import Deduplicator
from eventcoder.models import DatePrecision, EventStatus
from eventcoder.settings import load_settings

D = dt.date
STATEMENT = (
    "El 11 de enero de 2021 los presidentes de Rusia y Azerbaiyán, Vladimir Putin e Ilham Aliyev, y el primer "
    "ministro de Armenia, Nikol Pashinyan, ratificaron el acuerdo."
)
LEADERS = (("participant", "kb:putin"), ("participant", "kb:aliyev"), ("participant", "kb:pashinyan"))


@pytest.fixture(scope="module")
def dedup() -> Deduplicator:
    return Deduplicator(load_settings().dedup)


@pytest.mark.parametrize("first", ["a", "z"])
def test_a_later_sentence_naming_no_actor_joins_its_article_incident(dedup: Deduplicator, first: str) -> None:
    talks = report("a" if first == "a" else "m", "600", "Las conversaciones entre Putin, Aliyev y Pashinyan "
                   "concluyeron en Moscú.", "CONSULT", place=MOSCOW, actors=LEADERS)  # fmt: skip
    hours = report("z" if first == "a" else "b", "600", "La reunión trilateral en el Kremlin duró casi cuatro horas.",
                   "CONSULT", place=MOSCOW)  # fmt: skip
    (inc,) = dedup([talks, hours]).upserts
    assert set(inc.report_ids) == {talks.id, hours.id}


def test_a_recent_undated_report_does_not_join_an_older_incident_of_its_article(dedup: Deduplicator) -> None:
    war = report("war", "700", "In 2020 the six-week war ended with more than 6,600 deaths.", "ASSAULT",
                 start=D(2020, 1, 1), precision=DatePrecision.YEAR, status=EventStatus.BACKGROUND, language="en",
                 published=D(2022, 9, 14))  # fmt: skip
    towns = report("towns", "700", "Several towns near the border were shelled.", "ASSAULT", language="en",
                   published=D(2022, 9, 14))  # fmt: skip
    update = dedup([war, towns])
    assert len(update.upserts) == 2


def test_an_undated_meeting_joins_the_dated_statement_it_produced(dedup: Deduplicator) -> None:
    meeting = report("meeting", "800", "Las conversaciones entre el presidente ruso Vladimir Putin, el presidente "
                     "azerbaiyano Ilham Aliyev y el primer ministro armenio Nikol Pashinyan concluyeron en Moscú.",
                     "CONSULT", place=MOSCOW, actors=LEADERS)  # fmt: skip
    statement = report("statement", "801", STATEMENT,
                       "AGREE", start=D(2021, 1, 11), actors=LEADERS)  # fmt: skip
    (inc,) = dedup([meeting, statement]).upserts
    assert inc.date.start == D(2021, 1, 11)
    assert inc.date_inferred_from == statement.id


def test_an_undated_meeting_of_other_actors_stays_apart_from_a_dated_statement(dedup: Deduplicator) -> None:
    meeting = report("meeting", "900", "Las conversaciones entre los ministros de Exteriores de Armenia y Azerbaiyán "
                     "concluyeron en Moscú.", "CONSULT", place=MOSCOW,
                     actors=(("participant", "kb:ARM"), ("participant", "kb:AZE")))  # fmt: skip
    statement = report("statement", "901", STATEMENT,
                       "AGREE", start=D(2021, 1, 11), actors=(("participant", "kb:putin"),))  # fmt: skip
    assert len(dedup([meeting, statement]).upserts) == 2


def test_without_an_encoder_undated_reports_never_cross_types(dedup: Deduplicator) -> None:
    plain = Deduplicator(load_settings().dedup, encoder=None)
    meeting = report("meeting", "950", "Talks in Moscow.", "CONSULT", place=MOSCOW, actors=LEADERS, language="en")
    statement = report("statement", "951", "On 11 January 2021 the leaders signed a statement.", "AGREE",
                       start=D(2021, 1, 11), actors=LEADERS, language="en")  # fmt: skip
    assert len(plain([meeting, statement]).upserts) == 2
