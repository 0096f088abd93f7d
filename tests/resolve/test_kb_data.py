"""Knowledge-base data: normalisation, the generated states table, office terms."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files

import pytest

from eventcoder.resolve.actors import ActorKB
from eventcoder.resolve.normalize import fold_text, loose_key, name_key
from eventcoder.resolve.states import UN_MEMBERS, states_yaml


@pytest.mark.parametrize(
    ("names", "fn"),
    [(["Bakú", "Baku", "Баку"], name_key), (["Şuşa", "Shusha", "Шуша"], name_key),
     (["Jankendi", "Khankendi", "Xankəndi"], loose_key), (["Karabaj", "Karabakh"], loose_key),
     (["Ereván", "Yerevan", "Ереван"], loose_key)],
)  # fmt: skip
def test_keys_merge_variants(names: list[str], fn: object) -> None:
    assert len({fn(n) for n in names}) == 1  # type: ignore[operator]


def test_fold_text_keeps_offsets() -> None:
    text = "Ёлка en Bakú, İstanbul y Şuşa"
    assert len(fold_text(text)) == len(text)


def test_states_yaml_matches_generator() -> None:
    checked_in = files("eventcoder.resources").joinpath("kb", "states.yaml").read_text(encoding="utf-8")
    assert checked_in == states_yaml(), "run scripts/build_kb_index.py --states to regenerate"
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


def test_every_office_holder_points_to_a_known_entity() -> None:
    kb = ActorKB()
    assert all(o.holder in kb.entities for o in kb.offices)
    assert kb.holder("kb:RUS", ["head_of_state"], dt.date(2022, 1, 1)) == "kb:putin"
    assert kb.holder("kb:ARM", ["leader"], dt.date(2022, 1, 1)) == "kb:pashinyan"
    assert kb.entities["kb:ARM.mil"].actor_type == 1
