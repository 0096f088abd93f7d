"""Fixtures of the report tests: the export tests' sample store, and headless Chromium driven by Selenium."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "export"))

from export_samples import fill_store

from eventcoder.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture
def filled_store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store holding the sample articles, places, reports, incidents and one correction."""
    with open_store(str(tmp_path / "report.sqlite")) as store:
        fill_store(store)
        yield store


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (installed by scripts/install-browser.sh when missing); skips when it cannot run."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        proc = subprocess.run(
            ["bash", str(ROOT / "scripts" / "install-browser.sh")], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            pytest.skip(f"headless Chromium not available: {(proc.stderr or proc.stdout).strip()[-200:]}")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install selenium==4.51.0)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="eventcoder-chromium-")
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=1400,1000",
    ):  # fmt: skip
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)  # explicit driver: no download
    try:
        yield driver
    finally:
        driver.quit()
