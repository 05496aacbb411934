"""Progress bars on stderr for the library's long steps (see campaign.ticks); silent under cron or a pipe."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Iterator

from campaign.cli.app import err_console
from campaign.ticks import OnProgress, no_progress

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID


@contextlib.contextmanager
def progress_bars(console: Console | None = None) -> Iterator[OnProgress]:
    """An ``on_progress`` callback drawing one bar per step, erased when done; a no-op off a terminal."""
    console = console or err_console
    if not console.is_terminal:
        yield no_progress
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        tasks: dict[str, TaskID] = {}

        def update(step: str, done: int, total: int | None) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(step, total=total)
            progress.update(tasks[step], completed=done, total=total)

        yield update


class PausableBars:
    """progress_bars() that a command can pause to print between two steps (the client import's
    report above the matching's bar): the display is closed, and the next update opens a new one."""

    def __init__(self, console: Console | None = None) -> None:
        self._console = console
        self._stack: contextlib.ExitStack | None = None
        self._update: OnProgress | None = None

    def __call__(self, step: str, done: int, total: int | None) -> None:
        if self._update is None:
            self._stack = contextlib.ExitStack()
            self._update = self._stack.enter_context(progress_bars(self._console))
        self._update(step, done, total)

    def pause(self) -> None:
        """Erase the bars now (they come back with the next update)."""
        if self._stack is not None:
            self._stack.close()
        self._stack = self._update = None

    def __enter__(self) -> "PausableBars":
        return self

    def __exit__(self, *exc: object) -> None:
        self.pause()
