"""The blind sets of replies to e-mailed requests (issue 16), run through a real campaign (requests sent to
aiosmtpd, replies harvested; tests/threaded_set.py): every reply that speaks for its requested client is
linked to exactly that client, and no message to anyone else.

requests-blind to requests-blind5 were each read after their first run, when what it found was fixed
(development). requests-blind6 and requests-blind7 were never read until their five wrong automatic links were
(after their first run, for the commit that reads whom a decision is for): they hold their measured figures and
no wrong link. Sets written later and never read keep floors below their first measured figures.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.threaded_set import SETS, run_set

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("name", ["requests-blind", "requests-blind2", "requests-blind3", "requests-blind4",
                                  "requests-blind5"])
def test_threaded_replies_link_their_client_and_nobody_else(tmp_path, name):
    scores = run_set(tmp_path, "labels.json", SETS / name)
    assert scores.replies >= 38 and scores.linked_right == scores.replies, scores.misses
    assert scores.wrong_links == 0, scores.misses
    assert scores.automatic_unlinked == scores.automatic and scores.bounces_marked == scores.bounces, scores.misses
    assert scores.intents_right >= scores.intents - 1 and scores.addresses_right >= scores.addresses - 2, scores.misses
    # the weak part: other companies named by a word of their name only ("la holding") are not all found
    assert scores.others_proposed >= scores.with_others * 4 // 10, scores.misses


# requests-blind6 and requests-blind7, read for their wrong links only: (replies, linked to exactly their client,
# others proposed, intents right, addresses right) as measured then; no wrong automatic link. Their first runs,
# before they were read: set 6 33/34 linked, 3 wrong; set 7 33/35, 3 wrong.
READ_FOR_WRONG_LINKS = {"requests-blind6": (34, 33, 4, 41, 30), "requests-blind7": (35, 33, 3, 42, 32)}


@pytest.mark.parametrize("name", sorted(READ_FOR_WRONG_LINKS))
def test_the_sets_read_for_their_wrong_links_hold_their_figures_and_link_nobody_wrongly(tmp_path, name):
    replies, linked, others, intents, addresses = READ_FOR_WRONG_LINKS[name]
    scores = run_set(tmp_path, "labels.json", SETS / name)
    assert scores.replies == replies and scores.linked_right >= linked and scores.wrong_links == 0, scores.misses
    assert scores.automatic_unlinked == scores.automatic and scores.bounces_marked == scores.bounces
    assert scores.intents_right >= intents and scores.addresses_right >= addresses and scores.others_proposed >= others


# requests-blind8, never read: (replies, linked to exactly their client, wrong automatic links, others proposed,
# intents right, addresses right) on the final code of the stop that wrote it. Its runs, aggregates only: the code
# before the sentence reading (7e033cb) 36/37 linked, 3 wrong; with it (cc4c25e) 35/37, 2 wrong; with what a review
# of that reading added (final) 34/37, 3 wrong; others 5/14, intents 40/42, addresses 34/36 on all three.
# Floors, not targets: nobody reads this set.
NEVER_READ = {"requests-blind8": (37, 34, 3, 5, 40, 34)}


@pytest.mark.parametrize("name", sorted(NEVER_READ))
def test_the_never_read_sets_stay_at_or_above_their_first_run(tmp_path, name):
    replies, linked, wrong, others, intents, addresses = NEVER_READ[name]
    scores = run_set(tmp_path, "labels.json", SETS / name)
    # plain numbers only: pytest would print the scores' list of misses, which would read the set
    got = (scores.replies, scores.linked_right, scores.wrong_links, scores.others_proposed, scores.intents_right,
           scores.addresses_right, scores.automatic - scores.automatic_unlinked, scores.bounces - scores.bounces_marked)
    del scores
    floor = (replies, linked - 1, wrong, others - 1, intents - 1, addresses - 2, 1, 1)
    ok = (got[0] == floor[0] and got[1] >= floor[1] and got[2] <= floor[2] and got[3] >= floor[3]
          and got[4] >= floor[4] and got[5] >= floor[5] and got[6] <= floor[6] and got[7] <= floor[7])
    assert ok, f"{name}: {got} against {floor}"


@pytest.mark.parametrize("name", sorted(p.parent.name for p in SETS.glob("requests-blind*/SHA256SUMS")))
def test_a_frozen_requests_set_is_never_changed(name):
    folder = SETS / name
    listed = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, file = line.split("  ", 1)
        listed[file.removeprefix("./")] = digest
    for file, digest in listed.items():
        assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, f"{name}/{file} changed after freezing"
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert present == set(listed), f"files added to or removed from {name}"
