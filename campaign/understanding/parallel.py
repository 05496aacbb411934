"""Understanding many messages at once, on every core when there are enough of them.

``understand()`` is a pure function of the raw message and the firm's context, about 1 ms a
message on one core: half of what a big harvest costs once matching goes in batches. A batch of
MIN_PARALLEL messages or more is read by helper processes (spawned, as on Windows; one per core,
started on the first big batch and kept for the command's life, ending with it); smaller batches,
and machines with one core or no way to start a process, read them here. A message whose reading
raises is left out (None), so that the caller reads it alone and records why it failed.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from campaign.processes import exit_with_parent
from campaign.understanding.reply import FirmContext, Understanding, understand

MIN_PARALLEL = 300  # messages: a helper takes about 0.3 s to start, which 300 messages pay back
CHUNK = 25  # messages sent to a helper at a time (fewer round trips, still even shares)

_pool: ProcessPoolExecutor | None = None
_pool_failed = False


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _start_helper() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the command's to handle, not each helper's
    exit_with_parent()


def _read(item: tuple[bytes, FirmContext]) -> Understanding | None:
    raw, context = item
    try:
        return understand(raw, context)
    except Exception:  # read alone by the caller, which records the reason
        return None


def _helpers() -> ProcessPoolExecutor | None:
    """The helper processes (started on first use); None where they cannot run."""
    global _pool, _pool_failed
    if _pool is None and not _pool_failed:
        cores = _cores()
        if cores < 2:
            _pool_failed = True
            return None
        try:
            _pool = ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_helper)
        except (OSError, NotImplementedError, ImportError):  # a frozen program, a process limit
            _pool_failed = True
    return _pool


def understand_many(raws: list[bytes], context: FirmContext) -> list[Understanding | None]:
    """``understand()`` of each raw message, in order (None where it raised)."""
    items = [(raw, context) for raw in raws]
    pool = _helpers() if len(items) >= MIN_PARALLEL else None
    if pool is not None:
        try:
            return list(pool.map(_read, items, chunksize=CHUNK))
        except Exception:  # a helper died (killed, out of memory): read them here, as without helpers
            shutdown()
    return [_read(item) for item in items]


def shutdown() -> None:
    """Stop the helpers (the next big batch starts new ones)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
