"""The blind sets of replies to e-mailed requests (issue 16), run through a real campaign (requests sent to
aiosmtpd, replies harvested; tests/threaded_set.py): every reply that speaks for its requested client is
linked to exactly that client, and no message to anyone else.

requests-blind to requests-blind5 were each read after their first run, when what it found was fixed
(development). requests-blind6 and requests-blind7 were read for their wrong links first, then whole;
requests-blind8, never read for two stops, was read whole once the clients tied to the one asked were
recognised (campaign/matching/related.py); requests-blind9, written blind for that work and first run unread,
was read after, as were requests-blind10 to 12 after their first runs (below), requests-blind13 a stop after
its first run, requests-blind14 and requests-blind16 after their own. requests-blind15, requests-blind17 and
requests-blind18, never read for one to three stops, were read in stop 38 for their wrong links and missed replies,
as were requests-blind19 to 22 after their first runs. requests-blind23 to 26 are never read: they keep floors just
below their first runs.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.threaded_set import SETS, run_set

pytestmark = pytest.mark.integration

# The sets that were read: (replies, others proposed, intents right, addresses right) as measured when
# campaign/matching/related.py came; every reply linked to exactly its client (but those UNLINKED lists, left to a
# person: safe, never a wrong link), no wrong automatic link
READ = {"requests-blind": (38, 7, 38, 29), "requests-blind2": (42, 7, 42, 34), "requests-blind3": (39, 7, 41, 32),
        "requests-blind4": (38, 9, 41, 34), "requests-blind5": (38, 6, 41, 36), "requests-blind6": (34, 5, 41, 32),
        "requests-blind7": (35, 6, 42, 32), "requests-blind8": (37, 14, 41, 36), "requests-blind9": (37, 13, 41, 33),
        "requests-blind10": (37, 13, 40, 32), "requests-blind11": (37, 15, 39, 29), "requests-blind12": (37, 12, 41, 29),
        "requests-blind13": (37, 13, 42, 37), "requests-blind14": (37, 13, 41, 33), "requests-blind15": (37, 14, 40, 34),
        "requests-blind16": (37, 11, 42, 35), "requests-blind17": (37, 14, 41, 35), "requests-blind18": (37, 17, 41, 33),
        "requests-blind19": (37, 11, 41, 35), "requests-blind20": (38, 10, 40, 29), "requests-blind21": (37, 16, 43, 33),
        "requests-blind22": (37, 13, 40, 30)}
# requests-blind13's x09 ("Pour le restaurant, d'accord … sur ma boîte perso", from Le Dragon d'Or's owner) was
# linked for a while by reading a kind of premises as the company's own; a hunt for wrong links showed that reading
# linking a bakery to its owner's other restaurant and a plumber to his wife's shop, so it went
# requests-blind19's x28 (a manager's forward whose signature "Cabinet Adour-Gave Conseil" names the campsite "Les
# Ombres du Gave" by a word) goes to a person with nobody linked, as do two of requests-blind21's: a manager's note
# "pas sur celle de la SNC" (the SNC's address) read as setting the SNC asked aside, and an employee's "pour le
# restaurant" (the restaurant asked, a kind of premises)
UNLINKED = {"requests-blind13": 1, "requests-blind19": 1, "requests-blind21": 2}


@pytest.mark.parametrize("name", sorted(READ))
def test_threaded_replies_link_their_client_and_nobody_else(tmp_path, name):
    replies, others, intents, addresses = READ[name]
    scores = run_set(tmp_path, "labels.json", SETS / name)
    assert scores.replies == replies and scores.linked_right >= scores.replies - UNLINKED.get(name, 0), scores.misses
    assert scores.wrong_links == 0, scores.misses
    assert scores.automatic_unlinked == scores.automatic and scores.bounces_marked == scores.bounces, scores.misses
    assert scores.intents_right >= intents and scores.addresses_right >= addresses, scores.misses
    assert scores.others_proposed >= others, scores.misses


# First runs of the sets written blind during this work, aggregates only, before each was read: (replies linked to
# exactly their client, wrong automatic links, others proposed), on the stop's starting code (e35b6e7) / on the
# code of the moment:
#   requests-blind9:  32/37, 2, 8/13  /  34/37, 1, 11/13 (dfe9322)
#   requests-blind10: 36/37, 1, 7/13  /  36/37, 1, 13/13 (4a331b1)
#   requests-blind11: 35/37, 2, 12/15 /  36/37, 3, 14/15 (d0831ec)
#   requests-blind12: 37/37, 2, 7/13  /  36/37, 2, 11/13 (f55a706)
#   requests-blind13: 33/37, 2, 6/16  /  34/37, 2, 12/16 (b249ca0); read the next stop (37/37, 0, 13/16)
#   requests-blind14: 36/37, 1, 13/15 on that stop's starting code (deb0206) and after its fixes from requests-blind13
#                     (4751ec6) alike; then read
#   requests-blind15: 36/37, 2, 14/15 on stop 36's starting code (deb0206), after the fixes from requests-blind13
#                     (4751ec6) and after those from requests-blind14 (bd050b4) alike: never read; floors below it
#   requests-blind16: 37/37, 1, 11/12 on stop 37's starting code (a8e3d22) and after its reading of replies deciding
#                     apart for several files (134c242) alike (intents 40 → 41/42, addresses 32 → 33/35); then read
#   requests-blind17: 35/37, 1, 14/14 on a8e3d22 and 134c242 alike (intents 40 → 41/42, addresses 34 → 35/37): never
#                     read; floors below it
#   requests-blind18: 35/37, 2, 16/18 on a8e3d22 and on stop 37's last code (dc47279) alike (intents 40 → 41/42,
#                     addresses 30 → 33/34): written at the end of stop 37; read in stop 38 (15, 17 and 18 then gave
#                     37/37, 0 wrong links each)
#   requests-blind19: 36/37, 4, 11/11 on stop 38's starting code (98b54d8); 36/37, 3, 11/11 after the fixes from sets
#                     15, 17 and 18; then read
#   requests-blind20: 36/38, 4, 9/11 on 98b54d8; 36/38, 2, 9/11 after the same fixes; then read
#   requests-blind21: 34/37, 4, 16/18 on 98b54d8; 34/37, 2, 16/18 after the fixes from sets 15 and 17 to 20 (intents
#                     43/43, addresses 33/34 on both); then read
#   requests-blind22: 36/37, 3, 13/13 on 98b54d8; 36/37, 2, 13/13 after the same fixes (intents 39/43, addresses
#                     30/35 on both); then read
#   requests-blind23: 37/37, 1, 9/13 on 98b54d8; 37/37, 0, 9/13 after the fixes from sets 15 and 17 to 22 (intents
#                     41/43, addresses 33/35 on both): every reply that speaks for its client linked, no wrong link.
#                     Never read; floors below it
#   requests-blind24: 34/37, 3, 13/16 on 98b54d8; 34/37, 2, 13/16 after the same fixes (intents 39/43, addresses
#                     32/34 on both): never read; floors below it
#   requests-blind25: 35/37, 2, 13/14 on 98b54d8; 35/37, 0, 13/14 after the fixes from sets 15, 17–22 and the third
#                     hunt (e415a83; intents 40/43, addresses 31/33 on both): never read; floors below it
#   requests-blind26: 37/37, 4, 10/10 on 98b54d8; 37/37, 3, 10/10 after the same fixes (intents 41/43, addresses
#                     33/35 on both; both codes with follow-ups counted in calendar days, which it showed missing):
#                     never read; floors below it
# (replies, linked, wrong, others, intents right, addresses right), not targets.
NEVER_READ = {"requests-blind23": (37, 37, 0, 9, 41, 33), "requests-blind24": (37, 34, 2, 13, 39, 32),
              "requests-blind25": (37, 35, 0, 13, 40, 31), "requests-blind26": (37, 37, 3, 10, 41, 33)}


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


# Replies written to provoke wrong automatic links (48 of 63 decide for another file or for nobody in the file),
# read: the wrong links they cause may fall, never rise; (replies that speak for their client, linked to exactly it
# at least, wrong automatic links at most); requests-hunt2 (40 replies) aimed at stop 37's reading of replies that
# decide apart for several files; requests-hunt3 (40) at stop 38's (first run 14/16 linked, 8 wrong links, against
# 12/16 and 13 on stop 38's starting code)
HUNTS = {"requests-hunt1": (15, 13, 19), "requests-hunt2": (34, 32, 0), "requests-hunt3": (16, 15, 4)}


@pytest.mark.parametrize("name", sorted(HUNTS))
def test_replies_written_to_cause_wrong_links_cause_no_more_than_before(tmp_path, name):
    replies, linked, wrong = HUNTS[name]
    scores = run_set(tmp_path, "labels.json", SETS / name)
    assert scores.replies == replies and scores.linked_right >= linked, scores.misses
    assert scores.wrong_links <= wrong, scores.misses


@pytest.mark.parametrize("name", sorted(p.parent.name for p in SETS.glob("requests-*/SHA256SUMS")))
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
