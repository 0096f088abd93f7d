"""The command line: a thin face over the public API (``eventcoder``).

``app.py`` holds the typer app, the shared options and the core commands;
each other module of this package adds its own commands to ``app`` when
imported (``timeline.py``, ``report.py``, ``serve.py``, ...).  Every module is
imported here, so adding a command is adding a module.

Exit codes (stable, documented in README.md): 0 success; 1 unexpected error;
2 bad settings or options; 3 unreadable input; 4 store error; 5 model or data
package missing; 6 evaluation below baseline or unreadable gold; 7 record not
found.
"""

from __future__ import annotations

import importlib
import pkgutil

from eventcoder.cli.app import app, main

__all__ = ["app", "main"]

for _info in pkgutil.iter_modules(__path__):
    if _info.name not in {"app", "__main__"}:
        importlib.import_module(f"{__name__}.{_info.name}")
