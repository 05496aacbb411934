"""The blind sets of replies to e-mailed requests (issue 16), run through a real campaign (requests sent to
aiosmtpd, replies harvested; tests/threaded_set.py): every reply that speaks for its requested client is
linked to exactly that client, and no message to anyone else.

requests-blind to requests-blind5 were each read after their first run, when what it found was fixed
(development); requests-blind6 and requests-blind7 are never read (test): their floors sit below their first
measured figures.
"""

from __future__ import annotations

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


def test_the_sixth_never_read_set_stays_at_or_above_its_first_run(tmp_path):
    # first run (bench/threaded_replies.py tests/fixtures/requests-blind6; labels agree 50/50 with a second, blind
    # labelling): 33/34 replies linked to exactly their client, 3 wrong automatic links (replies in one client's
    # thread about another file that the rules do not recognise: the open weakness), others proposed 4/5,
    # automatic 4/4, bounces 4/4, intents 41/42, addresses 30/33. Never read: floors, not targets.
    scores = run_set(tmp_path, "labels.json", SETS / "requests-blind6")
    assert scores.replies == 34 and scores.linked_right >= 32 and scores.wrong_links <= 3, scores.misses
    assert scores.automatic_unlinked >= scores.automatic - 1 and scores.bounces_marked >= scores.bounces - 1
    assert scores.intents_right >= scores.intents - 2 and scores.addresses_right >= scores.addresses - 4
    assert scores.others_proposed >= 3


def test_the_seventh_never_read_set_stays_at_or_above_its_first_run(tmp_path):
    # first run (bench/threaded_replies.py tests/fixtures/requests-blind7, written with seven replies that speak only
    # of another file): 33/35 linked to exactly their client, 3 wrong automatic links, others proposed 3/8,
    # automatic 4/4, bounces 4/4, intents 42/42, addresses 32/34. Never read: floors, not targets.
    scores = run_set(tmp_path, "labels.json", SETS / "requests-blind7")
    assert scores.replies == 35 and scores.linked_right >= 32 and scores.wrong_links <= 3, scores.misses
    assert scores.automatic_unlinked >= scores.automatic - 1 and scores.bounces_marked >= scores.bounces - 1
    assert scores.intents_right >= scores.intents - 2 and scores.addresses_right >= scores.addresses - 3
    assert scores.others_proposed >= 2
