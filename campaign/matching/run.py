"""Matching against the campaign database: load clients and replies, match, store the outcomes.

The matcher's own rows (match_outcomes, match_candidates) are rewritten on every run; what people
decided (link_decisions) is only read, so re-running after a client-file re-import updates every
link that no person has decided and never touches a person's decision.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import orjson

from campaign.clients.codes import ClientCodes, case_sensitive
from campaign.config import Settings
from campaign.errors import UsageError
from campaign.clock import utc_now
from campaign.matching.decide import Prior
from campaign.matching.index import ClientIndex, build_index, paused_gc
from campaign.matching.index_cache import cache_path, load_index, save_index
from campaign.matching.matcher import Matcher
from campaign.matching.records import Outcome, ReplyFacts
from campaign.matching.scoring import set_aside
from campaign.matching.settings import matching_settings
from campaign.outbox import by_header
from campaign.store import Store
from campaign.understanding.addresses import is_firm
from campaign.ticks import OnProgress, no_progress
from campaign.user import login_name
from campaign.vocabulary import VERDICTS
from campaign.clients.listing import client_fields

MATCHER_VERSION = "29"  # 2: calibrated confidence, address names, learning from people; 3: phones, postal addresses, forms;
# 4: blind rounds 3-4 (safety reasons, places, towns, spelt names); 5: round 5 (codes of any shape, siblings of a
# group, a bookkeeper naming one file, "aussi pour mon dossier perso"); 6: round 6 (slips of a code, codes in
# pieces, references set aside, exclusions that state a town or a form); 7: round 7 (a new domain under the client's
# own reference, company names in webmail mailboxes, codes two offices share); 8: round 8 (a relative who owns the
# mailbox is not the file spoken for); 9: round 9 (codes of letters only, the code in the firm's quoted message);
# 10: round 10 (a code written without its accounting prefix, "GUERIN" of 9GUERIN); 11: round 11 (a mailbox of first
# name, surname and town is that person's whole name alone); 12: round 12 (a domain running the whole name together,
# a contact two files share, "we are not your client", the writer's own file from the company's mailbox, a manager's
# note naming her client, a reply that also speaks for another file); 13: round 13 (another town of the file written
# for a name-only match, a company at a private client's address, the firm's quoted reference no name of the reply's
# own, a reference alone naming a namesake's company of another town, "réf 10.345"); 15: replies to a request
# point at the clients tied to the one asked ("Léa", "la SCI", "mon mari", "pour le site de Pornic"), a namesake
# who received it decides for nobody asked; 16: requests-blind13 (a namesake's "c'est pas moi", "je lui transmets",
# a scope on another client's word, "le domaine (SCEA)", "mon autre société"), requests-blind14 ("votre message
# concerne plutôt …", a signature naming the file asked, hard-wrapped sentences) and a hunt for wrong links ("les
# deux autres sociétés"); 17: a reply to a request whose own part for the file asked decides nothing beside the
# other files' decisions links nobody (the reading's "asked_undecided"); 18: requests-blind15 to 20 (a writer who
# cannot answer for the file asked or is another client, a namesake set aside beside the file asked's own yes, the
# seller's own private file, "ok …, et pareil pour …" cut, "pour les trois,", a private file's "factures
# personnelles", the file asked by its street, "asked_undecided" on a reply that decides nothing, the private
# persons tied to a company asked proposed for "notre dossier personnel"); 19: round 14 (a number without its letter
# beside the name, files listed by their whole names, a company known by its acronym alone, a mailbox on file for a
# man and his company, "nous ne sommes pas destinataires"); 20: round 15 (a town of "Saint" and a short word, a sole
# trader's trade name without her first name, "rue de Douai", a namesake placed by the reply, a relative's address
# handed over, the writer's own file asked about or not found, files tied to the one identified proposed); 21: round 16
# (namesakes told apart by the town written after the name, "St-Lô", a network's mailbox named after another town,
# a partner's name proposing a couple's file, the firm's managers' names in its quoted message, a hamlet spelt like
# the writer, takeover wordings, a relative's business); 22: round 17 (a private person's signature under "l'adresse de
# l'entreprise", a business the writer took over, founded or presides, a compound first name against a couple's
# file, an office's code "GAP.0412" however written, a grown child's file, a reply left to a person naming its client
# by reference makes the next address a second one); 23: round 18 (a relative's or a spouse's file written for from
# the writer's own mailbox, a reference set aside after it, "Carrefour" no reference cue, another business of the
# writer's in more words, a name run together then its town in a domain, another file named under the reminder's
# subject reference); 24: round 19 (more words for a relative's file: a tutor's, an estate's, "ma mère souhaite", in
# English and German, answered for by someone who signs another first name; a plain number the text writes beside the
# reminder's subject number; "devenu auto-entrepreneur", "pour le comité des fêtes"); 25: round 19's review and set50/51
# (an office keeping a client's books, "deux de nos adhérents", "pour le Dr X et pour la SCM", a list of three with two
# found, "pour moi et pour la SCI …" with the SCI not found, a link held back for another file still gives its client
# an address; "ce n'est pas nous" about another's address or "ce n'est pas moi qui m'occupe de …" is no wrong
# person); 26: round 20 (kin words with a space, "celles de ma mère" after "envoyez", "pas pour moi, c'est pour …", a
# bookkeeper's "notre client(e)", one file found of a list, a person's name and a company, a held-back reply for a
# relative too keeps its client's address; a code written whole with its letters is a reference without a cue, two
# files named by their codes are no namesakes, "la réponse vous viendra directement du château" sets it aside; the
# round's review: "pas pour moi, pour mon père", "et celles de ma mère", "pour moi et ma mère", "… ainsi que pour
# l'hôtel", a list of one file found needs two businesses in it; its second review: a code written whole names its
# client only in brackets or after a legal form, "celles de papa", "ma mère et moi sommes d'accord", "La SCI aussi"); 27: round 21 (set55: "ne pas oublier la SCI" sets nothing aside, a
# lieu-dit in the writer's postal address at the foot names no client, an EI named by its trade (EXPL. FORESTIERE X) is
# the business the reply speaks for, a reference a slip away from the client whose
# SIREN, or phone and address, the reply gives, a name written in full is not also another's acronym, ESTAMP., DECOLL.,
# HTES and other trade abbreviations; the round's review: an SCI "not forgotten" because it is gone stays aside, HTE
# is no abbreviation); 28: round 22 (set58: a code's number in brackets after the file's form or name word, "l'EARL
# (0870)", the number alone of a code whose letters follow its digits, the writers' own file beside a list, "ainsi que
# pour nous personnellement"; a company of a list named only to put its answer off goes to a person); 29: round 23
# (set60: "expert" and "associé" of a manager's signature name no client, a sole trader by her own name, a couple's
# file by both first names, a house number on a long street, "Mal" for Maréchal, "pour mon entreprise … et pour mon
# dossier perso"; an infinitive puts nothing off):
# `campaign reprocess` matches again

_REPLY_SQL = ("SELECT r.*, m.subject AS subject FROM replies r JOIN messages m ON m.id = r.message_id"
              " WHERE r.current = 1")


@dataclass
class MatchReport:
    """What a matching run did."""

    replies: int = 0
    clients: int = 0
    counts: dict[str, int] = field(default_factory=dict)   # status -> replies
    auto: int = 0
    person: int = 0


def latest_import(store: Store) -> int | None:
    """The id of the newest client import (None before the first)."""
    return store.conn.execute("SELECT MAX(id) FROM imports").fetchone()[0]


def _list(text: str | None) -> list:
    """A JSON list; most of a reply's lists are empty, and json.loads costs more than this test."""
    return json.loads(text) if text and text != "[]" else []


def _dict(text: str | None) -> dict:
    """A JSON object (empty when there is none)."""
    return json.loads(text) if text and text != "{}" else {}


def facts_from_row(row) -> ReplyFacts:
    """A ``replies`` row (joined with the message's subject) as matcher input."""
    item = dict(row)
    context = _dict(item.get("context"))
    own_text = item.get("own_text") or ""
    if context.get("relay_note"):
        # the forwarding manager's words name the client as surely as the client's own; what she says
        # the client wrote by mistake ("elle a écrit 411DUVAL, qui est M. Michel Duval à Rouen") names
        # nobody the reply is for
        note, disowned = set_aside(context["relay_note"])
        context = {**context, "relay_note": note, "disowned": disowned}
        own_text = f"{note}\n\n{own_text}"
    return ReplyFacts(
        message_id=item["message_id"], reply_id=item["id"], intent=item["intent"],
        sender=item["client_address"], sender_name=item["client_name"], company=item["company"],
        forwarded_by=item["forwarded_by"], subject=item.get("subject") or "",
        own_text=own_text, signature=item.get("signature") or "",
        references=_list(item["refs"]), sirens=_list(item["sirens"]),
        addresses=_list(item["addresses"]), copies=_list(item["copies"]),
        flags=_list(item["flags"]), auth=_dict(item.get("auth")), date=item["message_date"],
        context=context)


def with_requests(store: Store, replies: list[ReplyFacts]) -> list[ReplyFacts]:
    """Each reply threaded to requests the firm e-mailed (In-Reply-To / References naming them) gets
    them in its context ("requests": code, when sent, kind), read in one lookup for the batch."""
    threaded = [f for f in replies if f.context.get("thread")]
    if not threaded:
        return replies
    found = by_header(store, (i for f in threaded for i in f.context["thread"]))
    for facts in threaded:
        requests: list[dict] = []
        for header_id in facts.context["thread"]:
            row = found.get(header_id.lower())
            if row is not None and all(r["code"] != row.client_code for r in requests):
                requests.append({"code": row.client_code, "sent": row.sent_at or row.prepared_at, "kind": row.kind,
                                 "to": row.to_address})
        if requests:
            facts.context = {**facts.context, "requests": requests}
    return replies


def person_verdicts(store: Store, message_ids: list[int] | None = None) -> dict[int, dict[str, tuple[str, str, str]]]:
    """{message id: {client code: (verdict, who, when)}}: the latest decision per message and client."""
    sql = "SELECT message_id, client_code, verdict, decided_by, decided_at FROM link_decisions"
    params: tuple = ()
    if message_ids is not None and len(message_ids) == 1:
        sql += " WHERE message_id = ?"
        params = (message_ids[0],)
    out: dict[int, dict[str, tuple[str, str, str]]] = {}
    for row in store.conn.execute(sql + " ORDER BY id", params):
        out.setdefault(row[0], {})[row[1]] = (row[2], row[3], row[4])
    return out


def people_links(store: Store) -> list[tuple[str, str]]:
    """(sender address, client code) of every reply a person linked, whose latest verdict is still a link.

    A later rejection of the same reply and client withdraws what the link taught.
    """
    sql = ("SELECT d.message_id, d.client_code, d.verdict, r.client_address FROM link_decisions d"
           " JOIN replies r ON r.message_id = d.message_id AND r.current = 1 ORDER BY d.id")
    latest: dict[tuple[int, str], tuple[str, str]] = {}
    for message_id, code, verdict, sender in store.conn.execute(sql):
        latest[(message_id, code)] = (verdict, sender or "")
    return [(sender, code) for (_, code), (verdict, sender) in latest.items() if verdict == "link" and sender]


class MatcherCache:
    """The Matcher of one campaign for one command (campaign.context.Context keeps it): its index
    built or loaded once, rebuilt when the client file or the settings change meanwhile (an import
    in the same command), and what people taught read again after each link or rejection."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._settings: Settings | None = None
        self._matcher: Matcher | None = None
        self._taught: int | None = None

    def get(self, store: Store, settings: Settings) -> Matcher:
        """The matcher for ``store``'s current client file and these settings."""
        # clients change only through imports; what people taught, with each link or rejection
        taught = store.conn.execute("SELECT MAX(id) FROM link_decisions").fetchone()[0]
        key = (str(store.path), latest_import(store))
        if key != self._key or settings is not self._settings or self._matcher is None:
            index = client_index(store, settings)
            self._matcher = Matcher(index, matching_settings(settings), settings.firm_domains)
            self._key, self._settings = key, settings
            self._taught = None
        if taught != self._taught:
            index = self._matcher.index
            added = _decisions_since(store, self._taught) if self._taught is not None else None
            if added is not None and all(verdict == "link" for verdict, _, _ in added):
                taught_now = [(sender, code) for _, sender, code in added if sender]  # only new links: learn them
            else:  # the first time, or a rejection that may withdraw what an earlier link taught
                index.learned.clear()
                index.learned_domains.clear()
                taught_now = people_links(store)
            for address, code in taught_now:
                i = index.code_index(code)
                if i is not None and not is_firm(address, "", list(settings.firm_domains)):
                    index.learn(address, i, tuple(settings.firm_domains))  # never the firm's own (a relay)
            self._taught = taught
        return self._matcher


def _decisions_since(store: Store, after: int) -> list[tuple[str, str, str]]:
    """(verdict, sender address, client code) of the people's decisions recorded after id ``after``
    (a review import records one per row: reading them all again each time grew with the workbook)."""
    sql = ("SELECT d.verdict, COALESCE(r.client_address, ''), d.client_code FROM link_decisions d"
           " LEFT JOIN replies r ON r.message_id = d.message_id AND r.current = 1 WHERE d.id > ? ORDER BY d.id")
    return [tuple(row) for row in store.conn.execute(sql, (after,))]


def index_key(store: Store, settings: Settings) -> tuple:
    """What the client index depends on: the latest client import (the clients change only
    through imports) and the settings the index reads."""
    imported = store.conn.execute("SELECT id, file_sha256, file_format, imported_at, rows_read, added, updated, missing"
                                  " FROM imports ORDER BY id DESC LIMIT 1").fetchone()
    return (tuple(imported) if imported else None, tuple(settings.firm_domains), case_sensitive(settings))


def client_index(store: Store, settings: Settings) -> ClientIndex:
    """The index of the clients in the file: loaded from the campaign's cache when it was saved
    for this client import and these settings, else built (and saved for the next command)."""
    key = index_key(store, settings)
    path = cache_path(Path(store.path).parent)
    index = load_index(path, key)
    if index is None:
        rows = client_fields(store, "code", "name", "first_name", "legal_form", "siren", "siret", "emails", "website",
                             "manager_email", "city", "phone", "address", "postcode")
        index = build_index((dict(r) for r in rows), settings.firm_domains, case_sensitive(settings))
        index.joined()  # made now, it is saved with the index: every command that loads it needs it (0.1 s)
        save_index(path, key, index)
    return index


def _encode(value: object) -> str:
    """``value`` as JSON text (UTF-8, not escaped), records written by their fields: Evidence and Warning are
    dataclasses whose fields are exactly their ``as_dict``. orjson encodes a batch's tens of thousands of rows
    about three times faster than the standard library, on the command's critical path."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def save_outcomes(store: Store, outcomes: list[Outcome], import_id: int | None) -> None:
    """Replace the matcher's rows for these messages (inside the caller's transaction)."""
    ids = [outcome.message_id for outcome in outcomes]
    if len(set(ids)) != len(ids):  # a message twice: its last outcome wins, as written one by one
        for outcome in outcomes:
            save_outcomes(store, [outcome], import_id)
        return
    conn = store.conn
    now = utc_now()
    # deleted for the whole batch, then inserted in the same order: the new candidates' rows keep the
    # order one-by-one writing gave them (each new row id follows every other row's)
    for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        part = ids[start:start + 500]
        marks = ",".join("?" * len(part))
        conn.execute(f"DELETE FROM match_candidates WHERE message_id IN ({marks})", part)
        conn.execute(f"DELETE FROM match_outcomes WHERE message_id IN ({marks})", part)
    encode = _encode
    conn.executemany(
        "INSERT INTO match_outcomes (message_id, reply_id, status, linked_by, score, gap, reasons, warnings,"
        " client_import_id, matcher_version, matched_at, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(outcome.message_id, outcome.reply_id, outcome.status, outcome.linked_by, outcome.score, outcome.gap,
          encode(outcome.reasons), encode(outcome.warnings),
          import_id, MATCHER_VERSION, now, outcome.confidence) for outcome in outcomes])
    conn.executemany(
        "INSERT INTO match_candidates (message_id, client_code, rank, score, linked, evidence)"
        " VALUES (?,?,?,?,?,?)",
        [(outcome.message_id, c.code, rank, c.score, int(c.code in outcome.linked),
          encode(c.evidence))
         for outcome in outcomes for rank, c in enumerate(outcome.candidates, 1)])


def match_all(store: Store, settings: Settings, *, progress: Callable[[int], None] | None = None,
              on_progress: OnProgress = no_progress, matchers: MatcherCache | None = None) -> MatchReport:
    """Match every current reply against the current client file and store the outcomes."""
    # the collector paused for the whole run, not only while matching: the index loaded is a
    # million objects, and each collection while the rows are read or written walked them all again
    with paused_gc():
        return _match_all(store, settings, progress, on_progress, matchers)


def _match_all(store: Store, settings: Settings, progress: Callable[[int], None] | None, on_progress: OnProgress,
               matchers: MatcherCache | None) -> MatchReport:
    matcher = (matchers or MatcherCache()).get(store, settings)
    replies = with_requests(store, [facts_from_row(r) for r in store.conn.execute(_REPLY_SQL)])
    import_id = latest_import(store)
    waiting: list[Outcome] = []
    saved: set[int] = set()

    def save(outcome: Outcome | None = None) -> None:
        # written by the thousand as they are decided: while this process writes, the others still match
        if outcome is not None:
            waiting.append(outcome)
        if waiting and (outcome is None or len(waiting) >= 1000):
            save_outcomes(store, waiting, import_id)
            saved.update(o.message_id for o in waiting)
            waiting.clear()
            if progress:
                progress(len(saved))

    with store.transaction():
        outcomes = matcher.match(replies, verdicts=person_verdicts(store), on_progress=on_progress, on_outcome=save)
        waiting += [outcome for outcome in outcomes if outcome.message_id not in saved]  # those skipped
        save()
    report = MatchReport(replies=len(replies), clients=len(matcher.index))
    for outcome in outcomes:
        report.counts[outcome.status] = report.counts.get(outcome.status, 0) + 1
        report.auto += outcome.linked_by == "auto"
        report.person += outcome.linked_by == "person"
    return report


_DESIGNATIONS_SQL = ("SELECT client_code, addresses, client_address, message_id, message_date FROM linked_replies"
                     " WHERE intent = 'address'")


def _designations(rows) -> list[tuple[str, Prior]]:
    out = []
    for code, addresses, sender, message_id, date in rows:
        addresses = json.loads(addresses)
        if addresses:
            out.append((code, Prior(addresses[0].lower(), sender.lower(), message_id, date)))
    return out


def earlier_designations(store: Store, before: str, exclude: int) -> dict[str, Prior]:
    """Addresses designated by linked replies dated before ``before`` (the latest per client)."""
    rows = store.conn.execute(_DESIGNATIONS_SQL + " AND message_date <= ? AND message_id != ?"
                              " ORDER BY message_date, message_id", (before, exclude))
    return dict(_designations(rows))


def designations_besides(store: Store, message_ids: list[int]) -> list[tuple[str, Prior]]:
    """(client code, address designated) of every linked reply but ``message_ids``'s, oldest first:
    what a batch of replies matched in date order sees as already designated."""
    store.conn.execute("CREATE TEMP TABLE IF NOT EXISTS batch_ids (id INTEGER PRIMARY KEY)")
    store.conn.execute("DELETE FROM batch_ids")
    store.conn.executemany("INSERT INTO batch_ids (id) VALUES (?)", [(i,) for i in message_ids])
    rows = store.conn.execute(_DESIGNATIONS_SQL + " AND message_id NOT IN (SELECT id FROM batch_ids)"
                              " ORDER BY message_date, message_id")
    return _designations(rows)


def match_message(store: Store, settings: Settings, message_id: int, *, matchers: MatcherCache | None = None) -> Outcome:
    """Match one message's current reply and store the outcome (inside the caller's transaction);
    ``matchers``: the command's, when it matches more than one message (the index is read once)."""
    row = store.conn.execute(_REPLY_SQL + " AND r.message_id = ?", (message_id,)).fetchone()
    if row is None:
        raise ValueError("no understanding yet for this message")
    facts = with_requests(store, [facts_from_row(row)])[0]
    matcher = (matchers or MatcherCache()).get(store, settings)
    outcome = matcher.match([facts], verdicts=person_verdicts(store, [message_id]),
                            priors=earlier_designations(store, facts.date, message_id))[0]
    save_outcomes(store, [outcome], latest_import(store))
    return outcome


def match_messages(store: Store, settings: Settings, message_ids: list[int], *,
                   matchers: MatcherCache | None = None) -> list[Outcome]:
    """Match a batch of messages' current replies in one call and store the outcomes (inside the
    caller's transaction): the same outcomes as :func:`match_message` one at a time in date order,
    with the index and the earlier designations read once. A message with no understanding is left
    out (no outcome): matched alone, it fails with the reason."""
    rows = []
    for start in range(0, len(message_ids), 500):  # SQLite's limit on bound parameters
        part = message_ids[start:start + 500]
        rows += store.conn.execute(_REPLY_SQL + f" AND r.message_id IN ({','.join('?' * len(part))})", part).fetchall()
    order = {message_id: n for n, message_id in enumerate(message_ids)}
    replies = with_requests(store, sorted((facts_from_row(r) for r in rows), key=lambda f: order[f.message_id]))
    matcher = (matchers or MatcherCache()).get(store, settings)
    outcomes = matcher.match(replies, verdicts=person_verdicts(store, message_ids),
                             earlier=designations_besides(store, message_ids))
    save_outcomes(store, outcomes, latest_import(store))
    return outcomes


def record_verdict(store: Store, settings: Settings, message_id: int, client_code: str, verdict: str, *,
                   who: str | None = None, source: str = "cli", note: str = "",
                   matchers: MatcherCache | None = None) -> Outcome:
    """Record a person's decision that ``message_id`` is (link) or is not (reject) ``client_code``'s
    (``matchers``: the command's, when it records many)."""
    if verdict not in VERDICTS:
        raise UsageError(f"verdict must be {' or '.join(VERDICTS)}, not {verdict!r}")
    if store.conn.execute("SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone() is None:
        raise UsageError(f"message {message_id} is not in this campaign; see `campaign replies`")
    code = client_code.strip()
    known = ClientCodes.load(store, case_sensitive(settings)).find(code)
    if known is None:
        raise UsageError(f"client code {code!r} is not in the client file; see `campaign clients list`")
    with store.transaction():
        store.conn.execute(
            "INSERT INTO link_decisions (message_id, client_code, verdict, decided_by, decided_at, source, note)"
            " VALUES (?,?,?,?,?,?,?)",
            (message_id, known, verdict, who or login_name(), utc_now(), source, note))
        return match_message(store, settings, message_id, matchers=matchers)


def rematch_after_import(store: Store, settings: Settings, on_progress: OnProgress = no_progress,
                         matchers: MatcherCache | None = None) -> MatchReport | None:
    """After a client-file import: match every reply again (None when there are no replies yet).

    With no reply yet, the new client file is indexed now, so that the first harvest finds its
    index saved (see index_cache)."""
    if store.conn.execute("SELECT 1 FROM replies WHERE current = 1 LIMIT 1").fetchone() is None:
        (matchers or MatcherCache()).get(store, settings)
        return None
    return match_all(store, settings, on_progress=on_progress, matchers=matchers)
