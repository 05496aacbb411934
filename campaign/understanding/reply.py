"""``understand()``: one raw message in, what the client said out. Never raises."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from campaign.mail.messages import parse_address_list as read_addresses
from campaign.understanding import authresults, automatic, evidence, forwards, intent, quotes, resolve, threads
from campaign.vocabulary import SUBJECTS
from campaign.understanding.context import Context, firm_mark, firm_quote, header_context
from campaign.understanding.addresses import find_addresses, is_firm, normalise
from campaign.understanding.mime import header, parse, read_body, unsurrogate
from campaign.vocabulary import INTENTS  # noqa: F401  (one of the package's names)


@dataclass
class FirmContext:
    """The firm's own addresses (never a client's) and how client references look."""

    secretariat: str = ""
    domains: list[str] = field(default_factory=list)
    reference_pattern: str = evidence.DEFAULT_REFERENCE_PATTERN
    authserv_ids: list[str] = field(default_factory=list)  # whose Authentication-Results to believe
    name: str = ""  # the firm's name, as its quoted messages are signed
    # {Message-ID: address written to} of the requests the firm e-mailed that this message answers
    # (campaign send): its "oui, c'est bon" approves that address even when the reply quotes nothing
    asked: dict[str, str] = field(default_factory=dict)
    # {Message-ID: the client file the request was for}: a reply that decides differently for several
    # files ("pour la SCEA le papier, pour le GFA x@") answers the file asked by its own part
    asked_for: dict[str, intent.AskedFile] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.secretariat = self.secretariat.strip().lower()
        self.domains = [d.strip().lower().lstrip("@") for d in self.domains if d and d.strip()]
        if self.secretariat and "@" in self.secretariat:
            domain = self.secretariat.rsplit("@", 1)[1]
            if domain not in self.domains:
                self.domains.append(domain)


@dataclass
class Understanding:
    """What one message says."""

    intent: str = "other"
    addresses: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    client_address: str = ""
    client_name: str = ""
    company: str = ""             # a company named in the signature (with its legal form)
    forwarded_by: str = ""
    evidence: str = ""
    references: list[str] = field(default_factory=list)
    sirens: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    reason: str = ""
    subject: str = ""
    own_text: str = ""            # the client's own words (the forwarded client's for a forward)
    signature: str = ""
    auth: dict = field(default_factory=dict)  # the receiving server's verdicts on the outer message
    context: dict = field(default_factory=dict)  # campaign.understanding.context.Context, as a dict


OWN_TEXT_CAP = 4000
SIGNATURE_CAP = 1000
RELAY_NOTE_CAP = 1000


def _clean(result: Understanding) -> Understanding:
    """Every text field free of lone surrogates (they cannot be stored or printed)."""
    for name, value in vars(result).items():
        if isinstance(value, str):
            setattr(result, name, unsurrogate(value))
        elif isinstance(value, list):
            setattr(result, name, [unsurrogate(v) if isinstance(v, str) else v for v in value])
    result.auth = {k: unsurrogate(v) for k, v in result.auth.items()}
    result.context = {k: _unsurrogated(v) for k, v in result.context.items()}
    return result


def _unsurrogated(value):
    if isinstance(value, str):
        return unsurrogate(value)
    if isinstance(value, dict):
        return {k: _unsurrogated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unsurrogated(v) for v in value]
    return value


def _auth(msg, trusted: list[str]) -> dict:
    """The receiving server's verdicts; an unreadable header must not cost the message its reading."""
    try:
        return authresults.read(msg, trusted).as_dict()
    except Exception:
        return authresults.AuthResults().as_dict()


def _sender(msg) -> tuple[str, str]:
    """(display name, address) of the From field (address validated and normalised when possible)."""
    try:
        raw = unsurrogate(next((str(v) for k, v in msg.raw_items() if k.lower() == "from"), ""))
    except Exception:
        raw = ""
    if not raw:
        return "", ""
    for name, addr in read_addresses([" ".join(raw.split())]):
        return name.strip(), (normalise(addr) or addr)
    return "", ""


def understand(raw: bytes, firm: FirmContext) -> Understanding:
    """Decide the intent of ``raw`` and the billing addresses it designates; never raises."""
    try:
        result = _understand(raw, firm)
        if result.intent == "other" and result.forwarded_by and "forwarder_words" in result.flags:
            # "Je suis le fils de M. Rivière, il m'a fait suivre votre message : gardez l'adresse à laquelle
            # vous lui avez écrit" above his father's bare forward: the forwarder's own words answer
            own = _understand(raw, firm, follow_forward=False)
            if own.intent != "other":
                result = own
        _threads(raw, result)
        return _clean(result)
    except RecursionError:
        return Understanding(intent="other", reason="message nested too deeply to read", flags=["undecodable"])
    except Exception as exc:  # one unreadable message must not stop the run: keep it with the reason
        reason = " ".join(f"could not read the message: {type(exc).__name__}: {exc}".split())[:300]
        return Understanding(intent="other", reason=reason, flags=["undecodable"])


# Someone passes on the client's yes ("M. X me charge de vous confirmer son accord", "elle est d'accord pour le
# mail"), not a yes of her own to something else
_PASSED_ON_YES = re.compile(r"\b(confirmer|confirme|transmettre|transmets|donner|donne) (son|leur) accord\b|"
                          r"\b(il|elle|ils|elles) (est|sont) (tout a fait )?d.accord\b(?! pour (que |le papier|le courrier))")


def request_quote(written_to: str) -> str:
    """What a request the firm e-mailed asked, in the words the rules read a quoted question in."""
    return (f"Nous avons pour vous l'adresse {written_to}. Merci de répondre à ce message pour nous confirmer que "
            "vos factures peuvent y être envoyées, ou pour nous indiquer une autre adresse.")


def _threads(raw: bytes, result: Understanding) -> None:
    """What the message answers (a request the firm e-mailed?), and for a bounce what failed."""
    if result.intent == "bounce":
        ids, recipients = threads.bounce_refs(raw)
        if ids:
            result.context["bounce_of"] = ids
        if recipients:
            result.context["bounced_to"] = recipients
    else:
        ids = threads.thread_ids(raw)
        if ids:
            result.context["thread"] = ids


def _understand(raw: bytes, firm: FirmContext, *, follow_forward: bool = True) -> Understanding:
    if not isinstance(raw, (bytes, bytearray)):
        raw = bytes(raw)
    msg = parse(bytes(raw))
    result = Understanding()
    name, sender = _sender(msg)
    subject = header(msg, "Subject")
    result.subject = subject
    result.client_name, result.client_address = name, sender
    result.auth = _auth(msg, firm.authserv_ids)
    if not sender and not subject and not msg.get_payload():
        result.reason = "not a mail message (no From, Subject or body)"
        result.flags.append("undecodable")
        return result
    kind, why = automatic.classify(msg, subject, sender)
    if kind in (automatic.BOUNCE, automatic.FEEDBACK, automatic.RECEIPT):
        result.intent = {automatic.BOUNCE: "bounce", automatic.RECEIPT: "autoreply"}.get(kind, "other")
        result.reason = why
        return result  # decided by the headers: the body is not even decoded
    body = read_body(msg)
    if kind in (automatic.AUTOREPLY, automatic.BULK) or not kind:
        kind, why = automatic.classify(msg, subject, sender, body.text)
    result.flags.extend(body.flags)
    no_reply = ""
    if kind == automatic.BULK and automatic.is_no_reply(sender) and not automatic.is_list(msg):
        # a shared or no-reply mailbox with a person's words in it ("factures@compta.x.fr, merci"):
        # read on, and keep it only if it designates an address
        no_reply, kind = why, ""
    if kind in (automatic.BOUNCE, automatic.FEEDBACK, automatic.BULK, automatic.RECEIPT):
        # a read receipt is an automatic acknowledgement: autoreply, never an address
        result.intent = {automatic.BOUNCE: "bounce", automatic.RECEIPT: "autoreply"}.get(kind, "other")
        result.reason = why
        return result

    text, client_sender, client_name = body.text, sender, name
    forward = None
    sent_by_firm = is_firm(sender, firm.secretariat, firm.domains)
    if not sent_by_firm or forwards.looks_forwarded(subject) or body.attached:
        forward = _forward(body, subject, sender, firm) if follow_forward else None
    relay_note = ""
    if forward is not None:
        result.forwarded_by = sender
        if not sent_by_firm and _has_words(quotes.split(body.text[:max(body.text.find(forward.text), 0)]).own):
            result.flags.append("forwarder_words")
        if sent_by_firm:
            # the manager knows her client: "Pour ACM 44 (Nantes), voir la réponse ci-dessous"
            at = body.text.find(forward.text) if forward.text and not forward.attached else -1
            outer = body.text[:at] if at > 0 else (body.text if forward.attached else "")
            relay_note = quotes.split(outer).own[:RELAY_NOTE_CAP]
        client_sender, client_name = forward.sender, forward.sender_name
        text = forward.text
        result.client_address, result.client_name = client_sender, client_name
    parts = quotes.split(text)
    if not parts.own and parts.quoted:
        parts = _below_the_firms_message(parts, firm)
    folded_own = automatic.fold(parts.own)  # read by several patterns below: folded once
    if _HELPDESK.search(folded_own):
        # the agent's comment under the notice's own lines ("##- Merci de répondre au-dessus de cette ligne -##",
        # "Votre demande (48211) a été mise à jour.", the agent's name and the date), or below a rule
        kept = "\n".join(line for line in parts.own.splitlines() if not _HELPDESK.search(automatic.fold(line))
                         and not _HELPDESK_STAMP.match(line)).strip()
        if _has_words(kept):
            parts = quotes.Split(own=kept, signature=parts.signature, quoted=parts.quoted, marker=parts.marker)
        elif parts.quoted:
            parts = _helpdesk_comment(parts)
        folded_own = automatic.fold(parts.own)
    own = parts.own
    context = header_context(msg, sender, firm.secretariat, firm.domains) if forward is None else Context(
        cc=[a for a in dict.fromkeys(forward.cc) if a != client_sender and not is_firm(a, firm.secretariat, firm.domains)])
    context.relay_note = relay_note
    context.quoted_firm, context.proposed, context.quoted_to = firm_quote(parts.quoted, firm.secretariat,
                                                                         firm.domains, firm.name)
    # the address our e-mailed request proposed, when this message answers one (campaign send)
    asked_to = next((firm.asked[i.lower()] for i in threads.thread_ids(raw) if i.lower() in firm.asked), "") \
        if firm.asked else ""
    requested = bool(asked_to) and not context.quoted_firm
    if requested:
        context.quoted_firm, context.proposed, context.quoted_to = request_quote(asked_to), [asked_to], [asked_to]
    result.own_text, result.signature = own[:OWN_TEXT_CAP], parts.signature[:SIGNATURE_CAP]
    in_subject = [f.address for f in find_addresses(subject) if not is_firm(f.address, firm.secretariat, firm.domains)]
    wordless = not _has_words(own)
    if _SEE_SUBJECT.search(folded_own) or (wordless and (in_subject or intent.refusal_cue(strip(subject))
                                                         or _SUBJECT_YES.search(automatic.fold(strip(subject))))):
        # "voir l'objet", or nothing written but "Envoyé de mon iPhone": the subject carries the address
        own = f"{own}\n{strip(subject)}"
        folded_own = automatic.fold(own)
    elif wordless and (tail := _SUBJECT_TAIL.search(strip(subject))) and not _REFERENCE_TAIL.match(tail.group(1)):
        # "Re: Vos factures par e-mail -> papier svp", "… - c'est obligatoire ?", "… - la seconde": what the
        # client typed after the firm's subject, when the body says nothing
        own = f"{own}\n{tail.group(1)}"
        folded_own = automatic.fold(own)
    result.references = evidence.references(f"{strip(subject)}\n{text}", firm.reference_pattern)
    result.sirens = evidence.sirens(f"{own}\n{parts.signature}")
    result.company = evidence.company_name(parts.signature)
    if not result.client_name:
        result.client_name = evidence.person_name(parts.signature)
    if _BORROWED_MAILBOX.search(folded_own):
        # "C'est Hugo qui écrit, depuis la boîte de mon père": the display name is the mailbox's owner
        writer = _SELF_NAMED.search(own)
        result.client_name = writer.group(1) if writer else ""
        result.flags.append("borrowed_mailbox")

    early = None  # the reading of an absence note above the firm's quoted message, reused below
    if kind == automatic.AUTOREPLY and why.startswith("automatic-reply subject") and _ANSWERING_BY_HAND.search(folded_own):
        # "Absent jusqu'au 2 août - facture papier SVP" over "… je vous réponds rapidement au sujet du message sur votre
        # facture": a person away who typed the subject, not a robot's (no automatic header says otherwise)
        kind, why = "", ""
    if not kind:
        body_kind, body_why = automatic.classify_text(own, out_of_office_only=True)
        if body_kind and not _A_PERSON_ANSWERS.search(folded_own) and context.quoted_firm:
            early = intent.analyse(own, client_sender, firm.secretariat, firm.domains, strip(subject), about_invoices=True)
        if body_kind and (_A_PERSON_ANSWERS.search(folded_own) or early is not None and _decides(early)):
            # "Le restaurant est fermé pour l'hiver, on rouvre en mars. Merci d'envoyer les factures chez moi : x@":
            # a closed business's owner answering in the first person, not its robot
            body_kind = ""
        if body_kind and not _unasked_robot(body_why, own, msg, subject):
            kind, why = body_kind, body_why  # (an unasked robot's notice stays "other", below)
        elif body_kind:
            no_reply = no_reply or f"a robot's notice that answers nothing ({body_why})"
    relayed_above = None
    if kind == automatic.AUTOREPLY and forward is not None and sent_by_firm and relay_note:
        # "Mme Jaffeux est absente (réponse auto ci-dessous), mais elle m'avait dit de mettre compta@x : je vous le
        # transmets" (set51 GF011, dev): the manager relays the client's answer above the client's robot
        relayed_above = _relayed(relay_note, sender, firm, strip(subject), asked_to)
        if relayed_above is not None and relayed_above.intent != "address":
            relayed_above = None
    if kind == automatic.AUTOREPLY and relayed_above is None:
        result.intent, result.reason = "autoreply", why
        if any(not is_firm(f.address, firm.secretariat, firm.domains) for f in find_addresses(own)):
            # An out-of-office that names an invoice address is kept for review, flagged; only
            # addresses on a line that speaks of invoices count (not "pour le reste : accueil@").
            decision = intent.analyse(own, client_sender, firm.secretariat, firm.domains, strip(subject))
            billing = [a for a in decision.addresses + decision.copies
                       if intent.invoice_line(own, a)]
            if billing:
                # not the client's answer (a robot wrote it), but worth a secretary's look
                result.flags.append("autoreply_with_address")
                context.mentioned = billing
                result.evidence = decision.evidence
        result.context = context.as_dict()
        return result
    if is_firm(client_sender, firm.secretariat, firm.domains) and forward is None:
        relayed = _relayed(own, client_sender, firm, strip(subject), asked_to)
        if relayed is None:
            result.reason = "sent by the firm itself"
            result.flags.append("from_firm")
            result.context = context.as_dict()
            return result
        context.relayed_by = client_sender
        result.client_address = relayed.addresses[0] if relayed.addresses else ""
        result.client_name = ""
        client_sender = ""
        decision = relayed
    else:
        # an e-mailed request bears the QR code's subject: its answers were written, not scanned
        qr = _qr_subject(subject) and not asked_to
        decision = early if early is not None else intent.analyse(  # (quoted_firm: about_invoices is True either way)
            own, client_sender, firm.secretariat, firm.domains, strip(subject),
            about_invoices=qr or bool(context.quoted_firm) or (wordless and bool(in_subject)))
        if qr and decision.intent == "other" and client_sender and wordless:
            # the memo's QR code opened this message: sent as it was, it gives the sender's address, or
            # the one typed after the subject ("... - ref. 411PETZIN petitzinc.yvetot@gmail.com")
            decision = intent.Decision("address", in_subject[:1] or [client_sender], evidence=subject,
                                       flags=["qr_subject"] + ([] if in_subject else ["sender_address_confirmed"]))
    if relayed_above is not None:
        context.relayed_by, decision = sender, relayed_above
    acknowledged = {"agreement_only", "noted_only"} & set(decision.flags) if context.quoted_firm else set()
    if acknowledged and not resolve.firm_asks(context):
        # "Super merci !", "Bien noté" to the firm's "nous avons bien enregistré votre adresse": thanks, no decision
        decision = intent.Decision("other", reason="an acknowledgement of the firm's message, which asked nothing")
    elif "noted_only" in acknowledged and not context.proposed and not resolve.proposes_the_address_written_to(context):
        # "Bien noté, merci" to a reminder that asked for an address: only an address the firm
        # proposed (or wrote to) can be "noted"
        decision = intent.Decision("other", reason="an acknowledgement of the firm's message, which proposed no address")
    if forward is not None and sent_by_firm:
        _manager_correction(decision, body.text, forward, firm, strip(subject))
    asked_file = next((firm.asked_for[i.lower()] for i in threads.thread_ids(raw) if i.lower() in firm.asked_for), None) \
        if asked_to and firm.asked_for else None
    apart = intent.parts_for(own, asked_file) if asked_file is not None and decision.intent in DECIDING + ("question", "other") \
        else None
    if apart is not None:
        def alone(text: str) -> intent.Decision:
            return intent.analyse(text, client_sender, firm.secretariat, firm.domains, strip(subject), about_invoices=True)
        decision = _by_its_parts(decision, apart, own, asked_to, alone)
    _resolve_references(decision, own, parts.signature, context, client_sender, client_name, firm)
    if requested and context.resolved.get("kind") == "proposed":
        context.resolved = {**context.resolved, "kind": "requested"}  # shown as our request, not a quoted message
    if asked_to and decision.intent == "address" and {"sender_address_confirmed", "agreement_only"} <= set(decision.flags) \
            and decision.addresses == [client_sender] and client_sender.lower() != asked_to.lower():
        # a yes to our request from another mailbox than the one written to, naming none ("Pas de problème
        # pour recevoir les factures à l'adresse de l'association", from the president's own): the request
        # proposed an address, and that is the one approved ("envoyez-les plutôt sur cette adresse" names
        # the sender's, and is no mere agreement)
        decision.addresses = [asked_to]
        decision.flags.append("request_address_confirmed")
        context.resolved = resolve.how("requested", decision.evidence[:120], [asked_to])
    passed_on = _PASSED_ON_YES.search(folded_own) if asked_to and decision.intent == "other" else None
    if passed_on and not any(not is_firm(f.address, firm.secretariat, firm.domains) for f in find_addresses(own)):
        # "M. Darrouy me charge de vous confirmer son accord pour l'envoi de ses factures par e-mail, à son adresse
        # habituelle": the client's yes to our request, relayed, naming no address: the one the request proposed
        relayed_yes = intent.sentence_at(own, passed_on.start())
        decision = intent.Decision("address", [asked_to], evidence=relayed_yes, flags=["request_address_confirmed"])
        context.resolved = resolve.how("requested", relayed_yes[:120], [asked_to])
    context.retired = [a for a in decision.retired if a not in decision.addresses + decision.copies]
    result.context = context.as_dict()
    if decision.intent in ("other", "question"):
        # a person who answers the firm's message may write "il est en congés jusqu'au 18": only
        # a robot's own sentences make an answer automatic, and a "je reviens vers vous" stays one
        strict = bool(context.quoted_firm) or decision.intent == "question"
        body_kind, body_why = automatic.classify_text(own, out_of_office_only=strict)
        if body_kind == automatic.AUTOREPLY and (_unasked_robot(body_why, own, msg, subject)
                                                 or _A_PERSON_ANSWERS.search(folded_own)
                                                 or (decision.intent == "question" and context.quoted_firm
                                                     and _OF_THE_ADDRESS.search(automatic.fold(decision.evidence)))):
            # ("Thanks for your letter … I'm away until April, I'll send you the address then", or "je suis en congés
            # jusqu'au 15, je vous donne l'adresse à mon retour" above the firm's quoted message: a person; a robot's
            # "je vous répondrai dès que possible" names nothing)
            body_kind = ""
        if body_kind:
            result.intent = "bounce" if body_kind == automatic.BOUNCE else "autoreply"
            result.reason = body_why
            return result
    if no_reply and (decision.intent != "address" or _SHARED_DOCUMENT.search(automatic.fold(own))
                     or no_reply.startswith("a robot's notice")):
        # a file-sharing notice (or its phishing copy) names the sharer's address: no answer of a client
        result.intent, result.reason = "other", no_reply
        return result
    not_an_answer = _CLICK_TO_UPDATE.search(folded_own) if not _MY_OWN_GIVEN.search(folded_own) else None
    if not_an_answer is None and _AN_AMOUNT.search(folded_own) and not _SENDING_HERE.search(folded_own):
        not_an_answer = _ITS_OWN_INVOICE.search(folded_own)
    if decision.intent == "address" and not_an_answer:
        # "mettre à jour votre adresse e-mail de facturation en cliquant sur le lien" (a phishing letter), "Veuillez
        # trouver ci-dessous le détail de notre facture n° FB-2029-118 … Total TTC" (a client's own supplier invoice)
        result.intent, result.reason = "other", f"not an answer: '{' '.join(not_an_answer.group(0).split())}'"
        return result
    result.intent = decision.intent
    result.addresses, result.copies = decision.addresses, decision.copies
    result.evidence = decision.evidence
    result.flags.extend(decision.flags)
    if evidence.has_postal_address(own):
        result.flags.append("postal_address")
    if result.intent == "other" and not result.reason and decision.reason:
        result.reason = decision.reason
    if result.intent == "other" and not result.reason:
        result.reason = "no address, refusal or question found in the sender's own text" if own else \
            "no text of the sender's own"
    return result


def _decides(decision: intent.Decision) -> bool:
    """Whether the reading of an absence note written above the firm's quoted message decides about the invoices:
    robots do not quote the message they answer, a person who hits "reply" does ("Je suis en congé maternité à partir
    de lundi, merci d'envoyer les factures à mon associé : x@", "en congé jusqu'au 20 mais gardez le papier svp")."""
    return decision.intent in ("address", "refusal", "question")


_OF_THE_ADDRESS = re.compile(r"\b(adresse|address|factur|invoice)")

# A person away who answers all the same, now: "je vous réponds rapidement au sujet de …", "mais je prends le temps de
# vous répondre", "nous préférons continuer à recevoir …" (a robot promises an answer: "je vous répondrai à mon retour")
_ANSWERING_BY_HAND = re.compile(r"\bmais je (vous )?(reponds|repond)\b|\bje prends le temps de (vous )?repondre\b|"
                                r"\bje (vous )?reponds (rapidement|vite|quand meme|tout de meme|depuis|de mon|au sujet|"
                                r"concernant|a propos)\b|"
                                r"\b(nous|on) (preferons|prefere|souhaitons|souhaite) (continuer|garder|recevoir|rester)\b")
# The first person deciding about the invoices: no robot writes "je suis d'accord" or "merci d'envoyer les factures
# chez moi"
_A_PERSON_ANSWERS = re.compile(_ANSWERING_BY_HAND.pattern + "|"
                               r"\b(je suis d.accord|j.accepte|je (prefere|souhaite|veux bien)|ok pour (le |les )?(mail|e-?mail|factures))|"
                               # "Thanks for your letter … I'll send you the right address once I'm back": the memo was read
                               r"\b(thanks|thank you) for your letter\b|\bmerci (pour|de) votre (courrier|lettre)\b|"
                               r"\bi.ll (send|give) you (the|my|our)\b|"
                               # "je suis absent cette semaine mais c'est d'accord pour le mail", "Désolé pour la réponse
                               # automatique de tout à l'heure", "Ich bin im Urlaub, aber: ja, gerne per E-Mail", "Mon mari est
                               # absent jusqu'au 20, c'est lui qui décide"
                               r"\bmais (c.est )?(d.accord|ok)\b|\bc.est d.accord pour (le )?(mail|e-?mail)|"
                               r"\bdesolee? pour (la|ma|le|mon) (reponse|message) automatique|\bsorry (for|about) (the|my) (automatic|auto)|"
                               r"\bgerne per e-?mail\b|\baber\W+ja\b|"
                               # "Je suis en vacances jusqu'au 20 mais je vous réponds vite : oui par mail"
                               r"\bmais je (vous )?(reponds|repond)\b|\boui,? (par|en) (mail|e-?mail)\b|"
                               # "Absent jusqu'au 21/04 — mais pour vos factures c'est OK", "on leave until May, but re your
                               # letter: please keep sending paper", "nous accusons réception … et vous confirmons notre accord"
                               r"\b(mais|but)\b[^.!?\n]{0,30}\b(factur|invoice|your letter|votre (courrier|lettre))|"
                               r"\b(confirm\w*|donn\w*) (notre|mon) accord\b|\bpeuvent etre (adressees|envoyees)\b|\benvoyez-les\b|"
                               # "Je suis en déplacement jusqu'à vendredi. Pouvez-vous me rappeler la date ?": a person asks
                               r"\b(pouvez|pourriez)-vous\b[^?\n]{0,120}\?|"
                               # "Non. Cette adresse n'est plus utilisée depuis la fermeture. Je vous donnerai la nouvelle"
                               r"\bje vous (donnerai|enverrai|communiquerai|transmettrai) (la|ma|notre|une|l.)|"
                               r"\bvous pouvez (envoyer|adresser|utiliser) (les|mes|nos|vos) factures\b|"
                               r"\b(mon mari|ma femme|mon associee?|mon epouse|mon fils|ma fille|le gerant|la gerante) est absente? jusqu|"
                               r"\b(merci d.envoyer|envoyez|adressez)\b[^.!?\n]{0,30}\bfactures?\b[^.!?\n]{0,30}\b(chez moi|a moi|sur mon|sur ma|a mon|a ma)\b|"
                               # "I'm away until May but please send the invoices to x@ from now on"
                               r"\b(invoices?|factures?)\b[^!?\n]{0,60}\b(from now on|desormais|dorenavant)\b|"
                               r"\b(from now on|desormais|dorenavant)\b[^!?\n]{0,60}\b(invoices?|factures?)\b|"
                               # "pour le bar, les factures sur compta@x" above "On est fermé jusqu'au 1er juillet", "voici
                               # l'adresse pour nos factures : x@", "envoyez les factures à gite@x": the owner hands the
                               # invoices' address over, which no robot does
                               # (not a closed snack's "Fournisseurs : merci d'envoyer … vos factures à compta@x": a robot's
                               # word to its own suppliers)
                               r"\b(les|nos|mes) factures (sur|a) [\w.+-]+@|\b(voici|voila) l.adresse (pour|de) (nos|mes|les) "
                               r"factures\b|\b(envoyez|adressez|merci d.envoyer|merci d.adresser)(-les)? (les |nos |mes )?factures\b"
                               r"[^.!?\n@]{0,40}\b(a|sur) [\w.+-]+@|\bplease send (them|the invoices|invoices)\b|"
                               r"\bvous pouvez les (envoyer|adresser)\b|\bpour (les|vos|nos) factures\b[^.!?\n]{0,20}\b(c.est bon|d.accord|ok)\b")


_LABELLED_LINE = re.compile(r"^\s*[^\W\d][\w' -]{1,30}\s*:\s*\S+@\S+\s*$")
_REPLY_SUBJECT = re.compile(r"^\s*(re|ré|aw|sv|rif|r|tr|fw|fwd|wg)\s*:|^\s*(reponse automatique|automatic reply|absent|"
                            r"out of office|auto)", re.IGNORECASE)


def _unasked_robot(why: str, own: str, msg, subject: str) -> bool:
    """Whether the only robot's words found (``why``) are "ceci est un message automatique" under a notice
    that answers nothing the firm sent (a quota alert, a fake unpaid invoice): a robot, but no out-of-office
    reply to the firm; one that also says "je suis absente jusqu'au …" is one."""
    quoted = re.search(r"'(.*)'$", why)
    return bool(quoted and automatic.GENERIC_ROBOT.fullmatch(quoted.group(1))) and automatic.only_generic_robot(own) \
        and not _answers(msg, subject)


def _answers(msg, subject: str) -> bool:
    """Whether the message answers another one (In-Reply-To, References, a "Re:" subject)."""
    return bool(header(msg, "In-Reply-To") or header(msg, "References")
                or _REPLY_SUBJECT.search(automatic.fold(subject)))


_QR_SUBJECTS = tuple(automatic.fold(s) for s in SUBJECTS.values())


def _qr_subject(subject: str) -> bool:
    """Whether the subject is the one the memo's QR code writes."""
    return automatic.fold(strip(subject)).strip().startswith(_QR_SUBJECTS)


def _has_words(own: str) -> bool:
    """Whether the own text says more than a greeting, a thanks or a name ("Non.", "papier svp" do)."""
    folded = "\n".join(line for line in automatic.fold(own).split("\n") if not quotes.is_footer(line))
    if _NO_OR_PAPER.search(folded):
        return True
    words = re.findall(r"[^\W\d_]{3,}", folded)
    return len([w for w in words if w not in _EMPTY_WORDS]) > 3


_NO_OR_PAPER = re.compile(r"\b(non|no|pas|stop|jamais|papier|courrier|poste|paper|sais|attendre|plus tard)\b")


# "depuis la boîte de mon père", "j'écris avec l'adresse de ma femme", "from my wife's account"
_BORROWED_MAILBOX = re.compile(r"\b(depuis|de|sur|avec|par|from|using|on) (la boite|l.adresse|le mail|la messagerie|le compte|"
                               r"l.ordinateur|le portable|the (account|mailbox|e-?mail address|e-?mail|computer))( (e-?)?mail)? "
                               r"(de|d.|du|of) (mon|ma|my) (pere|mere|mari|femme|epouse|epoux|fils|fille|frere|soeur|beau-pere|"
                               r"belle-mere|compagnon|compagne|father|mother|husband|wife|son|daughter)\b|"
                               r"\bmy (wife|husband|father|mother|son|daughter|partner).s (account|mailbox|e-?mail|computer)\b")
# "C'est Hugo Huguenot qui écrit", "Ici Hugo Huguenot,", "This is Tom Baker writing"
_SELF_NAMED = re.compile(r"\b(?:[Cc]'est|[Cc]’est|[Ii]ci|[Jj]e suis|[Tt]his is|[Ii]t'?s)\s+"
                         r"([A-ZÀ-Ý][\w-]+(?:\s+[A-ZÀ-Ý][\w-]+){1,2})\s*(?=qui (vous )?[ée]cri|here\b|writing\b|[,.;:])")

_EMPTY_WORDS = frozenset(("bonjour", "bonsoir", "merci", "cordialement", "madame", "monsieur", "hello", "thanks",
                          "regards", "salutations", "bien", "vous", "voici", "pour", "les", "factures", "adresse"))

_RELAY = re.compile(r"(repondeur|messagerie vocale|voicemail|\bpassage de (m\.?|mme|monsieur|madame)\b|"
                    r"^\W*(m\.|mme|monsieur|madame) [a-z][\w-]+\s*:|appel|telephon|au tel|\btel\.?\s+(ce matin|hier|aujourd|de (m\.?|mme|mr|monsieur|madame|la cliente|son|sa)\b)|m.avait (dit|indique|donne|confirme|demande)\b|m.a (dit|indique|precise|confirme|demande|joint|ecrit|signale|explique|fait savoir)|"
                    r"\bme (confirme|precise)\b|"  # "M. Nguyen me confirme par écrit qu'il faut …"
                    r"(est|etait) (passee?|venue?)\b[^.!?\n]{0,30}\b(au bureau|au cabinet|a l.agence|a la permanence|nous voir|"
                    r"me voir|deposer)|de passage|"
                    r"(en|au|lors du|lors de notre|lors de son) (rendez-vous|rdv|passage)|"
                    # "Vu M. Belin ce matin à la permanence de Bar-sur-Aube": met in person
                    r"\b(vu|vue|croise|croisee|rencontre|rencontree) (ce matin |hier |aujourd.hui |cet apres-midi )?(m\.?|mme|mr|monsieur|madame|mlle)\b|"
                    # "Vu Laurent Teyssier hier soir au domaine pour le bilan"
                    r"(^|\n)\W*(vu|vue|croise|croisee|rencontre|rencontree) [a-z][\w-]+( [a-z][\w-]+)? (ce matin|hier|aujourd|cet apres|"
                    r"au |a la |chez )|"
                    r"nous a (dit|indique|demande)|called|phoned|told me|de la part d|pour (le compte|le client)|"
                    r"mon client|notre client|(le|la) client(e)?\b)")


# "il confirme", "elle est d'accord": the client's yes, as the manager reports it
_RELAYED_YES = re.compile(r"\b(il|elle|ils|elles|le client|la cliente|monsieur|madame)( nous| me| m.)? "
                          r"(confirme|a confirme|est d.accord|valide|a valide|accepte|a accepte)\b")


DECIDING = ("address", "refusal")


def _for_the_file_asked(decision: intent.Decision, alone: intent.Decision, part: str, asked_to: str) -> intent.Decision:
    """A reply deciding apart for several files, read for the file asked by its own part (``alone``): "Pour la SCEA
    on garde le courrier. Pour le GFA envoyez à x@", on the SCEA's thread, keeps paper; a bookkeeper's "- Tapas y
    Vinos : OK sur mon adresse ; - Pizzeria : x@" gives hers first.
    The other files' addresses stay after the one asked's (a person proposes them)."""
    if alone.intent == "refusal" and decision.intent == "address":
        return intent.Decision("refusal", evidence=alone.evidence, flags=decision.flags + ["decided_apart"])
    if alone.intent != "address" or not alone.addresses:
        return decision
    if decision.intent == "refusal":
        return dataclasses.replace(alone, flags=alone.flags + ["decided_apart"])
    # the addresses the whole reply gives that the part writes come first ("OK sur x@", read alone, is a yes)
    written = [a for a in decision.addresses if a.lower() in part.lower()]
    # a bare yes in the part ("- Tapas y Vinos : OK") approves the address the request was written to
    first = written or ([asked_to] if "agreement_only" in alone.flags else alone.addresses)
    if decision.addresses[:1] != first[:1]:
        rest = [a for a in decision.addresses if a not in first]
        return dataclasses.replace(decision, addresses=first + rest, evidence=alone.evidence,
                                   flags=decision.flags + ["decided_apart"])
    return decision


def _by_its_parts(decision: intent.Decision, apart: intent.Parts, own: str, asked_to: str,
                  alone: Callable[[str], intent.Decision]) -> intent.Decision:
    """A reply that speaks apart for several files, read for the file asked (``alone`` reads a piece of it).

    - Its own part decides: that decision, the others' after it (_for_the_file_asked).
    - Its own part decides nothing ("- Brissac Menuiserie : M. Brissac doit me confirmer, je reviens vers vous",
      beside its sister companies' yes), or, with no part of its own, the part about no file puts off ("Pour moi je
      préfère réfléchir, je reviens vers vous. Pour la SCI, c'est Thomas qui gère : x@"), or the only other file is
      the writer's own private file, on a company's thread: the decisions are the other files', flagged
      "asked_undecided". A part about no file that decides (an address, or with a part of its own, a refusal too)
      is the file asked's answer instead.
    - The reply read whole as no decision is read by the other files' parts ("Pour maman, je lui demande dimanche.
      Pour le salon, je préfère le papier"); one read as a question stays one, flagged when it put the file asked
      off ("Pour nous deux, je vous réponds la semaine prochaine. Notre fils me demande … pour les Ambulances : …?")."""
    said = alone(apart.asked) if apart.asked else None
    if said is not None and said.intent in DECIDING and decision.intent in DECIDING:
        return _for_the_file_asked(decision, said, apart.asked, asked_to)
    answering: tuple[str, ...]  # what the part about no file says when it is the file asked's answer
    if said is not None:
        put_off = intent.puts_off(apart.asked)
        undecided, answering = said.intent not in DECIDING, DECIDING
    else:
        put_off = intent.puts_off(apart.unscoped) or apart.own_file_only
        undecided, answering = put_off, ("address",)
    if not undecided or apart.unscoped and alone(apart.unscoped).intent in answering:
        return decision
    rest = own.replace(apart.asked, " ") if apart.asked else apart.others if decision.intent == "other" else own
    others = decision if decision.intent in DECIDING else alone(rest)
    if others.intent in DECIDING:
        others.flags.append("asked_undecided")
        return others
    if put_off:
        decision.flags.append("asked_undecided")
    return decision


def _relayed(own: str, manager: str, firm: FirmContext, subject: str, asked_to: str = ""):
    """What an engagement manager relays of a client's words, in her own words (None when nothing).
    ``asked_to``: the address our e-mailed request proposed, when the manager forwards it ("Le client m'a
    appelé, il confirme l'adresse ci-dessous")."""
    folded = automatic.fold(own)
    if not _RELAY.search(folded) or _UNSURE.search(folded):
        return None  # ("j'avais noté x@ mais il n'était pas sûr": nothing the client decided)
    # "Message sur mon répondeur de M. Vidal : « oui pour le mail, c'est x@ »": the call was about the switch
    decision = intent.analyse(own, "", firm.secretariat, firm.domains, subject,
                              about_invoices=bool(intent.CAMPAIGN_WORDS.search(automatic.fold(own))))
    if decision.intent == "address" and decision.addresses:
        decision.flags.append("relayed_by_firm")
        return decision
    if decision.intent == "refusal":
        decision.flags.append("relayed_by_firm")
        return decision
    if decision.intent == "question" and not _ASKED_BY_CLIENT.search(automatic.fold(own)):
        # "Elle garde ses factures papier. Tu peux le noter dans sa fiche ?": the question is the
        # manager's to her colleague; what she reports is the client's refusal
        cue = intent.refusal_cue(own)
        if cue is not None:
            return intent.Decision("refusal", evidence=cue, flags=["relayed_by_firm"])
    if decision.intent == "question" and _ASKED_BY_CLIENT.search(automatic.fold(own)):
        # "M. Prost m'a appelé : il demande si la facture par mail vaut original": the client's question,
        # reported; not the manager's own question to the secretariat
        decision.flags.append("relayed_by_firm")
        return decision
    yes = _RELAYED_YES.search(folded) if asked_to else None
    if yes is not None:
        return intent.Decision("address", [asked_to], evidence=intent.sentence_at(own, yes.start()),
                               flags=["relayed_by_firm", "request_address_confirmed"])
    return None


_UNSURE = re.compile(r"\b(n.etait|n.est|n.etaient) pas (sur|certaine?|sure)s?\b|\bil faudra (lui|leur) (demander|redemander)\b")
_ASKED_BY_CLIENT = re.compile(r"\b(il|elle|ils|elles|client\w*|he|she|they) (me |nous |vous )?(demande|se demande|voudrait savoir|"
                              r"aimerait savoir|souhaite savoir|asks|asked|wonders|wants to know)\b|"
                              # "M. Bourgeois m'a appelé pour savoir si c'était obligatoire … il nous redira"
                              r"\b(appel|telephon|ecrit|passe)\w*\b[^.!?\n]{0,40}\bpour (savoir|demander|me demander) si\b|"
                              r"\b(il|elle|ils|elles) (nous|vous|me) (redira|rediront|rappellera|recontactera)\b|"
                              # "… leur petit-fils doit leur en créer une, il nous l'enverra" (set53 IF021, dev)
                              r"\b(il|elle|ils|elles) (nous|vous|me) (l.|la |les )?(enverra|enverront|envera|donnera|donneront|"
                              r"communiquera|communiqueront|transmettra|transmettront)\b")


_CORRECTION = re.compile(r"(erreur|faute|coquille|typo|corrig|correction|rectif|il (faut|fallait) lire|la bonne adresse|il manque|en trop|"
                         r"au lieu d|instead of|a (tape|ecrit|mis) .{1,30} (au lieu|pour|a la place)|adresse a (enregistrer|retenir|noter)|"
                         r"mal (ecrit|orthographi)|\ba mal tape\b|\ba tape\s*[«“'\x22]|"  # "il a tapé « gmial » : l'adresse est …"
                         r"adresse exacte|plutot|en fait|attention|correct address|mistake)")


def _manager_correction(decision, text: str, forward, firm: FirmContext, subject: str) -> None:
    """A manager forwarding with "attention, la bonne adresse est ...": the corrected address wins."""
    at = text.find(forward.text) if forward.text else -1
    outer = quotes.split(text[:at] if at > 0 else text).own
    if not outer:
        return
    folded_outer = automatic.fold(outer)
    paper = intent.refusal_cue(outer) if _CHANGED_TO_PAPER.search(folded_outer) else None
    if paper:
        # "Je l'ai eu au téléphone depuis : il préfère finalement le papier": the client's last word, through her
        decision.intent, decision.addresses, decision.copies = "refusal", [], []
        decision.evidence = paper
        decision.flags.append("refusal_by_firm")
        return
    if decision.intent not in ("address", "refusal"):
        given = intent.analyse(outer, "", firm.secretariat, firm.domains, subject, about_invoices=True)
        if given.intent == "address" and given.addresses:
            # "Réponse de M. Girard. Son adresse pour les factures : x@" above his "je vous donnerai l'adresse"
            decision.intent, decision.addresses, decision.copies = "address", given.addresses, given.copies
            decision.evidence = given.evidence
            decision.flags.append("given_by_firm")
            return
    if not _CORRECTION.search(folded_outer):
        return
    corrected = intent.analyse(outer, "", firm.secretariat, firm.domains, subject, about_invoices=True)
    if corrected.intent == "address" and corrected.addresses:
        decision.intent = "address"
        decision.addresses = corrected.addresses
        decision.copies = [c for c in corrected.copies + decision.copies if c not in corrected.addresses]
        decision.evidence = corrected.evidence
        decision.flags.append("corrected_by_firm")
        return
    # "ce n'est pas domaine-girad.fr mais domaine-girard.fr, donc gestion@domaine-girard.fr": the one
    # address of the note a letter or two away from the client's is its spelling, whatever the words
    if decision.intent != "address" or len(decision.addresses) != 1:
        return
    written = decision.addresses[0]
    near = {f.address for f in find_addresses(outer) if not is_firm(f.address, firm.secretariat, firm.domains)
            and f.address != written and Levenshtein.distance(f.address, written) <= 2}
    if not near:
        # "c'est « freres » avec un s, comme leur site www.domaine-vaucher-freres.fr": the domain the note
        # spells, a letter or two away from the one typed, with the same mailbox
        local, _, domain = written.partition("@")
        near = {f"{local}@{d}" for d in _DOMAIN_WORD.findall(outer.lower())
                if d != domain and d.split(".")[-1] == domain.split(".")[-1] and Levenshtein.distance(d, domain) <= 2}
    if len(near) == 1:
        decision.addresses = [near.pop()]
        at = outer.lower().find(decision.addresses[0].partition("@")[2])
        decision.evidence = evidence.sentence_at(outer, max(at, 0))
        decision.flags.append("corrected_by_firm")


_CHANGED_TO_PAPER = re.compile(r"\b(finalement|depuis|en fait|ne tenez pas compte|a change d.avis|changed (his|her|their) minds?|"
                               r"after all|finally)\b")
_DOMAIN_WORD = re.compile(r"(?<![\w@.-])(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,10})(?![\w.-]*@)")


def _flag(decision, name: str) -> None:
    """Add a flag once (two references of one reply may both be resolved)."""
    if name not in decision.flags:
        decision.flags.append(name)


def _resolve_references(decision, own: str, signature: str, context: Context, sender: str, sender_name: str,
                        firm: FirmContext) -> None:
    """Addresses the text points at without writing them: quoted question, To, Cc, signature."""
    confirmed = "sender_address_confirmed" in decision.flags
    if confirmed:
        mailbox = resolve.mailbox_not_personal(own, sender, sender_name, context)
        if mailbox is not None:
            decision.addresses = mailbox.addresses
            context.resolved = mailbox.how
    found = None
    if "copy_as_main" in decision.flags:
        # "La première, et mettez-moi en copie (x@)": the address chosen among the firm's, the one
        # written a copy
        chosen = resolve.proposed_choice(own, context, sender)
        if chosen is not None and chosen.addresses and not set(chosen.addresses) & set(decision.addresses):
            decision.copies = list(dict.fromkeys(decision.addresses + decision.copies))
            decision.addresses = []
            found = chosen
    if "copy_beside_yes" in decision.flags:
        chosen = resolve.proposed_choice(own, context, sender)
        if chosen is not None and chosen.addresses and not set(chosen.addresses) & set(decision.copies):
            found = chosen
    if confirmed or decision.intent in ("other", "question"):
        found = resolve.proposed_choice(own, context, sender) or resolve.written_to(own, context, sender) \
            or resolve.reply_to_pointer(own, context, sender if confirmed else "")
        if found is None and (confirmed or decision.intent == "other"):
            found = resolve.signature_pointer(own, signature, firm.secretariat, firm.domains, sender) \
                or resolve.signature_pointer(own, own, firm.secretariat, firm.domains, sender)  # a signature nobody marked
            if found is not None and set(found.addresses) & set(decision.retired):
                found = None  # "je vous avais donné x@ (message ci-dessous)": pointed at to be replaced
            if found is not None and confirmed and found.addresses == decision.addresses:
                found = None  # "mon adresse ci-dessous": the sender's own, as confirmed
        if found is not None and decision.intent == "question" and "?" in own:
            found = None  # "la première ?" asks back
    if found is not None and found.addresses:
        decision.intent = "address"
        decision.addresses = found.addresses
        decision.copies = [c for c in found.copies + decision.copies if c not in found.addresses]
        decision.evidence = found.evidence or decision.evidence
        if confirmed:
            decision.flags.remove("sender_address_confirmed")
        _flag(decision, "resolved_reference")
        context.resolved = found.how
        confirmed = False
    if decision.intent == "address" and decision.addresses:
        # "utilisez celle du service comptable ci-dessous" above three labelled lines of the text
        pointer = resolve.signature_pointer(own, own, firm.secretariat, firm.domains)
        if pointer is not None and len(pointer.addresses) == 1 and (
                pointer.addresses[0] in decision.addresses or _LABELLED_LINE.match(decision.evidence)):
            # "envoyez à l'adresse « administratif » ci-dessous" above "Direction : g.x@…" taken from a label
            decision.addresses = pointer.addresses
            decision.evidence = pointer.evidence or decision.evidence
            context.resolved = pointer.how
    if decision.intent == "address" and not decision.copies:
        cc = resolve.copies_in_header(own, context)
        if cc is not None:
            if cc.addresses and confirmed:
                decision.addresses = cc.addresses
            decision.copies = [c for c in cc.copies if c not in decision.addresses]
            context.resolved = cc.how
            _flag(decision, "resolved_reference")
    elif decision.intent == "other" and sender:
        cc = resolve.copies_in_header(own, context)
        if cc is not None and (cc.addresses or resolve._AFFIRM.search(automatic.fold(own))):
            decision.intent = "address"
            decision.addresses = cc.addresses or [sender]
            decision.copies = cc.copies
            decision.evidence = cc.evidence
            context.resolved = cc.how
            _flag(decision, "resolved_reference")


# A helpdesk's notice (Zendesk, Freshdesk...) of a person's answer: "##- Please type your reply above this
# line -##", then the agent's comment between two rules, then "Your original message"
_HELPDESK = re.compile(r"type your reply above this line|(repondez|repondre) au-dessus de cette ligne|"
                       r"your request \(?#?\d+\)? has been (updated|solved)|votre demande \(?#?\d+\)? a ete (mise a jour|resolue)")
# "12 févr. 2030, 09:18 CET", "Feb 12, 2030, 09:18 CET": the date line of a helpdesk's comment
_HELPDESK_STAMP = re.compile(r"^\s*(\d{1,2} \w+\.? \d{4}|\w+\.? \d{1,2}, \d{4}),? \d{1,2}:\d{2}( [A-Z]{2,5})?\s*$")
_RULE_OR_ORIGINAL = re.compile(r"^\s*(-{5,}|_{5,}|={5,})\s*$|^\s*(your original message|votre message d.origine|"
                               r"votre demande initiale)", re.MULTILINE | re.IGNORECASE)


def _helpdesk_comment(parts: quotes.Split) -> quotes.Split:
    """The agent's comment of a helpdesk's notice as the own text (the notice's preamble is the robot's)."""
    body = re.sub(r"^\s*(-{5,}|_{5,}|={5,})\s*\n", "", parts.quoted, count=1)
    end = _RULE_OR_ORIGINAL.search(body)
    comment = body[:end.start()] if end else body
    if not comment.strip():
        return parts
    inner = quotes.split(comment)
    return quotes.Split(own=inner.own, signature=inner.signature, quoted=body[len(comment):], marker=parts.marker)


def _below_the_firms_message(parts: quotes.Split, firm: FirmContext) -> quotes.Split:
    """A reply written under the firm's unmarked quote (Outlook bottom-posting): the paragraphs
    after the firm's signature are the client's own text."""
    paragraphs = re.split(r"\n\s*\n", parts.quoted)
    marks = [d for d in firm.domains] + [firm.secretariat] + ([firm_mark(firm.name)] if firm.name else [])
    last = max((i for i, p in enumerate(paragraphs) if any(m and m in automatic.fold(p) for m in marks)), default=-1)
    if last < 1 or last == len(paragraphs) - 1:
        return parts
    tail = "\n\n".join(paragraphs[last + 1:])
    if tail.lstrip().startswith(">") or quotes.split(tail).marker:
        return parts
    below = quotes.split(tail)
    return quotes.Split(own=below.own, signature=below.signature, quoted="\n\n".join(paragraphs[:last + 1]),
                        marker=parts.marker)


_POINTS_AT_FORWARD = re.compile(r"\b(ci-?dessous|en bas|plus bas|below)\b|\b(voir|lisez|see) (le |son |sa |leur )?(message|mail|reponse)\b|"
                                r"\bqu.(il|elle|ils|elles) (vous )?(indique|donne|propose|a (donnee?|indiquee?))\b|\bla reponse de\b|"
                                r"\bje vous (transfere|fais suivre|transmets) (la reponse|le message|son message|sa reponse)\b")
# A robot's notice of an invoice or an order a client passes on (not an answer to anyone)
_SUPPLIERS_NOTICE = re.compile(r"\b(merci de|priere de|veuillez) ne pas repondre a (ce|cet) (message|mail|e-?mail|courriel)\b|"
                               r"\bplease do not reply to this (message|e-?mail)\b")
# A forwarder's own words that pass the message below on ("je fais suivre, voir Chantal en dessous", "Pieter m'a
# demandé de vous transférer sa réponse")
_PASSES_DOWN = re.compile(r"\b(en dessous|ci-?dessous|en bas|plus bas|below)\b|\bje (vous )?(fais suivre|transfere|transmets)\b|"
                          r"\bm.a demande de (vous )?(transferer|faire suivre|transmettre)\b|\b(asked me to|i.m) forward")
_OWN_MAILBOX = re.compile(r"\b(ma boite|mon adresse|ma messagerie|la mienne|celle-?\s?ci|my (own )?(address|e-?mail|mailbox))\b")
_REPLY_FIRST = re.compile(r"^\s*(re|aw|sv|rif|r)\s*:", re.IGNORECASE)
# "ok pour recevoir les factures par mail" typed as the subject, nothing in the body
_SUBJECT_YES = re.compile(r"\s-\W*(ok|oui|d.accord|yes)\W*$|(?:^|[–|:]|\s-)\W*(ok|oui|d.accord|yes|entendu|parfait|bien sur|pas de souci)\b"
                          r"(?![^?]*\b(papier|courr?ier|poste|non|pas|mais|sauf|si|femme|mari|fils|fille)\b)[^?]*\b(e-?mail|mail|courriel|factur)")
_SHARED_DOCUMENT = re.compile(r"\b(a|vous a) partage (le|un|des) (fichier|document|dossier)s?\b|\bvous a ete partage|"
                              r"\b(has )?shared (a|the|an?) (file|document|folder) with you\b|\bvous a envoye (un|des) fichiers?\b")
# A letter that asks to update one's details through a link: phishing, whatever addresses it names
_CLICK_TO_UPDATE = re.compile(r"\b(mettre a jour|mettez a jour|actualiser|actualisez|regulariser) (vos|votre) "
                              r"(coordonnees|informations|adresse|compte|moyen de paiement|situation)\b[^@]{0,120}?"
                              r"\b(en cliquant|cliquez)\b")
# The sender's own invoice sent to the firm (a client that supplies it): its number, its amount, no hand-over
_MY_OWN_GIVEN = re.compile(r"\b(voici|voila) (l.|mon |notre |ma )?adresse\b|\b(mon|notre) adresse (e-?mail |mail )?(est|:)")
_ITS_OWN_INVOICE = re.compile(r"\bnotre facture (n.|no\.?|numero)\s*[\w/-]*\d")
_AN_AMOUNT = re.compile(r"\b(reglement|virement|a regler|a payer|echeance)\b")
_SENDING_HERE = re.compile(r"\b(envoy|adress|transmet|mett|utilis)\w*[^.!?\n]{0,60}(@|\badresse\b|\bmail\b)|"
                           r"\bfactures\b[^.!?\n]{0,30}\b(a|sur|par) (cette|l.adresse|mail|e-?mail)\b")
_SUBJECT_TAIL = re.compile(r"\S\s+(?:-+>?|–|—|=>)\s+((?:(?!\s(?:-+>?|–|—)\s).){2,60})$")
_REFERENCE_TAIL = re.compile(r"\W*(ref|réf|reference|référence|code client|dossier)\b\W*\S+\W*$", re.IGNORECASE)
_SEE_SUBJECT = re.compile(r"\b(voir|cf\.?|see|dans) (l.|the )?(objet|subject)\b")


def strip(subject: str) -> str:
    return automatic.strip_prefixes(subject)


def _forward(body, subject: str, sender: str, firm: FirmContext):
    """The client's forwarded message, when this message forwards one (else None)."""
    candidate = None
    if body.attached:
        own_text = quotes.split(body.text).own if body.text else ""
        attached = forwards.attached_forward(body.attached)
        if attached is not None and (len(own_text) < 400 or is_firm(sender, firm.secretariat, firm.domains)):
            candidate = attached
    if candidate is None:
        candidate = forwards.inline_forward(body.text, subject)
        if candidate is not None:
            outer_own = body.text[: body.text.find(candidate.text)] if candidate.text else body.text
            from_firm = is_firm(sender, firm.secretariat, firm.domains)
            # "voir le message de notre comptable ci-dessous, c'est celle-là qu'il faut utiliser", "Prenez celle qu'il
            # indique": a reply to the firm that hands over a colleague's forwarded answer
            pointed = not from_firm and bool(_POINTS_AT_FORWARD.search(automatic.fold(quotes.split(outer_own).own))) \
                and not automatic.classify_text(candidate.text, out_of_office_only=True)[0]  # (not "le message d'absence … pour info")
            if not from_firm and not forwards.looks_forwarded(subject) and not pointed:
                return None  # a reply quoting history, not a forward
            if not from_firm and _REPLY_FIRST.match(subject) and len(quotes.split(outer_own).own) > 20 and not pointed:
                return None  # "Re: TR: ...": the sender answers a forward they received, in their own words
            if not from_firm and find_addresses(quotes.split(outer_own).own):
                return None
            if not from_firm and not pointed and _SUPPLIERS_NOTICE.search(automatic.fold(candidate.text[:3000])):
                # "Pour la compta de février." above a supplier's invoice notice ("Merci de ne pas répondre à ce
                # message"): papers for the firm, not an answer forwarded (set53 IE015, dev)
                return None
    for _ in range(3):
        # passed from one of the firm's people to another ("Emma, c'est une de tes clientes ?"): the
        # client is further down
        if candidate is None or not is_firm(candidate.sender, firm.secretariat, firm.domains):
            break
        candidate = forwards.inline_forward(candidate.text, "Fwd:")
    if candidate is None or not candidate.sender:
        return None
    if is_firm(candidate.sender, firm.secretariat, firm.domains) or candidate.sender == sender:
        return None
    for _ in range(3):
        # A forward of a forward: when the middle sender added nothing of their own, the client is
        # the innermost sender ("l'adresse de ce mail" at the bottom of a double forward).
        middle = quotes.split(candidate.text).own
        read = intent.analyse(middle, candidate.sender, firm.secretariat, firm.domains).intent
        folded_middle = automatic.fold(middle)
        if read != "other" and not (not find_addresses(middle) and not _OWN_MAILBOX.search(folded_middle)
                                    and _PASSES_DOWN.search(folded_middle)):
            # (not "je fais suivre, voir Chantal en dessous", nor "l'adresse de ce mail (cf. ci-dessous)": that sender
            # passes the answer below on; "je vous transfère …, je préfère ma boîte à moi" answers in its own words)
            break
        deeper = forwards.inline_forward(candidate.text, "Fwd:")
        if deeper is None or not deeper.sender or deeper.sender == candidate.sender or \
                is_firm(deeper.sender, firm.secretariat, firm.domains):
            break
        candidate = deeper
    return candidate
