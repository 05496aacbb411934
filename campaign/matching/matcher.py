"""Match a batch of replies against the client index: the library entry point, no database.

Fuzzy names are scored for the whole batch at once (one chunked ``cdist``), then each reply is
scored and decided in date order, so that "a second, different address for a client that
already has one" sees the replies before it.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Sequence

from campaign.matching.decide import Prior, decide, needs_matching
from campaign.matching.fuzzy import NameTable, best_names
from campaign.matching.index import ClientIndex, paused_gc
from campaign.matching.parallel import Reading, in_background, pack_outcome, unpack_outcome, workers
from campaign.matching.mentions import Mention, acronym_mentions, find_mentions, partial_mentions
from campaign.names import normalise_name, tokens
from campaign.matching.records import Candidate, Outcome, ReplyFacts
from campaign.matching.scoring import name_queries, score_reply
from campaign.matching.settings import MatchingSettings
from campaign.text import fold
from campaign.ticks import OnProgress, no_progress


# what holds a link back while its client stays the one the reply is for: another file spoken for too; a relative's
# or a friend's as well ("et pour papa aussi" is also_for and third_party; "pas pour moi mais pour mon père" is
# third_party alone, and the writer's file got nothing; "et pour la SCI aussi" names the SCI, or says a business's
# file is spoken for: reviews 19b and 20)
_ANOTHER_FILE_TOO = frozenset(("also_for", "count", "second_address"))
_ALONGSIDE = frozenset(("third_party", "names_other", "for_business"))
_HELD_FOR_OTHERS = _ANOTHER_FILE_TOO | _ALONGSIDE


class Matcher:
    """A client index ready for matching (build once per client file)."""

    def __init__(self, index: ClientIndex, settings: MatchingSettings | None = None,
                 firm_domains: tuple[str, ...] | list[str] = ()) -> None:
        self.index = index
        self.settings = settings or MatchingSettings()
        self.firm_domains = tuple(d.lower() for d in firm_domains)
        self.table = NameTable(index.keys, index.partner_keys)
        # (initial or first name, surname in names' spelling: "coste") that the firm's managers' addresses spell
        self._staff_names: set[tuple[str, str]] = set()
        for address in set(index.managers) - {""}:
            parts = [p for p in re.split(r"[._-]+", fold(address.split("@", 1)[0])) if p]
            if len(parts) == 2 and parts[1].isalpha() and len(parts[1]) >= 3:
                self._staff_names.add((parts[0], " ".join(tokens(parts[1]))))

    def _staff(self, mention: Mention) -> bool:
        """Whether a mention of private persons is a name that one of the firm's managers' addresses spells
        ("Pierre Costes" for p.costes@…)."""
        words = mention.phrase.split()
        if not all(self.index.persons[i] for i in mention.clients):
            return False
        for first, last in self._staff_names:
            given = [w for w in words if w != last]
            if last in words and given and (any(w.startswith(first) for w in given)
                                            or "".join(w[0] for w in given) == first):  # jl.bousquet: Jean-Luc
                return True
        return False

    def match(self, replies: list[ReplyFacts], *, verdicts: dict[int, dict] | None = None,
              priors: dict[str, Prior] | None = None, earlier: Sequence[tuple[str, Prior]] = (),
              on_progress: OnProgress = no_progress,
              on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """Outcomes for ``replies``, in the order given.

        ``verdicts``: {message id: {client code: (verdict, who, when)}} from people;
        ``priors``: addresses already designated per client code (updated as replies are linked);
        ``earlier``: (client code, designation) of replies outside the batch, oldest first, each
        seen by the replies dated on or after it;
        ``on_outcome``: called with each matched reply's outcome, final, in date order, as soon as it is
        decided (a caller may write it while later replies are still being matched).
        """
        with paused_gc():
            return self._match(replies, verdicts or {}, dict(priors or {}), list(earlier), on_progress, on_outcome)

    def _score(self, facts: ReplyFacts, names: dict[str, list[tuple[int, int]]]
               ) -> tuple[list[Candidate], list[str]]:
        """One reply's candidates, best first, and the references it quotes that name no client."""
        words = "\n".join((facts.subject, facts.own_text))
        mentions = find_mentions(f"{words}\n{facts.signature}", self.index, words.count("\n") + 1)
        signed = normalise_name(facts.sender_name).key if facts.sender_name else ""
        for mention in mentions:
            # the reply's own words, not its signature (nor the writer's name signed at its foot)
            if mention.in_text and " ".join(sorted(mention.phrase.split())) == signed:
                mention.in_text = False
        # "SRL La Meuse Bleue" names that client in full: that its initials spell SMB, another's name, is chance
        whole = [set(m.phrase.split()) for m in mentions if m.words > 1 and not m.partial]
        mentions += [m for m in acronym_mentions(words, self.index, words.count("\n") + 1)
                     if not any(set(m.phrase.split()) <= phrase for phrase in whole)]
        mentions += partial_mentions(words, self.index, mentions, facts.sender_name)
        quoted = (facts.context or {}).get("quoted_firm", "")
        # the firm's message is signed by its staff, whose names clients bear too (manager Pierre Costes, client
        # COSTES Pierre): a person's name that a manager's address spells is the signature, not a client named
        in_quote = [m for m in find_mentions(quoted, self.index) if not self._staff(m)] if quoted else []
        return score_reply(facts, self.index, names, mentions, self.firm_domains, in_quote)

    def _guesses(self, part: Sequence[ReplyFacts], names: dict[str, list[tuple[int, int]]], verdicts: dict[int, dict],
                 priors: dict[str, Prior], earlier: list[tuple[str, Prior]]) -> Iterator[tuple[Outcome, dict]]:
        """Each reply's outcome with the addresses known before the batch (``priors`` and ``earlier``'s up to
        its date), and the addresses it read: (client code, what was known)."""
        known = dict(priors)
        seen = 0
        for facts in part:
            seen = _take_earlier(earlier, seen, facts.date, known)
            ranked, unknown = self._score(facts, names)
            reading = Reading(known)
            outcome = decide(facts, ranked, unknown, self.settings, self.index,
                             verdicts=verdicts.get(facts.message_id), priors=reading)
            yield outcome, reading.read

    def _match(self, replies: list[ReplyFacts], verdicts: dict[int, dict], priors: dict[str, Prior],
               earlier: list[tuple[str, Prior]], on_progress: OnProgress = no_progress,
               on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        wanted = [r for r in replies if needs_matching(r) or r.message_id in verdicts]
        queries = [key for r in wanted for key, _ in name_queries(r)]
        names = best_names(queries, self.table, self.settings.name_cutoff)
        order = sorted(wanted, key=lambda r: (r.date, r.message_id))
        total = len(order)
        processes = workers(total)
        # this process matches the first part itself, each reply seeing the batch's earlier ones; the later parts
        # are matched meanwhile in other processes with the addresses known before the batch, then each guess is
        # checked here in date order. This part is a little smaller: the caller writes its outcomes meanwhile
        own = total if processes == 1 else total * 15 // (16 * processes)
        results: dict[int, Outcome] = {}
        seen = 0
        with in_background(lambda part: self._guesses(part, names, verdicts, priors, earlier), order[own:],
                           processes - 1, _pack_guess, _unpack_guess) as later:
            guesses: list[tuple[Outcome, dict]] | None = None
            on_progress("Matching replies", 0, total)
            for n, facts in enumerate(order):
                if n == own:
                    guesses = later()
                seen = _take_earlier(earlier, seen, facts.date, priors)
                guess = guesses[n - own] if guesses is not None else None
                if guess is not None and all(priors.get(code) == prior for code, prior in guess[1].items()):
                    outcome = guess[0]
                else:
                    ranked, unknown = self._score(facts, names)
                    outcome = decide(facts, ranked, unknown, self.settings, self.index,
                                     verdicts=verdicts.get(facts.message_id), priors=priors)
                given = Prior(facts.addresses[0].lower(), facts.sender.lower(), facts.message_id, facts.date) \
                    if facts.intent == "address" and facts.addresses else None
                if outcome.status == "linked" and given is not None:
                    for code in outcome.linked:
                        priors[code] = given
                elif given is not None:
                    # a reply left to a person that names a client by reference or SIREN gave that client an address
                    # too: the next different one is a second address, whatever a person decides for this one (a
                    # code named in passing, "mon voisin (GAP.0412)", sends a later reply to a person for nothing: a
                    # lesser miss than a second address linked unseen, review 17)
                    for candidate in outcome.candidates:
                        if any(e.signal in ("reference", "siren") for e in candidate.evidence):
                            priors.setdefault(candidate.code, given)
                    if outcome.status == "review" and outcome.candidates and outcome.reasons \
                            and outcome.confidence >= self.settings.auto_link_confidence \
                            and all(r.code in _HELD_FOR_OTHERS for r in outcome.reasons) \
                            and any(r.code in _ANOTHER_FILE_TOO for r in outcome.reasons):
                        # a link held back only because the reply speaks for another file too ("et pour le Dr
                        # Cauchois") gave its client an address all the same: a later different one is a second
                        # address (a lesser miss than linking it unseen while the first reply waits for a person)
                        priors.setdefault(outcome.candidates[0].code, given)
                results[facts.message_id] = outcome
                if on_outcome is not None:
                    on_outcome(outcome)
                if n < own:  # counted as if the other processes went as fast
                    on_progress("Matching replies", min(total - 1, (n + 1) * total // own), total)
            on_progress("Matching replies", total, total)
        return [results.get(r.message_id) or Outcome(r.message_id, r.reply_id, "skipped") for r in replies]


def _take_earlier(earlier: list[tuple[str, Prior]], seen: int, date: str, into: dict[str, Prior]) -> int:
    """Put into ``into`` the designations of ``earlier`` from ``seen`` on that are dated on or before ``date``; the
    index of the first one left."""
    while seen < len(earlier) and earlier[seen][1].date <= date:
        code, prior = earlier[seen]
        into[code] = prior
        seen += 1
    return seen


def _pack_guess(guess: tuple[Outcome, dict]) -> tuple:
    return pack_outcome(guess[0]), guess[1]


def _unpack_guess(packed: tuple) -> tuple[Outcome, dict]:
    return unpack_outcome(packed[0]), packed[1]
