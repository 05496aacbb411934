"""Round 20 of issue 11 (the round-19 review's cases, synthetic names): kin words written with a space or without a
hand-over word of their own, a bookkeeper's "notre client(e)", one file found of a list, a person's name and a
company, and a held-back reply that speaks for a relative or names another file keeping its client's address."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.records import ReplyFacts
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
MAILBOX = "jean.dupont21@gmail.com"


def _matcher() -> Matcher:
    clients = [dict(code="C10001", name="DUPONT", first_name="Jean", city="Dijon", address="3 RUE DES LILAS",
                    postcode="21000", emails=[MAILBOX]),
               dict(code="C10003", name="DUPONT", first_name="Monique", city="Dijon", address="12 RUE MONGE",
                    postcode="21000"),
               dict(code="C50001", name="SARL DUPONT BATIMENT", legal_form="SARL", city="Dijon",
                    address="3 RUE DES LILAS", postcode="21000"),
               dict(code="C50002", name="SCI DUPONT", legal_form="SCI", city="Dijon", address="3 RUE DES LILAS",
                    postcode="21000"),
               dict(code="C60001", name="SARL BAR LE CENTRAL", legal_form="SARL", city="Dijon",
                    address="1 PLACE DARCY", postcode="21000", emails=["compta@cabinet-martin.example"]),
               dict(code="C90001", name="SAS HOLDING ARMAND", legal_form="SAS", city="Annecy", address="2 QUAI PERRIERE",
                    postcode="74000", emails=["contact@groupe-armand.example"])]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def _from_jean(text: str, signature: str = ""):
    return one(_matcher(), sender=MAILBOX, sender_name="Jean Dupont", own_text=text, signature=signature,
               addresses=[MAILBOX])


def _from_the_group(text: str, sender: str = "contact@groupe-armand.example", name: str = "Groupe Armand"):
    return one(_matcher(), sender=sender, sender_name=name, own_text=text, addresses=[sender])


def _reasons(outcome) -> list[str]:
    return [r.code for r in outcome.reasons]


@pytest.mark.parametrize("text", [
    "Je reponds a la place de ma belle mere, ok pour le mail.",
    "pour le compte de mon beau pere : envoyez ses factures ici svp",
    "Ce n'est pas pour moi, c'est pour ma mère : ok pour le mail à cette adresse.",
    "Ce n'est pas pour moi, c'est pour ma mère : ok pour le mail.",
    "Envoyez celles de ma mère ici, merci.",
    "Envoyez celles de mon père ici, merci.\nJean",
])
def test_a_relatives_file_in_other_words_goes_to_a_person(text):
    outcome = _from_jean(text)
    assert outcome.status == "review" and "third_party" in _reasons(outcome), outcome.reasons


@pytest.mark.parametrize("text", [
    "Envoyez mes factures ici, merci.",
    "Ok pour le mail. Je m'occupe aussi des papiers de ma belle mère, je vous écrirai pour elle.",
])
def test_the_writers_own_file_stays_linked(text):
    outcome = _from_jean(text, "Jean Dupont")
    assert outcome.status == "linked" and outcome.linked == ["C10001"], outcome.reasons


@pytest.mark.parametrize("text", [
    "Notre cliente la SARL Bar Le Central accepte les factures dématérialisées, à envoyer ici svp.",
    "Bonjour, notre client le Bar Le Central est d'accord pour recevoir ses factures par mail ici.",
    "Nous suivons la comptabilité du Bar Le Central, envoyez les factures ici.",
])
def test_a_bookkeeper_writing_for_a_client_goes_to_a_person(text):
    outcome = _from_the_group(text, "compta@cabinet-martin.example", "Cabinet Martin")
    assert outcome.status == "review" and "third_party" in _reasons(outcome), outcome.reasons


@pytest.mark.parametrize("text", [
    "Pour la SAS Holding Armand, l'hôtel du Lac et la Résidence les Pins, merci d'envoyer les factures ici.",
    "Pour la SAS Holding Armand ainsi que pour l'Hôtel du Lac, merci d'envoyer les factures ici.",
    "Pour la SAS Holding Armand et l'hôtel du Lac, merci d'envoyer les factures ici.",
    "Pour la SAS Holding Armand et pour l'hôtel du Lac, merci d'envoyer les factures ici.",
])
def test_one_file_found_of_a_list_is_not_linked_alone(text):
    outcome = _from_the_group(text)
    assert outcome.status == "review" and {"count", "also_for"} & set(_reasons(outcome)), outcome.reasons


@pytest.mark.parametrize("text", [
    "Pour la facturation et les relances, merci d'utiliser cette adresse.",
    "Pour la SAS Holding Armand, vous pouvez envoyer ici.\nPour l'hôtel du Lac et la résidence, je vous répondrai plus tard.",
])
def test_what_is_sent_or_put_off_is_no_list_of_files(text):
    outcome = _from_the_group(text)
    assert not {"count", "also_for"} & set(_reasons(outcome)), outcome.reasons


@pytest.mark.parametrize("text", [
    "Pour moi, la SARL Dupont Bâtiment et la SCI Dupont, ok pour le mail.\nJean Dupont",
    "Pour Jean Dupont et pour la SARL Dupont Bâtiment : ok pour le mail.\nJean Dupont",
    "Pour Jean Dupont et la SARL Dupont Bâtiment : ok pour le mail.",
])
def test_a_person_and_companies_named_are_not_linked_as_one(text):
    outcome = _from_jean(text)
    assert outcome.status != "linked" or len(outcome.linked) >= 2, (outcome.linked, outcome.reasons)


def _reply(n: int, sender: str, text: str, date: str) -> ReplyFacts:
    return ReplyFacts(n, sender=sender, sender_name="Jean Dupont", intent="address", addresses=[sender], own_text=text,
                      auth={"dmarc": "pass"}, date=date)


def test_a_held_back_reply_for_the_writer_and_a_relative_keeps_the_writers_address():
    first = _reply(1, MAILBOX, "Bonjour, ok pour recevoir mes factures par mail ici, et pour maman aussi.\nJean Dupont",
                   "2031-11-02")
    second = _reply(2, "jd21@orange.fr", "Bonjour, merci d'utiliser désormais cette adresse.\nJean Dupont", "2031-11-20")
    held, later = _matcher().match([first, second])
    assert held.status == "review" and "also_for" in _reasons(held), held.reasons
    assert later.status == "review" and "second_address" in _reasons(later), later.reasons


def test_a_reply_only_for_a_relative_gives_the_writer_no_address():
    first = _reply(1, MAILBOX, "Ce n'est pas pour moi mais pour ma mère : ok pour le mail.\nJean", "2031-11-02")
    second = _reply(2, "jd21@orange.fr", "Et pour moi, ok pour le mail à cette adresse.\nJean Dupont", "2031-11-20")
    held, later = _matcher().match([first, second])
    assert held.status == "review" and "third_party" in _reasons(held), held.reasons
    assert "second_address" not in _reasons(later), later.reasons


# -- set53's development half (synthetic names) ---------------------------------------------------

def _practice() -> Matcher:
    clients = [dict(code="2602/ID", name="SELARL VETERINAIRE DU FRONSADAIS", legal_form="SELARL", city="FRONSAC",
                    address="6 AVENUE DE LIBOURNE", postcode="33126", phone="0557565690",
                    emails=["clinique@veto-fronsadais.example"]),
               dict(code="2604/ID", name="SCM VETO FRONSADAIS", legal_form="SCM", city="FRONSAC",
                    address="6 AVENUE DE LIBOURNE", postcode="33126", phone="05 57 34 99 76"),
               dict(code="2606/CD", name="EARL DU FRONSADAIS", legal_form="EARL", city="SAINT-GERMAIN-LA-RIVIERE",
                    address="LIEU-DIT LE BOURG", postcode="33240")]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def test_two_codes_written_whole_link_both_files_of_one_practice():
    outcome = one(_practice(), sender="clinique@veto-fronsadais.example", sender_name="Clinique Vétérinaire",
                  subject="Adresses mail factures",
                  own_text="Bonjour,\nVoici nos adresses pour l'envoi des factures :\n"
                           "- SELARL Vétérinaire du Fronsadais (2602/ID) : clinique@veto-fronsadais.example\n"
                           "- SCM Véto Fronsadais (2604/ID) : scm@veto-fronsadais.example\nDr Léa Bonnin",
                  addresses=["clinique@veto-fronsadais.example", "scm@veto-fronsadais.example"])
    assert outcome.status == "linked" and sorted(outcome.linked) == ["2602/ID", "2604/ID"], outcome.reasons


def test_a_code_written_whole_is_a_reference_without_a_cue():
    outcome = one(_practice(), sender="someone@gmail.example", sender_name="L. Bonnin", subject="factures",
                  own_text="Bonjour,\nPour l'EARL (2606/CD), envoyez à earl.fronsadais@gmail.example svp.",
                  addresses=["earl.fronsadais@gmail.example"])
    signals = {e.signal for c in outcome.candidates if c.code == "2606/CD" for e in c.evidence}
    assert "reference" in signals, outcome.candidates


def test_a_company_left_to_answer_itself_holds_a_group_reply_back():
    clients = [dict(code="1341/PL", name="SAS HOLDING ESCARRAT", legal_form="SAS", city="BORDEAUX",
                    address="42 QUAI DES CHARTRONS", postcode="33000", emails=["compta@escarrat.example"]),
               dict(code="1342/PL", name="SAS ESCARRAT ET FILS", legal_form="SAS", city="BORDEAUX",
                    address="42 QUAI DES CHARTRONS", postcode="33000"),
               dict(code="1344/ID", name="SCEA CHATEAU HAUT-CORMEY", legal_form="SCEA", city="ST EMILION",
                    address="LIEU-DIT CORMEY", postcode="33330", emails=["chateau@escarrat.example"])]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="compta@escarrat.example", sender_name="Comptabilité Escarrat",
                  own_text="Bonjour,\nVoici les adresses de nos sociétés :\n"
                           "- SAS Holding Escarrat (1341/PL) : compta@escarrat.example\n"
                           "- SAS Escarrat et Fils (1342/PL) : negoce@escarrat.example\n"
                           "Pour le Château Haut-Cormey, la réponse vous viendra directement du château.",
                  addresses=["compta@escarrat.example", "negoce@escarrat.example"])
    assert "1344/ID" not in outcome.linked, (outcome.linked, outcome.reasons)


# -- the round's review (synthetic names) ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Pas pour moi, pour mon père. Ok pour le mail ici.\nJean",
    "Envoyez-moi les miennes ici et celles de ma mère aussi.\nJean",
    "Mes factures et celles de ma femme : ok à cette adresse.\nJean",
    "Pour moi et ma mere c'est ok par mail.\nJean",
    # the second review
    "Envoyez celles de papa sur cette adresse.\nJean",
    "Ma mère et moi sommes d'accord, envoyez tout ici.\nJean",
    "Ma mère étant âgée, c'est moi qui gère : envoyez ses factures à mon adresse.\nJean",
])
def test_a_relatives_file_beside_or_instead_of_the_writers_is_not_linked_alone(text):
    outcome = _from_jean(text)
    assert outcome.status == "review", (outcome.linked, outcome.reasons)


@pytest.mark.parametrize("text", [
    "Pour l'écologie et la simplicité, oui au mail !",
    "Pour le suivi et l'archivage c'est plus pratique, ok.",
    "Pour moi et pour la suite, ok par mail.",
    "Notre cliente Mme Martin nous a parlé de votre démarche, ok pour nous.",
    "Nous suivons la comptabilité de près, ok pour le mail.",
])
def test_words_that_only_look_like_another_file_keep_the_writers_link(text):
    outcome = _from_jean(text + "\nJean Dupont")
    assert outcome.status == "linked" and outcome.linked == ["C10001"], outcome.reasons


@pytest.mark.parametrize("text", [
    "Merci d'envoyer les factures de la SAS Holding Armand ici, ainsi que pour l'hôtel du Lac.",
    "Pour les factures de la SAS Holding Armand et de l'hôtel du Lac, utilisez cette adresse.",
])
def test_a_second_business_named_in_other_words_holds_the_link_back(text):
    outcome = _from_the_group(text)
    assert outcome.status == "review", (outcome.linked, outcome.reasons)


def test_a_held_back_reply_for_the_writer_and_a_company_keeps_the_writers_address():
    first = _reply(1, MAILBOX, "ok ici, et pour la SCI aussi.\nJean", "2031-11-02")
    second = _reply(2, "jd21@orange.fr", "Bonjour, ok pour le mail.\nJean Dupont\n3 rue des Lilas 21000 Dijon",
                    "2031-11-20")
    held, later = _matcher().match([first, second])
    assert held.status == "review", held.reasons
    assert later.status == "review" and "second_address" in _reasons(later), later.reasons


# -- the round's second review (synthetic names) -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "Ok. Notre réf. commande interne est 2606/CD si besoin.",
    "Ok pour le mail. Bon de livraison 2606/CD reçu hier.",
    "Ok. Agrément 2606/CD.",
])
def test_a_code_shaped_number_after_another_documents_word_is_no_reference(text):
    outcome = one(_practice(), sender="someone@gmail.example", sender_name="S. Traiteur", subject="factures",
                  own_text=text, addresses=["someone@gmail.example"])
    assert outcome.status != "linked", (outcome.linked, outcome.reasons)


def test_a_relative_working_beside_the_writer_keeps_his_link():
    outcome = _from_jean("Oui, ici. Mon père et moi travaillons ensemble mais chacun son dossier.\nJean Dupont")
    assert outcome.status == "linked" and outcome.linked == ["C10001"], outcome.reasons


def test_the_sci_too_in_two_words_holds_the_link_back():
    outcome = _from_jean("Oui ici. La SCI aussi.\nJean Dupont")
    assert outcome.status == "review", (outcome.linked, outcome.reasons)
