"""Defect 5 of issue 15: request bodies are read only after the bearer token is checked, and the size limit counts
the bytes as they arrive (chunked bodies too), against a real ``eventcoder serve`` process on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_live import MB, Served, auth, post_chunked, rss_bytes, seed_store, serve_process

from eventcoder.store import open_store

LIMIT = MB  # api.max_body_bytes of the server under test
WRITES = [
    "/api/events/e_x/corrections",
    "/api/incidents/i_talish/corrections",
    "/api/incidents/merge",
    "/api/incidents/i_talish/split",
    "/api/articles",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A seeded SQLite store served by ``eventcoder serve`` with a 1 MB body limit."""
    db = str(Path(tmp_path_factory.mktemp("body")) / "body.sqlite")
    with open_store(db) as store:
        seed_store(store)
    with serve_process(db, max_body_bytes=LIMIT) as srv:
        yield srv


@pytest.mark.parametrize("path", WRITES)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token"}], ids=["no-token", "wrong-token"])
def test_a_write_without_a_valid_token_is_refused_before_its_body_is_read(
    served: Served, path: str, headers: dict[str, str]
) -> None:
    resp = post_chunked(served.host, served.port, path, headers=headers, total=64 * MB)
    assert resp.status in (401, 403), (resp.status, resp.body[:200])
    assert resp.json()["error"]["code"] in ("E401", "E403")
    assert resp.headers.get("x-content-type-options") == "nosniff"
    # The answer comes before the body: only what the socket buffers hold was sent (never the whole body).
    assert resp.sent < 16 * MB, f"{resp.sent / MB:.0f} MB sent before the {resp.status}"


def test_a_200_mb_chunked_body_without_a_token_does_not_grow_the_server(served: Served) -> None:
    before = rss_bytes(served.pid)
    resp = post_chunked(served.host, served.port, "/api/incidents/merge", total=200 * MB)
    after = rss_bytes(served.pid)
    assert resp.status == 401
    assert after - before < 50 * MB, f"server RSS grew by {(after - before) / MB:.0f} MB"


@pytest.mark.parametrize("path", WRITES)
def test_an_oversized_chunked_body_gets_413_as_soon_as_the_limit_is_passed(served: Served, path: str) -> None:
    resp = post_chunked(served.host, served.port, path, headers=auth(), total=64 * MB, chunk=256 * 1024)
    assert resp.status == 413, (resp.status, resp.body[:200])
    assert resp.json()["error"]["code"] == "E413"
    assert resp.headers.get("content-security-policy")
    assert resp.sent < LIMIT + 16 * MB, f"{resp.sent / MB:.0f} MB sent before the 413"
