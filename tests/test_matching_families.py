"""Round 7 of issue 11, from set22's development half (Champagne), rewritten with synthetic names: client
codes made of a family number and a sub-file (1207.01, 1207.02 …), written with a dash, a space or a
slash, or as the family number alone; two files of one name in one link; the SCEV, a wine-growing form."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from campaign.matching.decide import speaks_for_a_business
from campaign.matching.index import build_index, code_pieces
from campaign.names import normalise_name
from campaign.matching.matcher import Matcher
from campaign.matching.scoring import pieced_codes
from campaign.matching.settings import MatchingSettings
from campaign.matching.words import evidence_text
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
CLIENTS = [
    dict(code="1207.01", name="EARL CHAMPAGNE PIERRAT PERE ET FILS", legal_form="EARL", city="CRAMANT"),
    dict(code="1207.02", name="PIERRAT", first_name="Sébastien", city="CRAMANT"),
    dict(code="1207.03", name="SCEV DES COTEAUX DE CRAMANT", legal_form="SCEV", city="CRAMANT"),
    dict(code="0150.01", name="MOREL", first_name="Jean-Pierre", city="REIMS", address="80 rue Gambetta", postcode="51100"),
    dict(code="1088.01", name="MOREL", first_name="Jean-Pierre", legal_form="EI", siren="743738445", city="EPERNAY",
         address="24 rue des Berceaux", postcode="51200"),
    dict(code="0459.01", name="SCEV CHAMP. PERLE DES COTES", legal_form="SCEV", city="LE MESNIL-SUR-OGER"),
    dict(code="0459.02", name="THULLIER", first_name="Agnès", city="LE MESNIL-SUR-OGER",
         emails=["agnes.thullier@wanadoo.example"]),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)


def test_code_pieces():
    assert code_pieces("1207.02") == ("1207", "2") and code_pieces("0150.01") == ("150", "1")
    assert code_pieces("C1234") == ("C1234",)


@pytest.mark.parametrize("text, found", [
    ("réf 1207.02 merci", [("1207|2", True)]), ("ref 1207-2", [("1207|2", True)]),
    ("dossier exploitant 1207 02", [("1207|2", True)]), ("dossier n° 1207.02", [("1207|2", True)]), ("Vos dossiers 1652.01 / 1652.02", [("1652|1", True), ("1652|2", True)]),
    ("0150/1", [("150|1", False)]),  # no "réf" before it: weak
])
def test_codes_written_in_pieces(text, found):
    assert [(k, cued) for _, k, cued in pieced_codes(text)] == found


@pytest.mark.parametrize("text", [
    "le 12/03 je serai là", "tél. 03 26 64 69 75", "le 12.07.2030", "au 12 rue Gambetta", "SIRET 743 738 445 00084",
    # from the review of round 7: amounts, areas, flats, invoices, cheques, versions
    "J'ai réglé aujourd'hui votre facture de 1850.04 € TTC.", "1,150.02 USD payés", "Notre exploitation fait 150.1 ha",
    "Résidence Le Clos, app. 1207/2", "150 1 rue Gambetta", "mon chèque n° 0001207 2", "J'ai bien reçu la facture FA 1207-02",
    "Outlook version 1962 2", "né en 1962 2 enfants", "150.1%",
])
def test_dates_phones_amounts_and_flats_are_no_codes(text):
    assert pieced_codes(text) == []


def test_a_number_written_like_a_code_without_a_cue_does_not_link(matcher):
    """"Bouteille 1500.1": a code of the file, maybe; without "réf" before it, not enough to link anyone."""
    outcome = one(matcher, sender="inconnu@gmail.example", addresses=["inconnu@gmail.example"],
                  own_text="Ok pour cette adresse. Commande bouteille 0150.1 en attente.")
    assert not outcome.linked
    # the reviewer reads why it weighs little
    loose = [e for c in outcome.candidates for e in c.evidence if e.signal == "bare_reference"]
    assert loose and evidence_text(asdict(loose[0]), "fr").startswith("référence « 0150.1 » citée sans « réf » devant")


@pytest.mark.parametrize("written", ["1207.03", "1207-3", "1207/03", "1207 03"])
def test_a_code_in_pieces_names_its_client(matcher, written):
    outcome = one(matcher, sender="contact@coteaux-exemple.example", addresses=["contact@coteaux-exemple.example"],
                  own_text=f"Pour la SCEV (réf {written}), merci d'envoyer les factures à contact@coteaux-exemple.example")
    assert outcome.linked == ["1207.03"], outcome.reasons


def test_the_family_number_alone_proposes_the_familys_files(matcher):
    outcome = one(matcher, sender="s.pierrat@orange.example", addresses=["s.pierrat@orange.example"],
                  own_text="Bonjour, réf 1207 : vous pouvez utiliser cette adresse.")
    assert {"1207.01", "1207.02", "1207.03"} <= {c.code for c in outcome.candidates}
    assert not outcome.linked


def test_a_namesakes_reference_under_the_writers_siren_goes_to_a_person(matcher):
    """Jean-Pierre Morel of Épernay writes the reference of Jean-Pierre Morel of Reims above his own SIRET."""
    outcome = one(matcher, sender="morel.plomberie51@gmail.com", addresses=["morel.plomberie51@gmail.com"],
                  sirens=["743738445"], own_text="Ok pour recevoir vos factures par mail, à cette adresse.\n"
                                                 "Réf client : 0150.01",
                  signature="Jean-Pierre Morel\nPlomberie\n24 rue des Berceaux - 51200 Épernay\nSIRET 743 738 445 00084")
    assert outcome.status == "review" and not outcome.linked


def test_a_father_keeping_paper_beside_his_sons_files_goes_to_a_person(matcher):
    outcome = one(matcher, sender="s.dupuis@cabinet-exemple.fr", forwarded_by="s.dupuis@cabinet-exemple.fr",
                  addresses=["s.pierrat@gmail.example"],
                  own_text="M. Pierrat m'a téléphoné : le fils (dossier 1207.02) veut recevoir ses factures et celles "
                           "de l'EARL sur s.pierrat@gmail.example. Son père (même prénom, dossier 1207.01) n'a pas "
                           "d'ordinateur et garde le papier.")
    assert outcome.status == "review" and not outcome.linked


def test_the_scev_is_a_legal_form():
    """Société civile d'exploitation viticole: a form as SCEA or EARL are, in names and in words."""
    assert normalise_name("SCEV DES COTEAUX DE CRAMANT").key == normalise_name("Coteaux de Cramant").key
    assert speaks_for_a_business("pour la scev, merci d'envoyer a contact@x")
