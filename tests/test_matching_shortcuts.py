"""The matcher's shortcuts give what the plain reading gives: each distinct name compared once and
the fuzzy matrix read by 64-bit words,
the name words' holders intersected as sets, the answers of ``near`` and a reply's folded text kept
between replies (and forgotten when the client file grows)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from rapidfuzz import fuzz

from campaign.matching import scoring
from campaign.matching.fuzzy import NameTable, _hits, best_names
from campaign.matching.index import build_index
from campaign.names import tokens
from campaign.matching.records import ReplyFacts
from campaign.text import fold


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(1, 9), st.integers(1, 70), st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)),
                                                       max_size=40))
def test_the_score_matrix_read_by_words_finds_what_nonzero_finds(rows, cols, scores):
    matrix = np.zeros((rows, cols), dtype=np.uint8)
    for place, score in scores:
        matrix.flat[place % matrix.size] = score
    found, expected = _hits(matrix), np.nonzero(matrix)
    assert [a.tolist() for a in found] == [a.tolist() for a in expected]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["dupont marie", "dupond marie", "dupont", "durand", "marie", "dupont mario",
                                 "ab", "dupontel marie", ""]), min_size=1, max_size=30),
       st.lists(st.sampled_from(["dupont marie", "dupont", "marie dupont", "durant", "x"]), min_size=1, max_size=4),
       st.integers(1, 6))
def test_each_name_compared_once_gives_every_bearer_in_the_files_order(keys, queries, top):
    found = best_names(queries, NameTable(keys), 70, top=top)
    for query in set(queries):
        # every client compared alone: best score first, then the shorter name, then the file's order
        every = sorted((-round(fuzz.ratio(query, key)), len(key), i) for i, key in enumerate(keys)
                       if fuzz.ratio(query, key, score_cutoff=70))
        assert found[query] == [(i, -score) for score, _, i in every[:top]]


NAME_WORDS = ["garage", "moal", "rondeau", "carrosserie", "boulangerie", "centre", "martin", "dupont", "fleur",
              "saisons", "quatre", "transports", "berthelot", "guegan", "freres"]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=3, unique=True), min_size=1, max_size=40),
       st.lists(st.sampled_from(NAME_WORDS + ["vannes"]), min_size=1, max_size=4, unique=True))
def test_holders_intersected_as_sets_are_the_clients_whose_name_holds_every_word(names, words):
    index = build_index([dict(code=f"C{n:04d}", name=" ".join(name)) for n, name in enumerate(names)])
    spelt = {w for w in words if w in index.by_token}
    if spelt:
        expected = {i for i in range(len(index)) if spelt <= index.token_sets[i]}
        assert scoring._holding_all(spelt, index) == expected


def test_holders_and_near_words_follow_the_client_file_as_it_grows():
    index = build_index([dict(code="C0001", name="GARAGE RONDEAU"), dict(code="C0002", name="PIZZ. DU VIEUX-PORT")])
    assert index.holders("rondeau") == {0} and index.near("bouillabaisse") == ""
    index.add("C0003", "CARROSSERIE DU RONDEAU")
    index.add("C0004", "LA BOUILLABAISE")
    assert index.holders("rondeau") == {0, 2}
    assert index.near("bouillabaisse") == "bouillabaise"


def test_a_replys_folded_text_is_its_subject_text_and_signature():
    facts = ReplyFacts(1, subject="Adresse de facturation", own_text="Pour la Société Générale d'Élagage",
                       signature="Hélène Roué\nVannes")
    assert facts.written == fold("Adresse de facturation\nPour la Société Générale d'Élagage\nHélène Roué\nVannes")
    assert facts.written_words == frozenset(tokens(facts.written)) and "elagage" in facts.written_words
    assert ReplyFacts(2, own_text="é" * 7000).written == "\n" + "e" * 5999  # (the subject, empty, first)
