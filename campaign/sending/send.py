"""Who is asked, and the sending itself: each message recorded before the server gets it and marked
sent once the server has accepted it, at a capped rate, a few dozen per connection.

Exactly once through crashes: a message is never handed to the server without its committed row,
and a row is never sent twice. A run that dies between the two (power cut, Ctrl+C, a killed process)
leaves a 'prepared' row; the next run turns it 'uncertain' and lists it, and only a person says
whether it went out (`campaign send settle`).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Iterable

from campaign import clock, outbox
from campaign.atomic import atomic_write, make_output_dir
from campaign.checkpoints import checkpoint
from campaign.client_states import client_states
from campaign.clients.codes import code_key
from campaign.clients.listing import client_fields
from campaign.clock import utc_now
from campaign.errors import CampaignError, ConfigError, UsageError
from campaign.letters import ClientInfo
from campaign.outbox import FOLLOW_UP, REQUEST, RequestRow
from campaign.progress import manager_key
from campaign.sending.compose import Composer, Letter
from campaign.sending.smtp import Failed, Halted, Outgoing, Refused, Uncertain, deliverable
from campaign.store import Store
from campaign.text import FILE_NAME_UNSAFE
from campaign.ticks import OnProgress, counted, no_progress
from campaign.understanding.addresses import is_firm


@dataclass
class Recipient:
    """A client to write to, and the address on file to write to."""

    client: ClientInfo
    to: str
    first: RequestRow | None = None   # for a follow-up: the request it follows


@dataclass
class SendReport:
    """What a sending run did (or, previewed or dry, would do)."""

    kind: str
    due: int = 0
    sent: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)     # (code, why): not sent, not at that address again
    failed: list[tuple[str, str]] = field(default_factory=list)      # (code, why): not sent, the next run retries
    uncertain: list[tuple[str, str]] = field(default_factory=list)   # (code, why): a person must say
    interrupted: int = 0       # rows an earlier run left half-sent, now uncertain
    stopped: str = ""          # why the run stopped before the end (the rest stays due)
    not_copied: list[tuple[str, str]] = field(default_factory=list)  # sent, but no copy kept in the Sent folder

    @property
    def ok(self) -> bool:
        return not (self.refused or self.failed or self.uncertain or self.stopped)


def _clients(store: Store, managers: set[str] | None, firm: tuple[str, list[str]] = ("", [])
             ) -> dict[str, tuple[ClientInfo, list[str]]]:
    """{code: (what a letter says of the client, its e-mails on file)} for the clients still in the file; the
    firm's own addresses (``firm``: secretariat and domains), written in a client's cell by habit, left out."""
    out = {}
    for row in client_fields(store, "code", "name", "first_name", "manager", "manager_email", "manager_title",
                             "emails"):
        if managers is not None and manager_key(row["manager"]) not in managers:
            continue
        emails = [e for e in json.loads(row["emails"] or "[]") if not is_firm(e, firm[0], firm[1])]
        name = " ".join(p for p in (row["name"], row["first_name"]) if p)
        out[row["code"]] = (ClientInfo(row["code"], name, row["manager"], row["manager_email"], row["manager_title"]),
                            emails)
    return out


def _silent(store: Store) -> set[str]:
    """Clients with no reply at all yet (a reply waiting for review counts as a reply)."""
    return {state.code for state in client_states(store) if state.status == "no_answer"}


def _askable(asked: dict[str, str], address: str) -> bool:
    """Whether a client may be asked at ``address``: nothing written to it yet but refusals, none of them there."""
    return all(state == outbox.REFUSED for state in asked.values()) and address.lower() not in asked


def due_requests(store: Store, *, managers: set[str] | None = None, limit: int | None = None,
                 firm: tuple[str, list[str]] = ("", [])) -> list[Recipient]:
    """Clients with an e-mail on file, never asked by e-mail, who have not answered the memo; by code.
    A client whose address the server refused is asked again once the client file gives another."""
    asked = outbox.asked(store, REQUEST)
    silent = _silent(store)
    due = [Recipient(info, emails[0]) for code, (info, emails) in _clients(store, managers, firm).items()
           if emails and code in silent and _askable(asked.get(code, {}), emails[0])]
    return due[:limit] if limit is not None else due


def due_follow_ups(store: Store, *, after_days: int, now: dt.datetime | None = None,
                   managers: set[str] | None = None, limit: int | None = None,
                   firm: tuple[str, list[str]] = ("", [])) -> list[Recipient]:
    """Clients whose request went out at least ``after_days`` ago, did not bounce, and got no answer. Days are the
    firm's calendar days: a request sent at 09:15 on 9 March is due at 09:15 on 30 March, though the clocks went
    forward between (20 days and 23 hours later)."""
    cutoff = (now or clock.now()).astimezone(clock.FIRM_ZONE).date() - dt.timedelta(days=after_days)
    followed = outbox.asked(store, FOLLOW_UP)
    silent = _silent(store)
    clients = _clients(store, managers, firm)
    firsts: dict[str, RequestRow] = {}
    for row in outbox.all_requests(store, outbox.SENT):
        if row.kind == REQUEST:
            firsts.setdefault(row.client_code, row)
    due = [Recipient(clients[code][0], first.to_address, first) for code, first in sorted(firsts.items())
           if code in clients and code in silent and code not in followed and first.bounced_at is None
           and _sent_on_or_before(first.sent_at, cutoff)]
    return due[:limit] if limit is not None else due


def _sent_on_or_before(sent_at: str | None, day: dt.date) -> bool:
    """Whether a request was sent on ``day`` or before it, in the firm's time zone (never sent: no)."""
    moment = clock.local(sent_at)
    return moment is not None and moment.date() <= day


def letters_for(composer: Composer, due: Iterable[Recipient]) -> list[tuple[Letter, str]]:
    """(letter, the client's name) for each recipient: requests, or follow-ups where one is followed."""
    return [(composer.follow_up(r.client, r.first) if r.first else composer.request(r.client, r.to), r.client.name)
            for r in due]


# names Windows keeps for devices, whatever the extension ("CON.eml" cannot be created there)
_DEVICES = frozenset(["con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10))])


def eml_name(code: str, taken: set[str]) -> str:
    """A file name for ``code``'s message that Windows and Linux accept and no other code of the batch got
    (codes "A/1" and "A:1" both clean to "A_1": the second is "A_1 (2).eml")."""
    stem = " ".join(FILE_NAME_UNSAFE.sub("_", code).split()).strip(". ")[:80] or "client"
    if stem.split(".")[0].lower() in _DEVICES:
        stem = f"_{stem}"
    name, number = f"{stem}.eml", 2
    while name.casefold() in taken:
        name, number = f"{stem} ({number}).eml", number + 1
    taken.add(name.casefold())
    return name


def preview(composer: Composer, letters: list[tuple[Letter, str]], folder: Path) -> tuple[list[Path], list[str]]:
    """Write each message as FOLDER/CODE.eml (nothing recorded, nothing sent) for a person to read; returns the
    files written and one line per message that cannot be written (a client-file value no header can carry)."""
    make_output_dir(folder)
    paths: list[Path] = []
    problems: list[str] = []
    taken: set[str] = set()
    for letter, name in letters:
        try:
            data = composer.message(letter, name=name).as_bytes()
        except (ValueError, UnicodeError) as exc:
            problems.append(f"{letter.code}: this message cannot be written ({' '.join(str(exc).split())[:120]})")
            continue
        path = folder / eml_name(letter.code, taken)
        with atomic_write(path, "wb", output=True) as handle:
            handle.write(data)
        paths.append(path)
    return paths, problems


class Pace:
    """At most ``per_minute`` messages a minute (0: no cap), spaced evenly."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.gap = 60.0 / per_minute if per_minute else 0.0
        self.clock, self.sleep = clock, sleep
        self._next = 0.0

    def wait(self) -> None:
        """Return when the next message may go."""
        if not self.gap:
            return
        now = self.clock()
        if now < self._next:
            self.sleep(self._next - now)
            now = self._next
        self._next = now + self.gap


_UNCERTAIN_IN_A_ROW = 3  # messages whose connection broke in DATA, one after the other: the run stops


def send_letters(store: Store, composer: Composer, letters: list[tuple[Letter, str]],
                 connect: Callable[[], Outgoing], *, per_minute: int = 0, batch_size: int = 50,
                 on_progress: OnProgress = no_progress, kind: str = REQUEST,
                 pace: Pace | None = None, keep: Callable[[EmailMessage], None] | None = None) -> SendReport:
    """Record and send each letter, ``batch_size`` per connection, at most ``per_minute`` a minute;
    ``keep``: where a copy of each message sent goes (the Sent folder), if anywhere."""
    report = SendReport(kind, due=len(letters))
    pace = pace or Pace(per_minute)
    session: Outgoing | None = None
    in_session = broken = 0
    try:
        for letter, name in counted(letters, on_progress, "Sending", len(letters)):
            if session is None or in_session >= batch_size:
                if session is not None:
                    session.close()
                session, in_session = None, 0
                try:
                    session = connect()
                    session.open()
                except ConfigError:
                    raise  # a login refused, an untrusted certificate: the administrator must act
                except CampaignError as exc:
                    report.stopped = str(exc)
                    break
            pace.wait()
            row_id = outbox.prepare(store, code=letter.code, kind=letter.kind, header_id=letter.header_id,
                                    to=letter.to, subject=letter.subject,
                                    parent_id=letter.parent.id if letter.parent else None, silence=composer.silence)
            checkpoint("send.prepared")  # recorded, not yet handed over: the kill tests stop here
            try:
                try:
                    msg = composer.message(letter, name=name)
                except (ValueError, UnicodeError) as exc:  # a client-file value no header can carry
                    raise Refused(f"{letter.to}: this message cannot be written ({' '.join(str(exc).split())[:120]})"
                                  ) from None
                session.send(msg, composer.settings.secretariat, deliverable(letter.to))
            except Refused as exc:
                outbox.mark(store, row_id, outbox.REFUSED, str(exc))
                report.refused.append((letter.code, str(exc)))
            except Failed as exc:
                outbox.mark(store, row_id, outbox.FAILED, str(exc))
                report.failed.append((letter.code, str(exc)))
            except Halted as exc:  # a quota, a policy: the next messages would meet it too
                outbox.mark(store, row_id, outbox.FAILED, str(exc))
                report.failed.append((letter.code, str(exc)))
                report.stopped = str(exc)
                break
            except Uncertain as exc:
                outbox.mark(store, row_id, outbox.UNCERTAIN, str(exc))
                report.uncertain.append((letter.code, str(exc)))
                session = None  # the connection is gone: the next letter opens a new one
                broken += 1
                if broken >= _UNCERTAIN_IN_A_ROW:  # a server that keeps breaking would make every one uncertain
                    report.stopped = (f"the connection broke during {broken} messages in a row; check the server "
                                      "(and [smtp] timeout) before running again")
                    break
                in_session += 1
                continue
            except ConfigError as exc:  # the server refuses the sender itself: so it would every message
                outbox.mark(store, row_id, outbox.FAILED, str(exc))
                raise
            # anything else (Ctrl+C, a crash) leaves the row 'prepared': the next run lists it as uncertain
            else:
                checkpoint("send.accepted")  # the server has it, the row does not say so yet
                outbox.mark(store, row_id, outbox.SENT)
                report.sent.append(letter.code)
                broken = 0
                if keep is not None:
                    try:
                        keep(msg)
                    except CampaignError as exc:
                        report.not_copied.append((letter.code, str(exc)))
            in_session += 1
    finally:
        if session is not None:
            session.close()
    return report


def settle(store: Store, code: str, *, went_out: bool, who: str, case_sensitive: bool = False) -> RequestRow:
    """A person's word on an uncertain message to ``code``: it went out (sent), or it did not (failed: the
    next run writes again). ``went_out=False`` also lifts a refusal the server made by mistake (a quota
    worded as a bad address): the next run writes again to the same address."""
    mine = [r for r in outbox.all_requests(store)
            if code_key(r.client_code, case_sensitive) == code_key(code, case_sensitive)]
    rows = [r for r in mine if r.state == outbox.UNCERTAIN] or \
        ([r for r in mine if r.state == outbox.REFUSED] if not went_out else [])
    if not rows:
        raise UsageError(f"no uncertain message to {code}{'' if went_out else ' and none refused'}: "
                         "see `campaign send list --state uncertain`")
    row = rows[-1]
    # if it went out, it went out when it was handed over: follow-ups count from then
    outbox.mark(store, row.id, outbox.SENT if went_out else outbox.FAILED,
                f"settled by {who} on {utc_now()[:10]}: {'it went out' if went_out else 'it did not go out'}",
                settled_by=who, sent_at=row.prepared_at if went_out else None)
    return row
