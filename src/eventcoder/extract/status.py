"""When an event happened (``EventDate``) and how the article presents it (``EventStatus``).

Date: the time expression of the event's sentence nearest to the trigger (dates and ranges with a resolved value;
durations, unresolved relative expressions and times after an exclusion cue such as 'since' are skipped), else
the nearest earlier one in the same paragraph; otherwise no date.  A relative expression ('on Monday night, the
12th') comes resolved against the publication date by the language layer: its origin is ``article``.  Nothing is
invented: an event with no time expression around it has no date.

Status, first match wins: denial cue in the clause before the trigger or a negation right before it -> denied;
conditional before the trigger -> hypothetical; future or intent cue just before or on the trigger -> planned;
history cue in the sentence or in the section heading, or a date more than ``background_days`` before the anchor
(the publication date, or in an undated article the latest day-precise date it mentions) -> background;
else reported.
"""

from __future__ import annotations

import datetime as dt
import re

from eventcoder.extract.context import ArticleContext
from eventcoder.extract.cues import LanguageCues
from eventcoder.models import DateOrigin, DatePrecision, EventDate, EventStatus, TimeExpression, TimexKind

__all__ = ["StatusResolver", "parse_value"]

PLANNED_WINDOW = 30  # characters before the trigger searched for future/intent cues
PLANNED_AFTER = 25  # ... and after it, up to the end of its clause ('fuerzas de paz rusas se desplegarían')
NEGATION_WINDOW = 12
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$")  # a clock time dates its day
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_value(value: str | None) -> tuple[dt.date, dt.date, DatePrecision] | None:
    """(first day, last day, precision) of an ISO value such as '2020-11-09', '2020-11', '2020', '198X', '2023-W38';
    a day with a clock time ('2020-11-09T14:30Z') is that day."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d, DatePrecision.DAY
        if m := _MONTH.match(value):
            first = dt.date(int(m[1]), int(m[2]), 1)
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1), DatePrecision.MONTH
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31), DatePrecision.YEAR
        if m := _DECADE.match(value):
            return dt.date(int(m[1]) * 10, 1, 1), dt.date(int(m[1]) * 10 + 9, 12, 31), DatePrecision.DECADE
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6), DatePrecision.WEEK
    except ValueError:
        return None
    return None


class StatusResolver:
    """Dates and statuses of the events of one article."""

    def __init__(self, ctx: ArticleContext, cues: LanguageCues, *, background_days: int) -> None:
        self.ctx = ctx
        self.cues = cues
        self.background_days = background_days
        self._times: dict[int, list[TimeExpression]] = {}
        for t in ctx.analysis.times:
            if t.kind in (TimexKind.DATE, TimexKind.RANGE) and parse_value(t.value) and not self._excluded(t):
                self._times.setdefault(t.sentence_index, []).append(t)
        self.anchor = ctx.article.published or self._latest_date()
        self._history_section = self._sections()

    def _excluded(self, t: TimeExpression) -> bool:
        before = self.ctx.text[max(0, t.start - 40) : t.start]
        hits = self.cues.time_exclusion.finditer(before)
        return any(end >= len(before.rstrip()) - 4 for _, end in hits)

    def _latest_date(self) -> dt.date | None:
        days = [
            p[0]
            for ts in self._times.values()
            for t in ts
            if not t.relative and (p := parse_value(t.value)) and p[2] is DatePrecision.DAY
        ]
        return max(days) if days else None

    def _sections(self) -> list[bool]:
        """Per sentence: True inside a section whose heading carries a history cue."""
        out: list[bool] = []
        current = False
        for i, s in enumerate(self.ctx.sentences):
            if self.ctx.heading[i]:
                current = bool(self.cues.history.search(s.text))
            out.append(current)
        return out

    # ------------------------------------------------------------------ dates

    def date(self, sentence_index: int, trigger: tuple[int, int] | None) -> EventDate:
        """The event date for an event in ``sentence_index`` with trigger offsets ``trigger`` (article offsets).

        Origin is ``sentence`` or ``paragraph`` for where the time expression was, ``article`` when it is a
        relative expression resolved against the publication date; an event without one has no date.
        """
        centre = trigger[0] if trigger else self.ctx.sentences[sentence_index].start
        times = self._times.get(sentence_index, [])
        origin = DateOrigin.SENTENCE
        if not times:
            origin = DateOrigin.PARAGRAPH
            for j in range(sentence_index - 1, -1, -1):
                if not self.ctx.same_paragraph(j, sentence_index):
                    break
                if self._times.get(j):
                    times = self._times[j][-1:]
                    break
        if times:
            best = min(times, key=lambda t: min(abs(t.start - centre), abs(t.end - centre)))
            first = parse_value(best.value)
            last = parse_value(best.end_value) if best.end_value else None
            assert first is not None
            span = self.ctx.span(best.start, best.end)
            end = last[1] if last else (first[1] if first[2] is DatePrecision.DAY else None)
            end = None if end == first[0] else end
            origin = DateOrigin.ARTICLE if best.relative else origin
            return EventDate(start=first[0], end=end, precision=first[2], origin=origin, span=span)
        return EventDate()

    # ------------------------------------------------------------------ status

    def status(self, sentence_index: int, trigger: tuple[int, int] | None, date: EventDate) -> EventStatus:
        """The status of an event in ``sentence_index`` whose trigger is at ``trigger`` (article offsets)."""
        s = self.ctx.sentences[sentence_index]
        text = self.ctx.text
        t_start, t_end = trigger if trigger else (s.start, s.start)
        clause_start = max(s.start, text.rfind(",", s.start, t_start) + 1) if trigger else s.start
        if trigger:
            if self.cues.denial.search(text, clause_start, t_start):
                return EventStatus.DENIED
            neg = self.cues.negation.last(text, max(s.start, t_start - NEGATION_WINDOW), t_start)
            if neg and neg[1] <= t_start:
                return EventStatus.DENIED
        if self.cues.hypothetical.search(text, s.start, t_start if trigger else s.end):
            return EventStatus.HYPOTHETICAL
        after = text.find(",", t_end, s.end)
        planned_end = min(t_end + PLANNED_AFTER, after if after >= 0 else s.end, s.end)
        if trigger and self.cues.planned.search(text, max(s.start, t_start - PLANNED_WINDOW), planned_end):
            return EventStatus.PLANNED
        if self.cues.history.search(s.text) or self._history_section[sentence_index]:
            return EventStatus.BACKGROUND
        if date.start is not None and self.anchor is not None:
            last = date.end or date.start
            if (self.anchor - last).days > self.background_days:
                return EventStatus.BACKGROUND
        return EventStatus.REPORTED
