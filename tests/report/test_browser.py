"""The report in real headless Chromium: the map draws points, filters work, injected markup never runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventcoder.report import build_report
from eventcoder.store import Store

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
pytestmark = pytest.mark.browser


def test_report_in_browser(browser: Any, filled_store: Store, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page = tmp_path / "report.html"
    page.write_text(build_report(filled_store), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.title == "eventcoder report"  # the injected script would have set it to PWNED
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_elements(By.TAG_NAME, "img") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 3
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map circle")) == 4
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map circle.low")) == 1  # the region-level place
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map path.land")) > 5
    assert len(browser.find_elements(By.CSS_SELECTOR, "#cards .card")) == 4
    depot = browser.find_element(By.ID, "card-i_depot").text
    assert "<script>" in depot and "corrected by an analyst" in depot  # shown as text, not run
    Select(browser.find_element(By.ID, "f-country")).select_by_value("UKR")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map circle")) == 1
    assert browser.find_element(By.ID, "count").text == "1 of 4 incident(s) shown"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.find_element(By.ID, "f-reset").click()
    Select(browser.find_element(By.ID, "f-type")).select_by_value("ASSAULT")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#cards .card")) == 3
    browser.find_element(By.ID, "f-reset").click()
    browser.save_screenshot(str(ARTIFACTS / "report.png"))
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
