"""Round 10 of issue 11 (from set31's development half, Vendée, rewritten with synthetic names): a wife
writing from the bakery's address on file for her husband's own file, "pas la boulangerie"."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.scoring import _TRADE_ASIDE
from campaign.matching.settings import MatchingSettings
from campaign.text import fold
from campaign.understanding import understand
from tests.test_matching_evidence import one, signals
from tests.test_understanding_units import FIRM as UNDERSTANDING_FIRM, mail

FIRM = ("cabinet-exemple.fr",)
CLIENTS = [
    dict(code="9LEMAI2", name="LEMAIRE", first_name="Patrick", city="LUCON", postcode="85400",
         address="59 rue de la Vendée"),
    dict(code="9LEMAIRE", name="BOUL. PATISS. LEMAIRE", legal_form="SARL", city="LUCON", postcode="85400",
         address="8 place du Général Leclerc", emails=["sylvie.lemaire@wanadoo.fr"]),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)


@pytest.mark.parametrize("aside", ["(sa déclaration, pas la boulangerie)", "(sauf la boulangerie, qui ne change pas)"])
def test_a_trade_set_aside_is_not_the_file_spoken_for(matcher, aside):
    body = (f"Je vous écris pour mon mari, Patrick Lemaire : pour son dossier à lui {aside}, merci d'envoyer ses "
            "factures sur sa propre adresse : patrick.lemaire85@orange.fr\n\nSylvie Lemaire\n"
            "Boulangerie Pâtisserie Lemaire – Luçon")
    reply = understand(mail(body, sender="Sylvie LEMAIRE <sylvie.lemaire@wanadoo.fr>"), UNDERSTANDING_FIRM)
    outcome = one(matcher, sender=reply.client_address, sender_name=reply.client_name, own_text=reply.own_text,
                  addresses=reply.addresses, signature=reply.signature)
    assert "9LEMAIRE" not in outcome.linked
    assert "excluded" in signals(outcome, "9LEMAIRE")
    assert outcome.candidates[0].code == "9LEMAI2", [(c.code, c.score) for c in outcome.candidates]


def test_the_bakery_itself_is_not_set_aside_by_its_own_name(matcher):
    body = "Pour la boulangerie, merci d'envoyer les factures à compta@boulangerie-lemaire.example"
    reply = understand(mail(body, sender="Sylvie LEMAIRE <sylvie.lemaire@wanadoo.fr>"), UNDERSTANDING_FIRM)
    outcome = one(matcher, sender=reply.client_address, sender_name=reply.client_name, own_text=reply.own_text,
                  addresses=reply.addresses, signature=reply.signature)
    assert "excluded" not in signals(outcome, "9LEMAIRE")
    assert outcome.candidates[0].code == "9LEMAIRE"



@pytest.mark.parametrize("text, trade", [
    ("(sa déclaration, pas la boulangerie)", "boulangerie"),
    ("pour tout, sauf le restaurant, qui garde son adresse", "restaurant"),
    ("(pas la Carrosserie du Caux de Bolbec, qui est chez un autre cabinet)", None),  # a name: read as a name
    ("pas de boulangerie ici", None),
])
def test_a_trade_set_aside_is_its_word_alone(text, trade):
    found = [m.group(1) or m.group(2) for m in _TRADE_ASIDE.finditer(fold(text))]
    assert found == ([trade] if trade else [])


def test_saint_written_st_still_names_the_town():
    clients = [dict(code="9MARTIN", name="MARTIN", first_name="Paul", city="ST HILAIRE DE RIEZ"),
               dict(code="9MARTI2", name="MARTIN", first_name="Paul", city="LA ROCHE SUR YON")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    for signed in ("Paul Martin, St Hilaire de Riez", "Paul Martin, Saint-Hilaire-de-Riez"):
        outcome = one(matcher, sender="paul85@orange.fr", sender_name="Paul Martin", own_text=f"OK pour le mail.\n{signed}",
                      addresses=["paul85@orange.fr"])
        assert "town" in signals(outcome, "9MARTIN") and outcome.candidates[0].code == "9MARTIN"


def test_a_prefixless_code_that_is_a_namesakes_surname_is_only_proposed():
    clients = [dict(code="9LEROUX", name="LEROUX", first_name="Pierre", city="LUCON"),
               dict(code="9LEROU2", name="LEROUX", first_name="Anne", city="CHALLANS")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, own_text="réf LEROUX", sender="x@orange.fr", addresses=["x@orange.fr"])
    assert outcome.linked == []
    signed = one(matcher, own_text="OK pour cette adresse.\nAnne LEROUX", sender_name="Anne LEROUX",
                 sender="anne.leroux85@orange.fr", addresses=["anne.leroux85@orange.fr"])
    assert "bare_reference" not in signals(signed, "9LEROUX")


def test_a_name_two_prefixes_share_names_neither():
    index = build_index([dict(code="4LEROUX", name="LEROUX", first_name="Pierre"),
                         dict(code="9LEROUX", name="LEROUX", first_name="Anne")], FIRM)
    assert index.stem_index("LEROUX") is None


def test_a_saints_town_of_one_other_word_keeps_its_saint():
    index = build_index([dict(code="9HOARAU", name="HOARAU", first_name="Jean", city="SAINT PIERRE"),
                         dict(code="9HOARA2", name="HOARAU", first_name="Jean", city="ST HILAIRE DE RIEZ")], FIRM)
    assert index.towns[0] == {"saint", "pierre"} and index.towns[1] == {"hilaire", "riez"}


def test_a_mailbox_of_first_name_surname_and_town_is_that_persons_whole_name_alone():
    """Round 11 (set34's development half): "adrien.lacroix.soubise" spells LACROIX Adrien of Soubise; the
    crêperie of the same surname does not read it, so the name typed and the mailbox identify him."""
    clients = [dict(code="CLACROI2", name="LACROIX", first_name="Adrien", city="SOUBISE", postcode="17780"),
               dict(code="CLACROIX", name="CREPERIE LACROIX", legal_form="SARL", city="ROCHEFORT", postcode="17300")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="adrien.lacroix.soubise@outlook.example", sender_name="Adrien Lacroix",
                  own_text="Vous pouvez envoyer les factures sur celle-ci.\nAdrien Lacroix, Soubise",
                  addresses=["adrien.lacroix.soubise@outlook.example"])
    assert outcome.linked == ["CLACROI2"], [(c.code, c.score, signals(outcome, c.code)) for c in outcome.candidates]


def test_a_file_put_off_in_a_managers_relay_and_its_colleague_are_not_the_one_spoken_for():
    """Round 11 (set34's development half): "Pour la SCM des infirmières du Port, elle doit d'abord en parler à sa
    collègue Aurore Texier, donc rien pour l'instant": neither the SCM nor the colleague is the nurse written for
    ("Port" is a town word too, which no exclusion of a town states here)."""
    clients = [dict(code="CROBIN", name="ROBIN", first_name="Carine", city="LE CHATEAU D OLERON"),
               dict(code="CTEXIER", name="TEXIER", first_name="Aurore", city="LE CHATEAU D OLERON"),
               dict(code="CPORT", name="SCM DES INFIRMIERES DU PORT", legal_form="SCM", city="LE CHATEAU D OLERON"),
               dict(code="CPORT2", name="GARAGE DU PORT", city="PORT DES BARQUES")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    text = ("Carine Robin, l'infirmière du Château-d'Oléron, est passée ce matin. Elle veut recevoir ses factures sur son "
            "adresse pro : carine.robin.idel@gmail.example\n\nPour la SCM des infirmières du Port, elle doit d'abord en "
            "parler à sa collègue Aurore Texier, donc rien pour l'instant de ce côté-là.")
    outcome = one(matcher, sender="carine.robin.idel@gmail.example", own_text=text,
                  addresses=["carine.robin.idel@gmail.example"])
    assert outcome.candidates[0].code == "CROBIN", [(c.code, c.score) for c in outcome.candidates]
    assert all(c.code == "CROBIN" or "excluded" in signals(outcome, c.code) for c in outcome.candidates
               if c.code in ("CPORT", "CTEXIER"))


@pytest.mark.parametrize("text, employer", [
    ("Pour mes factures personnelles, merci de m'écrire à cette adresse.\nJulie Gayraud\nAssistante – Transports Roques\n"
     "9 route de Séverac, 12510 Olemps – 05 65 29 57 48", "C2122"),
    ("Pour mes factures personnelles, vous pouvez utiliser cette adresse.\nJulie Gayraud\nAssistante comptable – SAS "
     "Transports Roques\n9 route de Séverac, 12510 Olemps – SIREN 521 228 924", "C2122"),
])
def test_personal_invoices_under_an_employers_signature_are_not_the_employers(text, employer):
    """Round 11 (a review of matching by a helper): her employer's phone, postal address or SIREN in her signature,
    'pour mes factures personnelles' in her text: never linked to the employer by itself."""
    clients = [dict(code="C2122", name="TRANSPORTS ROQUES", legal_form="SAS", siren="521228924", city="OLEMPS",
                    postcode="12510", address="9 route de Séverac", phone="05 65 29 57 48"),
               dict(code="C2396", name="GAYRAUD", first_name="Julie", city="ONET LE CHATEAU", postcode="12850")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="julie.gayraud12@gmail.example", sender_name="Julie Gayraud", own_text=text,
                  addresses=["julie.gayraud12@gmail.example"], sirens=["521228924"] if "SIREN" in text else [])
    assert employer not in outcome.linked, [(c.code, c.score) for c in outcome.candidates]
    assert "C2396" in [c.code for c in outcome.candidates]


def test_a_file_set_aside_after_its_reference_in_brackets_is_set_aside():
    """"Pour mes factures perso (0895.02) je vous répondrai plus tard": the dot of the reference ends no sentence."""
    from campaign.matching.decide import _personal_meant
    assert not _personal_meant(fold("pour mes factures perso (0895.02) je vous repondrai plus tard."))
    assert not _personal_meant(fold("ne pas melanger avec mon dossier perso."))
    assert _personal_meant(fold("pour mes factures personnelles, merci d'ecrire ici."))
