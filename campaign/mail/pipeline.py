"""Stages that run over stored messages: reply understanding, matching to clients, and so on.

A stage is a function ``run(context, message) -> str`` (a one-line summary) registered under a
name and a version with :func:`register`. Each message's stage run is committed in one
transaction together with whatever the stage wrote, and recorded in ``message_stages``; a
stage whose version changed, or that failed, is run again by ``campaign reprocess``. Newly
harvested messages go through every registered stage straight after the harvest.

A stage may also take a whole batch (``batch=`` in :func:`register`, a function
``(context, messages) -> {message id: summary}``): matching scores a batch of replies in one call
against an index it reads once, and reads the earlier designations once per batch instead of once
per message, so its cost per message stays flat as the campaign grows. When a batch run fails, the
batch is rolled back and run again one message at a time, so a bad message still fails alone.

Later features register their stages by adding their module to ``STAGE_MODULES`` (imported on
first use, so the harvest does not depend on them being present).
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from campaign.checkpoints import checkpoint
from campaign.clock import utc_now
from campaign.context import Context
from campaign.mail.messages import StoredMessage, load_message
from campaign.store import Store
from campaign.ticks import OnProgress, no_progress

log = logging.getLogger(__name__)

# Modules that call register() when imported; later issues append theirs here.
STAGE_MODULES: tuple[str, ...] = ("campaign.understanding.stage", "campaign.matching.stage", "campaign.sending.stage")

StageFunc = Callable[[Context, StoredMessage], str]
BatchFunc = Callable[[Context, list[StoredMessage]], dict[int, str]]
AheadFunc = Callable[[Context, list[StoredMessage]], None]


@dataclass
class Stage:
    """A registered pipeline stage."""

    name: str
    version: str
    run: StageFunc
    order: int = 100  # lower runs first
    batch: BatchFunc | None = None  # the same work over many messages at once (same results)
    ahead: AheadFunc | None = None  # start the batch form's work on the next batch, in the background


_STAGES: dict[str, Stage] = {}
_loaded = False


def register(name: str, version: str, *, order: int = 100, batch: BatchFunc | None = None,
             ahead: AheadFunc | None = None) -> Callable[[StageFunc], StageFunc]:
    """Decorator: make ``func`` the stage ``name`` at ``version`` (``batch``: its batch form;
    ``ahead``: starts that work on the next batch while the later stages run on this one)."""

    def decorate(func: StageFunc) -> StageFunc:
        _STAGES[name] = Stage(name, version, func, order, batch, ahead)
        return func

    return decorate


def unregister(name: str) -> None:
    """Remove a stage (tests)."""
    _STAGES.pop(name, None)


def stages() -> list[Stage]:
    """The registered stages, in running order."""
    global _loaded
    if not _loaded:
        for module in STAGE_MODULES:
            importlib.import_module(module)
        _loaded = True
    return sorted(_STAGES.values(), key=lambda s: (s.order, s.name))


@dataclass
class PipelineReport:
    """What a pipeline run did."""

    stages: list[str] = field(default_factory=list)
    messages: int = 0
    ran: int = 0
    failed: int = 0
    skipped_purged: int = 0
    errors: list[str] = field(default_factory=list)


def _due(store: Store, message_id: int, stage: Stage, force: bool) -> bool:
    if force:
        return True
    row = store.conn.execute("SELECT stage_version, status FROM message_stages WHERE message_id = ? AND stage = ?",
                             (message_id, stage.name)).fetchone()
    return row is None or row["stage_version"] != stage.version or row["status"] != "ok"


PROCESSING = "Processing messages"
COMMIT_EVERY = 500  # messages per transaction and per matching call: one fsync per batch, not two per message


def run_pipeline(context: Context, message_ids: Iterable[int], *, only: str | None = None,
                 force: bool = False, adding_to: PipelineReport | None = None,
                 on_progress: OnProgress = no_progress) -> PipelineReport:
    """Run the due stages over the given messages (counting into ``adding_to`` when given).

    Each stage run over one message is isolated in a SAVEPOINT: a failure rolls back only what
    that stage wrote for that message. Messages are committed in batches of COMMIT_EVERY, so an
    interruption loses at most the batch in progress, which the next reprocess picks up.
    """
    selected = [s for s in stages() if only is None or s.name == only]
    report = adding_to or PipelineReport(stages=[s.name for s in selected])
    if not selected:
        return report
    store = context.store
    ids = _by_date(store, list(dict.fromkeys(message_ids)))
    on_progress(PROCESSING, 0, len(ids))
    upcoming = _load_batch(store, ids[:COMMIT_EVERY])
    for start in range(0, len(ids), COMMIT_EVERY):
        chunk, (messages, purged) = ids[start:start + COMMIT_EVERY], upcoming
        # each batch read once: the next one is read now, for the stages that start on it ahead
        upcoming = _load_batch(store, ids[start + COMMIT_EVERY:start + 2 * COMMIT_EVERY])
        report.messages += len(chunk)
        report.skipped_purged += purged
        with store.transaction() as conn:
            _run_batch(context, conn, messages, selected, force, report, upcoming[0])
        on_progress(PROCESSING, start + len(chunk), len(ids))
    return report


def _by_date(store: Store, message_ids: list[int]) -> list[int]:
    """``message_ids`` in the order the messages were written (Date header, then harvest order):
    "a second, different address for a client" means second by date, whatever order the mailbox
    or the folder gave them in, as when the whole campaign is matched again."""
    dates = dict(store.conn.execute("SELECT id, date FROM messages"))
    return sorted(message_ids, key=lambda i: (dates.get(i, ""), i))


def _load_batch(store: Store, message_ids: list[int]) -> tuple[list[StoredMessage], int]:
    """The messages whose raw is kept, and how many were purged."""
    messages = [load_message(store, message_id) for message_id in message_ids]
    kept = [m for m in messages if m.compressed_raw is not None]
    return kept, len(messages) - len(kept)


def _run_batch(context: Context, conn, messages: list[StoredMessage], selected: list[Stage], force: bool,
               report: PipelineReport, upcoming: Sequence[StoredMessage] = ()) -> None:
    """Run each due stage over one batch of messages, stage by stage, inside the caller's
    transaction; a stage that can work ahead starts on the ``upcoming`` batch once it is done here."""
    store = context.store
    failed: set[int] = set()
    for stage in selected:
        due = [m for m in messages if _due(store, m.id, stage, force)]
        if len(due) > 1:
            due = _run_stage_batch(conn, context, stage, due, report)
        for message in due:
            if not _run_one(conn, context, stage, message, report):
                failed.add(message.id)
        if stage.ahead is not None and upcoming:
            try:
                stage.ahead(context, [m for m in upcoming if _due(store, m.id, stage, force)])
            except Exception as exc:  # only speed is lost: the next batch is done when its turn comes
                log.warning("stage %s: could not start on the next batch (%s)", stage.name, exc)
    for message in messages:
        conn.execute("UPDATE messages SET state = ? WHERE id = ?",
                     ("failed" if message.id in failed else "processed", message.id))
        checkpoint("pipeline.message")  # inside the batch's open transaction


def _run_stage_batch(conn, context: Context, stage: Stage, due: list[StoredMessage],
                     report: PipelineReport) -> list[StoredMessage]:
    """Run ``stage``'s batch form over ``due``; the messages still to run one at a time: those it
    left out (it cannot take them: alone, they fail with their reason), or all when it failed
    (then nothing it wrote is kept)."""
    if stage.batch is None:  # no batch form: every message runs alone
        return due
    conn.execute("SAVEPOINT stage_batch")
    try:
        details = stage.batch(context, due)
    except Exception as exc:  # some message in it cannot be processed
        conn.execute("ROLLBACK TO stage_batch")
        conn.execute("RELEASE stage_batch")
        log.warning("stage %s: a batch of %d messages failed (%s); running them one at a time",
                    stage.name, len(due), " ".join(str(exc).split()))
        return due
    for message in due:
        if message.id in details:
            _record(conn, message.id, stage, "ok", details[message.id])
            report.ran += 1
    conn.execute("RELEASE stage_batch")
    return [message for message in due if message.id not in details]


def _run_one(conn, context: Context, stage: Stage, message: StoredMessage, report: PipelineReport) -> bool:
    """Run ``stage`` over one message in its own savepoint; False when it failed (recorded)."""
    conn.execute("SAVEPOINT stage")
    try:
        detail = stage.run(context, message) or ""
    except Exception as exc:  # one bad message must not stop the batch
        conn.execute("ROLLBACK TO stage")
        conn.execute("RELEASE stage")
        report.failed += 1
        line = f"message {message.id} ({message.message_id or message.file_name}): stage {stage.name}: {exc}"
        report.errors.append(" ".join(line.split()))
        _record(conn, message.id, stage, "failed", " ".join(str(exc).split()))
        return False
    _record(conn, message.id, stage, "ok", detail)
    conn.execute("RELEASE stage")
    report.ran += 1
    return True


def _record(conn, message_id: int, stage: Stage, status: str, detail: str) -> None:
    conn.execute(
        "INSERT INTO message_stages (message_id, stage, stage_version, status, detail, ran_at)"
        " VALUES (?,?,?,?,?,?) ON CONFLICT (message_id, stage) DO UPDATE SET stage_version = excluded.stage_version,"
        " status = excluded.status, detail = excluded.detail, ran_at = excluded.ran_at",
        (message_id, stage.name, stage.version, status, detail, utc_now()))


def reprocess(context: Context, *, only: str | None = None, force: bool = False,
              state: str | None = None, on_progress: OnProgress = no_progress) -> PipelineReport:
    """Run stages again over stored messages (all, or those in ``state``): the due ones, or all with ``force``."""
    sql = "SELECT id FROM messages" + (" WHERE state = ?" if state else "") + " ORDER BY id"
    ids = [row[0] for row in context.store.conn.execute(sql, (state,) if state else ())]
    return run_pipeline(context, ids, only=only, force=force, on_progress=on_progress)
