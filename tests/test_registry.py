"""Registries: parts by name, clear errors for unknown names."""

from __future__ import annotations

import pytest

from eventcoder.errors import ConfigError
from eventcoder.registry import Registry


def test_register_get_and_unknown_name() -> None:
    reg: Registry[object] = Registry("widgets-test")

    @reg.register("a")
    def make_a() -> str:
        return "A"

    assert reg.get("a") is make_a
    assert "a" in reg and reg.names() == ["a"]
    with pytest.raises(ConfigError, match=r"no widgets-test named 'b' \(known: a\)"):
        reg.get("b")
