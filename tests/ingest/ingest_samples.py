"""Sample inputs of the ingestion tests: one invented article written in every input format, and helpers."""

from __future__ import annotations

import html
import json
from pathlib import Path

from eventcoder.ingest import Ingestor
from eventcoder.models import Article, SkippedInput

TITLE = "Choques en la frontera norte"
SOURCE = "Diario de Prueba"
URL = "https://example.org/choques"
PARAGRAPHS = (
    "Las tropas de los dos países se enfrentaron de nuevo el lunes por la noche cerca de la frontera norte.",
    "Al menos doce soldados murieron, según fuentes oficiales citadas por la agencia estatal de noticias.",
    "El gobierno pidió calma y anunció una reunión de emergencia con los mediadores internacionales.",
)
BODY = "\n\n".join(PARAGRAPHS)


def as_text() -> str:
    """The article as a .txt file with the corpus's metadata lines."""
    return f"title: {TITLE}\ndate: 2022-09-14\nsource: {SOURCE}\nurl: {URL}\n\n{BODY}\n"


def as_markdown() -> str:
    """The article as Markdown with a '# Title' heading and some emphasis."""
    body = BODY.replace("Al menos doce", "Al menos **doce**").replace(
        "agencia estatal", "[agencia estatal](https://x.y)"
    )
    return f"date: 14 September 2022\nsource: {SOURCE}\n\n# {TITLE}\n\n{body}\n"


def as_html() -> str:
    """The article as a web page with navigation and footer boilerplate."""
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in PARAGRAPHS)
    return (
        "<!DOCTYPE html><html lang='es'><head><meta charset='utf-8'>"
        f"<title>{TITLE} | {SOURCE}</title><meta property='og:site_name' content='{SOURCE}'>"
        f"<meta property='og:title' content='{TITLE}'>"
        "<meta name='date' content='2022-09-14'>"
        f"<link rel='canonical' href='{URL}'></head><body>"
        "<nav><a href='/'>Inicio</a> | <a href='/mundo'>Mundo</a></nav>"
        f"<article><h1>{TITLE}</h1>\n{paras}</article>"
        "<footer>Todos los derechos reservados.</footer></body></html>"
    )


def as_json_record() -> dict[str, str]:
    """The article as one JSON record."""
    return {"headline": TITLE, "body": BODY, "published": "2022-09-14", "outlet": SOURCE, "link": URL, "id": "r1"}


def as_json() -> str:
    """The article inside a JSON array."""
    return json.dumps([as_json_record()], ensure_ascii=False)


def as_jsonl() -> str:
    """The article as the only line of a JSON Lines file."""
    return json.dumps(as_json_record(), ensure_ascii=False) + "\n"


def as_csv() -> str:
    """The article as one CSV row (the body quoted, with its line breaks)."""
    body = BODY.replace('"', '""')
    return f'title,date,source,url,text\n{TITLE},2022-09-14,{SOURCE},{URL},"{body}"\n'


def as_rss() -> str:
    """The article as the only item of an RSS 2.0 feed with content:encoded."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in PARAGRAPHS)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{SOURCE}</title><link>https://example.org/</link><description>Noticias</description>"
        f"<item><title>{TITLE}</title><link>{URL}</link>"
        "<pubDate>Wed, 14 Sep 2022 23:30:00 -0400</pubDate><guid>r1</guid>"
        "<description>Resumen breve.</description>"
        f"<content:encoded><![CDATA[{paras}]]></content:encoded></item></channel></rss>"
    )


def as_atom() -> str:
    """The article as the only entry of an Atom feed."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in PARAGRAPHS)
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{SOURCE}</title><id>urn:x</id><updated>2022-09-14T10:00:00Z</updated>"
        f"<entry><title>{TITLE}</title><id>urn:r1</id><link href='{URL}'/>"
        "<published>2022-09-14T10:00:00+04:00</published><updated>2022-09-14T10:00:00Z</updated>"
        f"<content type='html'>{html.escape(paras)}</content></entry></feed>"
    )


FORMATS: dict[str, tuple[str, object]] = {
    # file name -> (expected input_format, builder)
    "a.txt": ("text", as_text),
    "a.md": ("markdown", as_markdown),
    "a.html": ("html", as_html),
    "a.json": ("json", as_json),
    "a.jsonl": ("jsonl", as_jsonl),
    "a.csv": ("csv", as_csv),
    "a.rss": ("feed", as_rss),
    "a.atom": ("feed", as_atom),
}


def content_of(name: str) -> str:
    """The fixture text written as ``name`` (a key of FORMATS)."""
    builder = FORMATS[name][1]
    assert callable(builder)
    return str(builder())


def run(ingestor: Ingestor, *inputs: str | Path) -> list[Article | SkippedInput]:
    """All records the ingestor yields for ``inputs``."""
    return list(ingestor([str(i) for i in inputs]))


def articles(records: list[Article | SkippedInput]) -> list[Article]:
    """Only the articles."""
    return [r for r in records if isinstance(r, Article)]


def skips(records: list[Article | SkippedInput]) -> list[SkippedInput]:
    """Only the skips."""
    return [r for r in records if isinstance(r, SkippedInput)]
