"""Bytes to text: BOMs, declared charsets, UTF-8, then charset-normalizer; binary detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from eventcoder.errors import SkipInput
from eventcoder.models import SkipReason

__all__ = ["decode", "html_declared_charset", "is_binary"]

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


def is_binary(data: bytes) -> str | None:
    """What binary thing ``data`` is ('PDF document', 'NUL bytes', ...), or None when it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if what == "Windows executable" and b"PE\x00\x00" not in data[:1024]:
                continue  # 'MZ' alone also starts ordinary text
            return what
    if any(data.startswith(bom) for bom, enc in _BOMS if enc.startswith("utf-16") or enc.startswith("utf-32")):
        return None
    if b"\x00" in data[:_SNIFF_BYTES]:
        return "NUL bytes"
    return None


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


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return (text, codec name used).

    Order: a BOM wins; then binary detection; then ``declared`` (e.g. an HTML
    meta charset) when the bytes decode with it; then strict UTF-8; then
    charset-normalizer's best guess.  Raises ``SkipInput`` with ``binary`` when
    the bytes are not text, ``undecodable`` when no encoding fits.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise SkipInput(SkipReason.UNDECODABLE, f"invalid {enc} after BOM: {exc.reason}") from None
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
    best = from_bytes(data).best()
    if best is None:
        sample = data[:_SNIFF_BYTES]
        controls = sum(1 for b in sample if b in _CONTROL)
        if controls > len(sample) // 100:
            raise SkipInput(SkipReason.BINARY, f"{controls} control bytes in the first {len(sample)}")
        raise SkipInput(SkipReason.UNDECODABLE, "no character encoding fits the bytes")
    encoding = codecs.lookup(best.encoding).name
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise SkipInput(SkipReason.UNDECODABLE, f"detected {encoding} but {exc.reason}") from None
