"""Per-language data files under ``eventcoder/resources/<lang>/``, and the template compiler they share.

Language knowledge (month names, number words, qualifiers, ...) lives in one YAML
file per language and per kind, e.g. ``resources/es/time_rules.yaml``.  A language
without a file of that kind uses ``resources/default/<kind>.yaml``.  Nothing here
knows any language: the loader only reads files, and ``compile_template`` turns a
rule template such as ``"{day} de {month}(?: de {year})?"`` into a regular
expression whose placeholders are alternations of the lexicon's words.

Every file must start with a ``provenance`` mapping (source, licence) -- see
STYLE.md, "curated data carries its provenance".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from eventcoder.errors import ConfigError

__all__ = [
    "DEFAULT_LANGUAGE",
    "available_languages",
    "compile_template",
    "load_lexicon",
    "trie_pattern",
    "words_pattern",
]

DEFAULT_LANGUAGE = "default"
_PLACEHOLDER = re.compile(r"\{([a-z_]+?)(\d?)\}")


def available_languages(kind: str) -> list[str]:
    """Language folders that hold a ``<kind>.yaml`` file (``default`` included), sorted."""
    root = files("eventcoder.resources")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath(f"{kind}.yaml").is_file())


@lru_cache(maxsize=64)
def _read(kind: str, folder: str) -> dict[str, Any] | None:
    path = files("eventcoder.resources").joinpath(folder, f"{kind}.yaml")
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"cannot parse resources/{folder}/{kind}.yaml: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("provenance"), dict):
        raise ConfigError(f"resources/{folder}/{kind}.yaml must be a mapping starting with 'provenance'")
    return data


def load_lexicon(kind: str, language: str) -> tuple[str, dict[str, Any]]:
    """Read ``resources/<language>/<kind>.yaml``, falling back to ``resources/default/<kind>.yaml``.

    ``language`` is an ISO 639 code; a region suffix is ignored ('pt-BR' reads ``pt``).

    Returns ``(folder_used, data)``; raises ``ConfigError`` when neither file exists
    or a file is malformed.  Results are cached (the files are read-only package data).
    """
    primary = (language or "").split("-")[0].split("_")[0].lower()
    safe = primary if re.fullmatch(r"[a-z]{2,3}", primary) else DEFAULT_LANGUAGE
    for folder in (safe, DEFAULT_LANGUAGE):
        data = _read(kind, folder)
        if data is not None:
            return folder, data
    raise ConfigError(f"no resources/{DEFAULT_LANGUAGE}/{kind}.yaml in the package")


def words_pattern(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (longest first, escaped, inner spaces matching any whitespace)."""
    unique = sorted({w.strip() for w in words if w and w.strip()}, key=lambda w: (-len(w), w))
    if not unique:
        return r"(?!x)x"  # matches nothing
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in unique)


def trie_pattern(words: Iterable[str]) -> str:
    """The alternation ``words_pattern`` gives, written as a prefix tree ('jan(?:uary|\\.)?'): it matches the same
    strings with the same preference (a longer word before its prefix) and fails fast on a first letter that
    starts no word, which makes rules with long word lists several times faster."""
    unique = {" ".join(w.split()) for w in words if w and w.strip()}
    if not unique:
        return r"(?!x)x"
    root: dict[str, Any] = {}
    for word in unique:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _render_trie(root)


def _render_trie(node: dict[str, Any]) -> str:
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _render_trie(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def compile_template(template: str, placeholders: Mapping[str, str]) -> re.Pattern[str]:
    """Compile a rule template into a case-insensitive regex bounded by non-word characters.

    ``{name}`` or ``{nameN}`` (N a digit) become the named group ``nameN`` matching
    ``placeholders[name]``; a space in the template matches one or more whitespace
    characters and ``,`` matches an optional surrounding whitespace.  The rest of the
    template is regular-expression syntax.  Raises ``ConfigError`` for an unknown name.
    """
    out: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        out.append(_literal(template[pos : m.start()]))
        name, index = m.group(1), m.group(2)
        if name not in placeholders:
            raise ConfigError(f"unknown placeholder {{{name}}} in rule {template!r}")
        out.append(f"(?P<{name}{index}>{placeholders[name]})")
        pos = m.end()
    out.append(_literal(template[pos:]))
    try:
        return re.compile(r"(?<!\w)(?:" + "".join(out) + r")(?!\w)", re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"bad rule template {template!r}: {exc}") from None


def _literal(part: str) -> str:
    return part.replace(" ,", ",").replace(",", r"\s*,").replace(" ", r"\s+")
