"""Fixtures of the ingestion tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_samples import as_text

from eventcoder.ingest import Ingestor
from eventcoder.settings import IngestSettings


@pytest.fixture(scope="session")
def settings() -> IngestSettings:
    """Default ingest settings."""
    return IngestSettings()


@pytest.fixture(scope="session")
def ingestor(settings: IngestSettings) -> Ingestor:
    """One ingestor for the session (its language detector is built once)."""
    return Ingestor(settings)


@pytest.fixture
def good_file(tmp_path: Path) -> Iterator[Path]:
    """A valid text article, used after each bad input to show the batch goes on."""
    path = tmp_path / "zz_good.txt"
    path.write_text(as_text(), encoding="utf-8")
    yield path
