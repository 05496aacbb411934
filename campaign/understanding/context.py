"""Every address a message offers besides its own text, with its role: the Cc and To of the
message, and the firm's own message that the client answered (its text, the addresses it
proposed, the address it was written to).

The client's words often point at these instead of writing an address: "mon mari, en copie",
"la première", "oui celle-là", "gardez l'adresse à laquelle vous m'avez écrit". Resolving those
references (campaign.understanding.resolve) needs to know what each one can point at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message

from campaign.mail.messages import parse_address_list
from campaign.understanding.addresses import find_addresses, is_firm, normalise
from campaign.understanding.automatic import fold
from campaign.understanding.header_words import FROM_WORDS, HEADER_WORDS, TO_WORDS, WROTE_BEFORE_WRITER, WROTE_WORDS
from campaign.understanding.mime import unsurrogate

QUOTED_FIRM_CAP = 2000

# A quote header: Gmail's "Le ... <x@y> a écrit :", Outlook's "De : ..." block.
_WROTE = re.compile(rf"({WROTE_WORDS})\s*:?\s*$|{WROTE_BEFORE_WRITER}")
_FROM = re.compile(rf"^[>*\s]{{0,20}}({FROM_WORDS})\**[ \t]{{0,3}}:[ \t]*(.*)$")
_TO = re.compile(rf"^[>*\s]{{0,20}}({TO_WORDS})\**[ \t]{{0,3}}:[ \t]*(.*)$")
_HEADER = re.compile(rf"^[>*\s]{{0,20}}({HEADER_WORDS})\**[ \t]{{0,3}}:")

_CLOSING = re.compile(r"^[ \t>]*(bien )?(cordialement|bien a vous|sinceres salutations|salutations|meilleures salutations|"
                      r"best regards|kind regards|regards)\b", re.MULTILINE)
_EXAMPLE = re.compile(r"(exemple|ex\s*:|ex\.|e\.g\.|for example|such as|du type|comme)\s*:?\s*$")
# a model to copy, not an address: "prenom.nom@domaine.fr", "votre.nom@votre-societe.fr"
_PLACEHOLDER = re.compile(r"^((prenom|nom|votre|your|first|last|name|firstname|lastname|adresse|x+)[._-]?)+@"
                          r"|@(votre-?|mon-?)?(domaine|societe|entreprise|exemple)\.(fr|com)$")


@dataclass
class Context:
    """What a message offers besides the client's own text."""

    cc: list[str] = field(default_factory=list)        # the message's Cc (not the firm's)
    to: list[str] = field(default_factory=list)        # the message's To (not the firm's)
    sender_header: str = ""                             # Sender, when it differs from From
    sender_name: str = ""                               # its display name
    reply_to: str = ""                                  # Reply-To, when it differs from From
    quoted_firm: str = ""                               # the firm's quoted message, as the client saw it
    proposed: list[str] = field(default_factory=list)   # addresses the firm's quoted message named, in order
    quoted_to: list[str] = field(default_factory=list)  # whom the firm's quoted message was written to
    relayed_by: str = ""                                # a manager relaying a client's words (not a forward)
    resolved: dict = field(default_factory=dict)        # which reference in the text went to which header
    mentioned: list[str] = field(default_factory=list)  # invoice addresses an automatic reply names (not designated)
    retired: list[str] = field(default_factory=list)    # addresses the text says to stop using ("plus sur x@y")
    relay_note: str = ""                                # the manager's own words above a forward ("Pour ACM 44, voir plus bas")

    def as_dict(self) -> dict:
        """JSON-ready, empty fields left out."""
        return {k: v for k, v in vars(self).items() if v}


def _addresses(msg: Message, name: str) -> list[str]:
    # The raw header values, not msg.get_all(): policy.default's header registry took seconds and
    # 200 MB on a Cc of 10,000 addresses; parse_address_list decodes the display names itself.
    wanted = name.lower()
    try:
        values = [unsurrogate(str(v)) for k, v in msg.raw_items() if k.lower() == wanted]
    except Exception:
        return []
    out: dict[str, None] = {}  # ordered and deduplicated in linear time: 10,000 Cc took seconds as a list
    for _, addr in parse_address_list([str(v) for v in values]):
        addr = normalise(addr) or ""
        if addr:
            out.setdefault(addr)
    return list(out)


def header_context(msg: Message, sender: str, secretariat: str, domains: list[str]) -> Context:
    """The Cc, To, Sender and Reply-To addresses of ``msg`` that are not the firm's or the sender's."""
    def outside(items: list[str]) -> list[str]:
        return [a for a in items if a != sender and not is_firm(a, secretariat, domains)]

    context = Context(cc=outside(_addresses(msg, "Cc")), to=outside(_addresses(msg, "To")))
    for name, attr in (("Sender", "sender_header"), ("Reply-To", "reply_to")):
        found = outside(_addresses(msg, name))
        if found:
            setattr(context, attr, found[0])
    if context.sender_header:
        try:
            context.sender_name = next((n for n, a in parse_address_list([str(v) for v in msg.get_all("Sender") or []])
                                        if a == context.sender_header), "")
        except Exception:
            context.sender_name = ""
    return context


# Words of a firm's name that every firm has: "Fiduciaire Marchetti Audit & Conseil" signs "Accueil -
# Fiduciaire Marchetti", "Cabinet Vautrin & Associés" signs "Secrétariat Vautrin".
_FIRM_WORDS = frozenset(("cabinet", "fiduciaire", "audit", "conseil", "conseils", "associes", "associe", "expertise",
                         "comptable", "comptables", "expert", "experts", "societe", "groupe", "et", "and", "compta",
                         "gestion", "sarl", "sas", "selarl", "scp"))


def firm_mark(firm_name: str) -> str:
    """The part of the firm's name its people always write: its distinctive word ("marchetti")."""
    words = re.findall(r"[a-z0-9]+", fold(firm_name))
    distinctive = [w for w in words if w not in _FIRM_WORDS and len(w) >= 4]
    return distinctive[0] if distinctive else fold(firm_name)


def firm_quote(quoted: str, secretariat: str, domains: list[str], firm_name: str = "") -> tuple[str, list[str], list[str]]:
    """(text, proposed addresses, written-to addresses) of the firm's message in the quoted history.

    The firm's message is the first quoted block whose header names the firm (its address, one of
    its domains, or its name); its text runs to the next quote header.
    """
    if not quoted:
        return "", [], []
    lines = quoted.split("\n")
    folded = [fold(line) for line in lines]
    firm_words = [d for d in domains] + ([secretariat] if secretariat else []) + \
        ([firm_mark(firm_name)] if firm_name else [])
    n = len(lines)
    for i, f in enumerate(folded[:400]):
        by_firm = False
        to: list[str] = []
        end_header = i
        wrote = _WROTE.search(f) or (i + 1 < n and _WROTE.search(folded[i + 1]) and len(f) < 200)
        if wrote:
            head = f + " " + (folded[i + 1] if i + 1 < n else "")
            by_firm = any(w and w in head for w in firm_words)
            end_header = i + 1 if not _WROTE.search(f) else i
            # "Le 27 nov., H. Morvan a écrit :" then her message's own header block: read its "À :"
            block = next((k for k in range(end_header + 1, min(n, end_header + 4)) if _FROM.match(folded[k])), -1)
            if by_firm and block >= 0:
                wrote, i, f = False, block, folded[block]
        if not wrote and _FROM.match(f):
            by_firm = by_firm or any(w and w in f for w in firm_words)
            j = i + 1
            while j < n and j < i + 8 and (_HEADER.match(folded[j]) or not folded[j].strip("> ")):
                match = _TO.match(folded[j])
                if match:
                    to = [a.address for a in find_addresses(lines[j]) if not is_firm(a.address, secretariat, domains)]
                if not folded[j].strip("> ") and j > i + 1:
                    break
                j += 1
            end_header = j - 1
        if wrote and not by_firm and not find_addresses(lines[i]):
            # "Le 07/12/2026, Emma Guillou a écrit :": a person named without her address, whose
            # message is signed with the firm's name or domain a few lines below
            for k in range(end_header + 1, min(n, end_header + 40)):
                if k > end_header + 1 and (_WROTE.search(folded[k]) or _FROM.match(folded[k].lstrip("> "))):
                    break
                if any(w and w in folded[k] for w in firm_words):
                    by_firm = True
                    break
        if not by_firm:
            continue
        body: list[str] = []
        for k in range(end_header + 1, n):
            line = re.sub(r"^(\s*>)+ ?", "", lines[k])
            flat = fold(line)
            if body and (_FROM.match(flat) and k + 1 < n and _HEADER.match(re.sub(r"^(\s*>)+ ?", "", folded[k + 1]))
                         or _WROTE.search(flat) and len(flat) < 200
                         or re.match(r"^\s*-{2,}\s*(message|mail|original)", flat)):
                break
            body.append(line)
        text = "\n".join(body).strip()[:QUOTED_FIRM_CAP]
        proposed = []
        closing = _CLOSING.search(fold(text))
        asked = text[:closing.start()] if closing else text  # the question, not the footer
        folded_text = fold(asked)
        for found in find_addresses(asked):
            if _EXAMPLE.search(folded_text[max(0, found.start - 25):found.start]) or _PLACEHOLDER.search(found.address):
                continue  # "par exemple compta@...": an example, not a proposal
            if not is_firm(found.address, secretariat, domains) and found.address not in proposed:
                proposed.append(found.address)
        return text, proposed, to
    return "", [], []
