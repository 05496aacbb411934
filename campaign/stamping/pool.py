"""The worker processes of `campaign stamp`, startable before the parent loads the stamping code.

A worker takes about 0.3 s to start (a fresh interpreter importing pikepdf, pypdfium2, reportlab
and the rest); started first, the workers load while the parent loads the same modules and plans
the batch. This module therefore imports nothing heavy: a worker loads campaign.stamping.workers
itself, then waits for what to stamp with (the settings and clients the parent reads meanwhile),
sent once per worker through a queue. Workers report the pages they finish through another queue.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from campaign.processes import cpu_count

MIN_FILES = 2  # one file is stamped here: workers stamp files, not pages
# Below this, starting the workers (0.3-0.4 s of CPU each) costs more than it saves. Measured through
# the command on 2 cores (best of 3): 80 pages in 2 files 0.82 s here, 0.93 s in workers; 120 pages
# 0.96 s / 1.02 s; 200 pages 1.32 s / 1.21 s.
MIN_PAGES = 150


def worth_workers(workers: int, files: int, pages: int) -> bool:
    """Whether a batch is stamped in ``workers`` processes rather than here."""
    return workers > 1 and files >= MIN_FILES and pages >= MIN_PAGES


def _start(setups: Any, progress: Any) -> None:
    import signal

    # before the heavy imports: a Ctrl+C in the first half second is the parent's to handle, not a
    # traceback per worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from campaign.stamping.workers import start_worker  # the heavy imports, in the worker

    start_worker(setups.get(), progress)


def _ready() -> bool:
    return True


class Pool:
    """``size`` spawned workers (as on Windows), started now and given their set-up later."""

    def __init__(self, size: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.size = size
        self._setups = context.SimpleQueue()
        self.progress = context.SimpleQueue()  # pages done, as workers report them
        self.configured = False
        before = set(multiprocessing.active_children())
        self.executor = ProcessPoolExecutor(max_workers=size, mp_context=context, initializer=_start,
                                            initargs=(self._setups, self.progress))
        # one call a worker spawns them all now; done once a worker runs: tells a crash from no start
        self.ready = [self.executor.submit(_ready) for _ in range(size)]
        self._processes = [p for p in multiprocessing.active_children() if p not in before]

    def configure(self, setup: Any) -> None:
        """Give every worker what it stamps with (a workers.WorkerSetup)."""
        for _ in range(self.size):
            self._setups.put(setup)
        self.configured = True

    def started(self) -> bool:
        """Whether a worker of this pool ever ran."""
        # a call the pool's shutdown cancelled before any worker took it ran nowhere (and has no exception to ask)
        return any(f.done() and not f.cancelled() and f.exception() is None for f in self.ready)

    def report(self, on_pages: Callable[[int], None]) -> None:
        """Pass on the page counts the workers sent since the last call."""
        while not self.progress.empty():
            on_pages(self.progress.get())

    def close(self, wait: bool = True) -> None:
        """Stop the workers once they finish what they stamp; unused ones at once."""
        if not self.configured:  # never given work (a batch too small after all): not waited for
            for process in self._processes:
                process.terminate()
            for _ in range(self.size):
                self._setups.put(None)
            self.configured = True
        self.executor.shutdown(wait=wait, cancel_futures=True)


def _pdf_files(inputs: Iterable[Path]) -> Iterator[Path]:
    """The PDF files the inputs name or hold (as batch.collect_inputs finds them, roughly)."""
    for item in inputs:
        if item.is_dir():
            yield from (path for path in item.rglob("*") if path.suffix.lower() == ".pdf" and path.is_file())
        elif item.suffix.lower() == ".pdf":
            yield item


def page_count(path: Path) -> int:
    """Pages of one PDF; 0 when it cannot be read (it is refused later, with its reason)."""
    import pypdfium2 as pdfium  # 0.06 s, which the stamping needs anyway

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:
        return 0
    count = len(doc)
    doc.close()
    return count


def _big_enough(inputs: Iterable[Path]) -> bool:
    """Whether the inputs hold MIN_FILES files and MIN_PAGES pages (reading no more files than that takes)."""
    files = pages = 0
    for path in _pdf_files(inputs):
        count = page_count(path)
        if count:
            files, pages = files + 1, pages + count
        if files >= MIN_FILES and pages >= MIN_PAGES:
            return True
    return False


def prestart(inputs: list[Path], workers: int | None = None) -> Pool | None:
    """Workers for a batch big enough for them (see worth_workers), started at once; else None.

    The batch (stamping.batch.run_batch) decides again on the files it does stamp, and closes
    the pool unused when they are too few.
    """
    size = cpu_count() if workers is None else workers
    if size < 2 or not _big_enough(inputs):
        return None
    try:
        return Pool(size)
    except OSError:  # no process can be started (a system limit): stamped here
        return None
