"""The web app: assets served by the API process with no network use, and an analyst's session in real
headless Chromium (upload an article, find its incident, correct its place, see it in the export)."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_server import TOKEN, api_settings, live_server
from browser import ROOT, start_browser, unavailable

from eventcoder.store import open_store

WEB = Path(str(files("eventcoder").joinpath("web")))
ARTICLE = "Artillery shelling hit the town of Martuni on Tuesday and wounded two civilians, local officials said."


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A live server over an empty SQLite store."""
    with open_store(str(tmp_path / "web.sqlite")) as store, live_server(api_settings(), store) as base:
        yield base


@pytest.mark.parametrize("name", ["index.html", "app.js", "map.js", "style.css"])
def test_assets_are_served_with_a_strict_policy(server: str, name: str) -> None:
    resp = httpx.get(f"{server}/{name}" if name != "index.html" else f"{server}/")
    assert resp.status_code == 200
    assert "default-src 'none'" in resp.headers["content-security-policy"]
    assert "connect-src 'self'" in resp.headers["content-security-policy"]


def test_assets_reference_no_other_host() -> None:
    for path in WEB.iterdir():
        text = path.read_text(encoding="utf-8")
        hosts = set(re.findall(r"https?://([^/\"' ]+)", text)) - {"www.w3.org"}  # the SVG namespace, never fetched
        assert not hosts, f"{path.name} refers to {hosts}"
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text


def test_country_outlines_come_from_the_report(server: str) -> None:
    resp = httpx.get(f"{server}/assets/countries.json")
    assert resp.status_code in (200, 404)
    if resp.status_code == 200:
        assert len(resp.json()["countries"]) > 200


@pytest.mark.browser
def test_analyst_session_in_headless_chromium(server: str) -> None:
    reason = unavailable()
    if reason:
        pytest.skip(f"headless Chromium not available: {reason}")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = start_browser()
    wait = WebDriverWait(driver, 180)
    try:
        driver.get(server + "/")
        driver.find_element(By.ID, "token").send_keys(TOKEN)
        driver.find_element(By.ID, "token-save").click()
        assert driver.execute_script("return sessionStorage.getItem('eventcoder-token')") == TOKEN
        driver.find_element(By.ID, "upload-title").send_keys("Shelling of Martuni")
        driver.find_element(By.ID, "upload-source").send_keys("Example Wire")
        driver.execute_script("document.getElementById('upload-date').value = '2021-05-04'")
        driver.find_element(By.ID, "upload-text").send_keys(ARTICLE)
        driver.find_element(By.ID, "upload-submit").click()
        link = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#upload-summary a")))
        incident_id = link.text
        driver.get(server + "/#/")
        row = wait.until(
            ec.presence_of_element_located((By.CSS_SELECTOR, f'#incidents a[data-incident="{incident_id}"]'))
        )
        row.click()
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".article-text mark")))
        for field, value in (("name", "Shusha"), ("country", "AZE"), ("latitude", "39.76"), ("longitude", "46.75")):
            driver.find_element(By.ID, f"fix-place-{field}").send_keys(value)
        driver.find_element(By.ID, "fix-place-reason").send_keys("the town is Shusha")
        driver.find_element(By.CSS_SELECTOR, "#fix-place button[type=submit]").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "incident-place"), "Shusha"))
        assert "corrected" in driver.find_element(By.ID, "incident-title").text
        marked = driver.find_element(By.CSS_SELECTOR, ".article-text mark").text
        assert marked and marked in ARTICLE  # the evidence sentence, highlighted in the article text
        (ROOT / "artifacts").mkdir(exist_ok=True)
        driver.save_screenshot(str(ROOT / "artifacts" / "web-incident.png"))
        driver.get(server + "/#/")
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#map circle")))
        driver.save_screenshot(str(ROOT / "artifacts" / "web.png"))
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        driver.quit()
    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{server}/api/export", params={"format": "csv"}).text)))
    row_out = next(r for r in rows if r["id"] == incident_id)
    assert row_out["place"] == "Shusha" and row_out["ec_corrected"].lower() in {"true", "1"}
