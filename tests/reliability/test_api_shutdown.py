"""SIGTERM stops the server promptly even while an upload is being processed (issue 15, defect 2: the server
ignored SIGTERM during a long upload); nothing stored is lost, and a plain ``eventcoder run`` finishes what the
upload left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from api_live import ANALYST, TOKEN, auth, free_port

import eventcoder


def _articles(n: int) -> list[dict[str, str]]:
    files = sorted(p for p in eventcoder.sample_corpus_dir().iterdir() if p.name.startswith(("en_", "es_")))
    texts = [p.read_text(encoding="utf-8").split("\n\n", 1)[-1] for p in files]
    return [{"text": f"{texts[k % len(texts)]}\n\nUpdate {k}.", "date": "2022-09-13"} for k in range(n)]


def test_sigterm_during_an_upload_stops_the_server_and_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    port = free_port()
    env = dict(os.environ, EVENTCODER_API__TOKENS=f'{{{ANALYST} = "{TOKEN}"}}', EVENTCODER_API__ANALYSIS_WORKERS="1")
    cmd = [sys.executable, "-m", "eventcoder.cli", "--db", str(db), "--quiet", "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=60) as http:
            posted = http.post("/api/articles?async=true", json={"articles": _articles(150)}, headers=auth())
            assert posted.status_code == 202, posted.text
            status_url = posted.json()["status_url"]
            while http.get(status_url).json()["phase"] is None:
                time.sleep(0.05)  # the articles are being stored; then analysed (a long job)
            time.sleep(1.0)
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)  # a guard, not a timing: a server that waits for the upload to finish fails it
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    with eventcoder.open_store(db) as store:
        stored = store.count_articles()
        assert stored == 150  # the upload's articles were stored before its analysis began
        report = eventcoder.process([], store=store).processing
        assert report.processed + report.resumed + report.up_to_date == 150
        assert store.stats().awaiting_clustering == 0
        assert json.loads(json.dumps(report.model_dump(mode="json")))["skipped"] == []
