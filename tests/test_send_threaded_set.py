"""The blind sets of replies to e-mailed requests (issue 16), run through a real campaign (requests sent to
aiosmtpd, replies harvested; tests/threaded_set.py): every reply that speaks for its requested client is
linked to exactly that client, and no message to anyone else.

requests-blind was read when its first run was fixed (development); requests-blind2 is never read (test).
"""

from __future__ import annotations

import pytest

from tests.threaded_set import SETS, run_set

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("name", ["requests-blind"])
def test_threaded_replies_link_their_client_and_nobody_else(tmp_path, name):
    scores = run_set(tmp_path, "labels.json", SETS / name)
    assert scores.replies >= 38 and scores.linked_right == scores.replies, scores.misses
    assert scores.wrong_links == 0, scores.misses
    assert scores.automatic_unlinked == scores.automatic and scores.bounces_marked == scores.bounces, scores.misses
    assert scores.intents_right == scores.intents and scores.addresses_right == scores.addresses, scores.misses
    assert scores.others_proposed >= scores.with_others - 1, scores.misses
