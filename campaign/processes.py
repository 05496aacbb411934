"""Helper processes that never outlive the command that started them."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import Future
from typing import Callable, Sequence, TypeVar

R = TypeVar("R")


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


def cpu_count() -> int:
    """The cores this process may use (its affinity where the system tells it, else all)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def start_helper() -> None:
    """A helper process's start: Ctrl+C is the command's to handle (it stops its helpers), and the
    helper ends with the command."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()


def take_back(futures: Sequence[Future], here: Callable[[int], R]) -> dict[int, R]:
    """Do here the works a helper has not started, instead of waiting behind them: {place: result}.

    The helper takes ``futures`` from the front, so they are taken back from the back, one at a
    time, each done (``here(place)``) before the next is asked for, while the helper goes on; the
    first one already started ends it (the ones before it are started or done too).
    """
    done: dict[int, R] = {}
    for place in reversed(range(len(futures))):
        if not futures[place].cancel():
            break
        done[place] = here(place)
    return done
