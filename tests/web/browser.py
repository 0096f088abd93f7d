"""Headless Chromium for the web app tests, driven by Selenium through Debian's /usr/bin/chromedriver.

The browser is installed by scripts/install-browser.sh when missing (apt-get; needs root).  The
driver path is explicit, so Selenium Manager never downloads anything.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1100",
)


def unavailable() -> str | None:
    """Why a headless browser cannot run here (after trying to install it), or None when it can."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        script = ROOT / "scripts" / "install-browser.sh"
        if not script.exists():
            return f"{CHROMIUM} missing and {script} absent"
        proc = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            return (proc.stderr or proc.stdout).strip()[-200:] or "install-browser.sh failed"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


def start_browser() -> Any:
    """A new headless Chromium session with a fresh profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='eventcoder-web-')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
