"""Round 7 of issue 11 (from the development halves, rewritten with synthetic names): a company that
changed its domain and says so with its reference or SIREN, a company's whole name spelt by a
webmail mailbox, a reference without its office letter when two offices number alike, a bookkeeper's
"même chose pour la boucherie"."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
CLIENTS = [
    dict(code="B0345", name="SAS WEBCRAFT STUDIO", legal_form="SAS", siren="732829320", city="BASTIA",
         address="4 rue César Campinchi", postcode="20200", emails=["compta@webcraft-studio.example"]),
    dict(code="A0345", name="SARL LUCIANI TP", legal_form="SARL", city="AJACCIO",
         emails=["contact@luciani-tp.example"]),
    dict(code="A0101", name="EURL SCOGLIU BIANCU", legal_form="EURL", city="PORTICCIO"),
    dict(code="A0102", name="POLI", first_name="Marie", city="AJACCIO"),
    dict(code="A0095", name="ROCCA", first_name="Jean", city="PROPRIANO"),
    dict(code="B0095", name="GARAGE SANTUCCI", legal_form="SARL", city="CALVI"),
    dict(code="A0233", name="SARL TAXIS DU GOLFE", legal_form="SARL", city="AJACCIO", emails=["cabinet.tomasi@wanadoo.example"]),
    dict(code="A0298", name="BOUCH. CHARC. ORSONI", legal_form="SARL", city="BASTELICACCIA",
         emails=["cabinet.tomasi@wanadoo.example"]),
    dict(code="B0079", name="SARL CORSE-AUTO-SERVICES", legal_form="SARL", city="PONTE-LECCIA",
         emails=["cabinet.tomasi@wanadoo.example"]),
    dict(code="A0105", name="TRANSPORTS ORSONI", legal_form="SARL", city="PORTICCIO"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)


def test_a_new_domain_under_the_clients_siren_and_name_is_linked(matcher):
    """Renamed, with a new domain: the SIREN and the old name say which client it is."""
    outcome = one(matcher, sender="compta@nuvola-digital.example", sender_name="Nuvola Digital",
                  sirens=["732829320"], addresses=["compta@nuvola-digital.example"],
                  own_text="Bonjour, Webcraft Studio est devenue Nuvola Digital (SIREN 732 829 320, toujours à "
                           "Bastia). Merci d'envoyer les factures à compta@nuvola-digital.example")
    assert outcome.linked == ["B0345"], outcome.reasons


def test_a_reference_alone_under_another_companys_domain_still_goes_to_a_person(matcher):
    """Nothing but the number, from a company domain that is not the client's: a slip of the number
    is as likely as a new domain."""
    outcome = one(matcher, sender="factures@autre-societe.example", references=["A0345"],
                  addresses=["factures@autre-societe.example"],
                  own_text="Réf A0345 : factures@autre-societe.example")
    assert outcome.status == "review"
    assert any(r.code == "conflict" for r in outcome.reasons)


def test_a_webmail_mailbox_spelling_a_companys_whole_name_is_linked(matcher):
    outcome = one(matcher, sender="scogliu.biancu@gmail.com", addresses=["scogliu.biancu@gmail.com"],
                  own_text="ok pour cette adresse")
    assert outcome.linked == ["A0101"], outcome.reasons


def test_a_webmail_mailbox_spelling_a_persons_name_is_not_enough(matcher):
    """marie.poli@… is also every Marie Poli the file does not hold."""
    outcome = one(matcher, sender="marie.poli@gmail.com", addresses=["marie.poli@gmail.com"],
                  own_text="ok pour cette adresse")
    assert outcome.status == "review" and not outcome.linked


def test_a_reference_without_its_office_letter_proposes_both_offices(matcher):
    """"0095" is A0095 or B0095: both are proposed, the garage of Calvi the reply describes comes first."""
    outcome = one(matcher, sender="garage.calvi@orange.example", addresses=["garage.calvi@orange.example"],
                  own_text="Pour le garage Santucci à Calvi (référence 0095 sur votre facture), vous pouvez envoyer "
                           "les factures à cette adresse.")
    codes = [c.code for c in outcome.candidates]
    assert codes[:1] == ["B0095"] and "A0095" in codes
    # the reviewer reads which clients the number fits
    assert {e.args["code"] for c in outcome.candidates for e in c.evidence if e.signal == "bare_reference"} \
        == {"A0095 / B0095"}


def test_a_whole_reference_does_not_spread_to_the_other_office(matcher):
    outcome = one(matcher, sender="atelier.calvi@orange.example", references=["B0095"],
                  addresses=["atelier.calvi@orange.example"], own_text="Réf. B0095 : atelier.calvi@orange.example")
    assert [c.code for c in outcome.candidates] == ["B0095"]


def test_a_bookkeeper_answering_for_a_second_business_is_not_linked_to_the_first_alone(matcher):
    """"Même chose pour la boucherie": the reply speaks for two files; linking the first alone would lose the other."""
    outcome = one(matcher, sender="cabinet.tomasi@wanadoo.example", sender_name="Cabinet Tomasi",
                  references=["B0079"], addresses=["cabinet.tomasi@wanadoo.example"],
                  own_text="Oui, vous pouvez garder mon adresse pour Corse Auto Services (B0079), c'est moi qui reçois "
                           "tout.\nMême chose pour la boucherie Orsoni à Bastelicaccia : envoyez chez moi.")
    assert outcome.status == "review" and not outcome.linked


def test_a_takeover_under_the_buyers_domain_still_goes_to_a_person(matcher):
    """"Nous avons racheté Webcraft Studio": the buyer's domain is not the client's new one."""
    outcome = one(matcher, sender="compta@nuvola-digital.example", sirens=["732829320"],
                  addresses=["compta@nuvola-digital.example"],
                  own_text="Bonjour, nous avons racheté Webcraft Studio (SIREN 732 829 320) à Bastia. Merci d'envoyer "
                           "désormais les factures à compta@nuvola-digital.example")
    assert outcome.status == "review" and any(r.code == "conflict" for r in outcome.reasons)


def test_a_reference_only_in_the_firms_quoted_message_does_not_pass_a_conflict(matcher):
    """A stranger's company answers the firm's reminder (which carried B0345) and signs from Bastia."""
    outcome = one(matcher, sender="contact@immo-bastia.example", references=["B0345"],
                  addresses=["contact@immo-bastia.example"], signature="Immo Bastia\n20200 Bastia",
                  own_text="Vous pouvez envoyer les factures à contact@immo-bastia.example")
    assert outcome.status == "review" and not outcome.linked


def test_a_webmail_mailbox_spelling_a_persons_name_held_by_a_company_is_not_enough():
    """SCI JEAN ROSSI is a company, but jean.rossi@… is every Jean Rossi."""
    clients = CLIENTS + [dict(code="A0400", name="SCI JEAN ROSSI", legal_form="SCI", city="AJACCIO")]
    outcome = one(Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM), sender="jean.rossi@gmail.com",
                  addresses=["jean.rossi@gmail.com"], own_text="ok pour cette adresse")
    assert outcome.status == "review" and not outcome.linked
