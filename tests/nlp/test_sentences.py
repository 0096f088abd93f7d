"""Sentence rules shared by every backend."""

from __future__ import annotations

import pytest

from eventcoder.nlp.sentences import paragraph_blocks, refine_sentences, rule_sentences

CASES = [
    ("Uno dos.\n\n  Tres cuatro.", ["Uno dos.", "Tres cuatro."]),
    ("los muertos.Hoy, Bakú celebró.", ["los muertos.", "Hoy, Bakú celebró."]),
    (
        "Sobre la guerra de 44 días\nDel 27 de septiembre al 9 de noviembre.",
        ["Sobre la guerra de 44 días", "Del 27 de septiembre al 9 de noviembre."],
    ),
    ("a hard-wrapped line\ncontinues here.", ["a hard-wrapped line\ncontinues here."]),
    ("EE.UU. y Francia no fueron.", ["EE.UU. y Francia no fueron."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_refine_single_backend_sentence(text: str, expected: list[str]) -> None:
    spans = refine_sentences(text, [(0, len(text))])
    assert [text[s:e] for s, e in spans] == expected


def test_rule_sentences() -> None:
    text = "Putin habló. ¿Quién respondió? «Nadie», dijo él.\n\nFin"
    assert [text[s:e] for s, e in rule_sentences(text)] == [
        "Putin habló.",
        "¿Quién respondió?",
        "«Nadie», dijo él.",
        "Fin",
    ]


def test_paragraph_blocks_trimmed() -> None:
    text = "\n  A b.\n \n\nC d.  \n"
    assert [text[s:e] for s, e in paragraph_blocks(text)] == ["A b.", "C d."]
    assert paragraph_blocks("   \n\n ") == []
