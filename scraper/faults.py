"""Fault injection for the crash tests: ``STRIKEFEED_CRASH_AT=<point>`` kills the process with
SIGKILL the first time execution reaches that point, exactly like a power cut would.

Unset in production, the check is one dictionary lookup. Points: ``after-append`` (posts on the
stream, cursor not committed), ``after-publish`` (event published, posts entry not acknowledged).
"""

from __future__ import annotations

import os
import signal

ENV_VAR = "STRIKEFEED_CRASH_AT"


def crash_point(name: str) -> None:
    if os.environ.get(ENV_VAR) == name:
        os.kill(os.getpid(), signal.SIGKILL)
