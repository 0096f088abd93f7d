"""Time expressions: detection by per-language rules, normalisation to TIMEX3 values relative to the article date.

The rules are data (``resources/<lang>/time_rules.yaml``): word lists (months,
weekdays, number words, units, relative words...) and templates that combine
them, each with a ``kind`` saying how the matched fields become a value
(the values themselves are computed in ``eventcoder.nlp.timex_values``):

* ``date``     -- any of day, month, monthnum, year, weekday, rel (day offset), decade, century, quarter (a half
                  with ``period: H``), season, shift, yshift (year step), hour/minute/meridiem/zone, part of day;
* ``shift``    -- ``{shift} {unit}``: "last month", "la semana pasada" (a calendar unit next to the anchor's);
* ``offset``   -- ``{num} {unit}`` with the rule's ``sign``: "two years ago", "hace 3 días";
* ``duration`` -- ``{num} {unit}`` or ``{vague} {unit}``, more parts as ``{num2} {unit2}``: "44 días" -> P44D,
                  "dos años y tres meses" -> P2Y3M;
* ``set``      -- a frequency word ("annual" -> P1Y), ``{unit}`` with an optional ``{num}`` ("every two weeks"
                  -> P2W), a weekday or a month ("each July" -> XXXX-07); TIMEX3 type SET;
* ``anaphor``  -- a period named by the text before it: "that year", "the following day", "ese mismo día"
                  (fields ``unit`` and ``shift``): resolved from the last date mentioned before it, else from
                  the anchor;
* ``ref``      -- ``{ref}``: "now" -> PRESENT_REF, "recently" -> PAST_REF;
* ``skip``     -- consumes text that must not be read as a time ("por la mañana" is not "tomorrow").

A rule may say ``before: REGEX`` (the text before the match must end with it) or ``not_before: REGEX``;
an expression with ``follow: own`` (or ``follow: N``) moves the quarter or half mentioned just before it, when
there is one, by its own amount (or by N of its unit) instead of moving the anchor ("profit rose in the third
quarter from $2 a year earlier" -> the third quarter of last year; "the latest quarter", ``follow: 0``, is the
quarter just named).

Conventions: a date without a year takes the year that puts it nearest the anchor,
a future date counting twice as far as a past one (news mostly tell the past); a
weekday alone is the nearest such day, by the same measure; a day
with a weekday but no month ("Monday, the 12th") is the nearest date with that day
number, preferring ones falling on that weekday.  When the sentence's verb nearest to
such a weekday, month or day shows a tense (``tense_cues`` of the rules: "will", "-rá",
"said"), the past or the future side is taken instead.  Without an anchor, anything that
needs one keeps ``value=None, resolved=False``.  A clock time next to a day ("5 p.m. EST
Nov. 9", "las seis de la mañana de ayer") becomes one expression.  Two dates joined by one
of the language's range connectors become one ``range`` (the left side borrows a missing
year or month from the right side); with ranges left unmerged, a bare left day ("del 7 al
11 de septiembre") is still its own date.
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
from eventcoder.nlp.lexicon import compile_template, load_lexicon, trie_pattern, words_pattern
from eventcoder.nlp.timex_values import (
    calendar_value,
    date_value,
    duration_value,
    moved,
    offset_value,
    parse_number,
    set_value,
    shift_value,
    value_date,
    with_time,
)
from eventcoder.settings import NlpSettings

__all__ = ["TimeRules", "TimeTagger", "TimexSpan", "parse_number", "sentence_index_of", "sentence_lookup", "tag_times"]

KIND = "time_rules"
_NUMERIC_GROUPS = {"day", "monthnum", "year", "decade", "decadeshort", "hour", "minute"}
_NUMBER_GROUPS = {"num", "hourw", "yearnum", "yearhi", "yearlo"}
_AFTER_PENALTY = 40  # characters: a tense cue after the expression counts as this much farther than one before
_AFTER_REACH = 12  # characters: how far after the expression a tense cue may be
_FOLLOW_WINDOW = 300  # characters: how far back a quarter or half may be for ``follow`` rules
_DAY_WINDOW = 150  # characters: how far back the date may be that a bare day number or clock time belongs to
_NAME_BEFORE = re.compile(r"(?<=\w\s)[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zß-öø-ÿа-яё]+\s+$")  # a capital not starting a sentence
_WINDOW = 30  # characters around an anchor word where rules are run; longer than any match's words beside it
_NOT_ANCHORS = {"vague_counts", "shifts", "ordinals", "day_words"}
_FIXED_FIELDS = ("year", "yshift", "rel", "decade", "decade2", "century", "season")
_GRAIN = {"D": 0, "W": 1, "M": 2, "Q": 3, "H2": 4, "Y": 5}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


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
    before: re.Pattern[str] | None
    not_before: re.Pattern[str] | None


_LEX_OF = {
    "month": "months",
    "weekday": "weekdays",
    "unit": "units",
    "shift": "shifts",
    "yshift": "shifts",
    "rel": "relative_days",
    "ref": "refs",
    "ordinal": "ordinals",
    "vague": "vague_counts",
    "part": "parts_of_day",
    "decadeword": "decade_words",
    "season": "seasons",
    "meridiem": "meridiems",
    "zone": "zones",
    "clock": "clock_words",
    "frequency": "frequencies",
    "dayword": "day_words",
    "centuryword": "day_words",
    "punit": "plural_units",
    "holiday": "holidays",
}


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
        self.names_before_years = bool(data.get("names_before_years", False))
        joiners = words_pattern(data.get("number_joiners", []))
        numw = trie_pattern(low.get("numbers", {}))
        number = rf"(?:{numw})(?:(?:-|\s+|\s+(?:{joiners})\s+)(?:{numw})){{0,3}}"
        places: dict[str, str] = {
            "day": r"(?:[12]\d|3[01]|0?[1-9])(?:" + data.get("day_suffix", r"(?!x)x") + ")?",
            "monthnum": r"0?[1-9]|1[0-2]",
            "year": r"1[5-9]\d\d|20\d\d|21\d\d",
            "decade": r"(?:1[5-9]|20)\d0",
            "decadeshort": r"\d0",
            "hour": r"[01]?\d|2[0-3]",
            "minute": r"[0-5]\d",
            "num": rf"\d+(?:[.,]\d+)?(?:\s+\d/\d)?|{number}",
            "hourw": number,
            "yearnum": number,
            "yearhi": numw,
            "yearlo": rf"(?:{numw})(?:-(?:{numw}))?",
            "century": r"(?-i:[IVXL]{1,6})|[12]?\d(?:" + data.get("day_suffix", r"(?!x)x") + ")?",
        }
        lowercase = {w.lower() for w in data.get("lowercase_stopwords", [])}  # 'may', 'march': only capitalised
        guard = rf"(?!(?-i:{words_pattern(lowercase)})(?!\w))"
        for name in _LEX_OF:
            table = low.get(_LEX_OF[name], {})
            places[name] = (guard if lowercase & set(table) else "") + trie_pattern(table)
        self.rules = [
            _Rule(
                str(r["kind"]),
                compile_template(str(r["pattern"]), places),
                int(r.get("sign", -1)),
                i,
                r.get("fields", {}),
                re.compile(rf"(?:{r['before']})\s*$", re.IGNORECASE) if r.get("before") else None,
                re.compile(rf"(?:{r['not_before']})\s*$", re.IGNORECASE) if r.get("not_before") else None,
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
        joiner = words_pattern(data.get("time_joiners", []))
        self.time_joiner = re.compile(rf"\s*(?:(?:{joiner})\s*)?", re.IGNORECASE)
        tense = data.get("tense_cues", {})
        past, future = "|".join(tense.get("past", [])), "|".join(tense.get("future", []))
        cues = rf"(?P<future>{future or '(?!x)x'})|(?P<past>{past or '(?!x)x'})"  # future first: 'is expected to'
        self.tense = re.compile(rf"(?<!\w)(?:{cues})(?!\w)", re.IGNORECASE) if past or future else None
        self.anchor = _anchor_pattern(data, low)


def _anchor_pattern(data: Mapping[str, Any], low: Mapping[str, Mapping[str, Any]]) -> re.Pattern[str]:
    """Where a match can be: digits, the words of the lexicons a rule needs (not bare numbers, counts or shifts,
    which never make a time alone) and the longer literal words of the rule templates.  Every match holds one of
    these, so the rules only run in windows around them (``_windows``): same result, a fraction of the scanning."""
    words: set[str] = set()
    for name, table in low.items():
        if name == "numbers":  # a spelled year starts with one of these ('nineteen ninety-six')
            words.update(w for w, v in table.items() if isinstance(v, int | float) and v >= 10)
        elif name not in _NOT_ANCHORS:
            words.update(table)
    for r in data.get("rules", []):
        literal = re.sub(r"\{[a-z_]+\d?\}|\\[a-zA-Z]", " ", str(r["pattern"]))
        words.update(w.lower() for w in re.findall(r"[^\W\d_]{4,}", literal))
    return re.compile(rf"\d|(?<!\w)(?:{trie_pattern(words)})", re.IGNORECASE)


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
    if re.search(r"\d[.,]$", before) or re.match(r"[.,]\d", text[end : end + 2]):
        return False  # a part of a number: '4,1956', '2.000,50'
    if _cued(rules.count_cue, before):
        return False
    if _cued(rules.year_cue, before):
        return True
    if rules.names_before_years and _NAME_BEFORE.search(before):
        return False  # a name: 'the Russell 2000', 'Agenda 2000'

    if not 1900 <= year <= 2099:
        return False
    if _cued(rules.year_determiner, before):
        return True
    return rules.count_noun is None or rules.count_noun.match(text, end) is None


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
    windows = _windows(text, rules.anchor)
    for rule in rules.rules:
        for m in _matches(rule.regex, text, windows):
            low = m.group(0).lower()
            if low in rules.stopwords or (low in rules.lowercase_stopwords and m.group(0) == low):
                continue
            if not _context_allows(rule, text, m.start()):
                continue
            span = _interpret(rule, m, rules, anchor, text)
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
    chosen = _resolve_references(chosen, anchor)
    chosen = _join_times(text, chosen, rules)
    chosen = _merge_ranges(text, chosen, rules, anchor, merge=merge_ranges)
    return [s for s in chosen if s.fields.get("_skip") is None]


def _windows(text: str, anchor: re.Pattern[str]) -> list[tuple[int, int]]:
    """Stretches of ``text`` around the anchor words, merged, their ends moved out to a space."""
    out: list[tuple[int, int]] = []
    for m in anchor.finditer(text):
        start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    spaced: list[tuple[int, int]] = []
    for start, end in out:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        spaced.append((start, end))
    return spaced


def _matches(regex: re.Pattern[str], text: str, windows: list[tuple[int, int]]) -> list[re.Match[str]]:
    """The non-empty matches of ``regex`` in the windows; one that reaches a window's end is matched again on
    the whole text, so that nothing after the window could have made it longer."""
    out: list[re.Match[str]] = []
    for start, end in windows:
        for m in regex.finditer(text, start, end):
            if m.end() == end < len(text):
                m = regex.match(text, m.start()) or m
            if m.end() > m.start():
                out.append(m)
    return out


def _context_allows(rule: _Rule, text: str, start: int) -> bool:
    if rule.before is None and rule.not_before is None:
        return True
    before = text[max(0, start - 60) : start]
    if rule.before is not None and rule.before.search(before) is None:
        return False
    return rule.not_before is None or rule.not_before.search(before) is None


def _interpret(rule: _Rule, m: re.Match[str], rules: TimeRules, anchor: dt.date | None, text: str) -> TimexSpan | None:
    start, end, matched = m.start(), m.end(), m.group(0)
    if rule.kind == "skip":
        return TimexSpan(start, end, matched, TimexKind.DATE, None, fields={"_skip": True})
    fields = {**rule.fixed, **_fields({k: v for k, v in m.groupdict().items() if v is not None}, rules)}
    if "add" in fields and fields.get("num") is not None:  # 'two and a half weeks': the rule adds the half
        fields["num"] = float(fields["num"]) + float(fields.pop("add"))
    if rule.kind == "ref":
        return TimexSpan(start, end, matched, TimexKind.DATE, str(fields["ref"]), relative=True, fields=fields)
    if rule.kind == "duration":
        parts = [(fields.get(f"num{i}"), str(fields[f"unit{i}"])) for i in ("", "2", "3") if f"unit{i}" in fields]
        return TimexSpan(start, end, matched, TimexKind.DURATION, duration_value(parts), fields=fields)
    if rule.kind == "set":
        value = set_value(fields)
        return TimexSpan(start, end, matched, TimexKind.SET, value, fields=fields) if value else None
    res: tuple[str | None, DatePrecision, bool] | None
    if rule.kind == "offset":
        if fields.get("num") is None:
            vague = "PAST_REF" if rule.sign < 0 else "FUTURE_REF"
            return TimexSpan(start, end, matched, TimexKind.DATE, vague, relative=True, fields=fields)
        fields["_amount"] = float(fields["num"]) * rule.sign
        res = offset_value(anchor, fields["_amount"], str(fields["unit"]))
    elif rule.kind == "shift":
        res = shift_value(anchor, int(fields["shift"]), str(fields["unit"]))
    elif rule.kind == "anaphor":
        fields["_anaphor"] = True
        res = shift_value(anchor, int(fields.get("shift", 0)), str(fields["unit"]))
    else:
        res = date_value(fields, anchor, direction=_direction(text, start, end, rules) if _points(fields) else 0)
    if res is None:
        return None
    value, precision, relative = res
    return TimexSpan(
        start,
        end,
        matched,
        TimexKind.DATE,
        value,
        precision=precision,
        resolved=value is not None,
        relative=relative,
        fields=fields,
    )


def _fields(groups: Mapping[str, str], rules: TimeRules) -> dict[str, Any]:
    out: dict[str, Any] = {}
    numbers = rules.lex.get("numbers", {})
    for name, raw in groups.items():
        key = name.rstrip("0123456789")
        if key in _NUMERIC_GROUPS:
            out[key] = int(re.match(r"\d+", raw).group(0))  # type: ignore[union-attr]
        elif key in _NUMBER_GROUPS:
            out[name] = parse_number(raw, numbers)
        elif key == "century":
            out[key] = _roman(raw) if raw.isalpha() else int(re.match(r"\d+", raw).group(0))  # type: ignore[union-attr]
        elif key in _LEX_OF:
            word = " ".join(raw.lower().split())
            out[name if key == "unit" else key] = rules.lex.get(_LEX_OF[key], {}).get(word)
    if "monthnum" in out:
        out["month"] = out.pop("monthnum")
    if "decadeshort" in out:
        out["decade2"] = out.pop("decadeshort")
    if "decadeword" in out:
        out["decade2"] = int(out.pop("decadeword"))
    if "ordinal" in out:
        out["quarter"] = out.pop("ordinal")
    if "dayword" in out:
        out["day"] = out.pop("dayword")
    if "centuryword" in out:
        out["century"] = out.pop("centuryword")
    if "punit" in out:
        out["unit"] = out.pop("punit")
    if isinstance(out.get("holiday"), str):  # "12-25": a fixed day of the year
        month, _, day = out.pop("holiday").partition("-")
        out["month"], out["day"] = int(month), int(day)
    if isinstance(out.get("rel"), str):  # "-1 NI": a day offset with a part of the day
        offset, _, part = out["rel"].partition(" ")
        out["rel"] = int(offset)
        if part:
            out.setdefault("part", part)
    _time_fields(out)
    _year_fields(out)
    return out


def _time_fields(out: dict[str, Any]) -> None:
    clock = out.pop("clock", None)
    if clock is not None:
        hour, _, minute = str(clock).partition(":")
        out["hour"], out["minute"] = int(hour), int(minute or 0)
    if out.get("hourw") is not None:
        out["hour"] = int(out.pop("hourw"))
    out.pop("hourw", None)
    meridiem = out.pop("meridiem", None)
    if "hour" in out and meridiem == "pm" and out["hour"] < 12:
        out["hour"] += 12
    elif "hour" in out and meridiem == "am" and out["hour"] == 12:
        out["hour"] = 0
    if "hour" in out and not 0 <= out["hour"] <= 24:
        del out["hour"]


def _year_fields(out: dict[str, Any]) -> None:
    hi, lo, num = out.pop("yearhi", None), out.pop("yearlo", None), out.pop("yearnum", None)
    if hi is not None and lo is not None and 10 <= hi <= 20 and 0 < lo < 100:
        out["year"] = int(hi * 100 + lo)
    elif num is not None and 1000 <= num <= 2100 and float(num).is_integer():
        out["year"] = int(num)


def _roman(raw: str) -> int:
    values = [_ROMAN.get(c, 0) for c in raw.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _points(fields: Mapping[str, Any]) -> bool:
    """Whether a date's direction from the anchor is open: a bare weekday, month or day."""
    if fields.get("shift") or any(k in fields for k in _FIXED_FIELDS):
        return False
    return any(k in fields for k in ("weekday", "month", "day"))


def _direction(text: str, start: int, end: int, rules: TimeRules) -> int:
    """-1 (past) or 1 (future) by the tense cue of the sentence nearest to ``text[start:end]``; 0 without one."""
    if rules.tense is None:
        return 0
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start)) + 1
    ends = [i for i in (text.find(". ", end), text.find("\n", end), text.find("? ", end)) if i >= 0]
    hi = min(ends) if ends else len(text)
    best: tuple[int, int] | None = None
    for m in rules.tense.finditer(text, lo, hi):
        if m.start() < end and m.end() > start:
            continue
        gap = start - m.end() if m.end() <= start else _AFTER_PENALTY + m.start() - end
        if m.start() >= end and m.start() - end > _AFTER_REACH:
            continue
        if best is None or gap < best[0]:
            best = (gap, -1 if m.group("past") is not None else 1)
    return best[1] if best else 0


# --------------------------------------------------------------------------- passes over the chosen spans


def _is_date(span: TimexSpan) -> bool:
    return span.kind is TimexKind.DATE and "ref" not in span.fields and "_skip" not in span.fields


def _resolve_references(spans: list[TimexSpan], anchor: dt.date | None) -> list[TimexSpan]:
    """Anaphors ('that year') and ``follow`` offsets, from the last date before them (in text order)."""
    out: list[TimexSpan] = []
    ref: TimexSpan | None = None
    for span in spans:
        f = span.fields
        if f.get("_anaphor") or "follow" in f:
            span = _from_reference(span, ref, anchor)
        elif ref is not None and _is_date(span) and span.start - ref.end <= _DAY_WINDOW:
            span = _within_reference(span, ref)
        if _is_date(span) and value_date(span.value) is not None and "follow" not in f:
            ref = span
        out.append(span)
    return out


def _from_reference(span: TimexSpan, ref: TimexSpan | None, anchor: dt.date | None) -> TimexSpan:
    f = span.fields
    base = value_date(ref.value) if ref is not None else None
    near = ref is not None and span.start - ref.end <= _FOLLOW_WINDOW
    if "follow" in f and base is not None and near and base[1] in ("Q", "H2"):
        own = f.get("_amount", float(f.get("shift", 0)))
        amount = round(own if f["follow"] == "own" else float(f["follow"]))
        unit = str(f.get("unit", "Y"))
        value = calendar_value(moved(base[0], amount, unit), base[1])[0]
        return replace(span, value=value, precision=DatePrecision.MONTH, resolved=True, relative=True)
    if not f.get("_anaphor") or "follow" in f:
        return span  # resolved against the anchor
    unit, shift = str(f["unit"]), int(f.get("shift", 0))
    if base is None or _GRAIN.get(base[1], 9) > _GRAIN.get(unit, 0):
        return span  # already resolved against the anchor
    value, precision, _ = calendar_value(moved(base[0], shift, unit), unit)
    return replace(span, value=value, precision=precision, resolved=True, relative=True)


def _within_reference(span: TimexSpan, ref: TimexSpan) -> TimexSpan:
    """A bare day number ('el día 12') in the month of the date just named, a clock time alone on its day."""
    f, base = span.fields, value_date(ref.value)
    if base is None or any(k in f for k in ("month", "year", "yshift", "rel", "weekday", "shift")):
        return span
    if "day" in f and base[1] in ("D", "M"):
        day = _safe_day(base[0], int(f["day"]))
        if day is not None:
            return replace(span, value=with_time(day.isoformat(), f), precision=DatePrecision.DAY, relative=True)
    if _time_only(span) and base[1] == "D":
        return replace(span, value=with_time(base[0].isoformat(), f), relative=True)
    return span


def _safe_day(month: dt.date, day: int) -> dt.date | None:
    try:
        return month.replace(day=day)
    except ValueError:
        return None


def _time_only(span: TimexSpan) -> bool:
    f = span.fields
    return "hour" in f and not any(k in f for k in ("day", "month", "weekday", "rel", "year", "yshift"))


def _day_date(span: TimexSpan) -> bool:
    return _is_date(span) and "hour" not in span.fields and (value_date(span.value) or (None, ""))[1] == "D"


def _join_times(text: str, spans: list[TimexSpan], rules: TimeRules) -> list[TimexSpan]:
    """A clock time and a day next to each other ('10 p.m. Wednesday', 'las seis de la mañana de ayer') as one."""
    out: list[TimexSpan] = []
    for span in spans:
        left = out[-1] if out else None
        if left is not None and rules.time_joiner.fullmatch(text, left.end, span.start):
            time, day = (left, span) if _time_only(left) else (span, left)
            if _time_only(time) and _day_date(day) and day.value is not None:
                f = {**day.fields, **{k: time.fields[k] for k in ("hour", "minute", "zone") if k in time.fields}}
                f.pop("part", None)
                out[-1] = TimexSpan(
                    left.start,
                    span.end,
                    text[left.start : span.end],
                    TimexKind.DATE,
                    with_time(day.value[:10], f),
                    precision=DatePrecision.DAY,
                    relative=day.relative,
                    fields=f,
                )
                continue
        out.append(span)
    return out


def _merge_ranges(
    text: str, spans: list[TimexSpan], rules: TimeRules, anchor: dt.date | None, *, merge: bool
) -> list[TimexSpan]:
    """Two dates joined by a range connector become one range (``merge``), or stay two dates, the left one
    completed from the right ('entre enero y marzo de 1998'); a bare left day ('del 7 al 11 de septiembre')
    becomes a range with its right side, or its own date when ranges stay unmerged."""
    out: list[TimexSpan] = []
    for span in spans:
        left = out[-1] if out else None
        if _is_date(span):
            gap = text[left.end : span.start] if left is not None else ""
            if left is not None and _is_date(left) and rules.range_between.fullmatch(gap):
                joined = _as_range(text, left, span, rules, anchor)
                if merge:
                    out[-1] = joined
                    continue
                out[-1] = replace(left, value=joined.value, precision=joined.precision, relative=joined.relative)
            bare = (
                rules.range_left_day.search(text, max(0, span.start - 40), span.start) if "day" in span.fields else None
            )
            if bare is not None and bare.end() == span.start and (left is None or left.end <= bare.start()):
                stub = TimexSpan(
                    bare.start(1), bare.end(1), bare.group(1), TimexKind.DATE, None, fields={"day": int(bare.group(1))}
                )
                merged = _as_range(text, stub, span, rules, anchor)
                if merge:
                    out.append(replace(merged, start=bare.start(), text=text[bare.start() : merged.end]))
                else:
                    end = bare.end(1)
                    out.append(
                        TimexSpan(
                            bare.start(),
                            end,
                            text[bare.start() : end],
                            TimexKind.DATE,
                            merged.value,
                            precision=merged.precision,
                            resolved=merged.value is not None,
                            relative=merged.relative,
                            fields=merged.fields,
                        )
                    )
                    out.append(span)
                continue
        out.append(span)
    return out


def _as_range(text: str, left: TimexSpan, right: TimexSpan, rules: TimeRules, anchor: dt.date | None) -> TimexSpan:
    fields = dict(left.fields)
    for key in ("month", "year"):
        if key not in fields and key in right.fields and ("day" in fields or key == "year"):
            fields[key] = right.fields[key]
    if "month" in fields and "year" not in fields and "day" in fields and right.value and "month" in right.fields:
        year = (value_date(right.value) or (None, ""))[0]
        if year is not None:
            fields["year"] = year.year
    if "year" in fields and "year" not in left.fields and fields.get("month", 0) > right.fields.get("month", 13):
        fields["year"] -= 1
    res = date_value(fields, anchor) if fields != left.fields else (left.value, left.precision, left.relative)
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
