"""Round 17 of issue 11 (synthetic names): a private person's signature under "l'adresse de l'entreprise" does not
name the business; a business the writer took over, founded or presides is not her own file; "Jean-Marie" is one
person, not a couple's file "Jean et Marie"."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one, signals

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


@pytest.mark.parametrize("form", ["EI", "Micro-entreprise"])  # (a sole trader's file typed either way)
def test_a_sole_traders_signature_names_his_business(form):
    # his EI is the business: "l'entreprise" is his own file
    outcome = _signed(_bousquet(form), "Bonjour, voici l'adresse de l'entreprise pour les factures.")
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


@pytest.mark.parametrize("text", [
    "Bonjour, c'est pour moi, pas pour la société. Envoyez ici.",
    "Bonjour, je ne travaille plus pour la société Dupont, merci d'utiliser mon adresse personnelle.",
    "Bonjour, voici mon adresse pour les factures me concernant personnellement (pas celles de la menuiserie, qui a sa "
    "propre adresse).",
])
def test_a_business_set_aside_leaves_the_persons_own_file(text):
    # set aside beside the writer's own invoices; "ce n'est pas pour la société, c'est pour ma femme" says nothing of
    # the writer's own and stays a person's to read (below)
    outcome = _signed(_bousquet(""), text)
    assert outcome.status == "linked" and outcome.linked == ["E100"], outcome.reasons


@pytest.mark.parametrize("text", [
    "Bonjour, j'ai repris une entreprise de coiffure en 2015, c'est toujours la même : voici l'adresse des factures.",
    "Bonjour, ma nouvelle société de transport (mon employeur) bloque les mails perso, donc envoyez ici.",
    "Bonjour, l'association que je préside a son propre comptable ; pour moi, envoyez ici.",
])
def test_a_business_of_long_ago_or_set_aside_is_no_other_business(text):
    outcome = _signed(_bousquet("EI"), text)
    assert "third_party" not in [r.code for r in outcome.reasons], outcome.reasons


def test_a_couples_file_bearing_the_compound_name_is_still_theirs():
    matcher = _matcher([dict(code="Q100", name="FABRE", first_name="Jean-Marie et Sylvie", city="Rodez",
                             address="4 RUE DES LILAS", postcode="12000")])
    outcome = one(matcher, sender="fabre.famille@webmail.example", sender_name="Jean-Marie et Sylvie Fabre",
                  own_text="Bonjour, voici notre adresse pour nos factures.", addresses=["fabre.famille@webmail.example"])
    assert any(e.signal == "name" for c in outcome.candidates if c.code == "Q100" for e in c.evidence)


# -- set44's development half: codes of an office's letters and a number ------------------------------------------

def _offices() -> Matcher:
    return _matcher([dict(code="BRI.0549", name="BONNET", first_name="Clément", legal_form="EI", city="Saint-Chaffrey"),
                     dict(code="GAP.0549", name="SCI LES MELEZES", legal_form="SCI", city="Gap"),
                     dict(code="GAP.2031", name="HOT. REST. LE CHAMOIS", legal_form="SARL", city="Vars")])


@pytest.mark.parametrize("written", ["ref. BRI.0549", "BRI.0549", "BRI0549", "code bri 549", "réf. BRI-0549",
                                     "dossier bri 0549", "GAP.0113 et BRI 549"])
def test_an_offices_code_is_read_however_it_is_written(written):
    outcome = one(_offices(), sender="clem.b@webmail.example", sender_name="", own_text=f"Ok pour moi ({written}).",
                  addresses=["clem.b@webmail.example"])
    assert "reference" in signals(outcome, "BRI.0549") and "reference" not in signals(outcome, "GAP.0549"), written


@pytest.mark.parametrize("text", ["pour le salon de Gap 2031, voici mon adresse", "je serai à Gap 12 km plus loin",
                                  "Facture n° GAP 0412 bien reçue", "agence de Gap 1250 euros HT", "the gap 12 days",
                                  "Fait à Gap 04.12.2031", "Tel Gap 04 92 51 12 12", "commande GAP-0412 livrée"])
def test_a_towns_name_and_a_number_are_no_offices_code(text):
    # Gap is a town, "gap" an English word: an office's letters with a number are its code only as the file writes
    # it, or after "réf"
    matcher = _matcher([dict(code=code, name=f"CLIENT {n}", legal_form="SARL", city="Gap")
                        for n, code in enumerate(("GAP.2031", "GAP.0012", "GAP.0412", "GAP.1250", "GAP.0004"))])
    outcome = one(matcher, sender="clem.b@webmail.example", sender_name="", own_text=f"Bonjour, {text}.",
                  addresses=["clem.b@webmail.example"])
    assert not any(e.signal == "reference" for c in outcome.candidates for e in c.evidence), outcome.candidates


def test_an_offices_code_in_the_reminders_subject_is_the_subjects():
    # "RE: Rappel (réf. GAP.2399)" above "Mes parents …, leurs factures": the parents' file, named in words, is asked
    matcher = _matcher([dict(code="GAP.2399", name="ROUX", first_name="Didier", city="Gap",
                             emails=["didier.roux05@webmail.example"]),
                        dict(code="GAP.2205", name="ROUX", first_name="Marcel et Yvette", city="Saint-Bonnet",
                             address="RUE DE L'EGLISE")])
    outcome = one(matcher, sender="didier.roux05@webmail.example", sender_name="Didier ROUX",
                  subject="RE: Rappel : votre adresse e-mail pour les factures (réf. GAP.2399)",
                  own_text="Mes parents, Marcel et Yvette Roux (rue de l'Église à Saint-Bonnet), n'ont pas d'ordinateur : "
                           "vous pouvez envoyer leurs factures sur mon adresse.",
                  addresses=["didier.roux05@webmail.example"])
    assert outcome.status == "review" and "GAP.2205" in [c.code for c in outcome.candidates], outcome.reasons


def test_a_grown_childs_file_goes_to_a_person_unless_set_aside():
    matcher = _matcher([dict(code="DIG.1680", name="JOUVE", first_name="Michel et Danielle", city="Forcalquier"),
                        dict(code="DIG.0295", name="JOUVE PAYSAGE", legal_form="EI", city="Forcalquier")])
    text = ("Pour nous (réf. DIG.1680) vous pouvez continuer sur cette adresse. Par contre pour notre fils Sébastien "
            "(réf. DIG 295), il a maintenant sa propre adresse : seb.jouve@webmail.example")
    outcome = one(matcher, sender="jouve.famille@webmail.example", sender_name="", own_text=text,
                  addresses=["seb.jouve@webmail.example", "jouve.famille@webmail.example"])
    assert outcome.status == "review" and "third_party" in [r.code for r in outcome.reasons], outcome.reasons
    outcome = one(matcher, sender="jouve.famille@webmail.example", sender_name="",
                  own_text="Pour nous (réf. DIG.1680) vous pouvez continuer sur cette adresse. Pour notre fils, il "
                           "vous répondra lui-même.", addresses=["jouve.famille@webmail.example"])
    assert "third_party" not in [r.code for r in outcome.reasons], outcome.reasons


def test_a_reply_left_to_a_person_still_makes_the_next_address_a_second_one():
    from campaign.matching.records import ReplyFacts
    matcher = _matcher([dict(code="GAP.0412", name="GARAGE MICHEL", legal_form="SARL", city="Gap"),
                        dict(code="GAP.0413", name="GARAGE MICHEL", legal_form="SARL", city="Gap")])
    first = ReplyFacts(1, sender="a@webmail.example", own_text="Réf. GAP.0412 et GAP.0413 : envoyez ici.",
                       addresses=["a@webmail.example"], intent="address", auth={"dmarc": "pass"}, date="2031-10-01")
    second = ReplyFacts(2, sender="b@webmail.example", own_text="Réf. GAP.0412 : envoyez à cette adresse.",
                        addresses=["b@webmail.example"], intent="address", auth={"dmarc": "pass"}, date="2031-10-09")
    outcomes = matcher.match([first, second])
    assert "second_address" in [r.code for r in outcomes[1].reasons], (outcomes[0].status, outcomes[1].reasons)


def test_a_trade_and_a_town_propose_the_one_client_there():
    matcher = _matcher([dict(code="DIG.0361", name="CREPERIE LA TREILLE", legal_form="SNC", city="ALLEMAGNE EN PROVENCE"),
                        dict(code="DIG.0362", name="CREPERIE DU LAC", legal_form="SARL", city="SAINTE-CROIX-DU-VERDON"),
                        dict(code="DIG.0363", name="BOULANGERIE MICHEL", legal_form="SARL", city="ALLEMAGNE EN PROVENCE")])
    outcome = one(matcher, sender="sandrine0412@webmail.example", sender_name="Sandrine",
                  own_text="c'est pour la crêperie d'Allemagne (en Provence). Vous pouvez envoyer les factures ici.",
                  addresses=["sandrine0412@webmail.example"])
    assert outcome.status == "review" and [c.code for c in outcome.candidates] == ["DIG.0361"], outcome.candidates


def test_an_offices_code_disowned_is_not_the_clients():
    outcome = one(_offices(), sender="clem.b@webmail.example", sender_name="",
                  own_text="Ce n'est pas GAP.0549 mais BRI.0549, votre courrier s'est trompé. Envoyez ici.",
                  addresses=["clem.b@webmail.example"])
    assert "reference" not in signals(outcome, "GAP.0549") and outcome.linked != ["GAP.0549", "BRI.0549"]


def test_a_child_spoken_of_in_passing_is_no_other_client():
    outcome = _signed(_bousquet("EI"), "Bonjour, j'ai gardé la ferme pour mon fils. Pour mes factures, envoyez ici.")
    assert "third_party" not in [r.code for r in outcome.reasons], outcome.reasons


def test_a_trades_invoices_are_a_business():
    outcome = _signed(_bousquet(""), "Bonjour, envoyez ici les factures du garage (pas celles de la menuiserie).")
    assert outcome.status == "review", outcome.reasons


@pytest.mark.parametrize("text", ["Pour mon voisin (GAP.0549), envoyez ses factures ici.",
                                  "Mon voisin (GAP.0549) m'a dit de vous écrire. Envoyez mes factures ici.",
                                  "Envoyez ici les factures de tous mes dossiers sauf GAP.0549."])
@pytest.mark.parametrize("code", ["GAP.0549", "C0549"])
def test_a_code_set_aside_or_a_neighbours_names_no_link(text, code):
    # from a mailbox no file holds: the code is all there is
    matcher = _matcher([dict(code=code, name="MARTIN", first_name="Paul", city="Gap"),
                        dict(code="X0500", name="DURAND", first_name="Anne", city="Gap")])
    outcome = one(matcher, sender="anne.durand@webmail.example", sender_name="",
                  own_text=text.replace("GAP.0549", code), addresses=["anne.durand@webmail.example"])
    assert code not in outcome.linked, (outcome.status, outcome.reasons)


@pytest.mark.parametrize("text", ["Bonjour, ce n'est pas pour la société, c'est pour ma femme : ses factures ici.",
                                  "Bonjour, je ne travaille plus pour la société, je suis à mon compte : envoyez les "
                                  "factures de mon activité ici."])
def test_a_business_set_aside_alone_is_no_private_link(text):
    outcome = _signed(_bousquet(""), text)
    assert outcome.status == "review", outcome.reasons
