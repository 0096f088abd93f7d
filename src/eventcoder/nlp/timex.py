"""Time expressions: detection by per-language rules, normalisation to ISO 8601 relative to the article date.

The rules are data (``resources/<lang>/time_rules.yaml``): word lists (months,
weekdays, number words, units, relative words...) and templates that combine
them, each with a ``kind`` saying how the matched fields become a value:

* ``date``     -- any of day, month, monthnum, year, weekday, rel (day offset), decade, quarter, shift, hour/minute;
* ``shift``    -- ``{shift} {unit}``: "last month", "la semana pasada" (a calendar unit next to the anchor's);
* ``offset``   -- ``{num} {unit}`` with the rule's ``sign``: "two years ago", "hace 3 días";
* ``duration`` -- ``{num} {unit}`` or ``{vague} {unit}``: "44 días" -> P44D, "casi cuatro horas" -> PT4H;
* ``ref``      -- ``{ref}``: "now" -> PRESENT_REF, "recently" -> PAST_REF;
* ``skip``     -- consumes text that must not be read as a time ("por la mañana" is not "tomorrow").

Conventions: a date without a year takes the year that puts it nearest the anchor,
a future date counting twice as far as a past one (news mostly tell the past); a
weekday alone is the nearest such day, by the same measure; a day
with a weekday but no month ("Monday, the 12th") is the nearest date with that day
number, preferring ones falling on that weekday.  Without an anchor, anything that
needs one keeps ``value=None, resolved=False``.  Two dates joined by one of the
language's range connectors become one ``range`` (the left side borrows a missing
year or month from the right side).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from eventcoder.models import Article, DatePrecision, Sentence, TimeExpression, TimexKind
from eventcoder.nlp.lexicon import compile_template, load_lexicon, words_pattern
from eventcoder.settings import NlpSettings

__all__ = ["TimeRules", "TimeTagger", "TimexSpan", "parse_number", "sentence_index_of", "sentence_lookup", "tag_times"]

KIND = "time_rules"
_NUMERIC_GROUPS = {"day", "monthnum", "year", "decade", "decadeshort", "hour", "minute"}


@dataclass(frozen=True)
class TimexSpan:
    """A time expression in a text, before it is tied to an article (offsets into that text)."""

    start: int
    end: int
    text: str
    kind: TimexKind
    value: str | None
    precision: DatePrecision = DatePrecision.UNKNOWN
    resolved: bool = True
    relative: bool = False
    end_value: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class _Rule:
    kind: str
    regex: re.Pattern[str]
    sign: int
    order: int
    fixed: Mapping[str, Any]


class TimeRules:
    """The compiled rules of one language folder (``resources/<lang>/time_rules.yaml``)."""

    def __init__(self, language: str) -> None:
        self.folder, data = load_lexicon(KIND, language)
        low = {k: _lower_map(v) for k, v in data.items() if isinstance(v, dict) and k != "provenance"}
        self.lex: dict[str, dict[str, Any]] = low
        self.stopwords = {w.lower() for w in data.get("stopwords", [])}
        self.year_cue = _ends_with(data.get("year_cues", []))
        self.year_determiner = _ends_with(data.get("year_determiners", []))
        self.count_cue = _ends_with(data.get("count_cues", []))
        nouns = data.get("count_nouns", [])
        self.count_noun = re.compile(rf"\s+(?:{words_pattern(nouns)})(?!\w)", re.IGNORECASE) if nouns else None
        self.lowercase_stopwords = {w.lower() for w in data.get("lowercase_stopwords", [])}
        joiners = words_pattern(data.get("number_joiners", []))
        numw = words_pattern(low.get("numbers", {}))
        places: dict[str, str] = {
            "day": r"(?:[12]\d|3[01]|0?[1-9])(?:" + data.get("day_suffix", r"(?!x)x") + ")?",
            "monthnum": r"0?[1-9]|1[0-2]",
            "year": r"1[5-9]\d\d|20\d\d|21\d\d",
            "decade": r"(?:1[5-9]|20)\d0",
            "decadeshort": r"\d0",
            "hour": r"[01]?\d|2[0-3]",
            "minute": r"[0-5]\d",
            "num": rf"\d+(?:[.,]\d+)?|(?:{numw})(?:(?:-|\s+|\s+(?:{joiners})\s+)(?:{numw})){{0,3}}",
        }
        for name in ("month", "weekday", "unit", "shift", "rel", "ref", "ordinal", "vague", "part", "decadeword"):
            places[name] = words_pattern(low.get(_LEX_OF.get(name, name), {}))
        self.rules = [
            _Rule(
                str(r["kind"]),
                compile_template(str(r["pattern"]), places),
                int(r.get("sign", -1)),
                i,
                r.get("fields", {}),
            )
            for i, r in enumerate(data.get("rules", []))
        ]
        rng = data.get("range", {})
        prefixes, connectors = words_pattern(rng.get("prefixes", [])), words_pattern(rng.get("connectors", []))
        self.range_between = re.compile(rf"\s*(?:{connectors})\s*", re.IGNORECASE)
        self.range_prefix = re.compile(rf"(?<!\w)(?:{prefixes})\s+$", re.IGNORECASE)
        self.range_left_day = re.compile(
            rf"(?<!\w)(?:(?:{prefixes})\s+)?(\d{{1,2}})\s*(?:{connectors})\s*$", re.IGNORECASE
        )


def _ends_with(words: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern matching text that ends with one of ``words`` (then spaces), or None for no words."""
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{words_pattern(words)})\s*$", re.IGNORECASE)


def _cued(pattern: re.Pattern[str] | None, before: str) -> bool:
    return pattern is not None and pattern.search(before) is not None


def _year_is_date(text: str, m: re.Match[str], rules: TimeRules) -> bool:
    """Whether a match holding only a year is a date here (see ``year_cues`` in the time rules).

    A match that goes on after its digits ('в 1994 году') carries its own year word; otherwise the words before
    the digits (those of the match included: 'de 1500') and the word after decide.
    """
    digits = list(re.finditer(r"\d{4}", m.group(0)))
    if not digits or digits[-1].end() != len(m.group(0)):
        return True
    start, end = m.start() + digits[-1].start(), m.end()
    year = int(digits[-1].group(0))
    before = text[max(0, start - 40) : start]
    if _cued(rules.count_cue, before):
        return False
    if _cued(rules.year_cue, before):
        return True
    if not 1900 <= year <= 2099:
        return False
    if _cued(rules.year_determiner, before):
        return True
    return rules.count_noun is None or rules.count_noun.match(text, end) is None


_LEX_OF = {
    "month": "months",
    "weekday": "weekdays",
    "unit": "units",
    "shift": "shifts",
    "rel": "relative_days",
    "ref": "refs",
    "ordinal": "ordinals",
    "vague": "vague_counts",
    "part": "parts_of_day",
    "decadeword": "decade_words",
}


def _lower_map(value: dict[Any, Any]) -> dict[str, Any]:
    return {" ".join(str(k).lower().split()): v for k, v in value.items()}


@lru_cache(maxsize=16)
def _rules_for(language: str) -> TimeRules:
    return TimeRules(language)


def tag_times(text: str, *, language: str, anchor: dt.date | None, merge_ranges: bool = True) -> list[TimexSpan]:
    """Find and normalise the time expressions of ``text`` written in ``language``.

    ``anchor`` is the date relative expressions refer to (the article's date), or
    None.  Returns non-overlapping ``TimexSpan`` records in text order, offsets into
    ``text``.  With ``merge_ranges=False`` the two ends of a range stay separate.
    """
    rules = _rules_for(language)
    cands: list[tuple[int, int, int, TimexSpan]] = []
    for rule in rules.rules:
        for m in rule.regex.finditer(text):
            if m.end() == m.start():
                continue
            low = m.group(0).lower()
            if low in rules.stopwords or (low in rules.lowercase_stopwords and m.group(0) == low):
                continue
            span = _interpret(rule, m, rules, anchor)
            if span is not None and set(span.fields) == {"year"} and not _year_is_date(text, m, rules):
                continue
            if span is not None:
                cands.append((-(m.end() - m.start()), rule.order, m.start(), span))
    chosen: list[TimexSpan] = []
    taken: list[tuple[int, int]] = []
    for _, _, _, span in sorted(cands, key=lambda c: (c[0], c[1], c[2])):
        if all(span.end <= s or span.start >= e for s, e in taken):
            taken.append((span.start, span.end))
            chosen.append(span)
    chosen.sort(key=lambda s: s.start)
    if merge_ranges:
        chosen = _merge_ranges(text, chosen, rules, anchor)
    return [s for s in chosen if s.fields.get("_skip") is None]


def _interpret(rule: _Rule, m: re.Match[str], rules: TimeRules, anchor: dt.date | None) -> TimexSpan | None:
    start, end, text = m.start(), m.end(), m.group(0)
    if rule.kind == "skip":
        return TimexSpan(start, end, text, TimexKind.DATE, None, fields={"_skip": True})
    fields = {**rule.fixed, **_fields({k: v for k, v in m.groupdict().items() if v is not None}, rules)}
    if rule.kind == "ref":
        return TimexSpan(start, end, text, TimexKind.DATE, str(fields["ref"]), relative=True, fields=fields)
    if rule.kind == "duration":
        value = _duration_value(fields.get("num"), str(fields["unit"]))
        return TimexSpan(start, end, text, TimexKind.DURATION, value, fields=fields)
    res: _Resolved | None
    if rule.kind == "offset":
        if fields.get("num") is None:
            vague = "PAST_REF" if rule.sign < 0 else "FUTURE_REF"
            return TimexSpan(start, end, text, TimexKind.DATE, vague, relative=True, fields=fields)
        res = _offset_value(anchor, float(fields["num"]) * rule.sign, str(fields["unit"]))
    elif rule.kind == "shift":
        res = _shift_value(anchor, int(fields["shift"]), str(fields["unit"]))
    else:
        res = _date_value(fields, anchor)
    if res is None:
        return None
    resolved_value, precision, relative = res
    return TimexSpan(
        start,
        end,
        text,
        TimexKind.DATE,
        resolved_value,
        precision=precision,
        resolved=resolved_value is not None,
        relative=relative,
        fields=fields,
    )


def _fields(groups: Mapping[str, str], rules: TimeRules) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in groups.items():
        key = name.rstrip("0123456789")
        if key in _NUMERIC_GROUPS:
            out[key] = int(re.match(r"\d+", raw).group(0))  # type: ignore[union-attr]
        elif key == "num":
            out[key] = parse_number(raw, rules.lex.get("numbers", {}))
        elif key in _LEX_OF:
            out[key] = rules.lex.get(_LEX_OF[key], {}).get(" ".join(raw.lower().split()))
    if "monthnum" in out:
        out["month"] = out.pop("monthnum")
    if "decadeshort" in out:
        out["decade"] = _century_for(out.pop("decadeshort"))
    if "decadeword" in out:
        out["decade"] = _century_for(int(out.pop("decadeword")))
    if "ordinal" in out:
        out["quarter"] = out.pop("ordinal")
    return out


def _merge_ranges(text: str, spans: list[TimexSpan], rules: TimeRules, anchor: dt.date | None) -> list[TimexSpan]:
    out: list[TimexSpan] = []
    for span in spans:
        left = out[-1] if out else None
        if _is_date(span):
            gap = text[left.end : span.start] if left is not None else ""
            if left is not None and _is_date(left) and rules.range_between.fullmatch(gap):
                out[-1] = _as_range(text, left, span, rules, anchor)
                continue
            bare = (
                rules.range_left_day.search(text, max(0, span.start - 40), span.start) if "day" in span.fields else None
            )
            if bare is not None and bare.end() == span.start and (left is None or left.end <= bare.start()):
                stub = TimexSpan(
                    bare.start(1), bare.end(1), bare.group(1), TimexKind.DATE, None, fields={"day": int(bare.group(1))}
                )
                merged = _as_range(text, stub, span, rules, anchor)
                out.append(replace(merged, start=bare.start(), text=text[bare.start() : merged.end]))
                continue
        out.append(span)
    return out


def _is_date(span: TimexSpan) -> bool:
    return span.kind is TimexKind.DATE and "ref" not in span.fields and "_skip" not in span.fields


def _as_range(text: str, left: TimexSpan, right: TimexSpan, rules: TimeRules, anchor: dt.date | None) -> TimexSpan:
    fields = dict(left.fields)
    for key in ("month", "year"):
        if key not in fields and key in right.fields and ("day" in fields or key == "year"):
            fields[key] = right.fields[key]
    if "year" in fields and "year" not in left.fields and fields.get("month", 0) > right.fields.get("month", 13):
        fields["year"] -= 1
    res = _date_value(fields, anchor) if fields != left.fields else (left.value, left.precision, left.relative)
    value, precision, relative = res if res is not None else (left.value, left.precision, left.relative)
    start = left.start
    prefix = rules.range_prefix.search(text, max(0, start - 40), start)
    if prefix is not None and prefix.end() == start:
        start = prefix.start()
    return TimexSpan(
        start,
        right.end,
        text[start : right.end],
        TimexKind.RANGE,
        value,
        precision=precision,
        resolved=value is not None and right.value is not None,
        relative=relative or right.relative,
        end_value=right.value,
        fields=fields,
    )


def _record(article_id: str, s: TimexSpan, sentence_index: int) -> TimeExpression:
    return TimeExpression(
        start=s.start,
        end=s.end,
        text=s.text,
        article_id=article_id,
        sentence_index=sentence_index,
        kind=s.kind,
        value=s.value,
        end_value=s.end_value,
        precision=s.precision,
        resolved=s.resolved,
        relative=s.relative,
    )


def sentence_index_of(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence (given by sorted start offsets) containing ``offset``; 0 when there are none."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def sentence_lookup(sentences: Sequence[Sentence]) -> Callable[[int], int]:
    """A function giving the ``Sentence.index`` of the sentence containing an offset (0 when there are none)."""
    by_start = sorted((s.start, s.index) for s in sentences)
    starts = [s for s, _ in by_start]

    def index_of(offset: int) -> int:
        return by_start[sentence_index_of(starts, offset)][1] if starts else 0

    return index_of


class TimeTagger:
    """Stage: the time expressions of each article, normalised against ``Article.published``."""

    def __init__(self, settings: NlpSettings) -> None:
        self.settings = settings

    def __call__(self, docs: Sequence[tuple[Article, Sequence[Sentence]]]) -> list[list[TimeExpression]]:
        """For each (article, sentences) pair, the article's ``TimeExpression`` records in text order."""
        out: list[list[TimeExpression]] = []
        for article, sentences in docs:
            index_of = sentence_lookup(sentences)
            found = tag_times(article.text, language=article.language, anchor=article.published)
            out.append([_record(article.id, span, index_of(span.start)) for span in found])
        return out


# --------------------------------------------------------------------------- values

_Resolved = tuple[str | None, DatePrecision, bool]
_P = DatePrecision
_UNIT_PRECISION = {"Y": _P.YEAR, "M": _P.MONTH, "W": _P.WEEK, "D": _P.DAY, "Q": _P.MONTH, "DE": _P.DECADE}
_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}


def parse_number(raw: str, numbers: Mapping[str, Any]) -> float | None:
    """The value of digits ('3', '2.5', '2,5') or number words ('twenty-five', 'treinta y dos') given a word table."""
    raw = raw.strip()
    if raw[:1].isdigit():
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


def _century_for(two_digits: int) -> int:
    return (1900 if two_digits >= 30 else 2000) + two_digits


def _duration_value(num: float | None, unit: str) -> str:
    if unit in ("DE", "C", "Q"):
        factor, unit = {"DE": (10, "Y"), "C": (100, "Y"), "Q": (3, "M")}[unit]
        num = None if num is None else num * factor
    n = "X" if num is None else _fmt(num)
    return f"PT{n}{_TIME_UNITS[unit]}" if unit in _TIME_UNITS else f"P{n}{unit}"


def _shift_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _calendar_value(day: dt.date, unit: str) -> _Resolved:
    if unit == "Y":
        return f"{day.year:04d}", _P.YEAR, True
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}", _P.MONTH, True
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}", _P.MONTH, True
    if unit == "W":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}", _P.WEEK, True
    if unit in ("DE", "C"):
        return f"{day.year // 10:03d}X", _P.DECADE, True
    return day.isoformat(), _P.DAY, True


def _moved(anchor: dt.date, amount: int, unit: str) -> dt.date:
    if unit in ("Y", "DE", "C", "M", "Q"):
        months = amount * {"Y": 12, "DE": 120, "C": 1200, "M": 1, "Q": 3}[unit]
        y, m = _shift_months(anchor, months)
        return dt.date(y, m, 1)
    days = amount * (7 if unit == "W" else 1 if unit == "D" else 0)
    return anchor + dt.timedelta(days=days)


def _offset_value(anchor: dt.date | None, amount: float, unit: str) -> _Resolved:
    calendar_unit = "D" if unit in ("W", *_TIME_UNITS) else unit
    if anchor is None:
        return None, _UNIT_PRECISION.get(calendar_unit, _P.DAY), True
    return _calendar_value(_moved(anchor, round(amount), unit), calendar_unit)


def _shift_value(anchor: dt.date | None, shift: int, unit: str) -> _Resolved:
    calendar_unit = "D" if unit in _TIME_UNITS else unit
    if anchor is None:
        return None, _UNIT_PRECISION.get(calendar_unit, _P.DAY), True
    return _calendar_value(_moved(anchor, shift, unit), calendar_unit)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _nearest(cands: list[dt.date], anchor: dt.date) -> dt.date | None:
    """The candidate nearest ``anchor``, a future one counting twice as far as a past one (news tell the past)."""
    return min(cands, key=lambda d: ((anchor - d).days if d <= anchor else 2 * (d - anchor).days, d), default=None)


def _with_time(value: str, f: Mapping[str, Any]) -> str:
    return f"{value}T{f['hour']:02d}:{f.get('minute', 0):02d}" if "hour" in f else value


def _date_value(f: Mapping[str, Any], a: dt.date | None) -> _Resolved | None:
    """(value, precision, relative) of a date's fields, or None when the fields make no date."""
    year, month, day, wd, shift = f.get("year"), f.get("month"), f.get("day"), f.get("weekday"), f.get("shift")
    if "decade" in f:
        return f"{int(f['decade']) // 10:03d}X", _P.DECADE, False
    if "quarter" in f:
        q = int(f["quarter"])
        if not 1 <= q <= 4:
            return None
        if year is not None:
            return f"{year:04d}-Q{q}", _P.MONTH, False
        if a is None:
            return None, _P.MONTH, True
        return f"{a.year if q <= (a.month - 1) // 3 + 1 else a.year - 1:04d}-Q{q}", _P.MONTH, True
    if year is not None:
        if month is not None and day is not None:
            d = _safe_date(year, month, day)
            return (_with_time(d.isoformat(), f), _P.DAY, False) if d else None
        return (f"{year:04d}-{month:02d}", _P.MONTH, False) if month is not None else (f"{year:04d}", _P.YEAR, False)
    if "rel" in f or ("hour" in f and month is None and day is None and wd is None):
        if a is None:
            return None, _P.DAY, True
        return _with_time((a + dt.timedelta(days=int(f.get("rel") or 0))).isoformat(), f), _P.DAY, True
    precision = _P.DAY if day is not None or wd is not None else _P.MONTH if month is not None else _P.UNKNOWN
    if precision is _P.UNKNOWN:
        return None
    if a is None:
        return None, precision, True
    if month is not None:
        years = [a.year - 1, a.year, a.year + 1]
        if shift is not None:
            years = (
                [a.year]
                if shift == 0
                else [y for y in years if (y, month) < (a.year, a.month)][-1:]
                if shift < 0
                else [y for y in years if (y, month) > (a.year, a.month)][:1]
            )
        cands = [d for y in years if (d := _safe_date(y, month, day or 15))]
        best = _nearest(cands, a)
        if best is None:
            return None
        return (_with_time(best.isoformat(), f), _P.DAY, True) if day else (best.isoformat()[:7], _P.MONTH, True)
    if day is not None:
        cands = [d for k in range(-3, 4) if (d := _safe_date(*_shift_months(a, k), day))]
        if wd is not None:
            cands = [d for d in cands if d.weekday() == int(wd)] or cands
        best = _nearest(cands, a)
        return (_with_time(best.isoformat(), f), _P.DAY, True) if best else None
    target = int(wd or 0)
    back, fwd = (a.weekday() - target) % 7, (target - a.weekday()) % 7
    if shift is not None and shift < 0:
        delta = -(back or 7)
    elif shift is not None and shift > 0:
        delta = fwd or 7
    else:
        delta = -back if back <= 2 * fwd else fwd
    return _with_time((a + dt.timedelta(days=delta)).isoformat(), f), _P.DAY, True
