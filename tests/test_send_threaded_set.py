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


# First runs of the never-read sets (bench/threaded_replies.py tests/fixtures/SET), each written with six or seven
# replies that speak only of another file: (replies, linked to exactly their client, wrong automatic links, others
# proposed, intents right, addresses right). Set 6: 33/34, 3 wrong, 4/5, automatic 4/4, bounces 4/4, 41/42, 30/33;
# set 7: 33/35, 3 wrong, 3/8, 4/4, 4/4, 42/42, 32/34. Floors, not targets: nobody reads these sets.
FIRST_RUNS = {"requests-blind6": (34, 33, 3, 4, 41, 30), "requests-blind7": (35, 33, 3, 3, 42, 32)}


@pytest.mark.parametrize("name", sorted(FIRST_RUNS))
def test_the_never_read_sets_stay_at_or_above_their_first_run(tmp_path, name):
    replies, linked, wrong, others, intents, addresses = FIRST_RUNS[name]
    scores = run_set(tmp_path, "labels.json", SETS / name)
    assert scores.replies == replies and scores.linked_right >= linked - 1 and scores.wrong_links <= wrong, scores.misses
    assert scores.automatic_unlinked >= scores.automatic - 1 and scores.bounces_marked >= scores.bounces - 1
    assert scores.intents_right >= intents - 1 and scores.addresses_right >= addresses - 2
    assert scores.others_proposed >= others - 1
