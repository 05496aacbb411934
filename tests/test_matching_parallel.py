"""A large batch matched in several processes gives the outcomes one process gives (issue 11's speed:
10,000 replies in one batch). Every client and address here is synthetic."""

from __future__ import annotations

import os
import random
import sys

import pytest

from campaign.matching import matcher as matcher_module
from campaign.matching import parallel
from campaign.matching.decide import Prior
from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.records import ReplyFacts
from campaign.matching.settings import MatchingSettings
from campaign.synthetic import make_clients

FIRM = ("cabinet-exemple.fr",)


def _rows(count: int) -> list[dict]:
    return [dict(code=c.code, name=c.name, legal_form=c.legal_form, siren=c.siret[:9], siret=c.siret,
                 emails=[c.email] if c.email else [], city=c.city, postcode=c.postcode, address=c.address,
                 phone=c.phone, manager_email=c.manager_email) for c in make_clients(count, seed=11)]


def _replies(rows: list[dict], count: int) -> list[ReplyFacts]:
    """Replies of every kind the matcher weighs, and clients answering twice with different addresses, far
    apart in the batch (so that a part matched apart has not seen the first answer)."""
    rng = random.Random(11)
    out = []
    for n in range(count):
        row = rng.choice(rows)
        kind = n % 5
        date = f"2026-11-{1 + n * 28 // count:02d}T10:{n % 60:02d}:00+00:00"
        facts = ReplyFacts(n + 1, n + 1, auth={"dmarc": "pass"}, date=date)
        if kind == 0:
            facts.sender, facts.references, facts.own_text = f"x{n}@gmail.com", [row["code"]], "Voici notre adresse."
        elif kind == 1 and row["emails"]:
            facts.sender, facts.own_text = row["emails"][0], "C'est bien cette adresse."
        elif kind == 2:
            domain = row["emails"][0].split("@")[1] if row["emails"] else "gmail.com"
            facts.sender, facts.company, facts.own_text = f"compta{n}@{domain}", f"{row['legal_form']} {row['name']}", \
                f"Pour {row['name']}, merci."
        elif kind == 3:
            facts.sender, facts.sender_name, facts.own_text = f"y{n}@orange.fr", row["name"], "Envoyez à cette adresse."
        else:
            facts.sender, facts.sender_name = f"z{n}@inconnu{n}.example", f"Inconnu {n}"
        facts.addresses = [facts.sender]
        out.append(facts)
    for n in range(0, count // 2, 7):  # the same client again in the second half, from another address
        first = out[n]
        again = ReplyFacts(count + n + 1, count + n + 1, auth={"dmarc": "pass"}, date="2026-11-28T18:00:00+00:00",
                           sender=f"autre{n}@gmail.com", references=list(first.references),
                           company=first.company, sender_name=first.sender_name, own_text=first.own_text)
        again.addresses = [again.sender]
        out.append(again)
    return out


@pytest.fixture(scope="module")
def batch() -> tuple[Matcher, list[ReplyFacts]]:
    rows = _rows(400)
    return Matcher(build_index(rows, FIRM), MatchingSettings(), FIRM), _replies(rows, 300)


def _as_rows(outcomes) -> list[tuple]:
    return [parallel.pack_outcome(o) for o in outcomes]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="batches are matched in forked processes on Linux only")
def test_parts_matched_apart_give_the_outcomes_of_one_process(batch, monkeypatch):
    matcher, replies = batch
    monkeypatch.setenv("CAMPAIGN_WORKERS", "1")
    alone = matcher.match(list(replies), earlier=[("NOBODY", Prior("a@b.example", "a@b.example", 0, "2026-11-15"))])
    monkeypatch.setenv("CAMPAIGN_WORKERS", "2")
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)  # a 1-core runner too
    assert parallel.workers(len(replies)) == 2
    here = []  # the replies scored in this process: its own part, and those checked again
    score = matcher_module.Matcher._score
    monkeypatch.setattr(matcher_module.Matcher, "_score", lambda self, facts, names: here.append(facts) or score(
        self, facts, names))
    told = []  # each outcome as it is decided, final, in date order: the caller writes them meanwhile
    apart = matcher.match(list(replies), earlier=[("NOBODY", Prior("a@b.example", "a@b.example", 0, "2026-11-15"))],
                          on_outcome=told.append)
    assert _as_rows(apart) == _as_rows(alone)
    by_id = {o.message_id: o for o in alone}
    assert _as_rows(told) == _as_rows(by_id[f.message_id] for f in sorted(replies, key=lambda r: (r.date, r.message_id)))
    second = [o for o in alone if any(r.code == "second_address" for r in o.reasons)]
    assert second, "the batch must hold second addresses, or it does not test the check of what each part read"
    order = sorted(replies, key=lambda r: (r.date, r.message_id))
    own = len(replies) * 15 // 32  # this process's own part: the first replies, in date order
    assert [f.message_id for f in here[:own]] == [f.message_id for f in order[:own]]
    assert own < len(here) < len(replies)  # the other part's outcomes were kept, but for the few checked again


def test_workers_one_process_for_small_batches_and_where_forking_is_unsafe(monkeypatch):
    monkeypatch.delenv("CAMPAIGN_WORKERS", raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4, 5, 6, 7}, raising=False)
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    assert parallel.workers(parallel.MIN_BATCH - 1) == 1
    assert parallel.workers(10_000) == parallel.MAX_WORKERS
    monkeypatch.setenv("CAMPAIGN_WORKERS", "1")
    assert parallel.workers(10_000) == 1
    monkeypatch.setenv("CAMPAIGN_WORKERS", "3")
    assert parallel.workers(10) == 3
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(parallel.sys, "platform", platform)
        assert parallel.workers(10_000) == 1


def test_a_reading_remembers_what_was_looked_up():
    known = {"C1": Prior("a@x.example", "a@x.example", 1, "2026-11-01")}
    reading = parallel.Reading(known)
    assert reading.get("C1") is known["C1"] and reading.get("C2") is None
    assert reading.read == {"C1": known["C1"], "C2": None}
    with pytest.raises(TypeError):
        list(reading)


def _die(start: int, end: int) -> list:
    os._exit(3)  # a part's process killed (memory, a limit on processes)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="batches are matched in forked processes on Linux only")
def test_a_part_whose_process_dies_is_matched_here(batch, monkeypatch, caplog):
    matcher, replies = batch
    monkeypatch.setenv("CAMPAIGN_WORKERS", "1")
    alone = matcher.match(list(replies))
    monkeypatch.setenv("CAMPAIGN_WORKERS", "2")
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(parallel, "_work_part", _die)
    with caplog.at_level("WARNING", logger="campaign.matching.parallel"):
        apart = matcher.match(list(replies))
    assert _as_rows(apart) == _as_rows(alone)
    assert "matching in one" in caplog.text
