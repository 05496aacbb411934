"""Helper processes that never outlive the command that started them."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading


def exit_with_parent() -> None:
    """In a helper process: end as soon as the process that started it is gone.

    Killed from the task manager or by a power cut, a command cannot shut its helpers down; an
    orphaned helper would live on, holding the terminal (and, forked, the parent's open files).
    The parent's sentinel becomes ready when it dies, on Windows as on POSIX.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
