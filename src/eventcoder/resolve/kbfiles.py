"""Reading the knowledge-base data files shipped under ``resources/kb`` and ``resources/<lang>``."""

from __future__ import annotations

import hashlib
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["kb_fingerprint", "language_data", "read_kb"]

_KB_FILES = ("places.yaml", "states.yaml", "actors.yaml", "centroids.yaml")


def read_kb(name: str) -> dict[str, Any]:
    """Parse ``resources/kb/<name>`` (YAML) into a dict."""
    text = files("eventcoder.resources").joinpath("kb", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def language_data(lang: str, name: str) -> dict[str, Any]:
    """Parse ``resources/<lang>/<name>`` (YAML); an empty dict when the language has no such file."""
    path = files("eventcoder.resources").joinpath(lang, name)
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def kb_fingerprint(extra: str = "") -> str:
    """A short hash of the KB files (and ``extra``); names the gazetteer index built from them."""
    digest = hashlib.sha256(extra.encode())
    for name in _KB_FILES:
        digest.update(files("eventcoder.resources").joinpath("kb", name).read_bytes())
    return digest.hexdigest()[:12]
