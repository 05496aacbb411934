"""Matching units: names, domains, mentions, fuzzy search, evidence weights and decisions."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings, strategies as st
from rapidfuzz import fuzz, process

from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.matching import scoring, words
from campaign.matching.confidence import confidence
from campaign.matching.decide import Prior
from campaign.matching.domains import company_domain, is_consumer, website_domain
from campaign.matching.fuzzy import NameTable, best_names
from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.mentions import find_mentions
from campaign.names import normalise_name
from campaign.matching.records import ReplyFacts
from campaign.matching.run import _encode
from campaign.matching.settings import MatchingSettings, matching_settings

FIRM = ("cabinet-exemple.fr",)

CLIENTS = [
    dict(code="C0001", name="DUPONT ET FILS", legal_form="SARL", siret="73282932000074",
         emails=["contact@dupont-fils.example"]),
    dict(code="C0002", name="DUPONT", legal_form="SAS", emails=["compta@dupont-sas.example"]),
    dict(code="C0003", name="SCI DUPONT IMMO", legal_form="SCI", emails=["jean.dupont42@gmail.com"]),
    dict(code="C0004", name="DUPONT", first_name="Jean", emails=["jean.dupont42@gmail.com"]),
    dict(code="C0005", name="HOLDING MOREAU", legal_form="SAS", emails=["direction@groupe-moreau.example"]),
    dict(code="C0006", name="MOREAU TRANSPORTS", legal_form="SAS", emails=["compta@groupe-moreau.example"]),
    dict(code="C0007", name="SCI MOREAU", legal_form="SCI", emails=[]),
    dict(code="C0008", name="Boulangerie Petit", legal_form="EURL", emails=[], website="https://www.petit-pain.example/"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)


def one(matcher: Matcher, **kwargs):
    kwargs.setdefault("auth", {"dmarc": "pass"})
    return matcher.match([ReplyFacts(1, **kwargs)])[0]


# -- names and domains ---------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["S.A.R.L. DUPONT & FILS", "Sarl Dupont et Fils", "Dupont et fils (SARL)",
                                     "Société Dupont & Fils SARL", "DUPONT + FILS s.a.r.l."])
def test_name_variants_share_one_key_and_form(written):
    name = normalise_name(written)
    assert (name.key, name.form) == ("dupont fils", "sarl")


def test_abbreviations_noise_and_multiword_forms():
    assert normalise_name("Ets Martin").key == normalise_name("Établissements MARTIN").key == "martin"
    assert normalise_name("Sté Générale du Bâtiment").key == "batiment generale"
    assert normalise_name("Société civile immobilière Les Tilleuls").form == "sci"
    assert normalise_name("Dr Lefèvre Hélène").key == "helene lefevre"
    assert normalise_name("HOLDING MOREAU").key != normalise_name("SCI MOREAU").key


def test_consumer_and_company_domains():
    for domain in ("gmail.com", "orange.fr", "wanadoo.fr", "hotmail.co.uk", "yahoo.es", "outlook.be", "icloud.com"):
        assert is_consumer(domain), domain
    assert not is_consumer("dupont-btp.example")
    assert company_domain("a@Dupont-BTP.example") == "dupont-btp.example"
    assert company_domain("a@gmail.com") == "" and company_domain("m.x@cabinet-exemple.fr", FIRM) == ""
    assert company_domain("m.x@mail.cabinet-exemple.fr", FIRM) == ""
    assert website_domain("https://www.Durand-BTP.fr/contact") == "durand-btp.fr"
    assert website_domain("durand.fr") == "durand.fr" and website_domain("not a site") == ""


# -- mentions and fuzzy search -------------------------------------------------------------------

def test_mentions_prefer_the_longest_name_and_record_the_legal_form():
    index = build_index(CLIENTS, FIRM)
    found = {(m.phrase, m.form): [index.codes[i] for i in m.clients]
             for m in find_mentions("Pour la SCI Moreau et Moreau Transports, merci.", index)}
    assert found == {("moreau", "sci"): ["C0007"], ("moreau transport", ""): ["C0006"]}
    assert find_mentions("écrivez à compta@moreau-transports.example", index) == []


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(alphabet="abcdeéfgh ", min_size=1, max_size=14), min_size=1, max_size=40),
       st.lists(st.text(alphabet="abcdefgh ", min_size=1, max_size=14), min_size=1, max_size=5))
def test_windowed_fuzzy_search_finds_what_brute_force_finds(keys, queries):
    keys = [normalise_name(k).key for k in keys]
    queries = [normalise_name(q).key for q in queries]
    found = best_names(queries, NameTable(keys), 80, top=1000)
    for query in filter(None, set(queries)):
        brute = {(i, round(s)) for _, s, i in
                 process.extract(query, keys, scorer=fuzz.ratio, processor=None, score_cutoff=80, limit=None)}
        assert {i for i, _ in found[query]} == {i for i, _ in brute}


def test_fuzzy_results_are_best_first_and_capped():
    rng = random.Random(3)
    keys = [normalise_name(f"Dupont {rng.choice('abcdef')}{rng.choice('abcdef')}").key for _ in range(200)]
    found = best_names(["dupont ab"], NameTable(keys), 60, top=5)["dupont ab"]
    assert len(found) == 5 and [s for _, s in found] == sorted((s for _, s in found), reverse=True)


# -- evidence and decisions ----------------------------------------------------------------------

def test_quoted_reference_links_automatically(matcher):
    outcome = one(matcher, sender="x@gmail.com", references=["C0002"], subject="Adresse - C0002",
                  addresses=["x@gmail.com"])
    assert (outcome.status, outcome.linked_by, outcome.linked) == ("linked", "auto", ["C0002"])
    assert outcome.candidates[0].evidence[0].signal == "reference"


def test_siren_from_a_siret_links(matcher):
    outcome = one(matcher, sender="x@gmail.com", sirens=["732829320"], addresses=["x@gmail.com"])
    assert outcome.linked == ["C0001"]


def test_company_domain_and_signature_name_link_the_right_sibling(matcher):
    outcome = one(matcher, sender="paul@groupe-moreau.example", company="Moreau Transports SAS",
                  addresses=["factures@groupe-moreau.example"])
    assert outcome.linked == ["C0006"]
    signals = {e.signal for e in outcome.candidates[0].evidence}
    assert {"domain", "dmarc_aligned", "name", "form_agrees"} <= signals


def test_shared_holding_domain_without_a_name_goes_to_review(matcher):
    outcome = one(matcher, sender="paul@groupe-moreau.example", addresses=["paul@groupe-moreau.example"])
    assert outcome.status == "review" and {c.code for c in outcome.candidates} == {"C0005", "C0006"}
    assert [r.code for r in outcome.reasons] == ["weak"]


def test_an_address_on_file_for_two_clients_goes_to_review(matcher):
    outcome = one(matcher, sender="jean.dupont42@gmail.com", addresses=["jean.dupont42@gmail.com"])
    assert outcome.status == "review" and {c.code for c in outcome.candidates[:2]} == {"C0003", "C0004"}
    assert "close" in [r.code for r in outcome.reasons]


def test_a_name_alone_from_webmail_is_only_proposed(matcher):
    outcome = one(matcher, sender="pierre@orange.fr", sender_name="Dupont et Fils",
                  addresses=["pierre@orange.fr"])
    assert outcome.status == "review" and outcome.candidates[0].code == "C0001"


def test_name_from_another_company_domain_is_a_conflict(matcher):
    outcome = one(matcher, sender="x@dupont-sas.example", company="SARL Dupont et Fils",
                  references=["C0001"], addresses=["x@dupont-sas.example"])
    best = outcome.candidates[0]
    assert best.code == "C0001" and best.conflict and outcome.status == "review"
    assert any(e.signal == "domain_conflict" and e.weight < 0 for e in best.evidence)


def test_failed_dmarc_never_links_automatically(matcher):
    outcome = one(matcher, sender="compta@dupont-sas.example", references=["C0002"],
                  addresses=["new@evil.example"], auth={"dmarc": "fail"})
    assert outcome.status == "review" and "dmarc_fail" in [w.code for w in outcome.warnings]
    relaxed = Matcher(matcher.index, MatchingSettings(block_on_dmarc_fail=False), FIRM)
    assert one(relaxed, sender="compta@dupont-sas.example", references=["C0002"], auth={"dmarc": "fail"},
               addresses=["new@evil.example"]).status == "linked"


def test_missing_dmarc_is_a_warning_only(matcher):
    outcome = one(matcher, sender="x@gmail.com", references=["C0002"], auth={})
    assert outcome.status == "linked" and [w.code for w in outcome.warnings] == ["dmarc_missing"]


def test_a_reply_naming_two_clients_links_both(matcher):
    outcome = one(matcher, sender="direction@groupe-moreau.example", references=["C0005", "C0007"],
                  own_text="Pour la holding et la SCI, envoyez tout à compta@groupe-moreau.example")
    assert outcome.status == "linked" and sorted(outcome.linked) == ["C0005", "C0007"]


def test_two_names_without_strong_evidence_are_proposed_together(matcher):
    outcome = one(matcher, sender="x@gmail.com", own_text="Pour la SCI Moreau et Moreau Transports : x@gmail.com")
    assert outcome.status == "review"
    assert {"C0006", "C0007"} <= {c.code for c in outcome.candidates if c.named}


def test_unknown_reference_is_reported(matcher):
    outcome = one(matcher, sender="nobody@gmail.com", references=["C9999"])
    assert outcome.status == "unmatched" and [w.code for w in outcome.warnings] == ["unknown_ref"]


def test_automatic_mail_is_skipped(matcher):
    assert one(matcher, intent="bounce", references=["C0002"]).status == "skipped"
    flagged = one(matcher, intent="autoreply", flags=["autoreply_with_address"], references=["C0002"])
    assert flagged.status == "review" and "autoreply" in [r.code for r in flagged.reasons]


def test_person_decisions_win(matcher):
    reply = ReplyFacts(1, sender="x@gmail.com", references=["C0002"], auth={"dmarc": "pass"})
    linked = matcher.match([reply], verdicts={1: {"C0008": ("link", "anne", "2026-11-20")}})[0]
    assert (linked.status, linked.linked_by, linked.linked) == ("linked", "person", ["C0008"])
    rejected = matcher.match([reply], verdicts={1: {"C0002": ("reject", "anne", "2026-11-20")}})[0]
    assert rejected.status == "unmatched" and rejected.candidates[0].rejected


def test_a_second_address_from_another_sender_goes_to_review(matcher):
    earlier = {"C0002": Prior("compta@dupont-sas.example", "compta@dupont-sas.example", 7, "2026-11-01")}
    reply = ReplyFacts(1, sender="boss@gmail.com", references=["C0002"], addresses=["boss@gmail.com"],
                       auth={"dmarc": "pass"})
    outcome = matcher.match([reply], priors=earlier)[0]
    assert outcome.status == "review" and "second_address" in [w.code for w in outcome.warnings]
    same_sender = ReplyFacts(1, sender="compta@dupont-sas.example", references=["C0002"],
                             addresses=["factures@dupont-sas.example"], auth={"dmarc": "pass"})
    assert matcher.match([same_sender], priors=earlier)[0].status == "linked"  # a change of mind


def test_replies_in_one_batch_see_the_addresses_linked_before_them(matcher):
    first = ReplyFacts(1, sender="compta@dupont-sas.example", references=["C0002"], date="2026-11-01",
                       addresses=["compta@dupont-sas.example"], auth={"dmarc": "pass"})
    second = ReplyFacts(2, sender="other@gmail.com", references=["C0002"], date="2026-11-05",
                        addresses=["other@gmail.com"], auth={"dmarc": "pass"})
    outcomes = matcher.match([second, first])
    assert [o.status for o in outcomes] == ["review", "linked"]


def test_thresholds_come_from_the_settings(matcher):
    strict = Matcher(matcher.index, MatchingSettings(auto_link_confidence=0.9999), FIRM)
    assert one(strict, sender="x@gmail.com", references=["C0002"]).status == "review"


# -- words and settings --------------------------------------------------------------------------

def test_every_signal_and_warning_has_words_in_both_languages(matcher):
    outcomes = [one(matcher, sender="x@dupont-sas.example", company="SARL Dupont et Fils", references=["C0001", "C9"],
                    sirens=["732829320"], auth={"dmarc": "fail"}, flags=["postal_address"],
                    own_text="pour Dupont et fils", addresses=["contact@dupont-fils.example"])]
    items = [e.as_dict() for o in outcomes for c in o.candidates for e in c.evidence]
    assert {i["signal"] for i in items} >= {"reference", "siren", "name", "domain_conflict", "known_given"}
    for item in items:
        en, fr = words.evidence_text(item, "en"), words.evidence_text(item, "fr")
        assert en != fr and item["signal"] not in (en, fr) and "{" not in en + fr, (en, fr)
    assert "SIREN 732 829 320" in words.evidence_text({"signal": "siren", "weight": 10, "args": {"siren": "732 829 320"}})
    for warning in outcomes[0].warnings + outcomes[0].reasons:
        fr = words.warning_text(warning.as_dict(), "fr")
        assert fr != warning.code and "{" not in fr
    # the stored rows are encoded from the records' fields, the words from as_dict: the two must say the same
    stored = [json.loads(_encode(c.evidence)) for c in outcomes[0].candidates]
    assert stored == [[e.as_dict() for e in c.evidence] for c in outcomes[0].candidates]
    assert json.loads(_encode(outcomes[0].reasons)) == [w.as_dict() for w in outcomes[0].reasons]


def test_settings_are_checked(tmp_path):
    def parsed(**section):
        return matching_settings(Settings(path=tmp_path / "campaign.toml", firm="F", secretariat="s@f.example",
                                          switch_date=None, sections={"matching": section}))

    assert parsed(auto_link_confidence=0.97).auto_link_confidence == 0.97
    with pytest.warns(UserWarning, match="replaced by auto_link_confidence"):
        old = parsed(auto_link_score=12, auto_link_gap=3).auto_link_confidence
    assert 0.5 < old < parsed().auto_link_confidence < 1  # a lead of 3 points was a looser rule
    with pytest.warns(UserWarning, match="auto_link_score is ignored: auto_link_confidence is set"):
        assert parsed(auto_link_confidence=0.6, auto_link_score=30).auto_link_confidence == 0.6
    with pytest.warns(UserWarning, match="read as auto_link_confidence = 0.50"):
        assert parsed(auto_link_score=0, auto_link_gap=0).auto_link_confidence == 0.5  # never under the floor
    for bad in ({"auto_link_score": "high"}, {"auto_link_score": float("nan")}, {"nonsense": 1}, {"name_cutoff": 20}, {"block_on_dmarc_fail": 1},
                {"auto_link_confidence": 1.5}, {"auto_link_confidence": 0.2}):
        with pytest.raises(ConfigError, match=r"\[matching\]"):
            parsed(**bad)


def test_weights_are_ordered_by_strength():
    assert scoring.W_REFERENCE > scoring.W_SIREN > scoring.W_KNOWN_SENDER > scoring.W_DOMAIN_UNIQUE
    threshold = MatchingSettings().auto_link_confidence
    assert confidence(scoring.W_DOMAIN_UNIQUE, []) < threshold <= confidence(scoring.W_KNOWN_SENDER, [])
    assert confidence(scoring.W_REFERENCE, [scoring.W_REFERENCE - 1]) < threshold  # a close runner-up


def test_a_reply_naming_another_client_than_its_sender_goes_to_review(matcher):
    # sent from SAS Dupont's address on file, but written for SARL Dupont et Fils
    outcome = one(matcher, sender="compta@dupont-sas.example", own_text="Pour la SARL Dupont et Fils, même adresse.",
                  addresses=["compta@dupont-sas.example"])
    assert outcome.status == "review" and "names_other" in [r.code for r in outcome.reasons]
    assert {"C0001", "C0002"} <= {c.code for c in outcome.candidates}


TWINS = [
    dict(code="T0001", name="Restauration Richard", legal_form="SARL", emails=["contact@resto-richard.example"]),
    dict(code="T0002", name="Richard Restauration", legal_form="SAS", emails=["compta@richard-resto.example"]),
    dict(code="T0003", name="Boulangerie du Centre", legal_form="SARL", emails=["compta@centre-lyon.example"]),
    dict(code="T0004", name="Boulangerie du Centre", legal_form="SARL", emails=["compta@centre-nantes.example"]),
    dict(code="T0005", name="Cabinet Nguyen", legal_form="SELARL", siret="73282932000074",
         emails=["cabinet@nguyen.example"]),
]


@pytest.fixture(scope="module")
def twins() -> Matcher:
    return Matcher(build_index(TWINS, FIRM), MatchingSettings(), FIRM)


def test_a_name_written_in_one_clients_word_order_names_that_client_only():
    index = build_index(TWINS, FIRM)
    found = [[index.codes[i] for i in m.clients] for m in find_mentions("Philippe Richard\nRichard Restauration", index)]
    assert found == [["T0002"]]


def test_a_signed_name_on_the_line_before_the_company_does_not_join_it(twins):
    # "Restauration Richard" on one line, the signer on the line before: not "richard restauration"
    outcome = one(twins, sender="contact@resto-richard.example", addresses=["contact@resto-richard.example"],
                  signature="Cordialement\nPaul Richard\nRestauration Richard")
    assert (outcome.status, outcome.linked) == ("linked", ["T0001"])


def test_a_name_two_clients_share_names_neither_and_the_domain_decides(twins):
    outcome = one(twins, sender="compta@centre-nantes.example", addresses=["compta@centre-nantes.example"],
                  signature="Bruno Lemaire\nBoulangerie du Centre")
    assert (outcome.status, outcome.linked) == ("linked", ["T0004"])
    assert not any(c.named for c in outcome.candidates)


def test_a_subject_reference_against_the_senders_siren_goes_to_review(twins):
    # answered from the wrong letter: the subject quotes T0001, the signature's SIRET is T0005's
    outcome = one(twins, sender="cabinet@nguyen.example", references=["T0001"], subject="Adresse - T0001",
                  sirens=["732829320"], addresses=["cabinet@nguyen.example"])
    assert outcome.status == "review" and "ref_disagrees" in [r.code for r in outcome.reasons]
    assert words.warning_text(outcome.reasons[0].as_dict(), "en") == "the subject quotes T0001 but the reply designates T0005"


@pytest.mark.parametrize("code, text, places", [
    ("C0231", "ref c0231, et C0231.", [(4, 9), (14, 19)]),           # any case, each place
    ("C0231", "C02310 AC0231 C0231-B", [(14, 19)]),                   # a word: not inside a longer one
    ("411DUVAL", "Straße 411duval", [(7, 15)]),                       # the text's own positions
    ("AA", "AAA AA", [(4, 6)]),
    ("", "anything", []),
])
def test_code_places_finds_the_code_as_a_word_in_any_case(code, text, places):
    assert scoring.code_places(code, text) == places


@given(st.text(alphabet="aAbB1 -é.", max_size=30), st.sampled_from(["AB", "a1", "B"]))
def test_code_places_agrees_with_the_word_pattern(text, code):
    import re
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])", re.IGNORECASE)
    assert scoring.code_places(code, text) == [m.span() for m in pattern.finditer(text)]
