"""Named points where a test can stop this process with SIGKILL, to prove that nothing is lost.

A fault-injection hook in the style of database failpoints: ``EVENTCODER_FAILPOINT=name:N`` kills the
process (SIGKILL, no clean-up, as ``kill -9`` or the OOM killer would) the N-th time it passes the point
``name``.  Unset, as in all normal use, ``hit`` is one environment lookup.  The points:

- ``extracted``: after an article's events are stored and it is marked processed (not clustered yet);
- ``clustering``: inside the clustering transaction, after its writes and before its commit.
"""

from __future__ import annotations

import os
import signal

__all__ = ["ENV", "hit"]

ENV = "EVENTCODER_FAILPOINT"
_passes: dict[str, int] = {}


def hit(name: str) -> None:
    """Pass the point ``name``: SIGKILL this process when ``$EVENTCODER_FAILPOINT`` says so."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, count = spec.partition(":")
    if wanted != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
