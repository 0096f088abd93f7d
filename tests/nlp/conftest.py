"""Shared fixtures of the language-layer tests: one Analyser per session (models load once)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from eventcoder.nlp import Analyser
from eventcoder.settings import load_settings


@pytest.fixture(scope="session")
def analyser() -> Analyser:
    """An Analyser without time/quantity taggers (those have their own tests)."""
    return Analyser(load_settings(environ={}).nlp, taggers=False)
