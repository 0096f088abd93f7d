"""Fixtures of the export tests: a store filled with the realistic records of ``export_samples``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from export_samples import fill_store

from eventcoder.store import Store, open_store


@pytest.fixture
def filled_store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store holding the sample articles, places, reports, incidents and one correction."""
    with open_store(str(tmp_path / "export.sqlite")) as store:
        fill_store(store)
        yield store
