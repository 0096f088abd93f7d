"""Command-line options shared by several commands: the filters of ``eventcoder.filters.Filters``."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError

from eventcoder.errors import ConfigError
from eventcoder.filters import Filters

__all__ = [
    "ActorOpt",
    "CountryOpt",
    "LanguageOpt",
    "SinceOpt",
    "SourceOpt",
    "TypeOpt",
    "UntilOpt",
    "filters_from_options",
]

CountryOpt = Annotated[str | None, typer.Option("--country", help="ISO alpha-3 of the place, e.g. ARM.")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Entity id or part of an actor's name.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="Start date on or after (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Start date on or before (YYYY-MM-DD).")]
LanguageOpt = Annotated[str | None, typer.Option("--language", "-l", help="A source language.")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Part of a source outlet's name.")]


def filters_from_options(**values: str | None) -> Filters:
    """A ``Filters`` from command-line values; ConfigError naming the option and reason when one is invalid."""
    try:
        return Filters.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"bad filter --{first['loc'][0]}: {first['msg']}") from None
