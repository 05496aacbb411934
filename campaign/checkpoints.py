"""Named points where the kill tests stop the process, at the same place every time.

``CAMPAIGN_KILL_AT="pipeline.message:57"`` makes the process kill itself the 57th time it passes
``checkpoint("pipeline.message")`` (SIGKILL where it exists, as a power cut or the task manager
would; ``os._exit`` on Windows). Without the variable, which is always the case outside the
tests, a checkpoint costs one string comparison.
"""

from __future__ import annotations

import os
import signal

ENV_VAR = "CAMPAIGN_KILL_AT"

_name, _left = "", 1


def arm(spec: str) -> None:
    """Die at ``spec`` ("name:count", as in the variable) from now on; "" never (a worker process)."""
    global _name, _left
    _name, _, count = spec.partition(":")
    _left = int(count) if count.isdigit() else 1


arm(os.environ.get(ENV_VAR, ""))


def checkpoint(name: str) -> None:
    """Die here if the kill tests asked for it (see the module docstring)."""
    global _left
    if name != _name:
        return
    _left -= 1
    if _left <= 0:
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)
