"""Where inputs come from: paths, folders, glob patterns and stdin, read as bounded, gunzipped bytes."""

from __future__ import annotations

import glob
import os
import stat
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from eventcoder.errors import SkipInput
from eventcoder.models import SkippedInput, SkipReason

__all__ = ["STDIN", "RawInput", "expand_input", "read_input"]

STDIN = "-"
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of one input, decompressed and within the size limit.

    ``origin`` is the path as given (or '-'); ``name`` is the file name used to
    choose a reader (with any ``.gz`` removed; empty for stdin).
    """

    origin: str
    name: str
    data: bytes
    gzipped: bool = False


def expand_input(spec: str) -> Iterator[str | SkippedInput]:
    """Turn one input spec into file paths (lazily, sorted) or a ``not_found``/``unreadable`` skip.

    A folder is walked recursively in name order, hidden entries (names
    starting with '.') left out; a glob pattern is expanded (``**`` recursive);
    '-' is stdin.
    """
    if spec == STDIN:
        yield STDIN
        return
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists() or path.is_symlink():
        yield spec
    elif _GLOB_CHARS & set(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield SkippedInput(origin=spec, reason=SkipReason.NOT_FOUND, detail="no path matches the pattern")
        for match in matches:
            if Path(match).is_dir():
                yield from _walk(Path(match))
            else:
                yield match
    else:
        yield SkippedInput(origin=spec, reason=SkipReason.NOT_FOUND, detail="no such file or folder")


def _walk(folder: Path) -> Iterator[str | SkippedInput]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield SkippedInput(origin=str(folder), reason=SkipReason.UNREADABLE, detail=exc.strerror or str(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(Path(entry.path))
        else:
            yield entry.path


def read_input(origin: str, *, max_bytes: int) -> RawInput:
    """Read one file (or stdin for '-') as bytes, gunzipping ``.gz`` or gzip-magic data on the fly.

    Raises ``SkipInput``: ``too_large`` past ``max_bytes`` (checked on the
    file size first, then while streaming, after decompression),
    ``unreadable`` for permissions or non-regular files, ``not_found``,
    ``malformed_gzip`` for broken gzip data.
    """
    if origin == STDIN:
        return _read_stream(origin, "", sys.stdin.buffer, max_bytes=max_bytes, size=None)
    try:
        info = os.stat(origin)
    except FileNotFoundError:
        raise SkipInput(SkipReason.NOT_FOUND, "no such file (a broken link?)") from None
    except OSError as exc:
        raise SkipInput(SkipReason.UNREADABLE, exc.strerror or str(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise SkipInput(SkipReason.UNREADABLE, "not a regular file")
    name = origin[:-3] if origin.lower().endswith(".gz") else origin
    try:
        with open(origin, "rb") as fh:
            return _read_stream(origin, name, fh, max_bytes=max_bytes, size=info.st_size)
    except PermissionError as exc:
        raise SkipInput(SkipReason.UNREADABLE, exc.strerror or "permission denied") from None
    except OSError as exc:
        raise SkipInput(SkipReason.UNREADABLE, exc.strerror or str(exc)) from None


def _read_stream(origin: str, name: str, fh: BinaryIO, *, max_bytes: int, size: int | None) -> RawInput:
    head = fh.read(2)
    if head == GZIP_MAGIC:
        data = _gunzip(_chunks(fh, head), limit=max_bytes)
        return RawInput(origin=origin, name=name, data=data, gzipped=True)
    if size is not None and size > max_bytes:
        raise SkipInput(SkipReason.TOO_LARGE, f"{size} bytes > max_bytes {max_bytes}")
    rest = fh.read(max_bytes + 1 - len(head)) if len(head) == 2 else b""
    data = head + rest
    if len(data) > max_bytes:
        raise SkipInput(SkipReason.TOO_LARGE, f"more than max_bytes {max_bytes}")
    return RawInput(origin=origin, name=name, data=data)


def _chunks(fh: BinaryIO, head: bytes) -> Iterator[bytes]:
    yield head
    while chunk := fh.read(_CHUNK):
        yield chunk


def _gunzip(chunks: Iterator[bytes], *, limit: int) -> bytes:
    """Decompress gzip members from ``chunks``, stopping as soon as the output passes ``limit``."""
    out = bytearray()
    dec = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    finished = False
    for chunk in chunks:
        buf = chunk
        while buf and not finished:
            try:
                out += dec.decompress(buf, limit + 1 - len(out))
            except zlib.error as exc:
                raise SkipInput(SkipReason.MALFORMED_GZIP, str(exc)) from None
            if len(out) > limit:
                raise SkipInput(SkipReason.TOO_LARGE, f"more than max_bytes {limit} after decompression")
            if dec.eof:
                buf = dec.unused_data
                if buf.startswith(GZIP_MAGIC):  # another gzip member follows
                    dec = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                elif buf.strip(b"\x00"):
                    raise SkipInput(SkipReason.MALFORMED_GZIP, "trailing garbage after gzip data")
                else:
                    finished = True  # zero padding, as gzip(1) allows
            else:
                buf = dec.unconsumed_tail
        if finished:
            break
    if not dec.eof:
        raise SkipInput(SkipReason.MALFORMED_GZIP, "truncated gzip data")
    return bytes(out)
