"""Stamping files in worker processes, one per core: the parent's side. The parent keeps the
database and the report.

Each worker (campaign.stamping.workers) stamps a file into a temporary name beside the output
(``.facture.pdf.1a2b3c4d.tmp``, the name an interrupted atomic write leaves, so the next run cleans
it); the parent renames it into place when it takes the result, in file order, just before it
records it. A killed run therefore never leaves a copy without its record.

A file that kills its worker (a crash in a PDF library) breaks the whole pool: the files that were
in flight are stamped again one at a time in a fresh worker to find the culprit, which is reported
as failed; the rest of the batch goes on.
"""

from __future__ import annotations

import contextlib
import secrets
from collections import deque
from concurrent.futures import Future, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterator

from campaign.atomic import replace_file, temporary_copies
from campaign.stamping.pool import Pool
from campaign.stamping.stamp import FileResult, Stamper
from campaign.stamping.workers import CRASHED, WorkerSetup, stamp_one


def _staged_name(output: Path) -> Path:
    return output.parent / f".{output.name}.{secrets.token_hex(4)}.tmp"


def _discard(path: Path) -> None:
    """Remove a staged copy and the temporary file atomic_write may have left beside it (a worker
    stopped while writing it, e.g. when its pool broke because another worker died)."""
    for leftover in [path, *temporary_copies(path)]:
        with contextlib.suppress(OSError):
            leftover.unlink()


def _new_pool(setup: WorkerSetup, size: int) -> Pool:
    pool = Pool(size)
    pool.configure(setup)
    return pool


def _result(pool: Pool, future: Future, on_pages: Callable[[int], None]) -> FileResult:
    """The future's result; the pages the workers finish meanwhile go to ``on_pages`` as they come."""
    while not future.done():
        wait([future], timeout=0.1)
        pool.report(on_pages)
    pool.report(on_pages)
    return future.result()


def _stamp_alone(pool: Pool, setup: WorkerSetup, source: Path, staged: Path,
                 on_pages: Callable[[int], None]) -> FileResult | None:
    """Stamp one file in ``pool`` and wait; None when the worker died on it.

    When no worker could even start (a frozen program without multiprocessing support, a
    system limit), the file is stamped in this process instead.
    """
    try:
        return _result(pool, pool.executor.submit(stamp_one, source, staged), on_pages)
    except BrokenProcessPool:
        if pool.started():
            return None
        return Stamper(setup.settings, setup.memo, setup.clients, pages=setup.pages,
                       dry_run=setup.dry_run).stamp_file(source, staged, on_pages)


def stamp_in_workers(jobs: list[tuple[Path, Path]], setup: WorkerSetup, workers: int, *,
                     pool: Pool | None = None, on_pages: Callable[[int], None] = lambda n: None
                     ) -> Iterator[FileResult]:
    """Each (source, output) job's result, in job order, its stamped copy renamed into ``output``.

    ``pool``: workers already started (pool.prestart), given ``setup`` here; else started here.
    """
    staged = [_staged_name(output) for _, output in jobs]
    done: dict[int, FileResult] = {}
    queue = deque(range(len(jobs)))  # not finished yet, in order
    taken = 0  # results handed to the caller
    try:
        while taken < len(jobs):
            if pool is None:
                pool = _new_pool(setup, workers)
            elif not pool.configured:
                pool.configure(setup)
            futures = {index: pool.executor.submit(stamp_one, jobs[index][0], staged[index]) for index in queue}
            try:
                for index in list(queue):
                    done[index] = _result(pool, futures[index], on_pages)
                    queue.popleft()
                    while taken in done:
                        yield _settle(done.pop(taken), jobs[taken][1], staged[taken], setup.dry_run)
                        taken += 1
            except BrokenProcessPool:
                pool.close()
                for index, future in futures.items():  # finished before the crash: kept
                    if index in queue and future.done() and future.exception() is None:
                        done[index] = future.result()
                queue = deque(index for index in queue if index not in done)
                for index in queue:  # its worker may have been stopped half-way through writing it
                    _discard(staged[index])
                # The pool hands out files in order (one per worker, workers + 1 queued): the file that
                # crashed is among the first ones not finished; if not, the next pool breaks again.
                # When no worker ever started, all of them go through _isolate, which stamps them here.
                count = min(2 * workers + 1, len(queue)) if pool.started() else len(queue)
                pool = None
                suspects = [queue.popleft() for _ in range(count)]
                _isolate(suspects, jobs, staged, setup, done, on_pages)
                while taken in done:
                    yield _settle(done.pop(taken), jobs[taken][1], staged[taken], setup.dry_run)
                    taken += 1
    finally:
        if pool is not None:
            pool.close()
        for index in range(taken, len(jobs)):  # interrupted: copies not recorded are not kept
            _discard(staged[index])


def _isolate(suspects: list[int], jobs: list[tuple[Path, Path]], staged: list[Path], setup: WorkerSetup,
             done: dict[int, FileResult], on_pages: Callable[[int], None]) -> None:
    """Stamp each suspect alone in one worker; one that kills it is a failed file."""
    pool = _new_pool(setup, 1)
    try:
        for index in suspects:
            source, output = jobs[index]
            result = _stamp_alone(pool, setup, source, staged[index], on_pages)
            if result is None:
                pool.close()
                result = FileResult(source=source, output=output, error=CRASHED)
                pool = _new_pool(setup, 1)
            done[index] = result
    finally:
        pool.close()


def _settle(result: FileResult, output: Path, staged: Path, dry_run: bool) -> FileResult:
    """Put the stamped copy in place under its own name (the parent, just before it records it)."""
    result.output = output
    if dry_run:
        return result
    if result.error:
        _discard(staged)
        return result
    try:
        replace_file(staged, output)
    except OSError as exc:  # the old copy open in Excel (Windows): the next file goes on
        _discard(staged)
        result.error = f"could not be written: {exc}"
    return result
