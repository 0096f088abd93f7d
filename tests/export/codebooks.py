"""The codebooks' allowed values (``export/data/codebooks.yaml``), for the tests."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import yaml


def codebooks() -> dict[str, Any]:
    """The packaged codebook data."""
    return yaml.safe_load(files("eventcoder.export").joinpath("data", "codebooks.yaml").read_text(encoding="utf-8"))
