"""Round 19 of issue 11 (review cases, synthetic names): more ways of writing for a relative's or another person's file
from the writer's own mailbox; a plain-number reference in the text beside the reminder's subject number; another
business or an association of the writer's."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
MAILBOX = "jean.dupont21@gmail.com"


def _matcher() -> Matcher:
    clients = [dict(code="C10001", name="DUPONT", first_name="Jean", city="Dijon", address="3 RUE DES LILAS",
                    postcode="21000", emails=[MAILBOX]),
               dict(code="C10002", name="DUPONT", first_name="Paul", city="Beaune", address="8 RUE CARNOT",
                    postcode="21200"),
               dict(code="C20001", name="MARTIN", first_name="Pierre", city="Dijon", address="5 RUE BUFFON",
                    postcode="21000")]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def _from_jean(text: str, signature: str = ""):
    return one(_matcher(), sender=MAILBOX, sender_name="Jean Dupont", own_text=f"Bonjour,\n{text}",
               signature=signature, addresses=[MAILBOX])


@pytest.mark.parametrize("text", [
    "Je vous réponds au nom de mon fils : envoyez ses factures ici.",
    "C'est pour mon voisin, il n'a pas d'ordinateur. Envoyez ici.",
    "Je réponds pour un ami, envoyez les factures ici.",
    "Je suis le tuteur de ma tante ; envoyez ses factures ici.",
    "Pour la succession de mon père, envoyez les factures ici.",
    "Ma mère souhaite recevoir ses factures à mon adresse.",
    "Ce n'est pas pour moi mais pour ma femme, envoyez ici.",
    "On behalf of my father: please send his invoices here.",
    "My wife's invoices can be sent to this address.",
    "I'm replying for my neighbour, who has no e-mail. Send here.",
    "Das ist für meine Mutter, bitte an diese Adresse.",
    # the review's second pass (synthetic): without a hand-over word, after a greeting, in a word, in German
    "Bonjour, ma mère souhaite recevoir ses factures à mon adresse.",
    "Je vous réponds au nom de mon fils.",
    "Ce n'est pas pour moi mais pour ma femme.",
    "Ich antworte für meine Mutter.",
    "Pour ma mère : ok pour le mail.",
    "Merci d'envoyer les factures de ma mère à cette adresse.",
    "Je vous écris de la part de ma sœur : elle accepte le mail.",
    "Ma femme souhaite recevoir ses factures à mon adresse.",
    "Je me permets de vous répondre à la place de ma belle-mère, qui est âgée. Elle accepte le mail.",
    "Ce ne sont pas mes factures mais celles de ma mère : elle accepte le mail, à mon adresse.",
])
def test_another_persons_file_written_for_from_the_writers_mailbox_goes_to_a_person(text):
    outcome = _from_jean(text, "Jean Dupont")
    assert outcome.status == "review" and "third_party" in [r.code for r in outcome.reasons], outcome.reasons


@pytest.mark.parametrize("text, signature", [
    # the relative writes from the file's own mailbox and signs her own name
    ("Je réponds pour mon père qui n'a pas l'habitude : envoyez ses factures ici.", "Sophie"),
    ("Je réponds pour mon père qui n'a pas l'habitude : envoyez ses factures ici. Sophie", ""),
    ("C'est Mathis, le petit-fils de M. Dupont, j'écris à sa place. Mon grand-père souhaite recevoir ses factures "
     "ici.", ""),
    # the writer's own invoices
    ("Ma mère souhaite que mes factures arrivent ici, et moi aussi.", "Jean Dupont"),
])
def test_the_files_own_person_or_her_relative_at_her_mailbox_is_linked(text, signature):
    outcome = _from_jean(text, signature)
    assert outcome.status == "linked" and outcome.linked == ["C10001"], outcome.reasons


@pytest.mark.parametrize("text", ["Je suis devenu auto-entrepreneur, envoyez les factures ici.",
                                  "Pour le comité des fêtes, envoyez ici.", "C'est pour le CE, envoyez ici."])
def test_another_business_or_association_of_a_private_writer_goes_to_a_person(text):
    assert _from_jean(text, "Jean Dupont").status == "review"


def _numbers() -> Matcher:
    clients = [dict(code="14194", name="LEROY", first_name="Anne", city="Dijon", address="3 RUE DES LILAS",
                    postcode="21000", emails=["anne.leroy@gmail.com"]),
               dict(code="16174", name="GARNIER", first_name="Josette", city="Auxonne", address="1 PLACE D'ARMES",
                    postcode="21130")]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def _under_the_reminder(text: str):
    """Anne Leroy's reply to the reminder about her own file (14194), the firm's codes plain numbers."""
    return one(_numbers(), sender="anne.leroy@gmail.com", sender_name="Anne Leroy", own_text=text,
               subject="Re: Relance : vos factures par e-mail - réf. 14194", addresses=["anne.leroy@gmail.com"])


@pytest.mark.parametrize("text", ["Ma mère (réf. 16174) souhaite recevoir ses factures ici.",
                                  "Ma mère, dossier 16174, souhaite recevoir ses factures ici.",
                                  "Ma mère (réf. 16174) et moi souhaitons recevoir nos factures ici."])
def test_another_number_in_the_text_under_the_reminders_number_goes_to_a_person(text):
    outcome = _under_the_reminder(text)
    assert outcome.status == "review" and "names_other" in [r.code for r in outcome.reasons], outcome.reasons


def test_the_reminders_own_number_written_again_is_still_linked():
    outcome = _under_the_reminder("Oui pour mon dossier 14194, envoyez ici.")
    assert outcome.status == "linked" and outcome.linked == ["14194"], outcome.reasons


def test_writing_in_a_relatives_place_signed_by_the_files_own_person_goes_to_a_person():
    text = "Ma tante ne sait pas se servir d'un ordinateur, j'écris à sa place : elle accepte de recevoir ses factures ici."
    assert _from_jean(text, "Jean Dupont").status == "review"


@pytest.mark.parametrize("text", [
    "Mon fils souhaite recevoir ses factures par mail lui aussi, il vous écrira de son côté. Moi aussi je suis d'accord.",
    "Envoyez-moi les factures ici, c'est bien celle de mon mari que vous aviez avant.",
])
def test_a_relative_set_aside_or_only_his_address_leaves_the_writers_file(text):
    outcome = _from_jean(text, "Jean Dupont")
    assert outcome.status == "linked" and outcome.linked == ["C10001"], outcome.reasons


@pytest.mark.parametrize("text", ["Ma mère (réf. 16174) a déjà répondu ; pour moi, oui au mail.",
                                  "Oui pour le mail. Petite question sur votre facture réf. 16174."])
def test_another_number_beside_the_writers_own_yes_or_an_invoices_keeps_the_link(text):
    outcome = _under_the_reminder(text)
    assert outcome.status == "linked" and outcome.linked == ["14194"], outcome.reasons


def _office() -> Matcher:
    clients = [dict(code="DOS-0708", name="BUREAU GESTION IROISE", legal_form="SARL", city="Brest",
                    address="15 RUE DE LYON", postcode="29200", phone="02 98 57 16 47", emails=["contact@bgi-iroise.example"]),
               dict(code="DOS-2660", name="SNC LE BRIS-PRIGENT", legal_form="SNC", city="LE RELECQ KERHUON",
                    address="40 RUE VINCENT JEZEQUEL", postcode="29480", emails=["compta@bgi-iroise.example"]),
               dict(code="DOS-0961", name="SCM DU CABINET MEDICAL DE LA GARE", legal_form="SCM", city="CONCARNEAU",
                    address="4 AVENUE DE LA GARE", postcode="29900", phone="02 98 60 22 46",
                    emails=["secretariat.cabmedgare@gmail.com"]),
               dict(code="DOS-0640", name="DR LE GOFF ANNE", legal_form="EI", city="CONCARNEAU",
                    address="4 AVENUE DE LA GARE", postcode="29900", phone="02 98 60 22 46")]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def test_a_bookkeeping_office_writing_for_a_client_is_a_third_party():
    outcome = one(_office(), sender="f.jezequel@bgi-iroise.example", sender_name="Fanny Jézéquel",
                  own_text="Bonjour,\nNous tenons la comptabilité du bar-tabac Le Relais au Relecq-Kerhuon.\nMerci "
                           "d'adresser vos factures le concernant à compta@bgi-iroise.example, comme pour les autres "
                           "dossiers que nous suivons chez vous.",
                  signature="Fanny Jézéquel\nBureau Gestion Iroise\n15 rue de Lyon – 29200 Brest\n02 98 57 16 47",
                  addresses=["compta@bgi-iroise.example"])
    assert outcome.status == "review" and "third_party" in [r.code for r in outcome.reasons], outcome.reasons


def test_two_files_named_for_one_address_are_not_linked_as_one():
    outcome = one(_office(), sender="secretariat.cabmedgare@gmail.com", sender_name="Secrétariat Cabinet médical",
                  own_text="Bonjour,\nPour le Dr Anne Le Goff et pour la SCM du cabinet médical, merci d'envoyer toutes "
                           "les factures à l'adresse du secrétariat : secretariat.cabmedgare@gmail.com",
                  signature="Catherine, secrétaire médicale\n4 avenue de la Gare, Concarneau\n02 98 60 22 46",
                  addresses=["secretariat.cabmedgare@gmail.com"])
    assert outcome.status != "linked" or sorted(outcome.linked) == ["DOS-0640", "DOS-0961"], outcome.reasons


def test_a_later_different_address_after_a_held_back_reply_is_a_second_address():
    from campaign.matching.records import ReplyFacts
    first = ReplyFacts(1, sender=MAILBOX, sender_name="Jean Dupont", intent="address", addresses=[MAILBOX],
                       own_text="Bonjour,\nEnvoyez mes factures ici, et pour papa aussi.\nJean Dupont",
                       auth={"dmarc": "pass"}, date="2031-11-02")
    # another mailbox (the same one changing its mind is no second address), on file for Jean Dupont by now
    second = ReplyFacts(2, sender="jd21@orange.fr", sender_name="Jean Dupont", intent="address",
                        addresses=["jd21@orange.fr"], own_text="Bonjour,\nEnvoyez ici.\nJean Dupont",
                        auth={"dmarc": "pass"}, date="2031-11-20")
    held, later = _matcher().match([first, second])
    assert held.status == "review" and [r.code for r in held.reasons] == ["also_for"]
    assert later.status == "review" and "second_address" in [r.code for r in later.reasons], later.reasons


def _group() -> Matcher:
    clients = [dict(code="IS509", name="SAS HOLDING DES CIMES", legal_form="SAS", city="BESSE-ET-ST-ANASTAISE",
                    address="SUPER BESSE - 2 PLACE DES SPORTS", postcode="63610", emails=["direction@hotels-des-cimes.example"]),
               dict(code="IS266", name="HOT. REST. LES BRUYERES", legal_form="SARL", city="BESSE ET ST ANASTAISE",
                    address="SUPER BESSE - ROUTE DU LAC", postcode="63610", emails=["bruyeres@hotels-des-cimes.example"]),
               dict(code="IS450", name="RESIDENCE LES CRETES", legal_form="SARL", city="BESSE-ET-ST-ANASTAISE",
                    address="SUPER BESSE - 4 PLACE DES SPORTS", postcode="63610")]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def test_a_list_of_three_with_two_found_is_not_linked_as_two():
    outcome = one(_group(), sender="compta@hotels-des-cimes.example", sender_name="Nadège Rongier",
                  subject="RE: Vos factures par e-mail - réf. IS509", addresses=["compta@hotels-des-cimes.example"],
                  own_text="Bonjour,\nPour la SAS Holding des Cimes, l'hôtel Les Bruyères et la Résidence Les Crêtes à "
                           "Super-Besse, merci d'envoyer toutes les factures à compta@hotels-des-cimes.example.")
    assert outcome.status == "review" and "count" in [r.code for r in outcome.reasons], outcome.reasons


def test_an_address_disowned_in_the_reply_is_no_misaddressed_message():
    outcome = one(_group(), sender="compta@hotels-des-cimes.example", sender_name="Nadège Rongier",
                  subject="RE: Vos factures par e-mail - réf. IS450", addresses=["compta@hotels-des-cimes.example"],
                  own_text="Bonjour,\nPour la Résidence Les Crêtes, merci d'envoyer les factures à "
                           "compta@hotels-des-cimes.example. Attention, l'adresse bruyeres@hotels-des-cimes.example est "
                           "celle d'un autre établissement, ce n'est pas nous.")
    assert "misaddressed" not in [r.code for r in outcome.reasons], outcome.reasons


@pytest.mark.parametrize("text", [
    "Bonjour, nos clients reçoivent déjà leurs factures par mail, donc ok pour nous aussi.",
    "Bonjour, notre client principal nous paie par virement ; ok pour le mail pour vos factures.",
    "Nous tenons la comptabilité nous-mêmes, ok pour le mail.",
])
def test_a_business_speaking_of_its_own_customers_or_books_is_no_bookkeeper(text):
    outcome = one(_office(), sender="contact@bgi-iroise.example", sender_name="Bureau Gestion Iroise",
                  own_text=text, addresses=["contact@bgi-iroise.example"])
    assert "third_party" not in [r.code for r in outcome.reasons], outcome.reasons


@pytest.mark.parametrize("text, misaddressed", [
    ("Je préfère ne pas vous donner mon adresse : ce n'est pas moi qui m'occupe de ses papiers.", False),
    ("Oui c'est bien mon adresse mail, mais ce n'est pas moi le client, c'est un homonyme de Beaune.", True),
])
def test_not_me_is_a_wrong_person_only_when_it_says_so(text, misaddressed):
    outcome = _from_jean(text, "Jean Dupont")
    assert ("misaddressed" in [r.code for r in outcome.reasons]) is misaddressed, outcome.reasons


@pytest.mark.parametrize("text", ["Pour moi et pour la SCI Dupont Immo, envoyez les factures ici.",
                                  "Pour moi et la SARL Dupont Bâtiment : tout à cette adresse."])
def test_the_writers_file_and_a_company_not_found_are_not_linked_as_one(text):
    outcome = _from_jean(text, "Jean Dupont")
    assert outcome.status == "review" and "also_for" in [r.code for r in outcome.reasons], outcome.reasons
