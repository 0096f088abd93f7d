"""Bytes to text: BOMs, UTF-16 without BOM, declared charsets, UTF-8, then legacy encodings judged by
the letters of the configured languages (charset-normalizer for the rest); binary detection.

Which legacy encodings to try, and which letters a language's words hold, is
language data: ``resources/<lang>/charset.yaml``.  A decoding is plausible
when each of its words with a non-ASCII letter is spelt with the letters of
one configured language: read as cp1250, a Latin-1 'señaló' becomes 'seńaló',
whose 'ń' no configured language writes, so cp1252 wins.  When no decoding is
plausible (a language without such a file: German 'Größe' in Latin-1 with the
default languages), charset-normalizer's guess is taken, as before.  Letters
alone cannot tell two alphabets of the same size apart: Greek in cp1253, read
as cp1251, spells Cyrillic words, and is taken for Cyrillic when Russian is
configured and Greek is not.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

import yaml
from charset_normalizer import from_bytes

from eventcoder.errors import SkipInput
from eventcoder.models import SkipReason

__all__ = ["decode", "html_declared_charset", "is_binary", "plausibility", "utf16_codec"]

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats that are never text: images, PDF, archives, office files, executables, media.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (old Office) document"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 media"),
    (b"\x00\x00\x00\x20ftyp", "MP4 media"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_CONTROL = frozenset(range(0, 32)) - {9, 10, 11, 12, 13, 27}
_SNIFF_BYTES = 8192
_CONTROL_SHARE = 0.10  # more control bytes than this share of the first 8 KB: binary, not text
_CONTROL_BYTES = bytes(sorted(_CONTROL | {0x7F}))  # and DEL
_UTF16_NULS = 0.10  # UTF-16 without BOM: at least this share of the 16-bit units has a NUL byte on one side
_UTF16_OTHER_NULS = 0.01  # ... and at most this share on the other side
_SCORE_BYTES = 65_536  # legacy decodings are judged on the first 64 KB
_PLAUSIBLE = 0.9  # a legacy decoding this plausible is taken; below it, charset-normalizer's guess
_LETTERS = re.compile(r"[^\W\d_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_FINE_SYMBOLS = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sc", "Zs", "Mn"})
_IN_WORD = frozenset("\u2019\u02bc\u2010\u2011\u00b7\u00ad")  # apostrophes, hyphens, middle dot, soft hyphen


def is_binary(data: bytes) -> str | None:
    """What binary thing ``data`` is ('PDF document', 'NUL bytes', ...), or None when it may be text.

    UTF-16 with or without a byte-order mark is text; other data with NUL
    bytes, or with more than 10% control bytes in its first 8 KB, is not.
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if what == "Windows executable" and b"PE\x00\x00" not in data[:1024]:
                continue  # 'MZ' alone also starts ordinary text
            return what
    if any(data.startswith(bom) for bom, enc in _BOMS if enc.startswith("utf-16") or enc.startswith("utf-32")):
        return None
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return None if utf16_codec(data) is not None else "NUL bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > len(sample) * _CONTROL_SHARE:
        return f"{controls} control bytes in the first {len(sample)}"
    return None


def utf16_codec(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` is UTF-16 text without a byte-order mark, else None.

    The mark of UTF-16 is NUL bytes on one side of the 16-bit units only (the
    high byte of spaces, digits and Latin letters); the whole input must then
    decode, and the first characters must not be control characters.
    """
    sample = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    units = len(sample) // 2
    if units < 2 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= units * _UTF16_NULS and even <= units * _UTF16_OTHER_NULS:
        codec = "utf-16-le"
    elif even >= units * _UTF16_NULS and odd <= units * _UTF16_OTHER_NULS:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    head = text[: _SNIFF_BYTES // 2]
    controls = sum(1 for ch in head if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\x0b\x0c")
    return codec if controls <= len(head) // 100 else None


def html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag of its first 4 KB, when it names a known codec."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, *, declared: str | None = None, languages: Sequence[str] = ()) -> tuple[str, str]:
    """Decode ``data``; return (text, codec name used).

    Order: a BOM wins; then UTF-16 without BOM (``utf16_codec``); then binary
    detection; then ``declared`` (e.g. an HTML meta charset) when the bytes
    decode with it; then strict UTF-8; then the legacy encodings of
    ``languages`` (ISO 639-1 codes, see ``resources/<lang>/charset.yaml``) and
    charset-normalizer's candidates, the decoding whose words are best spelt
    with the letters of ``languages`` winning; when none is plausible,
    charset-normalizer's best guess.  Raises ``SkipInput`` with ``binary``
    when the bytes are not text, ``undecodable`` when no encoding fits.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise SkipInput(SkipReason.UNDECODABLE, f"invalid {enc} after BOM: {exc.reason}") from None
    utf16 = utf16_codec(data) if b"\x00" in data[:_SNIFF_BYTES] else None
    if utf16 is not None:
        return data.decode(utf16), utf16
    what = is_binary(data)
    if what is not None:
        raise SkipInput(SkipReason.BINARY, what)
    if declared:
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common: fall back to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, _alphabets(tuple(languages)))


@dataclass(frozen=True, slots=True)
class _Alphabet:
    """The letters of one language (lower case) and the legacy encodings its text comes in."""

    letters: frozenset[str]
    encodings: tuple[str, ...]


@functools.cache
def _alphabet(language: str) -> _Alphabet | None:
    """Read ``resources/<language>/charset.yaml``; None when the language has none."""
    resource = files("eventcoder.resources").joinpath(language, "charset.yaml")
    if not resource.is_file():
        return None
    data = yaml.safe_load(resource.read_text(encoding="utf-8")) or {}
    encodings = []
    for name in data.get("encodings") or ():
        try:
            encodings.append(codecs.lookup(str(name)).name)
        except LookupError:
            continue  # a codec this Python lacks
    return _Alphabet(letters=frozenset(str(data.get("letters") or "")), encodings=tuple(encodings))


def _alphabets(languages: tuple[str, ...]) -> list[_Alphabet]:
    return [a for a in (_alphabet(lang) for lang in languages) if a is not None]


def plausibility(text: str, letters: Sequence[frozenset[str]]) -> float:
    """Share of the non-ASCII characters of ``text`` that a correct decoding would hold (1.0 when none).

    A non-ASCII character counts as fine inside a word spelt wholly with one
    of the ``letters`` sets (compared in lower case) and written in lower
    case, upper case or with a capital first letter, or as punctuation, a
    currency sign, a space or a combining mark that does not stand between
    two letters (apostrophes and hyphens may: 'se–al—' is Mac Roman read as
    cp1252).  Letters of mixed or unknown alphabets, words of odd case
    ('пРЕДСТАВИТЕЛЬ': KOI8-R read as cp1251), and other symbols or controls
    count against.
    """
    fine = wrong = 0
    for match in _LETTERS.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        n = sum(1 for ch in word if not ch.isascii())
        lowered = set(word.lower())
        cased = word.islower() or word.isupper() or word.istitle()
        if cased and any(lowered <= alphabet for alphabet in letters):
            fine += n
        else:
            wrong += n
    for match in _NON_ASCII.finditer(text):
        ch = match.group()
        if ch.isalpha():
            continue
        i = match.start()
        inside = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
        if unicodedata.category(ch) in _FINE_SYMBOLS and (not inside or ch in _IN_WORD):
            fine += 1
        else:
            wrong += 1
    return fine / (fine + wrong) if fine + wrong else 1.0


def _decode_sample(sample: bytes, encoding: str) -> str | None:
    try:
        return sample.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            return None
        try:  # a multi-byte character cut by the end of the sample
            return sample[: exc.start].decode(encoding)
        except UnicodeDecodeError:
            return None
    except LookupError:
        return None


def _decode_legacy(data: bytes, alphabets: Sequence[_Alphabet]) -> tuple[str, str]:
    """Pick the most plausible decoding of bytes that are neither UTF-8 nor UTF-16 (see ``decode``)."""
    letters = [a.letters for a in alphabets]
    sample = data[:_SCORE_BYTES]
    scores: dict[str, float] = {}  # insertion order breaks ties: the language data's order first

    def judge(encodings: Sequence[str]) -> None:
        for encoding in encodings:
            if encoding not in scores:
                text = _decode_sample(sample, encoding)
                scores[encoding] = plausibility(text, letters) if text is not None else -1.0

    judge(list(dict.fromkeys(enc for a in alphabets for enc in a.encodings)))
    guesses: list[str] | None = None
    if max(scores.values(), default=-1.0) < 1.0:
        guesses = _guesses(data)
        judge(guesses)
    for encoding in sorted(scores, key=lambda enc: -scores[enc]):
        if scores[encoding] < _PLAUSIBLE:
            break
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue  # the sample decoded, the whole input does not
    if guesses is None:
        guesses = _guesses(data)
    if not guesses:
        sample = data[:_SNIFF_BYTES]
        controls = sum(1 for b in sample if b in _CONTROL)
        if controls > len(sample) // 100:
            raise SkipInput(SkipReason.BINARY, f"{controls} control bytes in the first {len(sample)}")
        raise SkipInput(SkipReason.UNDECODABLE, "no character encoding fits the bytes")
    encoding = guesses[0]
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise SkipInput(SkipReason.UNDECODABLE, f"detected {encoding} but {exc.reason}") from None


def _guesses(data: bytes) -> list[str]:
    """charset-normalizer's candidate encodings, best first (empty when nothing fits)."""
    return list(dict.fromkeys(codecs.lookup(m.encoding).name for m in from_bytes(data)))
