"""Round 8 of issue 11 (from set22's second half, read as development material, rewritten with
synthetic names): a son writing from his father's mailbox, which the file holds for both; a grower
who keeps paper for himself and leaves his EARL to his son."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from campaign.understanding import understand
from tests.test_matching_evidence import one, signals
from tests.test_understanding_units import FIRM as UNDERSTANDING_FIRM, mail

FIRM = ("cabinet-exemple.fr",)
CLIENTS = [
    dict(code="0521.01", name="DURAND", first_name="Pierre", city="AMBONNAY", postcode="51150",
         address="PLACE DE L'EGLISE", emails=["pdurand@orange.example"]),
    dict(code="0521.03", name="DURAND", first_name="Hugo", city="AMBONNAY", postcode="51150",
         address="38 RUE ROGER SALENGRO", emails=["pdurand@orange.example"]),
    dict(code="0662.01", name="EARL CHAMPAGNE DURAND PERE ET FILS", legal_form="EARL", city="VENTEUIL"),
    dict(code="0014.01", name="EARL DES VIGNES GODARD", legal_form="EARL", city="VERZENAY", postcode="51360",
         address="33 place de la Mairie", siren="766768014"),
    dict(code="0014.02", name="SCEV GODARD", city="VERZENAY", postcode="51360", address="36 allée des Coteaux"),
    dict(code="0014.04", name="GODARD", first_name="Daniel", city="VERZENAY", postcode="51360",
         address="39 rue du Lavoir"),
]
BODY = ("Bonsoir,\n\nC'est Hugo Durand qui écrit, depuis la boîte de mon père Pierre à Ambonnay (vous avez la même "
        "adresse pour nous deux mais c'est la sienne).\nPour mes factures à moi, merci d'utiliser plutôt : "
        "hugo.durand51@gmail.example\nMon père vous répondra de son côté.\n\nBonne soirée\nHugo\n")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)


def test_a_son_writing_from_his_fathers_mailbox_is_not_linked_to_his_father(matcher):
    """The display name is the mailbox's owner; the son names himself, and "mon père Pierre" owns the
    mailbox: the reply is not for the father's file."""
    reply = understand(mail(BODY, sender="Pierre Durand <pdurand@orange.example>"), UNDERSTANDING_FIRM)
    outcome = one(matcher, sender=reply.client_address, sender_name=reply.client_name, own_text=reply.own_text,
                  addresses=reply.addresses, signature=reply.signature)
    assert "0521.01" not in outcome.linked
    assert outcome.candidates[0].code == "0521.03", [(c.code, c.score) for c in outcome.candidates]
    assert "relative" not in signals(outcome, "0521.01")


def test_a_relative_named_for_his_own_file_still_counts(matcher):
    """"pour mon père Pierre et pour moi": the father's file is spoken for."""
    outcome = one(matcher, sender="hugo.durand51@gmail.example", sender_name="Hugo Durand",
                  own_text="Pour mon père Pierre et pour moi, envoyez les factures à cette adresse.")
    assert "relative" in signals(outcome, "0521.01")


def test_a_company_the_writer_sets_aside_is_not_the_file_his_refusal_is_for(matcher):
    """"Je préfère continuer à recevoir le papier, 39 rue du Lavoir. Pour l'EARL et la SCEV, c'est mon
    fils qui vous dira": the writer's own file, not the EARL of his name (a person checks)."""
    outcome = one(matcher, intent="refusal", sender="daniel.godard51@orange.example", sender_name="Daniel Godard",
                  own_text="Merci de ne pas m'envoyer mes factures sur daniel.godard51@orange.example. Je préfère "
                           "continuer à les recevoir par la poste, 39 rue du Lavoir à Verzenay.\n\nPour l'EARL des "
                           "Vignes Godard et la SCEV, c'est mon fils qui vous dira, il a repris l'an dernier.")
    assert "0014.01" not in outcome.linked
    assert outcome.candidates[0].code == "0014.04"
