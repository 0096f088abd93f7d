"""Trigger lexicons and the multilingual event-type classifier."""

from __future__ import annotations

import pytest

from eventcoder.extract.classifier import EventTypeClassifier, TriggerFinder
from eventcoder.extract.ontology import Ontology
from eventcoder.settings import ExtractSettings, load_settings


@pytest.fixture(scope="module")
def settings() -> ExtractSettings:
    return load_settings(environ={}).extract


@pytest.fixture(scope="module")
def classifier(settings: ExtractSettings) -> EventTypeClassifier:
    return EventTypeClassifier(settings)


# --------------------------------------------------------------------------- triggers

TRIGGER_CASES = [
    ("Las fuerzas armadas atacaron el puesto fronterizo.", "ASSAULT", "atacaron", None),
    ("El pueblo fue bombardeado durante la noche.", "ASSAULT", "bombardeado", "heavy-weapons"),
    ("Russian troops shelled the village.", "ASSAULT", "shelled", "heavy-weapons"),
    ("Войска обстреляли позиции противника.", "ASSAULT", "обстреляли", "heavy-weapons"),
    ("Las partes firmaron un alto el fuego.", "AGREE", "alto el fuego", None),
    ("Стороны объявили перемирие.", "AGREE", "перемирие", None),
    ("Le président a accusé Bakou.", "ACCUSE", "a accusé", "allege"),
    ("Os embaixadores recusaram-se a participar.", "REJECT", "recusaram-se", None),
    ("The ambassadors refused to attend.", "REJECT", "refused", None),
]


@pytest.mark.parametrize(("sentence", "event_type", "cue", "mode"), TRIGGER_CASES)
def test_trigger_finder_offsets(
    settings: ExtractSettings, sentence: str, event_type: str, cue: str, mode: str | None
) -> None:
    hits = TriggerFinder(settings)([sentence])[0]
    matching = [h for h in hits if h.event_type == event_type and h.cue == cue]
    assert matching, hits
    hit = matching[0]
    assert sentence[hit.start : hit.end] == cue
    assert hit.mode == mode


def test_trigger_finder_whole_words_only(settings: ExtractSettings) -> None:
    finder = TriggerFinder(settings)
    assert not [h for h in finder.find("The reattacked item was mislabelled.") if h.event_type == "ASSAULT"]
    assert finder.find("Nothing happened in the quiet town today.") == []


def test_trigger_lexicons_cover_every_type_in_every_language(settings: ExtractSettings) -> None:
    types = set(Ontology().types)
    for language in settings.languages:
        finder = TriggerFinder(settings.model_copy(update={"languages": (language,)}))
        found = {e[0] for entries in finder._matchers[language]._exact.values() for e in entries}
        found |= {e[0] for entries in finder._matchers[language]._stems.values() for e in entries}
        assert found == types, language


def test_trigger_finder_uses_the_sentence_language(settings: ExtractSettings) -> None:
    finder = TriggerFinder(settings)
    assert [h.cue for h in finder.find("Russian troops shelled the village.", "en")] == ["shelled"]
    assert finder.find("Russian troops shelled the village.", "ru") == []
    assert [h.cue for h in finder.find("Russian troops shelled the village.", "xx")] == ["shelled"]


def test_trigger_finder_keeps_shorter_cues_of_other_types(settings: ExtractSettings) -> None:
    hits = TriggerFinder(settings).find("The ceasefire took effect at midnight.", "en")
    assert {(h.event_type, h.cue) for h in hits} >= {("RETREAT", "ceasefire took effect"), ("AGREE", "ceasefire")}


# --------------------------------------------------------------------------- classifier

CLASSIFIER_CASES = [
    # ceasefire signed -> AGREE
    ("es", "Armenia y Azerbaiyán firmaron un alto el fuego en Moscú.", "AGREE"),
    ("en", "Russia and Ukraine signed a ceasefire agreement on Friday.", "AGREE"),
    ("fr", "Le Mali et les rebelles ont signé un cessez-le-feu.", "AGREE"),
    ("pt", "Rússia e Ucrânia assinaram um acordo de cessar-fogo.", "AGREE"),
    # shelling -> ASSAULT
    ("en", "Artillery shelled the village of Talish on Tuesday.", "ASSAULT"),
    ("es", "La artillería bombardeó Stepanakert durante horas.", "ASSAULT"),
    ("ru", "Российская артиллерия обстреляла Херсон.", "ASSAULT"),
    ("fr", "Les forces russes ont bombardé Kharkiv.", "ASSAULT"),
    ("pt", "A artilharia russa bombardeou Kharkiv.", "ASSAULT"),
    # accusation -> ACCUSE
    ("en", "Pashinyan accused Baku of provoking the escalation.", "ACCUSE"),
    ("es", "El gobierno acusó a los rebeldes de violar la tregua.", "ACCUSE"),
    ("ru", "Москва обвинила Киев в срыве переговоров.", "ACCUSE"),
    # meeting / talks -> CONSULT
    ("en", "Putin held talks with Erdogan in Sochi.", "CONSULT"),
    ("ru", "Путин провел переговоры с Эрдоганом в Сочи.", "CONSULT"),
    ("pt", "O chanceler reuniu-se com o enviado da ONU em Luanda.", "CONSULT"),
    # refusal to attend -> REJECT
    ("fr", "Les ambassadeurs ont refusé de participer à la conférence.", "REJECT"),
    ("pt", "Os embaixadores recusaram-se a participar na conferência.", "REJECT"),
    ("es", "Dos países se negaron a participar en la reunión de Shushá.", "REJECT"),
    # appeal to refrain -> REQUEST
    ("en", "The UN urged the parties to refrain from attacks on civilians.", "REQUEST"),
    ("fr", "L'ONU a exhorté les deux pays à s'abstenir de toute provocation.", "REQUEST"),
    # troops deployed -> MOBILIZE
    ("es", "El gobierno desplegó tropas en la frontera norte.", "MOBILIZE"),
    ("en", "Azerbaijan deployed additional troops along the border.", "MOBILIZE"),
    # prisoners exchanged -> CONCEDE; peacekeepers deployed -> AID (conventions of docs/gold-format.md)
    ("en", "Armenia and Azerbaijan exchanged prisoners of war.", "CONCEDE"),
    ("es", "Las fuerzas de paz rusas entraron en el corredor de Lachín.", "AID"),
    ("ru", "Стороны провели обмен военнопленными.", "CONCEDE"),
    # withdrawal -> RETREAT
    ("en", "Armenian forces withdrew from the Kalbajar district.", "RETREAT"),
]


@pytest.mark.parametrize(("language", "sentence", "expected"), CLASSIFIER_CASES)
def test_classifier_finds_the_type(
    classifier: EventTypeClassifier, language: str, sentence: str, expected: str
) -> None:
    """The expected type is among those reported for the sentence (each gives an event in the extract stage)."""
    ranked = classifier([sentence])[0]
    assert ranked, f"no event found in {language} sentence"
    assert expected in [t for t, _ in ranked], ranked


def test_classifier_batch_shape_and_no_event(classifier: EventTypeClassifier) -> None:
    out = classifier(["La ciudad tiene cincuenta mil habitantes.", "Reporting by our correspondent.", ""])
    assert len(out) == 3
    assert out[0] == [] and out[1] == []
    assert classifier([]) == []


def test_scores_are_ranked_and_thresholded(classifier: EventTypeClassifier) -> None:
    ranked = classifier(["Police arrested dozens of protesters after the rally."])[0]
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(classifier.settings.event_threshold <= s <= 1.0 for s in scores)
    assert {"COERCE"} <= {t for t, _ in ranked}
