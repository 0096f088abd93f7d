"""The report page as HTML: self-contained, escaped, data embedded safely, filters honoured."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from export_samples import INJECTION

from eventcoder.filters import Filters
from eventcoder.report import build_report, embed_json
from eventcoder.store import Store


def test_embed_json_escapes_markup_and_line_separators() -> None:
    text = embed_json({"t": "</script><b>&\u2028\u2029"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"t": "</script><b>&\u2028\u2029"}


def test_page_is_self_contained_and_escaped(filled_store: Store) -> None:
    html = build_report(filled_store, title="Report <i>x</i>")
    assert INJECTION not in html and "<img" not in html
    assert "<title>Report &lt;i&gt;x&lt;/i&gt;</title>" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched from the network
    assert html.count("</script>") == 3  # two JSON blocks and the report's own script
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html  # CSP allows only the report's own script
    data = json.loads(re.search(r'<script type="application/json" id="ec-data">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert data["total"] == 4 and {i["id"] for i in data["incidents"]} == {
        "i_border",
        "i_kramatorsk",
        "i_protest",
        "i_depot",
    }
    depot = next(i for i in data["incidents"] if i["id"] == "i_depot")
    assert depot["corrected"] and INJECTION in depot["summary"]  # kept as data, rendered as text
    kram = next(i for i in data["incidents"] if i["id"] == "i_kramatorsk")
    assert {s["language"] for s in kram["sources"]} == {"fr", "ru"}
    assert kram["sources"][0]["evidence"]["trigger"] in {"frappe", "удар"}
    assert "Краматорск" in json.dumps(kram, ensure_ascii=False)  # framing: the name variant used


def test_filters_and_limit(filled_store: Store) -> None:
    html = build_report(filled_store, filters=Filters(country="UKR"), max_incidents=1)
    data = json.loads(re.search(r'id="ec-data">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert (data["total"], data["shown"], data["filters"]) == (1, 1, {"country": "UKR"})
    assert "showing the first" not in html
    html = build_report(filled_store, max_incidents=2)
    assert "showing the first 2" in html


def test_shapes_are_small(filled_store: Store) -> None:
    from importlib.resources import files

    size = len(files("eventcoder.report").joinpath("assets", "countries.json").read_bytes())
    assert size < 1_500_000
    assert len(build_report(filled_store).encode()) < 1_500_000


def test_cli_report(filled_store: Store, tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "r" / "report.html"
    db = filled_store.url.removeprefix("sqlite:///")
    r = subprocess.run(
        [sys.executable, "-m", "eventcoder.cli", "--db", db, "report", "-o", str(out), "--type", "PROTEST"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert '"total":1' in out.read_text(encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "eventcoder.cli", "--db", db, "report", "--since", "soon"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and "bad filter --since" in bad.stderr
