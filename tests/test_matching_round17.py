"""Round 17 of issue 11 (synthetic names): a private person's signature under "l'adresse de l'entreprise" does not
name the business; a business the writer took over, founded or presides is not her own file; "Jean-Marie" is one
person, not a couple's file "Jean et Marie"."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
SIGNED = "Marc Bousquet\n06 12 34 56 78"


def _matcher(clients: list[dict]) -> Matcher:
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def _bousquet(form: str) -> Matcher:
    return _matcher([dict(code="E100", name="BOUSQUET", first_name="Marc", legal_form=form, city="Rodez",
                          address="14 RUE DU TOUAT", postcode="12000", phone="06 12 34 56 78")])


def _signed(matcher: Matcher, text: str):
    return one(matcher, sender="mbousquet12@webmail.example", sender_name="", own_text=text, signature=SIGNED,
               addresses=["mbousquet12@webmail.example"])


def test_a_private_persons_signature_does_not_name_the_business():
    outcome = _signed(_bousquet(""), "Bonjour, voici l'adresse de l'entreprise pour les factures.")
    assert outcome.status == "review" and "for_business" in [r.code for r in outcome.reasons], outcome.reasons


def test_a_sole_traders_signature_names_his_business():
    # his EI is the business: "l'entreprise" is his own file
    outcome = _signed(_bousquet("EI"), "Bonjour, voici l'adresse de l'entreprise pour les factures.")
    assert outcome.status == "linked" and outcome.linked == ["E100"], outcome.reasons


@pytest.mark.parametrize("text", [
    "Bonjour, j'ai repris une entreprise de maçonnerie à Espalion ; pour la société, voici l'adresse des factures.",
    "Bonjour, j'ai fermé mon entreprise individuelle et créé une SARL. Voici l'adresse de ma nouvelle société.",
    "Bonjour, pour l'association que je préside, voici l'adresse pour les factures.",
])
def test_another_business_of_the_writer_is_not_his_own_file(text):
    outcome = _signed(_bousquet("EI"), text)
    assert outcome.status == "review" and "third_party" in [r.code for r in outcome.reasons], outcome.reasons


def test_a_compound_first_name_is_not_a_couples_file():
    matcher = _matcher([dict(code="Q100", name="FABRE", first_name="Jean et Marie", city="Rodez",
                             address="4 RUE DES LILAS", postcode="12000")])
    outcome = one(matcher, sender="jean.marie.fabre@webmail.example", sender_name="Jean-Marie Fabre",
                  own_text="Bonjour, voici mon adresse pour mes factures.", addresses=["jean.marie.fabre@webmail.example"])
    assert outcome.status == "review" and "Q100" in [c.code for c in outcome.candidates], outcome.reasons
    # the couple written as a couple is still the couple's file
    outcome = one(matcher, sender="fabre.famille@webmail.example", sender_name="Jean et Marie Fabre",
                  own_text="Bonjour, voici notre adresse pour nos factures.", addresses=["fabre.famille@webmail.example"])
    assert any(e.signal == "name" for c in outcome.candidates if c.code == "Q100" for e in c.evidence)
