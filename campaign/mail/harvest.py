"""Bring every new message into the campaign exactly once, from an IMAP mailbox or mail files.

IMAP: per folder the store remembers UIDVALIDITY and the highest UID committed. Only newer
UIDs are fetched, in batches, with BODY.PEEK[] (the \\Seen flag is left alone); each batch's
messages and the new high-water mark commit in one transaction, so an interrupted run resumes
after the last committed batch. When UIDVALIDITY changes the folder is read again from the
start and the dedup key (Message-ID + content hash) drops what is already stored. The folder
is opened read-only (EXAMINE) unless a move or a flag is configured, and those actions happen
only after the batch is committed.

Reading the headers, hashing and compressing cost as much CPU as fetching, so on a machine with
more than one CPU a folder of more than two batches is parsed in one helper process while the
next batch is fetched; batch k then commits after batch k+1 arrives (or before a fault in that
fetch is raised). Each batch goes to the helper in parts, and when batch k is due the parts the
helper has not started are taken back and parsed here: the two processes share the work in
whatever proportion this machine and this server make fastest, instead of one waiting on the
other. If the helper dies, its parts are parsed here instead.
"""

from __future__ import annotations

import contextlib
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

from campaign.processes import exit_with_parent, take_back
from campaign.checkpoints import checkpoint
from campaign.errors import EXIT_OK, EXIT_SOME_FAILED, CampaignError, ConfigError
from campaign.context import Context
from campaign.mail.fetch import fetch_bodies
from campaign.mail.imap_settings import ImapSettings
from campaign.mail.imap_source import FolderMissing, TransientFault, connect, describe_fault, logout, server_text
from campaign.mail.mailfiles import FileProblem, iter_mail_files
from campaign.mail.messages import (
    MailRecord, begin_harvest, end_harvest, insert_messages, mark_interrupted, packed_records, utc_now)
from campaign.mail.pipeline import PipelineReport, run_pipeline
from campaign.store import Store
from campaign.ticks import OnProgress, counted, no_progress

FILE_BATCH = 200
HELPER_PART = 50  # messages per part handed to the helper: small enough to share a batch finely

_Parts = list[tuple[list[tuple[int, bytes]], "Future[list[MailRecord]] | list[MailRecord]"]]


@dataclass
class FolderResult:
    """What happened in one IMAP folder."""

    folder: str
    uidvalidity: int = 0
    previous_uidvalidity: int | None = None
    high_uid: int = 0
    seen: int = 0
    added: int = 0
    duplicates: int = 0
    moved: int = 0
    flagged: int = 0
    error: str | None = None

    @property
    def rescanned(self) -> bool:
        """True when UIDVALIDITY changed and the folder was read again from the start."""
        return self.previous_uidvalidity is not None and self.previous_uidvalidity != self.uidvalidity


@dataclass
class HarvestReport:
    """What a harvest run did, for the CLI and the tests."""

    source: str
    harvest_id: int = 0
    folders: list[FolderResult] = field(default_factory=list)
    seen: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped_files: int = 0
    problems: list[str] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)
    resumed: int = 0  # messages an interrupted run had stored but not processed
    interrupted: int = 0  # earlier runs found still marked running
    pipeline: PipelineReport | None = None

    @property
    def exit_code(self) -> int:
        """0 when everything was read, 1 when something failed (the rest was kept)."""
        return EXIT_SOME_FAILED if (self.problems or self.failed) else EXIT_OK


def _state(store: Store, account: str, folder: str) -> tuple[int, int] | None:
    row = store.conn.execute("SELECT uidvalidity, high_uid FROM imap_folders WHERE account = ? AND folder = ?",
                             (account, folder)).fetchone()
    return (row["uidvalidity"], row["high_uid"]) if row else None


def _set_state(conn, account: str, folder: str, uidvalidity: int, high_uid: int) -> None:
    conn.execute(
        "INSERT INTO imap_folders (account, folder, uidvalidity, high_uid, updated_at) VALUES (?,?,?,?,?)"
        " ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
        " high_uid = excluded.high_uid, updated_at = excluded.updated_at",
        (account, folder, uidvalidity, high_uid, utc_now()))


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _ImapHarvest:
    """One run over the configured folders, reconnecting after transient faults."""

    def __init__(self, store: Store, settings: ImapSettings, report: HarvestReport, *, ca_file: str | None,
                 on_batch: Callable[[str, list[int]], None] | None, sleep: Callable[[float], None],
                 on_progress: OnProgress = no_progress) -> None:
        self.store, self.settings, self.report = store, settings, report
        self.on_progress, self.fetched, self.to_fetch = on_progress, 0, 0
        self.ca_file, self.on_batch, self.sleep = ca_file, on_batch, sleep
        self.client: IMAPClient | None = None
        self.helper: ProcessPoolExecutor | None = None
        self.helper_failed = False

    def run(self) -> None:
        """Harvest every configured folder; always log out (or drop the connection) at the end."""
        try:
            self._run()
        finally:
            if self.client is not None:
                logout(self.client)  # LOGOUT closes the folder without expunging anything
                self.client = None
            if self.helper is not None:
                self.helper.shutdown(cancel_futures=True)

    def _run(self) -> None:
        s = self.settings
        failures = 0
        pending = list(s.folders)
        results = {name: FolderResult(name) for name in pending}
        self.report.folders = list(results.values())
        while pending:
            folder = pending[0]
            try:
                if self.client is None:
                    self.client = connect(s, ca_file=self.ca_file)
                    self._check_actions()
                self._folder(results[folder])
                pending.pop(0)
                failures = 0
            except TransientFault as exc:
                self._drop()
                failures = 0 if getattr(exc, "progressed", False) else failures + 1
                if failures > s.retries:
                    for name in pending:
                        results[name].error = str(exc)
                    self.report.problems.append(
                        f"{exc} (gave up after {s.retries} retries; the next run resumes after the last "
                        f"committed batch)")
                    break
                if failures:
                    self.sleep(s.retry_delay * 2 ** (failures - 1))
            except ConfigError:
                raise  # login refused, untrusted certificate...: nothing else can work either
            except CampaignError as exc:  # this folder failed (missing, a command refused): go on
                results[folder].error = str(exc)
                self.report.problems.append(str(exc))
                pending.pop(0)
                if not isinstance(exc, FolderMissing):
                    self._drop()  # the session's state is unknown after a refused command

    def _drop(self) -> None:
        if self.client is not None:
            try:
                self.client.shutdown()
            except Exception:
                pass
            self.client = None

    @property
    def _connected(self) -> IMAPClient:
        """The open connection: the folder steps run only after _run has connected."""
        assert self.client is not None
        return self.client

    def _check_actions(self) -> None:
        """Refuse a move the server cannot do safely, or to a folder that does not exist."""
        s, client = self.settings, self._connected
        if not s.processed_folder:
            return
        caps = client.capabilities()
        if b"MOVE" not in caps and b"UIDPLUS" not in caps:
            raise ConfigError(f"{s.host}: the server offers neither MOVE nor UIDPLUS, so processed messages "
                              f"cannot be moved safely; remove [imap] processed_folder")
        if not client.folder_exists(s.processed_folder):
            raise ConfigError(f"{s.host}: processed_folder '{s.processed_folder}' does not exist; create it "
                              f"in your mail program first")

    def _folder(self, result: FolderResult) -> bool:
        """Harvest one folder; TransientFault carries ``progressed`` when a batch committed."""
        s, store, client = self.settings, self.store, self._connected
        progressed = False
        try:
            try:
                info = client.select_folder(result.folder, readonly=s.read_only)
            except IMAPClientError as exc:
                if isinstance(exc, IMAPClientAbortError):
                    raise
                raise FolderMissing(
                    f"{s.host}: folder '{result.folder}' cannot be opened ({server_text(exc)}); check [imap] "
                    f"folders (folders on the server: {', '.join(self._folder_names())})") from None
            uidvalidity = int(info[b"UIDVALIDITY"])
            state = _state(store, s.account, result.folder)
            result.uidvalidity = uidvalidity
            if state is None or state[0] != uidvalidity:
                if state is not None:
                    result.previous_uidvalidity = state[0]
                high = 0
                with store.transaction() as conn:
                    _set_state(conn, s.account, result.folder, uidvalidity, 0)
            else:
                high = state[1]
            result.high_uid = high
            uids = sorted(u for u in client.search(["UID", f"{high + 1}:*"]) if u > high)
            where = {"source_kind": "imap", "source": s.account, "folder": result.folder,
                     "uidvalidity": uidvalidity}
            batches = list(_chunks(uids, s.batch_size))
            self.fetched, self.to_fetch = 0, len(uids)
            self.on_progress(f"Reading {result.folder}", 0, len(uids))
            use_helper = len(batches) > 2
            # With a helper process, batch k is parsed and compressed there while batch k+1 is
            # fetched; batch k commits after that fetch, or before its fault is raised.
            pending: tuple[list[int], _Parts] | None = None
            for batch in batches:
                try:
                    bodies = fetch_bodies(client, batch)
                except Exception:
                    if pending is not None:
                        self._commit(result, uidvalidity, where, *pending)
                        progressed = True
                    raise
                # a UID missing from the answer was expunged since the search: nothing to keep
                items = [(uid, bodies[uid]) for uid in batch if uid in bodies]
                del bodies
                parts = self._parse(items, where, use_helper)
                del items
                if pending is not None:
                    self._commit(result, uidvalidity, where, *pending)
                    progressed = True
                pending = (batch, parts)
            if pending is not None:
                self._commit(result, uidvalidity, where, *pending)
                progressed = True
            return progressed
        except (FolderMissing, ConfigError):
            raise
        except CampaignError as exc:
            if isinstance(exc, TransientFault):
                exc.progressed = progressed  # type: ignore[attr-defined]
            raise
        except Exception as exc:
            fault = describe_fault(exc, s)
            if isinstance(fault, TransientFault):
                fault.progressed = progressed  # type: ignore[attr-defined]
            raise fault from None

    def _commit(self, result: FolderResult, uidvalidity: int, where: dict[str, Any], batch: list[int],
                parts: _Parts) -> None:
        """Store one batch with the folder's new high-water mark in one transaction, then act on it."""
        records = self._records(parts, where)
        s = self.settings
        with self.store.transaction() as conn:
            new_ids, duplicates = insert_messages(conn, records, self.report.harvest_id)
            _set_state(conn, s.account, result.folder, uidvalidity, batch[-1])
        result.high_uid = batch[-1]
        result.seen += len(records)
        result.added += len(new_ids)
        result.duplicates += duplicates
        self.report.seen += len(records)
        self.report.added += len(new_ids)
        self.report.duplicates += duplicates
        self.report.new_ids.extend(new_ids)
        checkpoint("harvest.commit")
        self._actions(result, [r.uid for r in records if r.uid is not None])  # only what was stored
        if self.on_batch:
            self.on_batch(result.folder, batch)
        self.fetched += len(batch)
        self.on_progress(f"Reading {result.folder}", self.fetched, self.to_fetch)

    def _parse(self, items: list[tuple[int, bytes]], where: dict[str, Any], use_helper: bool) -> _Parts:
        """The batch's parts, each with its records made here or a Future from the helper process."""
        helper = self._helper() if use_helper else None
        if helper is not None:
            parts: _Parts = []
            try:
                for start in range(0, len(items), HELPER_PART):
                    part = items[start:start + HELPER_PART]
                    parts.append((part, helper.submit(packed_records, part, where)))
                return parts
            except BrokenProcessPool:  # it died since the last batch
                self._helper_died()
        return [(items, packed_records(items, where))]

    def _records(self, parts: _Parts, where: dict[str, Any]) -> list[MailRecord]:
        """The batch's records in order: parts the helper has not started are parsed here."""
        futures = [work for _, work in parts if isinstance(work, Future)]
        if len(futures) == len(parts):  # all sent to the helper: take back what it has not started
            done = take_back(futures, lambda n: packed_records(parts[n][0], where))
        else:  # made here
            done = {n: work for n, (_, work) in enumerate(parts) if not isinstance(work, Future)}
        for n, (part, work) in enumerate(parts):
            if n not in done:
                try:
                    done[n] = work.result()  # type: ignore[union-attr]
                except BrokenProcessPool:  # the helper died (killed, out of memory): do it here
                    self._helper_died()
                    done[n] = packed_records(part, where)
        return [record for n in range(len(parts)) for record in done[n]]

    def _helper_died(self) -> None:
        if self.helper is not None:
            self.helper.shutdown(wait=False, cancel_futures=True)
        self.helper, self.helper_failed = None, True

    def _helper(self) -> ProcessPoolExecutor | None:
        """One helper process for parsing and compressing (None on a single CPU or if it fails)."""
        if self.helper is None and not self.helper_failed and (os.cpu_count() or 1) > 1:
            try:
                self.helper = ProcessPoolExecutor(max_workers=1, initializer=exit_with_parent)
            except (OSError, NotImplementedError, ImportError):  # no multiprocessing here
                self.helper_failed = True
        return self.helper

    def _actions(self, result: FolderResult, uids: list[int]) -> None:
        """Flag and/or move committed messages, as configured (never before the commit)."""
        s, client = self.settings, self._connected
        if not uids:
            return
        if s.flag:
            client.add_flags(uids, [s.flag], silent=True)
            result.flagged += len(uids)
        if s.processed_folder:
            if b"MOVE" in client.capabilities():
                client.move(uids, s.processed_folder)
            else:  # COPY + UID EXPUNGE of exactly these UIDs: never a plain EXPUNGE
                client.copy(uids, s.processed_folder)
                client.add_flags(uids, [b"\\Deleted"], silent=True)
                client.uid_expunge(uids)
            result.moved += len(uids)

    def _folder_names(self) -> list[str]:
        try:
            return [name for _, _, name in self._connected.list_folders()][:20]
        except Exception:
            return ["(could not list)"]


def harvest_imap(store: Store, settings: ImapSettings, *, ca_file: str | None = None,
                 on_batch: Callable[[str, list[int]], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, run_stages: bool = True,
                 on_progress: OnProgress = no_progress, context: Context | None = None) -> HarvestReport:
    """Harvest the configured IMAP folders into ``store`` (``context``: the command's, for the
    pipeline; else one is made from the campaign beside the database).

    Raises ConfigError for what the user must fix first (login refused, untrusted certificate,
    no password); other faults end up in ``report.problems`` with everything committed kept.
    """
    report = HarvestReport(source=f"imap://{settings.account}")
    with _recorded(context or Context(store), report, run_stages, on_progress):
        _ImapHarvest(store, settings, report, ca_file=ca_file, on_batch=on_batch, sleep=sleep,
                     on_progress=on_progress).run()
    return report


def unfinished_ids(store: Store) -> list[int]:
    """Stored messages the pipeline never finished (a run killed or interrupted before it did)."""
    return [row[0] for row in store.conn.execute("SELECT id FROM messages WHERE state = 'new' AND raw IS NOT NULL ORDER BY id")]


@contextlib.contextmanager
def _recorded(context: Context, report: HarvestReport, run_stages: bool,
              on_progress: OnProgress = no_progress) -> Iterator[None]:
    """Record the run in ``harvests`` (however it ends), then send new messages down the pipeline.

    A run first finishes what an interrupted run left: runs still marked ``running`` are marked
    ``interrupted`` (the caller holds the campaign lock, so none of them is alive) and messages
    stored but never processed go through the pipeline with this run's new ones.
    """
    store = context.store
    report.interrupted = mark_interrupted(store)
    report.harvest_id = begin_harvest(store, report.source)
    if run_stages:
        leftover = unfinished_ids(store)
        report.resumed = len(leftover)
        if leftover:
            report.pipeline = run_pipeline(context, leftover, on_progress=on_progress)
    status, error = "failed", None
    try:
        yield
        # The run ends when what it brought in is processed: stopped before, it shows as interrupted.
        if run_stages and report.new_ids:
            report.pipeline = run_pipeline(context, report.new_ids, adding_to=report.pipeline,
                                           on_progress=on_progress)
        status = ("partial" if report.seen else "failed") if report.problems else "ok"
        error = report.problems[0] if report.problems else None
    except CampaignError as exc:
        error = str(exc)
        raise
    except BaseException:  # Ctrl+C, or a fault that is not the user's to fix
        status, error = "interrupted", "the run was stopped before it finished"
        raise
    finally:
        end_harvest(store, report.harvest_id, status=status, seen=report.seen, added=report.added,
                    duplicates=report.duplicates, failed=report.failed, error=error)


def harvest_files(store: Store, path: Path, *, run_stages: bool = True,
                  on_progress: OnProgress = no_progress, context: Context | None = None) -> HarvestReport:
    """Harvest a folder of .eml/.msg files or an .mbox file; bad files are reported, the rest kept
    (``context``: the command's, for the pipeline; else one is made from the campaign beside the database)."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path}: not found (--from expects a folder of .eml/.msg files or an .mbox file)")
    report = HarvestReport(source=f"file:{path.resolve()}")
    with _recorded(context or Context(store), report, run_stages, on_progress):
        batch: list[MailRecord] = []
        for item in counted(iter_mail_files(path), on_progress, f"Reading {path.name}"):
            if isinstance(item, FileProblem):
                if item.skipped:
                    report.skipped_files += 1
                else:
                    report.failed += 1
                    report.problems.append(str(item))
                continue
            report.seen += 1
            batch.append(item)
            if len(batch) >= FILE_BATCH:
                _commit_files(store, report, batch)
                batch = []
        if batch:
            _commit_files(store, report, batch)
    return report


def _commit_files(store: Store, report: HarvestReport, batch: list[MailRecord]) -> None:
    with store.transaction() as conn:
        new_ids, duplicates = insert_messages(conn, batch, report.harvest_id)
    checkpoint("harvest.commit")
    report.added += len(new_ids)
    report.duplicates += duplicates
    report.new_ids.extend(new_ids)
