"""Reading the knowledge-base data files shipped under ``resources/kb`` and ``resources/<lang>``."""

from __future__ import annotations

import hashlib
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["conflict_kb_files", "kb_fingerprint", "language_data", "read_kb"]

_KB_FILES = ("places.yaml", "states.yaml", "actors.yaml", "centroids.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses the KB (~8,000 lines) about 10x faster


def read_kb(name: str) -> dict[str, Any]:
    """Parse ``resources/kb/<name>`` (YAML) into a dict."""
    text = files("eventcoder.resources").joinpath("kb", *name.split("/")).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_LOADER)  # a safe loader (libyaml when installed)
    return data if isinstance(data, dict) else {}


def conflict_kb_files() -> list[str]:
    """Names (``conflicts/<file>``) of the knowledge-base files of armed groups and leaders, in name order."""
    folder = files("eventcoder.resources").joinpath("kb", "conflicts")
    if not folder.is_dir():
        return []
    return sorted(f"conflicts/{p.name}" for p in folder.iterdir() if p.name.endswith(".yaml"))


def language_data(lang: str, name: str) -> dict[str, Any]:
    """Parse ``resources/<lang>/<name>`` (YAML); an empty dict when the language has no such file."""
    path = files("eventcoder.resources").joinpath(lang, name)
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # a safe loader
    return data if isinstance(data, dict) else {}


def kb_fingerprint(extra: str = "") -> str:
    """A short hash of the KB files (and ``extra``); names the gazetteer index built from them."""
    digest = hashlib.sha256(extra.encode())
    for name in (*_KB_FILES, *conflict_kb_files()):
        digest.update(files("eventcoder.resources").joinpath("kb", *name.split("/")).read_bytes())
    return digest.hexdigest()[:12]
