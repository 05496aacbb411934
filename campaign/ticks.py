"""Progress of a long step, as the library reports it; whoever calls draws it (the CLI: rich bars on stderr).

A callback ``on_progress(step, done, total)`` is called as work goes on: ``step`` names what is
being done ("Processing replies"), ``done`` how many items so far, ``total`` how many there are,
or None when that is not known in advance (a folder of mail files being read).
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional, TypeVar

OnProgress = Callable[[str, int, Optional[int]], None]
T = TypeVar("T")


def no_progress(step: str, done: int, total: int | None) -> None:
    """The default callback: say nothing."""


def counted(items: Iterable[T], on_progress: OnProgress, step: str, total: int | None = None) -> Iterator[T]:
    """Yield ``items``, reporting how many were taken so far under ``step``."""
    on_progress(step, 0, total)
    for done, item in enumerate(items, start=1):
        yield item
        on_progress(step, done, total)
