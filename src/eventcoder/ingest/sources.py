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

__all__ = ["STDIN", "RawInput", "display_path", "expand_input", "read_input"]

STDIN = "-"
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of one input, decompressed and within the size limit.

    ``origin`` is the path as given (or '-'), as text (``display_path``);
    ``name`` is the file name used to choose a reader (with any ``.gz``
    removed; empty for stdin).
    """

    origin: str
    name: str
    data: bytes
    gzipped: bool = False


def expand_input(spec: str) -> Iterator[str | SkippedInput]:
    """Turn one input spec into file paths (lazily, sorted) or a ``not_found``/``unreadable``/``loop`` skip.

    A folder is walked recursively in name order, hidden entries (names
    starting with '.') left out; a glob pattern is expanded (``**`` recursive);
    '-' is stdin.  Links are followed, but a folder already walked for this
    spec (a link loop such as ``ln -s .. d/s/up``, or a second link to the
    same folder) is not walked again: it is a ``loop`` skip.  ``**`` does not
    descend into linked folders (as ``pathlib`` does), so loops cannot
    multiply its matches.  Paths are returned as the OS gives them (names that
    are not valid UTF-8 keep their bytes as surrogate escapes, so they can be
    opened); ``display_path`` turns one into storable text.
    """
    if spec == STDIN:
        yield STDIN
        return
    path = Path(spec)
    walker = _Walker()
    if path.is_dir():
        yield from walker.walk(str(path))
    elif path.exists() or path.is_symlink():
        yield spec
    elif _GLOB_CHARS & set(spec):
        matches = _glob(spec)
        if not matches:
            yield SkippedInput(
                origin=display_path(spec), reason=SkipReason.NOT_FOUND, detail="no path matches the pattern"
            )
        for match in matches:
            if _is_dir(match):
                yield from walker.walk(match, quiet=True)
            else:
                yield match
    else:
        yield SkippedInput(origin=display_path(spec), reason=SkipReason.NOT_FOUND, detail="no such file or folder")


def display_path(path: str) -> str:
    """``path`` as storable text: bytes of the name that are not UTF-8 are written ``\\xNN`` (as ``ls -b`` does).

    File names are bytes on POSIX; Python keeps undecodable bytes as lone
    surrogates, which no database or JSON encoder accepts.  Such an origin
    cannot be opened again as written, but it names the file unambiguously
    and the article is stored (not skipped).  Valid text is returned as is.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _glob(spec: str) -> list[str]:
    """Sorted matches of a glob pattern; ``**`` is expanded without following linked folders."""
    if "**" not in spec:
        return sorted(glob.glob(spec, recursive=True))
    parts = Path(spec).parts
    fixed = next(i for i, part in enumerate(parts) if _GLOB_CHARS & set(part))
    anchor = Path(*parts[:fixed]) if fixed else Path(".")
    pattern = str(Path(*parts[fixed:]))
    show_hidden = any(part.startswith(".") for part in parts[fixed:])
    try:
        matches = [
            str(match)
            for match in anchor.glob(pattern)
            if show_hidden or not any(p.startswith(".") for p in match.relative_to(anchor).parts)
        ]  # hidden entries are left out, as glob.glob leaves them out
    except OSError:
        return []
    return sorted(matches)


class _Walker:
    """Walks folders depth-first in name order, remembering each folder walked by (device, inode)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, int], str] = {}

    def walk(self, folder: str, *, quiet: bool = False) -> Iterator[str | SkippedInput]:
        """Yield the file paths under ``folder``; a folder walked before is a ``loop`` skip (none when ``quiet``)."""
        first = self._enter(folder)
        if first is not None:
            if not quiet:
                yield _loop_skip(folder, first)
            return
        stack: list[Iterator[os.DirEntry[str]]] = []
        listed = self._list(folder)
        if isinstance(listed, SkippedInput):
            yield listed
            return
        stack.append(iter(listed))
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:  # e.g. a link to itself: reading it gives the typed skip
                is_dir = False
            if not is_dir:
                yield entry.path
                continue
            first = self._enter(entry.path)
            if first is not None:
                yield _loop_skip(entry.path, first)
                continue
            listed = self._list(entry.path)
            if isinstance(listed, SkippedInput):
                yield listed
            else:
                stack.append(iter(listed))

    def _enter(self, folder: str) -> str | None:
        """Mark ``folder`` as walked; return the path it was first walked from when it already was."""
        try:
            info = os.stat(folder)
        except OSError:
            return None  # listing it reports the error
        key = (info.st_dev, info.st_ino)
        if key in self._seen:
            return self._seen[key]
        self._seen[key] = folder
        return None

    @staticmethod
    def _list(folder: str) -> list[os.DirEntry[str]] | SkippedInput:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return SkippedInput(
                origin=display_path(folder), reason=SkipReason.UNREADABLE, detail=exc.strerror or str(exc)
            )


def _loop_skip(path: str, first: str) -> SkippedInput:
    detail = f"links to a folder already walked: {display_path(first)}"
    return SkippedInput(origin=display_path(path), reason=SkipReason.LOOP, detail=detail)


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
            return _read_stream(display_path(origin), name, fh, max_bytes=max_bytes, size=info.st_size)
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
