"""Understanding many messages at once, on every core when there are enough of them.

``understand()`` is a pure function of the raw message and the firm's context, about 1 ms a
message on one core: half of what a big harvest costs once matching goes in batches. A batch of
MIN_PARALLEL messages or more is read by helper processes (spawned, as on Windows; one per core
but one, started on the first big batch and kept for the command's life, ending with it) and by
this process, each its share; smaller batches,
and machines with one core or no way to start a process, read them here. A message whose reading
raises is left out (None), so that the caller reads it alone and records why it failed.

The pipeline also asks for the next batch ahead (:func:`read_ahead`): the helpers read it while
this process matches the current one, and :func:`understand_many` takes those readings when the
batch's turn comes (the same message, the same firm context), reading the rest itself.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from campaign.processes import cpu_count, start_helper, take_back
from campaign.understanding.reply import FirmContext, Understanding, understand

MIN_PARALLEL = 300  # messages: a helper takes about 0.3 s to start, which 300 messages pay back
CHUNK = 10  # messages sent to a helper at a time: this process waits for at most two started ones (see take_back)

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_pool_failed = False
# message id -> (the helpers' reading of its chunk, its place there, hash of its raw, the context)
_ahead: dict[int, tuple[Future, int, int, FirmContext]] = {}


def _read(item: tuple[bytes, FirmContext]) -> Understanding | None:
    raw, context = item
    try:
        return understand(raw, context)
    except Exception:  # read alone by the caller, which records the reason
        return None


def _helpers() -> ProcessPoolExecutor | None:
    """The helper processes (started on first use); None where they cannot run."""
    global _pool, _pool_size, _pool_failed
    if _pool is None and not _pool_failed:
        cores = cpu_count()
        if cores < 2:
            _pool_failed = True
            return None
        try:
            # one core stays this process's: it reads its share of a batch, or matches the
            # previous batch while the helpers read the next one
            _pool = ProcessPoolExecutor(max_workers=cores - 1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=start_helper)
            _pool_size = cores - 1
        except (OSError, NotImplementedError, ImportError):  # a frozen program, a process limit
            _pool_failed = True
    return _pool


def _read_all(items: list[tuple[bytes, FirmContext]]) -> list[Understanding | None]:
    return [_read(item) for item in items]


def _submit(pool: ProcessPoolExecutor, items: list[tuple[bytes, FirmContext]]) -> list[Future]:
    """``items`` sent to the helpers CHUNK at a time: item n's reading is futures[n // CHUNK][n % CHUNK]."""
    return [pool.submit(_read_all, items[start:start + CHUNK]) for start in range(0, len(items), CHUNK)]


def read_ahead(messages: dict[int, bytes], context: FirmContext) -> None:
    """Start reading ``messages`` ({id: raw}) in the helpers, for a later understand_many (a batch
    too small for helpers is not read ahead). Readings asked for earlier and not taken are dropped."""
    _ahead.clear()
    pool = _helpers() if len(messages) >= MIN_PARALLEL else None
    if pool is None:
        return
    try:
        futures = _submit(pool, [(raw, context) for raw in messages.values()])
        for n, (message_id, raw) in enumerate(messages.items()):
            _ahead[message_id] = (futures[n // CHUNK], n % CHUNK, hash(raw), context)
    except Exception:  # the helpers are gone: the batch is read when its turn comes
        _ahead.clear()
        shutdown()


def _claim(message_id: int, raw: bytes, context: FirmContext) -> tuple[Future, int] | None:
    """(the helpers' reading of its chunk, its place there) when this message, with this raw and
    context, was sent ahead; None when it must be read now."""
    entry = _ahead.pop(message_id, None)
    if entry is None:
        return None
    future, place, digest, asked = entry
    if digest != hash(raw) or asked != context:
        return None
    return future, place


def understand_many(raws: list[bytes], context: FirmContext, ids: list[int] | None = None
                    ) -> list[Understanding | None]:
    """``understand()`` of each raw message, in order (None where it raised); ``ids``: the
    messages' ids, to take what was read ahead for them."""
    results: list[Understanding | None] = [None] * len(raws)
    todo = []
    sent: dict[Future, list[tuple[int, int]]] = {}  # a chunk read ahead -> (message n, its place there)
    for n, raw in enumerate(raws):
        claimed = _claim(ids[n], raw, context) if ids is not None else None
        if claimed is None:
            todo.append(n)
        else:
            sent.setdefault(claimed[0], []).append((n, claimed[1]))
    # matching may be done before the helpers' reading: the chunks they have not started are read here
    chunks = list(sent)
    for c, read_here in take_back(chunks, lambda c: [(n, _read((raws[n], context))) for n, _ in sent[chunks[c]]]).items():
        del sent[chunks[c]]
        for n, result in read_here:
            results[n] = result
    for future, places in sent.items():
        try:
            read_ahead_here = future.result()
        except Exception:  # a helper died: read them here
            todo.extend(n for n, _ in places)
            continue
        for n, place in places:
            results[n] = read_ahead_here[place]
    todo.sort()
    items = [(raws[n], context) for n in todo]
    read: list[Understanding | None] | None = None
    pool = _helpers() if len(items) >= MIN_PARALLEL else None
    if pool is not None:
        share = len(items) * _pool_size // (_pool_size + 1)  # the helpers' part; this process reads the rest meanwhile
        try:
            futures = _submit(pool, items[:share])
            mine = [_read(item) for item in items[share:]]
            read = [result for future in futures for result in future.result()] + mine
        except Exception:  # a helper died (killed, out of memory): read them here, as without helpers
            shutdown()
    if read is None:
        read = [_read(item) for item in items]
    for n, result in zip(todo, read):
        results[n] = result
    return results


def shutdown() -> None:
    """Stop the helpers (the next big batch starts new ones)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
