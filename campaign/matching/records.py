"""Plain records of matching: what a reply offers, each piece of evidence, the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from campaign.names import tokens
from campaign.text import fold


@dataclass
class ReplyFacts:
    """What the matcher reads of one understood reply (a ``replies`` row)."""

    message_id: int
    reply_id: int = 0
    intent: str = "address"
    sender: str = ""          # the client's address (for a forward, the original sender's)
    sender_name: str = ""     # display name, else the name signed
    company: str = ""         # company named in the signature
    forwarded_by: str = ""
    subject: str = ""
    own_text: str = ""
    signature: str = ""
    references: list[str] = field(default_factory=list)
    sirens: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    auth: dict = field(default_factory=dict)
    date: str = ""
    # Beyond the own text: "cc"/"to" header addresses, the firm's quoted message ("quoted_firm"
    # text, "proposed" addresses, "quoted_to"), "relayed_by" (a manager relaying a phone call).
    context: dict = field(default_factory=dict)

    @cached_property
    def written(self) -> str:
        """Subject, own text and signature folded (their first 6,000 characters): where towns and
        places are looked for, read once per reply by every scorer that needs it."""
        return fold(f"{self.subject}\n{self.own_text}\n{self.signature}"[:6000])

    @cached_property
    def written_words(self) -> frozenset[str]:
        """The words of :attr:`written`, in their comparable spelling."""
        return frozenset(tokens(self.written))


@dataclass(slots=True)
class Evidence:
    """One piece of evidence for (positive weight) or against (negative) a candidate.

    ``signal`` names the kind; ``args`` fills the sentence shown to people (campaign.matching.words).
    """

    signal: str
    weight: float
    args: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"signal": self.signal, "weight": self.weight, "args": self.args}


@dataclass(slots=True)
class Candidate:
    """A client a reply may speak for, with the evidence behind its score."""

    index: int
    code: str
    evidence: list[Evidence] = field(default_factory=list)
    named: bool = False        # the reply designates this client explicitly (reference, SIREN, name with form)
    in_words: bool = False     # the reply's own words name it (reference, SIREN, a name in the text)
    excluded: bool = False     # the reply says it is not for this client ("sauf", "je vous répondrai plus tard")
    conflict: bool = False     # some evidence contradicts the link
    rejected: bool = False     # a person said this reply is not this client's
    person_linked: bool = False  # a person linked this reply to this client
    score: float = 0.0         # sum of the evidence weights, kept by add()

    def add(self, evidence: Evidence) -> None:
        """Add one piece of evidence (the score follows)."""
        self.evidence.append(evidence)
        if evidence.weight:
            self.score = round(self.score + evidence.weight, 2)

    def has(self, *signals: str) -> bool:
        """Whether some evidence of one of these kinds is already counted."""
        for e in self.evidence:  # a loop, not any(): asked a hundred thousand times a batch
            if e.signal in signals:
                return True
        return False


@dataclass
class Warning:
    """Something a reviewer must see (DMARC failed, conflicting address...)."""

    code: str
    args: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"code": self.code, "args": self.args}


@dataclass
class Outcome:
    """The matcher's result for one reply."""

    message_id: int
    reply_id: int
    status: str                       # linked | review | unmatched | skipped
    linked_by: str = ""               # auto | person
    linked: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    reasons: list[Warning] = field(default_factory=list)   # why review
    confidence: float = 0.0           # calibrated P(best candidate) (every linked one for a group)
    warnings: list[Warning] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    @property
    def gap(self) -> float:
        if not self.candidates:
            return 0.0
        runner = self.candidates[1].score if len(self.candidates) > 1 else 0.0
        return round(self.candidates[0].score - runner, 2)


# What ties a client's own file to the writer, beyond names: its reference, SIREN, an address, phone or postal address on
# file (decide's rules and scoring's town check read it)
ON_FILE = frozenset(("reference", "siren", "known_sender", "learned_sender", "known_given", "phone", "postal_address"))
