"""Ratifying or reaffirming an agreement is AGREE in every language (and no longer SUPPORT); retaking a region by
force is ASSAULT, as the sample gold codes 'retook the region'."""

from __future__ import annotations

import pytest

from eventcoder.extract import TriggerFinder
from eventcoder.settings import ExtractSettings, load_settings


@pytest.fixture(scope="module")
def finder() -> TriggerFinder:
    settings: ExtractSettings = load_settings(environ={}).extract
    return TriggerFinder(settings)


@pytest.mark.parametrize(
    ("sentence", "cue", "event_type"),
    [
        ("El 11 de enero los tres líderes rectificaron el acuerdo.", "rectificaron el acuerdo", "AGREE"),
        ("El Congreso ratificó el acuerdo de paz.", "ratificó", "AGREE"),
        ("Parliament ratified the border protocol on Tuesday.", "ratified", "AGREE"),
        ("O parlamento ratificou o acordo de paz.", "ratificou", "AGREE"),
        ("Le parlement a ratifié l'accord de paix.", "a ratifié", "AGREE"),
        ("Госдума ратифицировала соглашение о границе.", "ратифицировала", "AGREE"),
        ("In 2020 the army reclaimed the region after a six-week war.", "reclaimed the region", "ASSAULT"),
        ("L'Azerbaïdjan a repris le contrôle de la région.", "a repris le contrôle", "ASSAULT"),
        ("Azerbaiyán recuperó el control de la región en 2020.", "recuperó el control", "ASSAULT"),
    ],
)
def test_cue_gives_its_type_and_no_other(finder: TriggerFinder, sentence: str, cue: str, event_type: str) -> None:
    hits = [h for h in finder.find(sentence) if sentence[h.start : h.end].lower() == cue.lower()]
    assert {h.event_type for h in hits} == {event_type}


@pytest.mark.parametrize(
    "sentence",
    [
        "El Gobierno rectificó su declaración del lunes.",  # 'rectificar' alone is correcting, not agreeing
        "Las partes retomaron las negociaciones en Bruselas.",  # resuming talks is no assault
    ],
)
def test_near_misses_are_not_agreements_or_assaults(finder: TriggerFinder, sentence: str) -> None:
    assert not [h for h in finder.find(sentence) if h.event_type in ("AGREE", "ASSAULT")]
