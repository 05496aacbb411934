"""Round 18 of issue 11 (synthetic names): a reply for the writer's brother, mother or parents sent from the writer's
own mailbox is not the writer's own file; a reference set aside after it ("par erreur, elle n'est pas à moi") names
nobody; "Carrefour" is no reference cue."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.scoring import spaced_codes
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
MAILBOX = "pierre.durand05@orange.fr"
SIGNED = "Pierre Durand\n14 rue de France, 05000 Gap\n06 12 45 78 90"


def _matcher() -> Matcher:
    clients = [dict(code="GAP.0412", name="DURAND", first_name="Pierre", city="Gap", address="14 RUE DE FRANCE",
                    postcode="05000", phone="06 12 45 78 90", emails=[MAILBOX]),
               dict(code="GAP.0777", name="DURAND", first_name="Thomas", city="Gap", address="3 IMPASSE DES LILAS",
                    postcode="05000", phone="06 99 88 77 66"),
               dict(code="GAP.0520", name="ROUX", first_name="Didier", city="Embrun", address="2 PLACE DARCES",
                    postcode="05200")]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def _from_the_writer(text: str):
    return one(_matcher(), sender=MAILBOX, sender_name="Pierre Durand", own_text=f"Bonjour,\n{text}\nCordialement",
               signature=SIGNED, addresses=[MAILBOX])


@pytest.mark.parametrize("text", [
    "C'est pour mon frère qui n'a pas internet, envoyez à mon adresse.",
    "Pour ma mère, envoyez ici, c'est moi qui gère ses papiers.",
    "Pour ma sœur : elle préfère que ce soit à mon adresse, ici.",
    "Pour mon beau-frère, envoyez ici, c'est moi qui gère ses papiers.",
    "pour le fiston, envoyez ici svp",
    "pr mon fils envoyez ici svp",
    "Envoyez ici, c'est pour notre fils.",
])
def test_a_relatives_file_from_the_writers_mailbox_is_not_his_own(text):
    outcome = _from_the_writer(text)
    assert outcome.status == "review" and "third_party" in [r.code for r in outcome.reasons], outcome.reasons


@pytest.mark.parametrize("text", [
    "Vous pouvez m'envoyer mes factures à cette adresse.",
    "Je travaille pour mon frère au garage, mais pour MES factures envoyez ici.",
    "Pour moi c'est bon, envoyez ici. Pour notre fils, il vous répondra lui-même.",
    # a relative in passing (review 18: each was sent to a person by the relatives' rule)
    "Comme pour mon frère, envoyez mes factures à cette adresse.",
    "Envoyez ici, j'aurai plus de temps pour mon fils que pour trier du papier !",
    "J'ai répondu pour mes parents hier ; aujourd'hui c'est pour moi : envoyez ici.",
])
def test_the_writers_own_invoices_stay_his(text):
    outcome = _from_the_writer(text)
    assert outcome.status == "linked" and outcome.linked == ["GAP.0412"], outcome.reasons


def test_a_parent_named_by_reference_is_the_file_the_reply_is_for():
    # the daughter writes from the mailbox on her father's file, with his reference: his file, not a third party
    outcome = one(_matcher(), sender=MAILBOX, sender_name="Céline Durand", subject="Factures de mon père, réf. GAP.0412",
                  own_text="Bonjour, pour mon père, envoyez ses factures ici. Céline", addresses=[MAILBOX])
    assert "third_party" not in [r.code for r in outcome.reasons], outcome.reasons
    assert "GAP.0412" in [c.code for c in outcome.candidates]


@pytest.mark.parametrize("after", [" par erreur, elle n'est pas à moi.", ", ce n'est pas mon dossier.",
                                   " (qui ne nous concerne pas)."])
def test_a_reference_set_aside_after_it_names_nobody(after):
    outcome = one(_matcher(), sender="inconnu05@orange.fr", sender_name="",
                  own_text=f"Bonjour, vous m'avez écrit sous la référence GAP.0520{after} Envoyez ici quand même.",
                  addresses=["inconnu05@orange.fr"])
    assert outcome.status != "linked" and "GAP.0520" not in outcome.linked, outcome.reasons


def test_a_reference_followed_by_other_words_still_counts():
    outcome = one(_matcher(), sender="inconnu05@orange.fr", sender_name="",
                  own_text="Bonjour, référence GAP.0520, ce n'est pas mon adresse habituelle mais envoyez ici.",
                  addresses=["inconnu05@orange.fr"])
    assert "GAP.0520" in [c.code for c in outcome.candidates], outcome.reasons


def test_carrefour_is_no_reference_cue():
    index = build_index([dict(code="72100", name="MARTIN", first_name="Luc", city="Le Mans")], FIRM)
    assert spaced_codes("Je travaille au Carrefour 72 100 Le Mans.", index) == []
    assert spaced_codes("Ma réf. 72 100 pour les factures.", index) == ["72100"]


def _person() -> Matcher:
    clients = [dict(code="GAP.0412", name="DURAND", first_name="Pierre", city="Gap", address="14 RUE DE FRANCE",
                    postcode="05000", phone="06 12 45 78 90"),
               dict(code="GAP.0700", name="TRANSPORTS ALPINS", legal_form="SAS", city="Gap", address="ZI TOKORO",
                    postcode="05000")]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


@pytest.mark.parametrize("text, linked", [
    ("Ce n'est pas pour moi mais pour la société : envoyez ici.", []),
    ("Pour la société, pas pour moi : envoyez ici.", []),
    ("C'est pour moi, pas pour la société. Envoyez ici.", ["GAP.0412"]),
])
def test_not_for_me_but_for_the_business_is_not_the_persons_file(text, linked):
    outcome = one(_person(), sender="pierre.durand05@gmail.com", sender_name="Pierre Durand", own_text=text,
                  signature="Pierre Durand\n06 12 45 78 90", addresses=["pierre.durand05@gmail.com"])
    assert outcome.linked == linked, outcome.reasons


@pytest.mark.parametrize("text", ["adresse entreprise : envoyez les factures ici.",
                                  "company address: please send the invoices here.",
                                  "this is our company's address, send invoices here.",
                                  "pour ma micro-entreprise : envoyez les factures ici."])
def test_a_business_address_from_a_private_persons_file_goes_to_a_person(text):
    outcome = one(_person(), sender="pierre.durand05@gmail.com", sender_name="Pierre Durand", own_text=f"Bonjour, {text}",
                  signature="Pierre Durand\n06 12 45 78 90", addresses=["pierre.durand05@gmail.com"])
    assert outcome.status == "review" and "for_business" in [r.code for r in outcome.reasons], outcome.reasons


def test_a_sole_traders_pro_address_is_her_own():
    matcher = Matcher(build_index([dict(code="CROBIN", name="ROBIN", first_name="Carine", legal_form="EI",
                                        city="Le Château-d'Oléron", address="9 RUE DU PORT", postcode="17480")], FIRM),
                      MatchingSettings(), FIRM)
    outcome = one(matcher, sender="carine.robin.idel@gmail.com", sender_name="Carine Robin",
                  own_text="Bonjour, je souhaite recevoir mes factures sur mon adresse pro : carine.robin.idel@gmail.com",
                  addresses=["carine.robin.idel@gmail.com"])
    assert "for_business" not in [r.code for r in outcome.reasons], outcome.reasons


def _clos_du_mont() -> Matcher:
    clients = [dict(code="22-034", name="SCEV DES CLOS DU MONT", legal_form="SCEV", city="NUITS-SAINT-GEORGES",
                    address="52 BIS RUE DE L'EGLISE", postcode="21700"),
               dict(code="22-035", name="SCEV DES CLOS DU MONT", legal_form="SCEV", city="POMMARD",
                    address="3 RUE DES VIGNES", postcode="21630"),
               dict(code="05-112", name="DUMONT", first_name="Alain", city="BEAUNE", postcode="21200")]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def test_a_domain_running_the_name_together_then_the_town_spells_that_client():
    outcome = one(_clos_du_mont(), sender="contact@closdumont-nuits.fr", sender_name="Domaine des Clos du Mont",
                  own_text="Bonjour, vous pouvez envoyer les factures à compta@closdumont-nuits.fr.",
                  addresses=["compta@closdumont-nuits.fr"])
    spelt = {c.code for c in outcome.candidates for e in c.evidence if e.signal == "address_name"}
    assert spelt == {"22-034"}, [(c.code, c.evidence) for c in outcome.candidates]


def test_the_relative_answering_from_the_files_mailbox_is_not_a_third_party():
    outcome = one(_matcher(), sender=MAILBOX, sender_name="Pierre Durand",
                  own_text="Bonjour, je réponds pour mon père, qui n'a pas internet : envoyez ses factures ici. Luc",
                  addresses=[MAILBOX])
    assert "third_party" not in [r.code for r in outcome.reasons], outcome.reasons


def test_a_reference_said_to_be_someone_elses_still_names_that_file():
    # "ce n'est pas mon dossier, c'est celui de mon père": the file is the father's, not set aside (review 18)
    outcome = one(_matcher(), sender="luc.roux05@orange.fr", sender_name="Luc Roux",
                  own_text="Bonjour, GAP.0520, ce n'est pas mon dossier, c'est celui de mon père ; envoyez ses factures "
                           "ici.", addresses=["luc.roux05@orange.fr"])
    assert "GAP.0520" in [c.code for c in outcome.candidates], outcome.reasons


def test_shorthand_reference_cues_still_count():
    index = build_index([dict(code="72100", name="MARTIN", first_name="Luc", city="Le Mans")], FIRM)
    for written in ("Nref 72 100", "VRéf. 72 100", "ref_72 100"):
        assert spaced_codes(f"Bonjour, {written} pour les factures.", index) == ["72100"], written
    assert spaced_codes("Résidence Le Refuge, 72 100 Le Mans.", index) == []


@pytest.mark.parametrize("text", ["C'est pour ma micro-entreprise, envoyez ici.",
                                  "Adresse entreprise : envoyez ici."])
def test_a_sole_traders_own_business_words_are_her_file(text):
    matcher = Matcher(build_index([dict(code="C60001", name="LEROY", first_name="Anne", legal_form="EI", city="Gap",
                                        address="3 RUE CARNOT", postcode="05000", phone="06 11 22 33 44",
                                        emails=["anne.leroy05@orange.fr"])], FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="anne.leroy05@orange.fr", sender_name="Anne Leroy", own_text=f"Bonjour, {text}",
                  signature="Anne Leroy\n06 11 22 33 44", addresses=["anne.leroy05@orange.fr"])
    assert outcome.status == "linked" and outcome.linked == ["C60001"], outcome.reasons


def test_a_closed_micro_entreprise_leaves_the_persons_file():
    outcome = one(_person(), sender="pierre.durand05@gmail.com", sender_name="Pierre Durand",
                  own_text="Bonjour, j'ai fermé ma micro-entreprise l'an dernier ; pour mes factures perso, envoyez ici.",
                  signature="Pierre Durand\n06 12 34 56 78", addresses=["pierre.durand05@gmail.com"])
    assert outcome.status == "linked" and outcome.linked == ["GAP.0412"], outcome.reasons


@pytest.mark.parametrize("text", ["C'est pour ma femme, envoyez à mon adresse.", "C'est pour maman, envoyez ici.",
                                  "C'est pour ma grand-mère, envoyez à mon adresse.",
                                  "This is for my mother, please send her invoices here.",
                                  "C'est au nom de mon fils, envoyez ici.",
                                  "Je réponds de la part de ma mère : envoyez ses factures ici.",
                                  "Les factures de mon père peuvent être envoyées ici.",
                                  "C'est pour mon voisin, envoyez à mon adresse.",
                                  "Envoyez à cette adresse.\nC'est pour ma maman qui n'a pas internet."])
def test_a_spouses_or_grandparents_file_from_the_writers_mailbox_is_not_his_own(text):
    outcome = _from_the_writer(text)
    assert outcome.status == "review" and "third_party" in [r.code for r in outcome.reasons], outcome.reasons


def test_a_couples_own_file_is_the_spouses_too():
    clients = [dict(code="GAP.0412", name="DURAND", first_name="Pierre et Marie", city="Gap", address="14 RUE DE FRANCE",
                    postcode="05000", phone="06 12 45 78 90", emails=[MAILBOX])]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender=MAILBOX, sender_name="Pierre Durand", signature=SIGNED, addresses=[MAILBOX],
                  own_text="Bonjour,\nC'est pour ma femme, envoyez à mon adresse.\nCordialement")
    assert outcome.status == "linked" and outcome.linked == ["GAP.0412"], outcome.reasons


@pytest.mark.parametrize("text", [
    "j'ai monté ma boite en septembre, envoyez ici.",
    "je suis gérante d'une SARL depuis peu, envoyez ici.",
    "je suis présidente du club de foot, envoyez ici les factures du club.",
    "jai cree une sarl, envoyez ici svp",
    "I took over a bakery last month, please send the invoices here.",
    "For my new company please use this address.",
])
def test_another_business_of_the_writer_in_other_words_is_not_her_file(text):
    outcome = one(_person(), sender="pierre.durand05@gmail.com", sender_name="Pierre Durand", own_text=f"Bonjour, {text}",
                  signature="Pierre Durand\n06 12 45 78 90", addresses=["pierre.durand05@gmail.com"])
    assert outcome.status == "review" and "third_party" in [r.code for r in outcome.reasons], outcome.reasons


def test_a_business_founded_beside_the_writers_own_return_leaves_her_file():
    outcome = one(_person(), sender="pierre.durand05@gmail.com", sender_name="Pierre Durand",
                  own_text="I founded a company last year but this is for my personal tax return, send here.",
                  signature="Pierre Durand\n06 12 45 78 90", addresses=["pierre.durand05@gmail.com"])
    assert outcome.status == "linked" and outcome.linked == ["GAP.0412"], outcome.reasons


def test_another_file_named_under_the_reminders_reference_goes_to_a_person():
    clients = [dict(code="GAP.2399", name="ROUX", first_name="Jean", city="Gap", postcode="05000",
                    phone="06 75 84 93 02", emails=["jean.roux05@orange.fr"]),
               dict(code="GAP.2031", name="ROUX", first_name="Colette", city="Embrun", postcode="05200")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    facts = dict(sender="jean.roux05@orange.fr", sender_name="Jean Roux", signature="Jean Roux\n06 75 84 93 02",
                 subject="RE: Rappel : vos factures par e-mail (réf. GAP.2399)", addresses=["jean.roux05@orange.fr"])
    outcome = one(matcher, own_text="Bonjour,\nMa mère (GAP.2031) souhaite recevoir ses factures ici.", **facts)
    assert outcome.status == "review" and "names_other" in [r.code for r in outcome.reasons], outcome.reasons


def test_a_relatives_file_from_a_writer_known_by_name_is_not_his_own():
    # no mailbox on file: the writer's name points at his own file, the reply at his father's (review 18)
    clients = [dict(code="C20001", name="MARTIN", first_name="Pierre", city="Dijon", address="5 RUE BUFFON",
                    postcode="21000", emails=["pierre.martin@orange.fr"]),
               dict(code="C20002", name="MARTIN", first_name="Luc", city="Dijon", address="5 RUE BUFFON", postcode="21000")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="luc.martin@gmail.com", sender_name="Luc Martin",
                  own_text="Bonjour, c'est pour mon père, envoyez ici.", addresses=["luc.martin@gmail.com"])
    assert outcome.status == "review" and "third_party" in [r.code for r in outcome.reasons], outcome.reasons


def test_customer_numbers_in_german_and_english_are_references():
    from campaign.matching.scoring import bare_references
    found = bare_references("für die SCI (Kundennummer 14194) und mich privat (Kunden-Nr. 14195); customer number 412")
    assert [(digits, sure) for _, digits, sure in found] == [("14194", True), ("14195", True), ("412", True)]


def test_a_street_in_a_town_written_by_its_first_word():
    clients = [dict(code="22614", name="BERTRAND-OZTURK", first_name="Loïc", city="Stiring-Wendel",
                    address="36 ter rue de Verdun", postcode="57350"),
               dict(code="1", name="MARTIN", first_name="Paul", city="Metz", address="3 rue de Verdun", postcode="57000")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="loic.b57@sfr.fr", sender_name="Loic B.", intent="refusal",
                  own_text="je prefere garder les factures papier a mon adresse 36 ter rue de Verdun a Stiring,")
    assert any(e.signal == "street_town" for c in outcome.candidates if c.code == "22614" for e in c.evidence)
    # the same street in a town of another first word says nothing
    outcome = one(matcher, sender="loic.b57@sfr.fr", sender_name="Loic B.", intent="refusal",
                  own_text="je prefere garder les factures papier a mon adresse 36 ter rue de Verdun a Wendelin,")
    assert not any(e.signal == "street_town" for c in outcome.candidates for e in c.evidence)


@pytest.mark.parametrize("text", ["My bank account number is 61234 0099 for direct debit.",
                                  "Die Kundennummer 61234 gehört meinem Nachbarn, nicht mir.",
                                  "Kundennummern 61234 und 412: beide bitte an diese Adresse."])
def test_numbers_that_are_not_the_writers_reference(text):
    # (review 18c: each linked file 61234)
    matcher = Matcher(build_index([dict(code="61234", name="WEBER", first_name="Hans", city="Metz", postcode="57000")],
                                  FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="h.schmidt@web.example", sender_name="H. Schmidt", own_text=text,
                  addresses=["h.schmidt@web.example"])
    assert outcome.status != "linked", outcome.reasons
