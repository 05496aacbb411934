"""Round 22 of issue 11 (set58's development half, in synthetic names): a client code of four digits and an office's
letter ("0870V") written as the number alone in brackets after the file's legal form or name; the writers' own file
beside a list of their companies ("ainsi que pour nous personnellement"); a company of a list named only to put its
answer off; a mailbox
set aside as seldom read for the one written from ("Envoyez plutôt ici, sur l'adresse de ce mail")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.records import ReplyFacts
from campaign.matching.scoring import group_reply
from campaign.matching.settings import MatchingSettings
from campaign.understanding import understand
from tests.test_matching_evidence import one
from tests.test_understanding_units import FIRM as UNDERSTANDING_FIRM, mail

FIRM = ("cabinet-exemple.fr",)
FAMILY = "earl.morel.noix@wanadoo.example"


def _matcher() -> Matcher:
    clients = [
        dict(code="0870V", name="EARL DES NOYERAIES MOREL", legal_form="EARL", city="L'Albenc", address="LES CHIROUZES",
             postcode="38470", emails=[FAMILY]),
        dict(code="0871V", name="GFA DE LA COTE MOREL", legal_form="GFA", city="Vinay", address="LA COTE",
             postcode="38470"),
        dict(code="0872V", name="SCI DU SECHOIR", legal_form="SCI", city="L'Albenc", address="LES CHIROUZES",
             postcode="38470"),
        dict(code="0367V", name="MOREL", first_name="Jean-Paul et Monique", city="L'Albenc", address="LES CHIROUZES",
             postcode="38470", emails=[FAMILY]),
        dict(code="0367O", name="2 ALPES SPORTS LOCATION", legal_form="SARL", city="Lyon", postcode="69006"),
        dict(code="0872G", name="BOULANGERIE DU DRAC", legal_form="SARL", city="Grenoble", postcode="38000"),
        dict(code="0412G", name="GARAGE DU PARC", legal_form="SARL", city="Grenoble", postcode="38000"),
    ]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def test_a_number_in_brackets_after_a_files_legal_form_or_name_is_its_code():
    text = ("Pour l'EARL (0870), le GFA (0871), la SCI du séchoir (0872) et pour nous deux personnellement (0367), vous "
            f"pouvez tout envoyer à cette adresse : {FAMILY}. C'est moi qui m'occupe de tous les papiers.")
    outcome = one(_matcher(), sender=FAMILY, sender_name="EARL Morel", own_text=text, addresses=[FAMILY],
                  signature="Monique Morel\nLes Chirouzes - L'Albenc")
    assert (outcome.status, sorted(outcome.linked)) == ("linked", ["0367V", "0870V", "0871V", "0872V"]), outcome.reasons
    references = {c.code: e.args["ref"] for c in outcome.candidates for e in c.evidence if e.signal == "reference"}
    assert references == {"0870V": "0870", "0871V": "0871", "0872V": "0872"}  # 0872G is no SCI, 0367 is two offices'


@pytest.mark.parametrize("text", [
    "Merci de noter notre adresse pour les factures du garage (0872), c'est celle-ci.",  # a garage: no file's form or name
    "Facture (0870) bien reçue, voici l'adresse pour les suivantes.",
])
def test_a_number_in_brackets_after_other_words_names_no_file(text):
    outcome = one(_matcher(), sender="x@gmail.example", own_text=text, addresses=["x@gmail.example"])
    assert not any(e.signal == "reference" for c in outcome.candidates for e in c.evidence)


def test_the_writers_own_file_beside_the_companies_listed_by_reference():
    text = ("Pour toutes nos factures (EARL des Noyeraies Morel, GFA de la Côte Morel et SCI du Séchoir, réf. 0870V, "
            "0871V et 0872V) ainsi que pour nous personnellement (Jean-Paul et Monique Morel), vous pouvez utiliser "
            f"cette adresse : {FAMILY}")
    outcome = one(_matcher(), sender=FAMILY, sender_name="EARL des Noyeraies Morel", own_text=text, addresses=[FAMILY],
                  references=["0870V", "0871V", "0872V"], signature="Monique Morel\nL'Albenc")
    assert (outcome.status, sorted(outcome.linked)) == ("linked", ["0367V", "0870V", "0871V", "0872V"]), outcome.reasons


def test_the_companies_alone_when_the_personal_file_is_not_spoken_for():
    text = (f"Pour l'EARL, le GFA et la SCI (réf. 0870V, 0871V et 0872V), vous pouvez utiliser cette adresse : {FAMILY}."
            " Pour nous personnellement, gardez le courrier.")
    outcome = one(_matcher(), sender=FAMILY, sender_name="EARL des Noyeraies Morel", own_text=text, addresses=[FAMILY],
                  references=["0870V", "0871V", "0872V"])
    assert "0367V" not in outcome.linked


def test_the_number_alone_of_a_code_with_its_office_letter_after_it():
    index = build_index([dict(code="0412G", name="GARAGE DU PARC"), dict(code="0412-NA", name="SCI LES PINS"),
                         dict(code="1187/JM", name="BOULANGERIE MARTIN")], FIRM)
    assert [index.codes[i] for i in index.by_digits["412"]] == ["0412G", "0412-NA"]
    assert [index.codes[i] for i in index.by_digits["1187"]] == ["1187/JM"]


@pytest.mark.parametrize("text, group", [
    # (a count is no group reply: the file may hold more or fewer companies than it says; review of round 22)
    ("Pour la holding et ses trois filiales, merci d'envoyer toutes vos factures à une seule adresse.", False),
    ("Pour la holding et ses filiales : factures@x.example", True),
    ("Pour la holding seulement ; ses trois filiales vous répondront.", False),
])
def test_a_holding_and_its_subsidiaries_is_a_group_reply(text, group):
    assert group_reply(text) is group


SENDER = "Frédéric Blanc <fred.blanc69@free.example>"


@pytest.mark.parametrize("said, meant", [
    ("Pour le magasin (0078O) : l'adresse hiver.skiloc@gmail.example n'est relevée que pendant la saison, de décembre "
     "à avril.\nEnvoyez plutôt les factures du magasin ici, sur l'adresse de ce mail.", "fred.blanc69@free.example"),
    ("L'adresse hiver.skiloc@gmail.example n'est lue qu'en saison. Envoyez plutôt sur l'adresse de ce mail.",
     "fred.blanc69@free.example"),
    # nothing sets the mailbox given aside for the one written from
    ("Envoyez les factures à hiver.skiloc@gmail.example. Je la consulte rarement mais c'est celle du magasin.",
     "hiver.skiloc@gmail.example"),
    ("L'adresse hiver.skiloc@gmail.example est relevée tous les jours : envoyez plutôt là-bas.",
     "hiver.skiloc@gmail.example"),
])
def test_a_mailbox_set_aside_as_seldom_read_for_the_one_written_from(said, meant):
    reply = understand(mail(f"Bonjour,\n\n{said}\n\nCordialement,\nFrédéric Blanc", sender=SENDER,
                            subject="Ski Loc - factures"), UNDERSTANDING_FIRM)
    assert (reply.intent, reply.addresses) == ("address", [meant])


def _group() -> Matcher:
    clients = [
        dict(code="735901", name="TK FINANCES", legal_form="SAS", city="Calais", postcode="62100"),
        dict(code="735902", name="TRANSP. CALAISIENS", legal_form="SAS", city="Calais", postcode="62100",
             emails=["exploitation@groupe-tk.example"]),
        dict(code="735903", name="SARL MANUTENTION DU DETROIT (MDD)", legal_form="SARL", city="Calais", postcode="62100",
             emails=["comptabilite@groupe-tk.example"]),
        dict(code="735904", name="SAS ENTREPOTS DE LA COTE D'ALBATRE", legal_form="SAS", city="Gravelines",
             postcode="59820"),
    ]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


GROUP_SENDER = "comptabilite@groupe-tk.example"


@pytest.mark.parametrize("later", [
    "Pour les Entrepôts de la Côte d'Albâtre (Gravelines), le site a sa propre comptabilité : je vous confirme leur "
    "adresse dans quelques jours.",
    "Pour les Entrepôts de la Côte d'Albâtre, je reviens vers vous.",
])
def test_a_company_of_the_list_named_only_to_put_its_answer_off_is_no_link(later):
    text = ("Voici nos consignes pour les sociétés du groupe :\n- TK Finances (735901), Transports Calaisiens (735902) et "
            f"MDD (735903) : merci d'envoyer toutes les factures à {GROUP_SENDER} ;\n\n{later}")
    outcome = one(_group(), sender=GROUP_SENDER, sender_name="Comptabilité TK", own_text=text, addresses=[GROUP_SENDER],
                  subject="Réf. 735901 / 735902 / 735903 - adresse pour vos factures")
    assert "735904" not in outcome.linked
    assert any(r.code == "put_off" and r.args["code"] == "735904" for r in outcome.reasons), outcome.reasons


def test_the_companies_of_the_list_are_linked_when_none_is_put_off():
    text = ("Pour TK Finances (735901), Transports Calaisiens (735902) et MDD (735903) : merci d'envoyer toutes les "
            f"factures à {GROUP_SENDER}, et ce dans les prochains jours. Bonne journée.")
    outcome = one(_group(), sender=GROUP_SENDER, sender_name="Comptabilité TK", own_text=text, addresses=[GROUP_SENDER])
    assert (outcome.status, sorted(outcome.linked)) == ("linked", ["735901", "735902", "735903"]), outcome.reasons


# Round 22's review: a helper who had not read the code wrote adversarial cases against the round's rules and ran them
# with the round's start code and its first version; these are the ones the first version got wrong (a dissolved EARL in
# brackets, a year or a phone's digits in brackets, "nous deux" of two partners, "pour moi personnellement" from an
# assistant or a wife whose name the private file does not bear, "la holding et ses trois filiales" where the file holds
# two or four, a company named only to put its answer off), and a few it got right. Synthetic names throughout.
REVIEW = json.loads((Path(__file__).parent / "fixtures" / "matching-review-round22.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", REVIEW, ids=[c["name"] for c in REVIEW])
def test_round_22_review(case):
    matcher = Matcher(build_index(case["clients"], FIRM), MatchingSettings(), FIRM)
    reply = dict(case["reply"], auth={"dmarc": "pass"}, intent="address")
    outcome = matcher.match([ReplyFacts(1, **reply)])[0]
    got = "linked:" + ",".join(sorted(outcome.linked)) if outcome.status == "linked" else outcome.status
    if "expect" in case:
        assert got == case["expect"], outcome.reasons
    else:
        assert case["not_linked"] not in outcome.linked  # another person's private file
