"""Settings: package defaults, user file, environment, validation."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from eventcoder.errors import ConfigError
from eventcoder.settings import Settings, default_settings_data, load_settings


def test_shipped_defaults_equal_model_defaults() -> None:
    """resources/defaults.toml and the pydantic defaults must say the same thing."""
    assert Settings.model_validate(default_settings_data()) == Settings()


def test_user_file_then_env_then_arguments_override(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[ingest]\nmax_bytes = 1234\nmin_chars = 5\n[store]\nurl = "x.sqlite"\n')
    env = {"EVENTCODER_INGEST__MIN_CHARS": "7", "EVENTCODER_STORE__URL": "y.sqlite", "OTHER": "1"}
    s = load_settings(cfg, environ=env, store={"url": "z.sqlite"})
    assert s.ingest.max_bytes == 1234
    assert s.ingest.min_chars == 7
    assert s.store.url == "z.sqlite"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[ingest]\nmax_bytes = -1\n", "ingest.max_bytes"),
        ("[ingest]\nbogus = 1\n", "ingest.bogus"),
        ("[[", "cannot read"),
    ],
)
def test_bad_settings_are_one_clear_error(tmp_path: Path, text: str, fragment: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=fragment.replace(".", r"\.")):
        load_settings(cfg, environ={})


def test_settings_are_frozen() -> None:
    s = load_settings(environ={})
    with pytest.raises(ValueError):
        s.ingest.max_bytes = 3  # type: ignore[misc]
    assert tomllib.loads('v = "a"')["v"] == "a"
