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


@pytest.mark.parametrize("text", ["Ma mère (réf. 16174) souhaite recevoir ses factures ici.",
                                  "Ma mère, dossier 16174, souhaite recevoir ses factures ici.",
                                  "Ma mère (réf. 16174) et moi souhaitons recevoir nos factures ici."])
def test_another_number_in_the_text_under_the_reminders_number_goes_to_a_person(text):
    outcome = one(_numbers(), sender="anne.leroy@gmail.com", sender_name="Anne Leroy", own_text=text,
                  subject="Re: Relance : vos factures par e-mail - réf. 14194", addresses=["anne.leroy@gmail.com"])
    assert outcome.status == "review" and "names_other" in [r.code for r in outcome.reasons], outcome.reasons


def test_the_reminders_own_number_written_again_is_still_linked():
    outcome = one(_numbers(), sender="anne.leroy@gmail.com", sender_name="Anne Leroy",
                  own_text="Oui pour mon dossier 14194, envoyez ici.",
                  subject="Re: Relance : vos factures par e-mail - réf. 14194", addresses=["anne.leroy@gmail.com"])
    assert outcome.status == "linked" and outcome.linked == ["14194"], outcome.reasons
