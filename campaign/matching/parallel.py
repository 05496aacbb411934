"""Matching a large batch of replies on several cores.

A reply's outcome depends on the client index, the reply, and one thing earlier replies of the batch
change: the address each client was already given (a different one later is a second address, for a
person to check). So the batch, in date order, is cut in parts: this process matches the first one
itself, as one process would, while the later ones are matched side by side, each reply with the
addresses known before the batch, each recording which clients' addresses it read. Then, in date
order, this process keeps every outcome whose reading the replies before it did not change, and
matches the others again: the outcomes are those of one process going through the batch.

The later parts are matched in forked processes, which share the index already in memory instead of
loading it again. Only Linux forks safely (macOS's system libraries do not survive a fork, Windows
has none): elsewhere, as for a small batch where starting a process costs more than it saves, the
batch is matched in this process.

``CAMPAIGN_WORKERS`` sets how many processes match a batch (``1``: this one only).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator, Mapping, Sequence, TypeVar

from campaign.matching.records import Candidate, Evidence, Outcome, Warning

MIN_BATCH = 2000   # replies below which one process matches them all (forking and the way back cost ~0.1 s)
MAX_WORKERS = 4    # processes at most, this one included (the index's pages are shared until a process writes)
T = TypeVar("T")
R = TypeVar("R")
K = TypeVar("K")
V = TypeVar("V")

log = logging.getLogger(__name__)

# What a forked process reads (set just before the fork, cleared after): the work and its items
_FORKED: tuple[Callable, Sequence] | None = None


def workers(batch: int) -> int:
    """How many processes should match a batch of ``batch`` replies here."""
    wanted = os.environ.get("CAMPAIGN_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        limit = int(wanted)
    else:
        limit = MAX_WORKERS if batch >= MIN_BATCH else 1
    if limit < 2 or batch < 2 or not sys.platform.startswith("linux") or multiprocessing.current_process().daemon:
        return 1  # a pool's own worker may not start processes
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(limit, cores, batch))


@contextmanager
def in_background(work: Callable[[Sequence[T]], Iterator[R]], items: Sequence[T], processes: int,
                  pack: Callable[[R], tuple], unpack: Callable[[tuple], R]) -> Iterator[Callable[[], list[R] | None]]:
    """Start ``list(work(items))`` with ``items`` cut in ``processes`` parts, each in a forked process,
    while the caller goes on with its own work; yield a function that waits for the results (``pack``-ed
    there, ``unpack``-ed here) and returns them, or None when a process could not start or died (logged
    once: the caller works the items itself). No process (``processes`` < 1, no items): None at once."""
    if processes < 1 or not items:
        yield lambda: None
        return
    global _FORKED
    bounds = [len(items) * n // processes for n in range(processes + 1)]
    _FORKED = (lambda part: [pack(r) for r in work(part)], items)
    try:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            try:
                theirs: list[Future] = [pool.submit(_work_part, bounds[n], bounds[n + 1]) for n in range(processes)]
            except (BrokenProcessPool, OSError) as error:
                theirs = []
                failed: list[BaseException] = [error]
            else:
                failed = []

            def results() -> list[R] | None:
                if failed:
                    return None
                try:
                    return [unpack(packed) for future in theirs for packed in future.result()]
                except (BrokenProcessPool, OSError) as error:
                    # a process that could not start or died (memory, a limit on processes): the caller does it
                    failed.append(error)
                    return None

            try:
                yield results
            finally:
                if failed:
                    log.warning("matching in %d processes failed (%s); matching in one", processes + 1, failed[0])
                for future in theirs:
                    future.cancel()
    finally:
        _FORKED = None


def _work_part(start: int, end: int) -> list[tuple]:
    """In a forked process: the packed results of items ``start:end``."""
    assert _FORKED is not None, "parts are only worked in a process forked by in_background"
    work, items = _FORKED
    return work(items[start:end])


class Reading(Mapping[K, V]):
    """A read-only view of a dict that remembers what was looked up in it with ``get``: the keys, and
    what they held (None for nothing)."""

    def __init__(self, data: dict[K, V]) -> None:
        self._data = data
        self.read: dict[K, V | None] = {}

    def get(self, key: K, default=None):
        value = self._data.get(key)
        self.read[key] = value
        return default if value is None else value

    def __getitem__(self, key: K) -> V:
        self.read[key] = self._data.get(key)
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        raise TypeError("a Reading is only looked up: going through it would read every key")

    def __len__(self) -> int:
        return len(self._data)


def pack_outcome(outcome: Outcome) -> tuple:
    """An outcome as plain tuples: pickled and read back several times faster than dataclasses."""
    return (outcome.message_id, outcome.reply_id, outcome.status, outcome.linked_by, outcome.linked,
            [(c.index, c.code, [(e.signal, e.weight, e.args) for e in c.evidence], c.named, c.in_words, c.excluded,
              c.conflict, c.rejected, c.person_linked, c.score) for c in outcome.candidates],
            [(w.code, w.args) for w in outcome.reasons], outcome.confidence, [(w.code, w.args) for w in outcome.warnings])


def unpack_outcome(packed: tuple) -> Outcome:
    """The outcome :func:`pack_outcome` packed."""
    message_id, reply_id, status, linked_by, linked, candidates, reasons, confidence, warnings = packed
    return Outcome(message_id, reply_id, status, linked_by, linked,
                   [Candidate(i, code, [Evidence(*e) for e in evidence], named, in_words, excluded, conflict, rejected,
                              person_linked, score)
                    for i, code, evidence, named, in_words, excluded, conflict, rejected, person_linked, score
                    in candidates],
                   [Warning(*w) for w in reasons], confidence, [Warning(*w) for w in warnings])
