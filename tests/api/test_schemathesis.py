"""Property-based requests from the OpenAPI spec (schemathesis 4.32.5): no operation may answer 5xx.

Bounded: a fixed seed (derandomised), a few dozen examples per operation, SQLite only.  Writes are
sent with a valid token; posted articles always run as background jobs (``job_threshold = 0``) so
the run does not wait for the language models.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_server import api_settings, auth, live_server, seed_store
from hypothesis import HealthCheck, given, settings

from eventcoder.store import open_store

EXAMPLES = 30


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The live server's OpenAPI schema, over a seeded SQLite store."""
    store = open_store(str(Path(tmp_path_factory.mktemp("schemathesis")) / "s.sqlite"))
    seed_store(store)
    try:
        with live_server(api_settings(job_threshold=0, job_workers=1), store) as base:
            yield schemathesis.openapi.from_url(f"{base}/openapi.json")
    finally:
        store.close()


def test_no_server_errors(api_schema: Any) -> None:
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            response = case.call(headers=auth(), timeout=60)
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
            if response.status_code >= 400:
                assert set(response.json()["error"]) == {"code", "message"}, where

        try:
            check()
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n".join(failures)
