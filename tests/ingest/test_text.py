"""Text normalisation, article ids, metadata dates and the text header convention."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.ingest import article_id, normalise_text, parse_date
from eventcoder.ingest.readers.plain import split_header, strip_markdown


def test_normalise_text() -> None:
    raw = "\ufeff  Cafe\u0301 uno.  \r\nDos\t \r\n\r\n\r\n\r\n\u00a0\nTres\rCuatro\n\n"
    assert normalise_text(raw) == "Café uno.\nDos\n\nTres\nCuatro"


def test_article_id_ignores_spacing_case_and_composition() -> None:
    a = article_id("Café uno.\n\nDos")
    assert a == article_id("  CAFE\u0301   UNO.\nDos ")
    assert a.startswith("a_") and len(a) == 18
    assert a != article_id("Café uno. Tres")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-09-14", dt.date(2022, 9, 14)),
        ("2022-09-14T23:30:00-04:00", dt.date(2022, 9, 14)),
        ("2022-09-14T10:00:00Z", dt.date(2022, 9, 14)),
        ("Wed, 14 Sep 2022 23:30:00 -0400", dt.date(2022, 9, 14)),
        ("14 September 2022", dt.date(2022, 9, 14)),
        ("14 de septiembre de 2022", dt.date(2022, 9, 14)),
        ("14 сентября 2022", dt.date(2022, 9, 14)),
        ("September 2022", None),
        ("yesterday", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(raw: str | None, expected: dt.date | None) -> None:
    assert parse_date(raw, languages=("es", "en", "pt", "fr", "ru")) == expected


@pytest.mark.parametrize(
    ("text", "meta", "body"),
    [
        (
            "Title: T\nDATE: 2022-09-14\nsource: S\n\nBody.",
            {"title": "T", "date": "2022-09-14", "source": "S"},
            "Body.",
        ),
        (" date 2022-09-14 Body starts here.\n\nMore.", {"date": "2022-09-14"}, "Body starts here.\n\nMore."),
        ("date 2022-09-14\nurl: https://x.y/a:b\n\nBody.", {"date": "2022-09-14", "url": "https://x.y/a:b"}, "Body."),
        ("Just a body.\n\ntitle: not metadata", {}, "Just a body.\n\ntitle: not metadata"),
        ("Date of the attack was unclear.", {}, "Date of the attack was unclear."),
        ("author: A\n\nBody.", {}, "author: A\n\nBody."),
    ],
)
def test_split_header(text: str, meta: dict[str, str], body: str) -> None:
    assert split_header(text) == (meta, body)


def test_strip_markdown() -> None:
    md = "## Sub\n\n**Bold** and *it* and _em_ with snake_case_name, [link](http://x) ![img](i.png) `code`\n\n---\n"
    assert strip_markdown(md) == "Sub\n\nBold and it and em with snake_case_name, link img code\n\n\n"
