"""Evidence for each candidate client of one reply, with Splink-style weights.

Each piece of evidence adds (or removes) weight; a candidate's score is the sum. The weights are
ordered by how hard the evidence is to produce by accident: a quoted client reference or SIREN
is near-certain, an address already on file is strong, a company domain is strong when only one
client has it, a name is suggestive. Names count once per client (the best of the fuzzy score
and an exact mention in the text), since they are the same evidence read twice.
"""

from __future__ import annotations

from campaign.matching.domains import company_domain
from campaign.matching.index import ClientIndex
from campaign.matching.mentions import Mention
from campaign.matching.names import normalise_name
from campaign.matching.records import Candidate, Evidence, ReplyFacts

W_REFERENCE = 12.0
W_SIREN = 10.0
W_KNOWN_SENDER = 9.0
W_KNOWN_GIVEN = 4.0         # the address designated is on file for the client (sent from elsewhere)
W_DOMAIN_UNIQUE = 7.0       # the sender's company domain belongs to this client alone
W_DOMAIN_SHARED = 5.0       # ...to this client and others (a holding and its subsidiaries)
W_DMARC_ALIGNED = 2.0       # the receiving server verified the sender's domain (DMARC pass)
W_GIVEN_DOMAIN = 3.0        # the designated address is at the client's domain
W_NAME = ((97, 6.0), (92, 4.0), (86, 2.0))  # fuzzy name score floor -> weight
W_MENTION_FULL = 5.0        # the text names the client (several words, or one word beside its legal form)
W_MENTION_WORD = 2.0        # a one-word name without its legal form (could be a surname)
W_FORM_AGREES = 1.0
W_FORM_CONFLICTS = -3.0
W_DOMAIN_CONFLICT = -2.0    # sent from a company domain that is not the client's known one


def name_queries(facts: ReplyFacts) -> list[tuple[str, str]]:
    """(key, as written) of the names a reply offers: signature company, display or signed name."""
    out = []
    for written in (facts.company, facts.sender_name):
        written = (written or "").strip()
        if written and "@" not in written:
            key = normalise_name(written).key
            if key and key not in {k for k, _ in out}:
                out.append((key, written))
    return out


def name_weight(score: int) -> float:
    """The weight of a fuzzy name score (0 below the lowest floor)."""
    return next((w for floor, w in W_NAME if score >= floor), 0.0)


class CandidateBuilder:
    """Collects evidence per client for one reply."""

    def __init__(self, index: ClientIndex) -> None:
        self.index = index
        self.found: dict[int, Candidate] = {}

    def add(self, i: int, evidence: Evidence, *, named: bool = False, conflict: bool = False) -> Candidate:
        candidate = self.found.get(i)
        if candidate is None:
            candidate = self.found[i] = Candidate(i, self.index.codes[i])
        candidate.evidence.append(evidence)
        candidate.named |= named
        candidate.conflict |= conflict
        return candidate


def score_reply(facts: ReplyFacts, index: ClientIndex, names: dict[str, list[tuple[int, int]]],
                mentions: list[Mention], firm_domains: tuple[str, ...] = ()) -> tuple[list[Candidate], list[str]]:
    """Candidates with their evidence, best first, and the references quoted that name no client."""
    found = CandidateBuilder(index)
    unknown_refs = []
    subject_refs = {r.upper() for r in _refs_in(facts.subject, facts.references)}
    for ref in facts.references:
        i = index.by_code.get(ref.strip().upper())
        if i is None:
            unknown_refs.append(ref)
            continue
        where = "subject" if ref.upper() in subject_refs else "text"
        found.add(i, Evidence("reference", W_REFERENCE, {"ref": ref, "where": where}), named=True)
    for siren in facts.sirens:
        for i in index.by_siren.get(siren, ()):
            found.add(i, Evidence("siren", W_SIREN, {"siren": _spaced(siren)}), named=True)

    sender = facts.sender.lower()
    for i in index.by_address.get(sender, ()):
        found.add(i, Evidence("known_sender", W_KNOWN_SENDER, {"address": sender}))
    for given in dict.fromkeys(a.lower() for a in facts.addresses + facts.copies):
        if given != sender:
            for i in index.by_address.get(given, ()):
                found.add(i, Evidence("known_given", W_KNOWN_GIVEN, {"address": given}))

    domain = company_domain(sender, firm_domains)
    if domain:
        owners = index.by_domain.get(domain, ())
        dmarc_ok = (facts.auth or {}).get("dmarc") == "pass" and not facts.forwarded_by
        for i in owners:
            weight = W_DOMAIN_UNIQUE if len(owners) == 1 else W_DOMAIN_SHARED
            found.add(i, Evidence("domain", weight, {"domain": domain, "shared": len(owners)}))
            if dmarc_ok:
                found.add(i, Evidence("dmarc_aligned", W_DMARC_ALIGNED, {"domain": domain}))
    for given_domain in dict.fromkeys(company_domain(a, firm_domains) for a in facts.addresses + facts.copies):
        if given_domain and given_domain != domain:
            for i in index.by_domain.get(given_domain, ()):
                found.add(i, Evidence("given_domain", W_GIVEN_DOMAIN, {"domain": given_domain}))

    _add_names(found, facts, index, names, mentions)

    if domain:
        # A company domain that is not the client's own contradicts a link made on other grounds.
        for candidate in found.found.values():
            known = index.domains[candidate.index]
            if known and domain not in known:
                found.add(candidate.index, Evidence("domain_conflict", W_DOMAIN_CONFLICT,
                                                    {"domain": domain, "known": ", ".join(sorted(known))}),
                          conflict=True)
    ranked = sorted(found.found.values(), key=lambda c: (-c.score, c.code))
    return ranked, unknown_refs


def _add_names(found: CandidateBuilder, facts: ReplyFacts, index: ClientIndex,
               names: dict[str, list[tuple[int, int]]], mentions: list[Mention]) -> None:
    """Name evidence: per client the best of fuzzy names and mentions, then the legal form."""
    best: dict[int, tuple[float, Evidence, str]] = {}
    for key, written in name_queries(facts):
        form = normalise_name(written).form
        for i, score in names.get(key, ()):
            weight = name_weight(score)
            if weight and weight > best.get(i, (0.0,))[0]:
                best[i] = (weight, Evidence("name", weight, {"written": written, "client": index.labels[i],
                                                               "score": int(score)}), form)
    named: set[int] = set()
    for mention in mentions:
        for i in mention.clients:
            full = mention.words > 1 or bool(mention.form and mention.form == index.forms[i])
            weight = W_MENTION_FULL if full else W_MENTION_WORD
            if weight > best.get(i, (0.0,))[0]:
                best[i] = (weight, Evidence("mention", weight, {"phrase": mention.phrase,
                                                                "client": index.labels[i]}), mention.form)
            if full and len(mention.clients) == 1:  # a name several clients share designates none of them
                named.add(i)
    for i, (weight, evidence, form) in best.items():
        found.add(i, evidence, named=i in named)
        client_form = index.forms[i]
        if form and client_form:
            if form == client_form:
                found.add(i, Evidence("form_agrees", W_FORM_AGREES, {"form": form.upper()}))
            else:
                found.add(i, Evidence("form_conflicts", W_FORM_CONFLICTS,
                                      {"form": form.upper(), "client_form": client_form.upper()}))


def _refs_in(subject: str, refs: list[str]) -> list[str]:
    upper = subject.upper()
    return [r for r in refs if r.upper() in upper]


def _spaced(siren: str) -> str:
    return " ".join((siren[:3], siren[3:6], siren[6:9])) if len(siren) == 9 else siren

