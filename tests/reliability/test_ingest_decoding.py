"""Defect 8 of issue 15: text decoding.

A Latin-1 copy of a Spanish article was decoded as cp1250 ("señaló" ->
"seńaló") and stored as a second article; UTF-16 without a byte-order mark was
refused as binary; a file of control bytes was stored as an article.  Now the
candidate decodings are judged by the letters of the configured languages,
UTF-16 is recognised by its NULs on every other byte, and a file made mostly of
control bytes is a ``binary`` skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import eventcoder
from eventcoder.ingest import Ingestor, article_id
from eventcoder.models import Article, SkippedInput, SkipReason
from eventcoder.settings import IngestSettings, Settings

# Written for these tests (not taken from any corpus).
SPANISH = (
    "El portavoz del ministerio señaló el martes que la ofensiva comenzó al amanecer cerca de la frontera. "
    "¿Cuántos civiles huyeron? Según la agencia, más de mil personas abandonaron sus hogares en la región, "
    "y añadió que los niños fueron evacuados a un albergue."
)
SPANISH_SHORT = (
    "El Ministerio de Defensa señaló que las tropas repelieron el ataque. La portavoz añadió que no hubo víctimas.",
    "Según el comunicado, el ejército señaló que dos soldados murieron y otros tres resultaron heridos el miércoles.",
    "El portavoz señaló que la ofensiva comenzó el martes por la mañana, según la agencia. Añadió que huyeron.",
)
PORTUGUESE = (
    "O porta-voz do exército afirmou na terça-feira que as tropas não avançaram além da ponte. "
    "As negociações começarão em breve, disse ele, e a população da região está em situação de emergência."
)
FRENCH = (
    "Le porte-parole du ministère a déclaré mercredi que l'armée avait repoussé une attaque près de la rivière. "
    "Selon lui, des dizaines de familles ont fui vers la capitale, où règne une grande inquiétude."
)
FRENCH_CP1252 = (
    "Les forces de l’ordre ont évacué le cœur de la ville après l’explosion. « Nous n’avons rien vu », "
    "a confié un témoin, très ému, à la télévision publique."
)
RUSSIAN = (
    "Представитель министерства обороны заявил во вторник, что наступление началось на рассвете у границы. "
    "По его словам, более тысячи жителей покинули свои дома."
)

WESTERN = [
    ("es-latin1", SPANISH, "latin-1"),
    *((f"es-latin1-short{i}", text, "latin-1") for i, text in enumerate(SPANISH_SHORT)),
    ("es-cp1252", SPANISH, "cp1252"),
    ("pt-latin1", PORTUGUESE, "latin-1"),
    ("fr-latin1", FRENCH, "latin-1"),
    ("fr-cp1252", FRENCH_CP1252, "cp1252"),
    ("fr-iso8859-15", FRENCH_CP1252.replace("’", "'"), "iso8859-15"),
    ("ru-cp1251", RUSSIAN, "cp1251"),
    ("ru-koi8r", RUSSIAN, "koi8-r"),
]


@pytest.fixture(scope="module")
def ingestor() -> Ingestor:
    return Ingestor(IngestSettings())


def _one(ingestor: Ingestor, path: Path) -> Article | SkippedInput:
    (record,) = list(ingestor([str(path)]))
    return record


@pytest.mark.parametrize(("case", "text", "encoding"), WESTERN, ids=[w[0] for w in WESTERN])
def test_legacy_encoding_is_read_as_written(
    ingestor: Ingestor, tmp_path: Path, case: str, text: str, encoding: str
) -> None:
    path = tmp_path / f"{case}.txt"
    path.write_bytes(text.encode(encoding))
    art = _one(ingestor, path)
    assert isinstance(art, Article), art
    assert art.text == text
    assert art.id == article_id(text)


def test_latin1_copy_of_an_article_is_a_duplicate(tmp_path: Path) -> None:
    text = SPANISH_SHORT[0]
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    with eventcoder.open_store(str(tmp_path / "db.sqlite")) as store:
        report = eventcoder.ingest_inputs([str(tmp_path)], store=store, settings=Settings())
        stored = list(store.iter_articles())
    assert (report.accepted, report.duplicates) == (1, 1)
    assert [a.text for a in stored] == [text]
    assert "señaló" in stored[0].text


@pytest.mark.parametrize("text", [SPANISH, PORTUGUESE, RUSSIAN], ids=["es", "pt", "ru"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(ingestor: Ingestor, tmp_path: Path, text: str, codec: str) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(f"title: Informe\n\n{text}\n".encode(codec))
    art = _one(ingestor, path)
    assert isinstance(art, Article), art
    assert art.text == text and art.title == "Informe" and art.encoding == codec


def test_utf16_without_bom_in_a_record_file(ingestor: Ingestor, tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes(f'id,text\n1,"{FRENCH}"\n2,"{SPANISH}"\n'.encode("utf-16-le"))
    records = list(ingestor([str(path)]))
    assert [r.text for r in records if isinstance(r, Article)] == [FRENCH, SPANISH]


CONTROL_FILES = [
    ("c0-only", bytes(b for b in range(1, 32) if b not in (9, 10, 11, 12, 13)) * 40),
    ("c0-and-words", (b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 texto \x12\x13\x14\x15") * 60),
    ("esc-and-del", b"\x1b\x7f\x1b\x7f\x01\x02 ab " * 200),
]


@pytest.mark.parametrize(("case", "data"), CONTROL_FILES, ids=[c[0] for c in CONTROL_FILES])
def test_file_of_control_bytes_is_binary(ingestor: Ingestor, tmp_path: Path, case: str, data: bytes) -> None:
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    skip = _one(ingestor, path)
    assert isinstance(skip, SkippedInput), skip
    assert skip.reason is SkipReason.BINARY and "control" in skip.detail


def test_a_few_stray_controls_do_not_make_text_binary(ingestor: Ingestor, tmp_path: Path) -> None:
    """A text with the odd control character is text; the characters are dropped from what is stored."""
    path = tmp_path / "stray.txt"
    path.write_bytes(SPANISH.replace("martes", "mar\x01tes").replace("mil", "m\x1bil").encode("utf-8") + b"\x1a")
    art = _one(ingestor, path)
    assert isinstance(art, Article) and art.text == SPANISH


def test_binary_with_nuls_is_still_binary(ingestor: Ingestor, tmp_path: Path) -> None:
    """NULs at both parities (not UTF-16) and 16-bit numbers that decode to controls stay binary."""
    records = []
    for name, data in [
        ("mixed.txt", b"some text\x00with\x00nul bytes" * 10),
        ("shorts.txt", b"".join(bytes([1 + i % 31, 0]) for i in range(400))),
    ]:
        (tmp_path / name).write_bytes(data)
        records.append(_one(ingestor, tmp_path / name))
    assert [(r.reason if isinstance(r, SkippedInput) else r) for r in records] == [SkipReason.BINARY] * 2
