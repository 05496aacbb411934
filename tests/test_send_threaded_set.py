"""The blind sets of replies to e-mailed requests (issue 16), run through a real campaign (requests sent to
aiosmtpd, replies harvested; tests/threaded_set.py): every reply that speaks for its requested client is
linked to exactly that client, and no message to anyone else.

requests-blind, requests-blind2 and requests-blind3 were each read after their first run, when what it found was
fixed (development); requests-blind4 is never read (test): its floor sits below its first measured figures.
"""

from __future__ import annotations

import pytest

from tests.threaded_set import SETS, run_set

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("name", ["requests-blind", "requests-blind2", "requests-blind3"])
def test_threaded_replies_link_their_client_and_nobody_else(tmp_path, name):
    scores = run_set(tmp_path, "labels.json", SETS / name)
    assert scores.replies >= 38 and scores.linked_right == scores.replies, scores.misses
    assert scores.wrong_links == 0, scores.misses
    assert scores.automatic_unlinked == scores.automatic and scores.bounces_marked == scores.bounces, scores.misses
    assert scores.intents_right >= scores.intents - 1 and scores.addresses_right >= scores.addresses - 2, scores.misses
    assert scores.others_proposed >= scores.with_others - 3, scores.misses


def test_the_never_read_set_stays_at_or_above_its_first_run(tmp_path):
    # first run (bench/threaded_replies.py tests/fixtures/requests-blind4): 37/38 linked to exactly their client,
    # 0 wrong links, others proposed 4/9, automatic 5/5, bounces 4/4, intents 40/41, addresses 33/34
    scores = run_set(tmp_path, "labels.json", SETS / "requests-blind4")
    assert scores.replies == 38 and scores.linked_right >= 36 and scores.wrong_links == 0, scores.misses
    assert scores.automatic_unlinked >= scores.automatic - 1 and scores.bounces_marked >= scores.bounces - 1
    assert scores.intents_right >= scores.intents - 2 and scores.addresses_right >= scores.addresses - 2
    assert scores.others_proposed >= 3
