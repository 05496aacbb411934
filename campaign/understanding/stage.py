"""The ``understanding`` pipeline stage: understand each harvested message and store the result.

Every run adds a row to ``replies`` and marks the message's earlier rows as not current, so a
re-run after the rules improved keeps what was decided before. "A later message from the same
client replaces the earlier decision" is read from the current rows by message date
(:func:`latest_decisions`).
"""

from __future__ import annotations

import dataclasses
import json

from campaign.clients.kinds import file_kind, own_street
from campaign.clients.listing import client_fields_of
from campaign.config import Settings
from campaign.clock import utc_now
from campaign.context import Context
from campaign.mail.messages import StoredMessage
from campaign.mail.pipeline import register
from campaign.outbox import by_header
from campaign.sections import StatusSection
from campaign.store import Store
from campaign.understanding.authresults import AuthResults
from campaign.understanding.intent import AskedFile
from campaign.understanding.settings import UnderstandingSettings, parse_understanding_settings  # noqa: F401
from campaign.understanding.parallel import read_ahead, understand_many
from campaign.understanding.reply import INTENTS, FirmContext, Understanding, understand

STAGE_NAME = "understanding"
STAGE_VERSION = "30"  # 2: own text, signature and Authentication-Results kept; 3: out-of-office flagged; 6: blind rounds 3-4 readings; 7: round 5; 8: round 6; 9: round 7; 10: round 8; 11: round 9; 12: round 10; 13: round 11; 14: round 12; 15: round 13; 16: the requests a reply answers, the message a bounce returns (campaign send); 17: another client's paper in a sentence scoped by its name, a yes passed on for the client, the writer's other company's address, a copy asked for on the line above; 18: a threaded reply deciding apart for two files answers the file asked by its own part; 19: the writer's own private file, a couple's "pour nous deux", the street or "les deux sociétés" in a part, a put-off part about no file, "je préfère réfléchir"; 20: round 14 (another mailbox retired by its provider, a dictated or hard-wrapped address, a middle forwarder passing on, phishing and supplier invoices); 21: round 15 (an answer typed in the subject after a colon, no forwarder's name as the client's); 22: round 16 (a domain corrected in words, "je n'ai que cette adresse" under a question, an address dictated after "vous pouvez mettre"); 23: round 17 (an address kept for other work beside paper, "utilisez le courrier papier", the firm's mailbox "vue sur la facture", an address "solo per il cantiere" or "était celle de M. X, elle est fermée", "pour nous, continuez sur cette adresse" beside another file's address); 24: round 18 (the post set aside before an address, "plutôt que le courrier, utilisez x@", does not retire it, a mailbox set aside with it still is; paper for the invoices in a sentence of its own after another document's; German "nicht mehr für Rechnungen verwenden", "nicht an diese Adresse, sondern …", the shared mailbox "c'est la boîte générale"; 25: round 19 (paper for the invoices beside an address "for the reminders" given before it; German "nicht mehr per Post, sondern …", "ist nicht mehr gültig, bitte an y@", "wir bleiben bei der Post", "nichts an diese Adresse"; 26: a manager relaying the client's address above a forwarded absence note, the other mail's clause before an address in more words ("Par contre les devis peuvent être envoyés à x@"), paper for the invoices in more words, a document brought to the office is no post; an absence and its end in one sentence, "Absence du … au …", "je serai de retour le …", "nicht im Haus" are absence notes; "Pas de factures par mail"; "für Mahnungen / Mahnungen weiterhin per Post" keeps the invoices' address; 27: round 20 ("pas celle-ci, l'autre" between the firm's two proposals, a supplier's invoice notice a client passes on, "ours to me at this address" beside another's address, a manager relaying "il nous l'enverra"; the round's review: "l'autre adresse, pas celle-ci", not when the choice is unsure, "ours here"; its second review: "l'autre" alone on its line, "celle-ci va être fermée, donc l'autre", "Oui mais pas celle-ci : compta@x" gives compta@x); 28: round 21 (the writer's own yes, "Oui pour moi", beside a relative's paper, "Ma mère préfère le papier", "Par contre mon père …"; set55: "Pour nos factures (…) pourriez-vous les envoyer à mon mari ? Je l'ai mis en copie" asks for the invoices to go to the husband in Cc; set57: a person away who answers by hand
#                        ("Absent jusqu'au 2 août - facture papier SVP", "je prends le temps de vous répondre", "RE: Absent : …"),
#                        a bookkeeper's lines "Garage X : pareil, x@", "pour mes autres dossiers je reviens vers vous");
#                        29: round 22 (set58: "l'adresse x@ n'est relevée qu'en saison. Envoyez plutôt ici, sur l'adresse de
#                        ce mail" gives the mailbox written from); 30: round 23 (set60: "mettez-moi en copie" keeps the
#                        sender as the copy after retiring it as the main address; "La contact@ c'est très bien" chooses the
#                        firm's proposal; "je me permets d'écrire à cette adresse" is the firm's; a manager's "M. X me
#                        confirme" and "ils nous la communiqueront" relay; "je ne peux pas encore vous donner de réponse"
#                        is undecided; "inutile de me mettre en copie" asks no copy)
#                        only when it names an invoice address; 4: references resolved to headers and
#                        the firm's quoted message (context), manager relays and corrections; 5: the
#                        manager's note above a forward, addresses retired, more wordings


def firm_context(settings: Settings) -> FirmContext:
    """The firm's addresses and reference pattern from the campaign's settings."""
    own = parse_understanding_settings(settings.section("understanding"), settings.path)
    return FirmContext(secretariat=settings.secretariat, domains=list(settings.firm_domains),
                       reference_pattern=own.reference_pattern, authserv_ids=own.authserv_ids, name=settings.firm)


def _firm(context: Context) -> FirmContext:
    """The firm's addresses and reference pattern, read once per command."""
    return context.derived("understanding.firm", lambda: firm_context(context.settings))


def save(store: Store, message: StoredMessage, result: Understanding, version: str = STAGE_VERSION) -> None:
    """Store ``result`` as the current understanding of ``message`` (inside the caller's transaction)."""
    conn = store.conn
    # a forward's or a manager's note's display name is the forwarder's (often the firm's own staff, whose surnames
    # clients share), never the client's: no name rather than hers
    passed_on = bool(result.forwarded_by or (result.context or {}).get("relayed_by"))
    name = result.client_name or ("" if passed_on else message.sender_name)
    conn.execute("UPDATE replies SET current = 0 WHERE message_id = ? AND current = 1", (message.id,))
    conn.execute(
        "INSERT INTO replies (message_id, intent, addresses, copies, client_address, client_name, company,"
        " forwarded_by, evidence, refs, sirens, flags, reason, message_date, stage_version, current, understood_at,"
        " own_text, signature, auth, context)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?)",
        (message.id, result.intent, json.dumps(result.addresses), json.dumps(result.copies),
         result.client_address or message.sender, name, result.company,
         result.forwarded_by, result.evidence, json.dumps(result.references), json.dumps(result.sirens),
         json.dumps(result.flags), result.reason, message.date, version, utc_now(),
         result.own_text, result.signature, json.dumps(result.auth or AuthResults().as_dict(), sort_keys=True),
         json.dumps(result.context, ensure_ascii=False)))


def run_batch(context: Context, messages: list[StoredMessage]) -> dict[int, str]:
    """Understand a batch of stored messages (on every core when it is big enough, see
    campaign.understanding.parallel); those that cannot be read are left out, to be read alone."""
    raws = [(m, m.raw) for m in messages]  # raw: decompressed once
    kept = [(m, raw) for m, raw in raws if raw is not None]
    results = understand_many([raw for _, raw in kept], _firm(context), [m.id for m, _ in kept])
    results = answering_requests(context, [raw for _, raw in kept], results)
    out = {}
    for (message, _), result in zip(kept, results):
        if result is not None:
            save(context.store, message, result)
            out[message.id] = summary(result)
    return out


def answering_requests(context: Context, raws: list[bytes], results: list[Understanding | None]
                       ) -> list[Understanding | None]:
    """Replies threaded to a request the firm e-mailed are read again knowing what it asked (the address
    written to): "oui c'est bon", quoting nothing or from another mailbox, then approves that address,
    not the sender's. Rare, so read here after the batch rather than giving every reading the requests."""
    pending = [n for n, r in enumerate(results) if r is not None and r.context.get("thread")]
    if not pending:
        return results
    found = by_header(context.store, (i for n in pending for i in results[n].context["thread"]))  # type: ignore[union-attr]
    results = list(results)
    files = _asked_files(context.store, {row.client_code for row in found.values()})
    for n in pending:
        asked = {i.lower(): found[i.lower()].to_address for i in results[n].context["thread"]  # type: ignore[union-attr]
                 if i.lower() in found}
        if asked:
            asked_for = {i: files[found[i].client_code] for i in asked if found[i].client_code in files}
            results[n] = understand(raws[n], dataclasses.replace(_firm(context), asked=asked, asked_for=asked_for))
    return results


def _asked_files(store: Store, codes: set[str]) -> dict[str, AskedFile]:
    """{code: the file asked} for the clients of the requests replied to (a few per batch: replies are rare)."""
    out: dict[str, AskedFile] = {}
    for code in sorted(codes):
        row = client_fields_of(store, code, "name", "first_name", "legal_form", "city", "address", "postcode")
        if row is not None:
            out[code] = AskedFile(f"{row['name']} {row['first_name']}".strip(), row["legal_form"], row["city"],
                                  file_kind(row["name"], row["legal_form"], row["first_name"]),
                                  own_street(store, code, row["address"], row["postcode"]))
    return out


def run_ahead(context: Context, messages: list[StoredMessage]) -> None:
    """Start understanding the next batch in the helpers while the pipeline matches this one."""
    raws = {m.id: m.raw for m in messages}
    read_ahead({i: raw for i, raw in raws.items() if raw is not None}, _firm(context))


@register(STAGE_NAME, STAGE_VERSION, order=10, batch=run_batch, ahead=run_ahead)
def run(context: Context, message: StoredMessage) -> str:
    """Understand one stored message; returns a one-line summary."""
    raw = message.raw
    if raw is None:
        raise ValueError("raw message purged")
    result = answering_requests(context, [raw], [understand(raw, _firm(context))])[0]
    assert result is not None  # understand() never raises and always reads
    save(context.store, message, result)
    return summary(result)


def summary(result: Understanding) -> str:
    """What a message was understood to say, in one line, for its stage record."""
    summary = result.intent
    if result.addresses:
        summary += ": " + ", ".join(result.addresses)
    if result.copies:
        summary += " (cc " + ", ".join(result.copies) + ")"
    if result.reason and result.intent in ("other",):
        summary += f" ({result.reason})"
    return summary[:300]


def _decoded(row) -> dict:
    """A ``replies`` row with its JSON columns read back."""
    item = dict(row)
    for key in ("addresses", "copies", "refs", "sirens", "flags", "auth", "context"):
        item[key] = json.loads(item[key])
    return item


def current_replies(store: Store) -> dict[int, dict]:
    """The current understanding of each message, by message id."""
    rows = store.conn.execute("SELECT * FROM replies WHERE current = 1")
    out = {}
    for row in rows:
        item = _decoded(row)
        out[item["message_id"]] = item
    return out


def latest_decisions(store: Store) -> dict[str, dict]:
    """Each client's decision: its latest (by message date, then id) current address or refusal reply.

    Earlier replies stay in ``replies``; a change of mind is simply a later message.
    """
    decisions: dict[str, dict] = {}
    sql = ("SELECT * FROM replies WHERE current = 1 AND intent IN ('address', 'refusal') AND client_address != ''"
           " ORDER BY message_date, message_id")
    for row in store.conn.execute(sql):
        item = _decoded(row)
        decisions[item["client_address"]] = item
    return decisions


__all__ = ["INTENTS", "STAGE_NAME", "STAGE_VERSION", "current_replies", "latest_decisions", "run", "save"]


def understanding_section(store: Store) -> StatusSection:
    """How many messages got each intent, and how many clients have decided."""
    section = StatusSection("Understanding", [])
    counts = dict(store.conn.execute("SELECT intent, COUNT(*) FROM replies WHERE current = 1 GROUP BY intent"))
    if not counts:
        section.lines.append(("Replies understood", "none yet (the stage runs after each harvest)"))
        return section
    section.lines.append(("Replies understood", str(sum(counts.values()))))
    for name in INTENTS:
        if counts.get(name):
            section.lines.append((f"  {name}", str(counts[name])))
    decisions = latest_decisions(store).values()
    given = sum(1 for d in decisions if d["intent"] == "address")
    section.lines.append(("Latest decision per sender", f"{given} gave an address, {len(decisions) - given} refused"))
    return section
