"""Values of time expressions: TIMEX3 / ISO 8601 strings from the fields a time rule matched.

Nothing here knows a language: the fields come from ``eventcoder.nlp.timex`` (which reads the per-language
rules) and are numbers or codes -- ``year``, ``month``, ``day``, ``weekday`` (0 = Monday), ``quarter`` (with
``period: H`` a half), ``season`` (``SP``/``SU``/``FA``/``WI``), ``decade`` (``decade2``: two digits),
``century``, ``hour``/``minute`` (with ``zone``, ``part`` of day), ``rel`` (day offset), ``shift`` (calendar
step of the unit named next to it), ``yshift`` (year step: 'June last year').  Relative values are computed
from an anchor date; ``direction`` says which way a bare weekday or month points when the text's tense tells
it (-1 past, 1 future, 0 unknown).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from eventcoder.models import DatePrecision

__all__ = [
    "Resolved",
    "calendar_value",
    "century_for",
    "date_value",
    "duration_value",
    "moved",
    "offset_value",
    "parse_number",
    "set_value",
    "shift_value",
    "value_date",
    "with_time",
]

Resolved = tuple[str | None, DatePrecision, bool]  # (value, precision, relative)
_P = DatePrecision
_UNIT_PRECISION = {"Y": _P.YEAR, "M": _P.MONTH, "W": _P.WEEK, "D": _P.DAY, "Q": _P.MONTH, "H2": _P.MONTH}
_UNIT_PRECISION["DE"] = _P.DECADE
_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
_DATE_ORDER = ("C", "DE", "Y", "Q", "M", "W", "D")
_TIME_ORDER = ("H", "MIN", "S")
_SMALLER = {"Y": ("M", 12), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}
_COMPOUND = {"DE": (10, "Y"), "C": (100, "Y"), "H2": (6, "M")}
_DAY_REACH, _MONTH_REACH = 200, 300  # days: how far a tense may move a bare day or month from the anchor
_SEASON_START = {"SP": (3, 20), "SU": (6, 21), "FA": (9, 22), "WI": (12, 21)}  # winter is named by its January
_MONTHS_PER = {"Y": 12, "DE": 120, "C": 1200, "M": 1, "Q": 3, "H2": 6}


def parse_number(raw: str, numbers: Mapping[str, Any]) -> float | None:
    """The value of digits ('3', '2.5', '2,5', '2 1/2') or number words ('twenty-five', 'treinta y dos')."""
    raw = raw.strip()
    if raw[:1].isdigit():
        frac = re.fullmatch(r"(\d+)\s+(\d)/(\d)", raw)
        if frac:
            return int(frac.group(1)) + int(frac.group(2)) / int(frac.group(3))
        return float(raw.replace(",", "."))
    total = current = 0.0
    seen = False
    for word in re.findall(r"\w+", raw.lower()):
        v = numbers.get(word)
        if not isinstance(v, int | float):
            continue
        seen = True
        if v == 100:
            current = max(current, 1) * 100
        elif v >= 1000:
            total, current = total + max(current, 1) * v, 0.0
        else:
            current += v
    return total + current if seen else None


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def century_for(two_digits: int, anchor: dt.date | None = None) -> int:
    """A full decade year for a two-digit one: the latest not after the anchor's decade ('20s' in 2001 -> 1920);
    without an anchor, below 30 is this century ('80s' -> 1980, '20s' -> 2020)."""
    if anchor is not None:
        return 2000 + two_digits if 2000 + two_digits <= anchor.year // 10 * 10 else 1900 + two_digits
    return (1900 if two_digits >= 30 else 2000) + two_digits


def duration_value(parts: Sequence[tuple[float | None, str]]) -> str:
    """TIMEX3 duration of (amount, unit) parts: [(2, 'Y'), (3, 'M')] -> 'P2Y3M', [(1.5, 'MIN')] -> 'PT1M30S'.

    Units: Y, Q, M, W, D, H, MIN, S, and DE and C, written as 10 and 100 Y when counted; an amount of None is
    'X' (a vague count: 'several months' -> 'PXM', 'decades' -> 'PXDE').  A fraction moves to the next smaller
    unit when it divides evenly there (2.5 Y -> 2 Y 6 M) and otherwise stays a decimal (2.5 W).
    """
    amounts: dict[str, float | None] = {}
    for num, unit in parts:
        if unit in _COMPOUND and num is not None:
            factor, unit = _COMPOUND[unit]
            num = num * factor
        if num is not None and not float(num).is_integer() and unit in _SMALLER:
            whole = float(int(num))
            smaller, factor = _SMALLER[unit]
            rest = (num - whole) * factor
            if float(rest).is_integer():
                if whole:
                    amounts[unit] = (amounts.get(unit) or 0) + whole
                amounts[smaller] = (amounts.get(smaller) or 0) + rest
                continue
        amounts[unit] = None if num is None else (amounts.get(unit) or 0) + num
    date = "".join(f"{'X' if amounts[u] is None else _fmt(amounts[u])}{u}" for u in _DATE_ORDER if u in amounts)  # type: ignore[arg-type]
    time = "".join(
        f"{'X' if amounts[u] is None else _fmt(amounts[u])}{_TIME_UNITS[u]}"  # type: ignore[arg-type]
        for u in _TIME_ORDER
        if u in amounts
    )
    return "P" + date + (f"T{time}" if time else "")


def set_value(f: Mapping[str, Any]) -> str | None:
    """TIMEX3 value of a set: a frequency word's value, 'every two weeks' -> 'P2W', 'each July' -> 'XXXX-07',
    'every Thursday' -> 'XXXX-WXX-4', 'los fines de semana' -> 'XXXX-WXX-WE'; None when the fields name no
    period."""
    if "frequency" in f:
        return str(f["frequency"])
    if f.get("weekend"):
        return "XXXX-WXX-WE"
    if "weekday" in f:
        return f"XXXX-WXX-{int(f['weekday']) + 1}"
    if "month" in f:
        return f"XXXX-{int(f['month']):02d}"
    if "unit" in f:
        return duration_value([(f.get("num") or 1, str(f["unit"]))])
    return None


def _shift_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def calendar_value(day: dt.date, unit: str) -> Resolved:
    """The calendar period of ``unit`` holding ``day``: year, month, quarter, half (H2), ISO week, decade,
    century or day."""
    if unit == "Y":
        return f"{day.year:04d}", _P.YEAR, True
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}", _P.MONTH, True
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}", _P.MONTH, True
    if unit == "H2":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}", _P.MONTH, True
    if unit == "W":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}", _P.WEEK, True
    if unit == "DE":
        return f"{day.year // 10:03d}X", _P.DECADE, True
    if unit == "C":
        return f"{day.year // 100:02d}", _P.UNKNOWN, True
    return day.isoformat(), _P.DAY, True


def moved(anchor: dt.date, amount: int, unit: str) -> dt.date:
    """``anchor`` moved by ``amount`` units (month-based units land on the first of the month)."""
    if unit in _MONTHS_PER:
        y, m = _shift_months(anchor, amount * _MONTHS_PER[unit])
        return dt.date(y, m, 1)
    days = amount * (7 if unit == "W" else 1 if unit == "D" else 0)
    return anchor + dt.timedelta(days=days)


def offset_value(anchor: dt.date | None, amount: float, unit: str) -> Resolved:
    """'two years ago': the calendar period ``amount`` units from the anchor (hours and minutes give a day)."""
    calendar_unit = "D" if unit in _TIME_UNITS else unit
    if anchor is None:
        return None, _UNIT_PRECISION.get(calendar_unit, _P.DAY), True
    return calendar_value(moved(anchor, round(amount), unit), calendar_unit)


def shift_value(anchor: dt.date | None, shift: int, unit: str) -> Resolved:
    """'last month': the calendar period of ``unit`` ``shift`` steps from the anchor's."""
    calendar_unit = "D" if unit in _TIME_UNITS else unit
    if anchor is None:
        return None, _UNIT_PRECISION.get(calendar_unit, _P.DAY), True
    return calendar_value(moved(anchor, shift, unit), calendar_unit)


_VALUE_FORMS = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "D"),
    (re.compile(r"(\d{4})-W(\d{2})"), "W"),
    (re.compile(r"(\d{4})-Q([1-4])"), "Q"),
    (re.compile(r"(\d{4})-H([12])"), "H2"),
    (re.compile(r"(\d{4})-(\d{2})"), "M"),
    (re.compile(r"(\d{4})"), "Y"),
]


def value_date(value: str | None) -> tuple[dt.date, str] | None:
    """(first day, unit) of a calendar value such as '2020-11-09', '2020-W38', '2020-Q3', '2020-11', '2020';
    a time after the day is ignored; None for anything else (durations, references, decades)."""
    if not value:
        return None
    for form, unit in _VALUE_FORMS:
        m = form.match(value)
        if m is None or (len(value) > m.end() and not (unit == "D" and value[m.end()] == "T")):
            continue
        try:
            if unit == "D":
                return dt.date(int(m[1]), int(m[2]), int(m[3])), unit
            if unit == "W":
                return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), unit
            if unit in ("Q", "H2"):
                return dt.date(int(m[1]), (int(m[2]) - 1) * (3 if unit == "Q" else 6) + 1, 1), unit
            if unit == "M":
                return dt.date(int(m[1]), int(m[2]), 1), unit
            return dt.date(int(m[1]), 1, 1), unit
        except ValueError:
            return None
    return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _nearest(cands: list[dt.date], anchor: dt.date, direction: int, *, within: int = 0) -> dt.date | None:
    """The candidate nearest ``anchor`` on the side ``direction`` gives, among those at most ``within`` days away
    (both sides when 0 or none is that near, a future one then counting twice as far as a past one: news mostly
    tell the past)."""
    if direction:
        side = [d for d in cands if (d - anchor).days * direction >= 0 and abs((d - anchor).days) <= within]
        cands = side or cands
    return min(cands, key=lambda d: ((anchor - d).days if d <= anchor else 2 * (d - anchor).days, d), default=None)


def with_time(value: str, f: Mapping[str, Any]) -> str:
    """``value`` (a day) with the clock time of the fields, if any: '2020-11-09T14:30', '2020-11-09T14:30Z'.

    A part of the day ('Monday night') is not written into the value: the day is what dates an event."""
    if "hour" in f:
        return f"{value}T{f['hour']:02d}:{f.get('minute', 0):02d}{f.get('zone') or ''}"
    return value


def date_value(f: Mapping[str, Any], a: dt.date | None, *, direction: int = 0) -> Resolved | None:
    """(value, precision, relative) of a date's fields against the anchor ``a``, or None when they make no date."""
    year, month, day, wd, shift = f.get("year"), f.get("month"), f.get("day"), f.get("weekday"), f.get("shift")
    relative = False
    if year is None and "yshift" in f:
        if a is None:
            return None, _P.MONTH if month is not None else _P.YEAR, True
        year, relative = a.year + int(f["yshift"]), True
    if "century" in f:
        return f"{int(f['century']) - 1:02d}", _P.UNKNOWN, False
    if "decade" in f or "decade2" in f:
        decade = int(f["decade"]) if "decade" in f else century_for(int(f["decade2"]), a)
        return f"{decade // 10:03d}X", _P.DECADE, False
    if "season" in f:
        return _season_value(str(f["season"]), year, shift, a, relative)
    if "quarter" in f:
        return _part_value(f, year, a, relative, direction)
    if year is not None:
        if month is not None and day is not None:
            d = _safe_date(year, month, day)
            return (with_time(d.isoformat(), f), _P.DAY, relative) if d else None
        if month is not None:
            return f"{year:04d}-{month:02d}", _P.MONTH, relative
        return f"{year:04d}", _P.YEAR, relative
    if "rel" in f or ("hour" in f and month is None and day is None and wd is None):
        if a is None:
            return None, _P.DAY, True
        return with_time((a + dt.timedelta(days=int(f.get("rel") or 0))).isoformat(), f), _P.DAY, True
    precision = _P.DAY if day is not None or wd is not None else _P.MONTH if month is not None else _P.UNKNOWN
    if precision is _P.UNKNOWN:
        return None
    if a is None:
        return None, precision, True
    if month is not None:
        return _month_value(f, a, month, day, shift, direction)
    if day is not None:
        cands = [d for k in range(-3, 4) if (d := _safe_date(*_shift_months(a, k), day))]
        if wd is not None:
            cands = [d for d in cands if d.weekday() == int(wd)] or cands
        best = _nearest(cands, a, direction, within=_DAY_REACH)
        return (with_time(best.isoformat(), f), _P.DAY, True) if best else None
    target = int(wd or 0)
    if f.get("weekend"):  # 'the weekend': the week of its Saturday
        sat = a + dt.timedelta(days=_weekday_delta(a, 5, shift, direction))
        iso = sat.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}-WE", _P.WEEK, True
    return with_time((a + dt.timedelta(days=_weekday_delta(a, target, shift, direction))).isoformat(), f), _P.DAY, True


def _weekday_delta(a: dt.date, target: int, shift: int | None, direction: int) -> int:
    back, fwd = (a.weekday() - target) % 7, (target - a.weekday()) % 7
    if shift is not None and shift < 0:
        delta = -(back or 7)
    elif shift is not None and shift > 0:
        delta = fwd or 7
    elif direction:
        delta = -back if direction < 0 else fwd
    else:
        delta = -back if back <= 2 * fwd else fwd
    return delta


def _month_value(
    f: Mapping[str, Any], a: dt.date, month: int, day: int | None, shift: int | None, direction: int
) -> Resolved | None:
    years = [a.year - 1, a.year, a.year + 1]
    if shift and day is not None:  # 'el pasado 10 de diciembre': the last such day before the anchor
        days = [d for y in years if (d := _safe_date(y, month, day)) and (d - a).days * shift > 0]
        best = max(days, default=None) if shift < 0 else min(days, default=None)
        return (with_time(best.isoformat(), f), _P.DAY, True) if best else None
    if shift is not None:
        years = (
            [a.year]
            if shift == 0
            else [y for y in years if (y, month) < (a.year, a.month)][-1:]
            if shift < 0
            else [y for y in years if (y, month) > (a.year, a.month)][:1]
        )
        direction = 0
    cands = [d for y in years if (d := _safe_date(y, month, day or 15))]
    if day is None and direction:  # a month points by month, not by its middle day
        same = [d for d in cands if (d.year, d.month) == (a.year, a.month)]
        cands = same or cands
        if same:
            direction = 0
    best = _nearest(cands, a, direction, within=_DAY_REACH if day else _MONTH_REACH)
    if best is None:
        return None
    return (with_time(best.isoformat(), f), _P.DAY, True) if day else (best.isoformat()[:7], _P.MONTH, True)


def _season_value(season: str, year: int | None, shift: int | None, a: dt.date | None, relative: bool) -> Resolved:
    """'2009-SU'; without a year, this season of the anchor's year ('this winter' in October: the coming one),
    or with a shift the one before the current season ('last summer' on 2 September: the previous year's) or the
    next to start."""
    if year is None:
        if a is None:
            return None, _P.MONTH, True
        relative = True
        if not shift:
            year = a.year + (1 if season == "WI" and a.month >= 9 else 0)
        else:
            starts = sorted(
                (dt.date(y, *_SEASON_START[code]), code, y + (1 if code == "WI" else 0))
                for y in range(a.year - 2, a.year + 3)
                for code in _SEASON_START
            )
            current = max(i for i, (d, _, _) in enumerate(starts) if d <= a)
            if shift < 0:
                year = max(y for i, (_, code, y) in enumerate(starts) if i < current and code == season)
            else:
                year = min(y for i, (_, code, y) in enumerate(starts) if i > current and code == season)
    return f"{year:04d}-{season}", _P.MONTH, relative


def _part_value(
    f: Mapping[str, Any], year: int | None, a: dt.date | None, relative: bool, direction: int
) -> Resolved | None:
    """A quarter ('2009-Q4') or, with ``period: H``, a half ('2009-H2'); without a year, the nearest one."""
    half = f.get("period") == "H"
    q, per_year = int(f["quarter"]), 2 if half else 4
    if not 1 <= q <= per_year:
        return None
    letter = "H" if half else "Q"
    if year is not None:
        return f"{year:04d}-{letter}{q}", _P.MONTH, relative
    if a is None:
        return None, _P.MONTH, True
    current = (a.month - 1) // (12 // per_year) + 1
    if direction > 0:
        return f"{a.year if q >= current else a.year + 1:04d}-{letter}{q}", _P.MONTH, True
    return f"{a.year if q <= current else a.year - 1:04d}-{letter}{q}", _P.MONTH, True
