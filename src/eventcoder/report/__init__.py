"""The offline HTML report: one self-contained file with a map, a timeline and incident cards.

    from eventcoder.report import build_report
    html = build_report(store, filters=Filters(country="ARM"))

Everything the page needs is inside it: the script and style (``report/assets/report.js``,
``report.css``), the country outlines (``report/assets/countries.json``, Natural Earth, built by
``python -m eventcoder.report.build_data``) and the data.  No network is used.  Article text is
untrusted: the page is rendered by Jinja2 with autoescape, the data travel as JSON inside a
``<script type="application/json">`` with ``<``, ``>``, ``&`` and U+2028/U+2029 escaped, the script
builds the page with ``textContent``/``createElement`` only, and a Content-Security-Policy allows no
script but the report's own (by hash) and no network at all.
"""

from __future__ import annotations

from eventcoder.report.build import ReportData, build_report, collect, embed_json

__all__ = ["ReportData", "build_report", "collect", "embed_json"]
