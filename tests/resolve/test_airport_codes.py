"""Airport codes among GeoNames alternate names do not turn acronyms into towns."""

from __future__ import annotations

import pytest

from eventcoder.resolve.gazetteer import _AIRPORT_CODE, Gazetteer


@pytest.mark.parametrize(("name", "is_code"), [("MID", True), ("MMMD", True), ("Mérida", False), ("Baku", False),
                                               ("USA", True), ("Rio", False)])  # fmt: skip
def test_airport_code_shape(name: str, is_code: bool) -> None:
    assert bool(_AIRPORT_CODE.fullmatch(name)) is is_code


def test_russian_foreign_ministry_acronym_is_not_merida() -> None:
    gaz = Gazetteer()
    assert not any(p.country == "MEX" for p in gaz.candidates("МИД"))
    assert not any(p.country == "MEX" for p in gaz.candidates("MID"))
    assert any(p.country == "MEX" for p in gaz.candidates("Mérida"))
