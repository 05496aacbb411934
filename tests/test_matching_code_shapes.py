"""Issue 11, round 9: two more shapes of client code. Codes of letters only, as some firms' management
software makes them ("DUMONTJ": the surname cut and the first name's initial, a letter more for a
namesake): such a code is also a word, so it reads as a reference after "réf", "code client",
"dossier", or written in capitals when no client's name holds that word. Codes of an office's
department number and a number ("35-0412"), numbered again in each office, so "0412" alone names
two files. And the code the firm's own quoted message writes, whatever its shape. Synthetic names."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.scoring import lettered_codes
from campaign.matching.settings import MatchingSettings
from campaign.matching.words import evidence_text
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
CLIENTS = [
    dict(code="BRUNELJ", name="BRUNEL", first_name="Jacques", city="AMIENS"),
    dict(code="BRUNELJA", name="BRUNEL", first_name="Jacqueline", city="ABBEVILLE"),
    dict(code="BRUNEL", name="BRUNEL", first_name="Paul", city="BEAUVAIS"),
    dict(code="FROMAGES", name="FROMAGERIE DES SOURCES", legal_form="SARL", city="SALERS"),
    dict(code="GAECVOL", name="GAEC DES VOLCANS", legal_form="GAEC", city="MURAT"),
    dict(code="C1234", name="MARCHAND", first_name="Lucie", city="LAON"),
]


@pytest.fixture(scope="module")
def index():
    return build_index(CLIENTS, FIRM)


@pytest.fixture(scope="module")
def matcher(index) -> Matcher:
    return Matcher(index, MatchingSettings(), FIRM)


@pytest.mark.parametrize("text, found", [
    ("Adresse e-mail pour les factures - ref. BRUNELJ", [("BRUNELJ", True)]),
    ("ma référence est brunel ja, merci", [("BRUNELJA", True)]),  # lower case, the namesake's letter apart
    # the initial apart where a namesake's code goes on (BRUNELJA): maybe Jacqueline writing her name; weak
    ("code client : Brunel J", [("BRUNELJ", False)]),
    ("réf. BRUNEL", [("BRUNEL", False)]),  # a code that is also a surname: often a guess; weak
    ("Jacques, GAECVOL", [("GAECVOL", False)]),  # capitals, no name of the file: weak
    ("BRUNEL J", [("BRUNELJ", False)]),
])
def test_letter_codes_are_read_where_something_says_they_are_codes(index, text, found):
    assert [(index.codes[i], sure) for _, i, sure in lettered_codes(text, index)] == found


@pytest.mark.parametrize("text", [
    "Jacques BRUNEL", "Bien cordialement, Paul Brunel",  # a surname that is a code too, without "réf"
    "nos fromages sont affinés à Salers", "brunelj",  # a word in lower case without a cue
    "x.brunelj@orange.example", "www.gaecvol.example", "ref-brunelj",  # inside an address, a link or a word
])
def test_names_and_words_are_no_letter_codes(index, text):
    assert lettered_codes(text, index) == []


def test_a_firm_whose_codes_hold_digits_reads_no_letter_codes():
    index = build_index([dict(code="C1234", name="BRUNEL", first_name="Jacques")], FIRM)
    assert index.lettered == 0 and lettered_codes("réf. BRUNEL", index) == []


def test_the_qr_codes_subject_links_its_letter_code(matcher):
    outcome = one(matcher, sender="jacques.b@orange.example", addresses=["jacques.b@orange.example"],
                  subject="Adresse e-mail pour les factures - ref. BRUNELJA", own_text="")
    assert outcome.linked == ["BRUNELJA"], outcome.reasons


def test_a_letter_code_in_capitals_without_a_cue_proposes_and_does_not_link(matcher):
    outcome = one(matcher, sender="contact@volcans-exemple.example", addresses=["contact@volcans-exemple.example"],
                  own_text="Bonjour, c'est bon pour cette adresse. GAECVOL")
    assert "GAECVOL" in [c.code for c in outcome.candidates]
    assert [e.signal for c in outcome.candidates if c.code == "GAECVOL" for e in c.evidence if e.weight > 0] != []


def test_a_set_aside_letter_code_names_nobody(matcher):
    outcome = one(matcher, sender="paul.brunel@orange.example", addresses=["paul.brunel@orange.example"],
                  own_text="Ma référence est BRUNEL (et non BRUNELJ, c'est mon cousin). Ok pour cette adresse.")
    assert "BRUNELJ" not in outcome.linked and "BRUNELJ" not in [c.code for c in outcome.candidates[:1]]


@pytest.mark.parametrize("quoted, code", [
    ("Bonjour, sauf erreur nous n'avons pas reçu votre adresse (réf. BRUNELJA). Pouvez-vous nous l'indiquer ?",
     "BRUNELJA"),
    ("Rappel : votre référence client C1234.", "C1234"),
])
def test_the_code_in_the_firms_quoted_message_is_a_reference(matcher, quoted, code):
    """"Oui, cette adresse" under the firm's reminder: the reminder's reference, whatever the code's shape."""
    outcome = one(matcher, sender="j.brunel@free.example", addresses=["j.brunel@free.example"],
                  own_text="Oui, vous pouvez utiliser cette adresse.", context={"quoted_firm": quoted})
    reference = [e for c in outcome.candidates if c.code == code for e in c.evidence if e.signal == "reference"]
    assert reference and reference[0].args["where"] == "quoted"
    assert outcome.candidates[0].code == code
    # the reviewer reads where the code was found
    assert evidence_text(asdict(reference[0]), "fr") == f"référence {code} citée dans le message du cabinet cité (+8)"
    assert evidence_text(asdict(reference[0]), "en") == f"reference {code} quoted in the firm's quoted message (+8)"


OFFICES = [
    dict(code="35-0412", name="GUEGAN", first_name="Yann", city="RENNES"),
    dict(code="56-0412", name="SARL TI KORN", legal_form="SARL", city="VANNES"),
    dict(code="12-0003", name="MORVAN", first_name="Paul", city="RODEZ"),
]


@pytest.fixture(scope="module")
def offices() -> Matcher:
    return Matcher(build_index(OFFICES, FIRM), MatchingSettings(), FIRM)


@pytest.mark.parametrize("text", ["réf 35-0412", "ma référence est 35-0412", "Adresse e-mail pour les factures - ref. 35-0412",
                                  "code client 35 0412", "réf 350412", "Réf. : 35/0412"])
def test_an_office_number_and_a_dash_is_read_as_the_code(offices, text):
    outcome = one(offices, sender="yann.g@orange.example", addresses=["yann.g@orange.example"], own_text=text)
    assert outcome.linked == ["35-0412"], outcome.reasons


def test_the_number_alone_proposes_both_offices_files(offices):
    outcome = one(offices, sender="yann.g@orange.example", addresses=["yann.g@orange.example"],
                  own_text="Bonjour, code client 0412, ok pour cette adresse.")
    assert {"35-0412", "56-0412"} <= {c.code for c in outcome.candidates[:2]} and not outcome.linked


@pytest.mark.parametrize("text", ["35-0412", "35 0412"])
def test_an_office_code_without_a_cue_is_a_proposal(offices, text):
    outcome = one(offices, sender="yann.g@orange.example", addresses=["yann.g@orange.example"],
                  own_text=f"Ok pour cette adresse. {text}")
    assert outcome.candidates[0].code == "35-0412" and not outcome.linked


@pytest.mark.parametrize("text", ["Je passe le 12/03 à 10h", "tél. 02 99 35 04 12", "35000 Rennes", "350412"])
def test_dates_phones_postcodes_and_bare_numbers_name_no_office_code(offices, text):
    outcome = one(offices, sender="yann.g@orange.example", addresses=["yann.g@orange.example"],
                  own_text=f"Ok pour cette adresse. {text}")
    assert outcome.candidates == []


# -- from the round's review: ordinary French that looked like these codes ----------------------

REVIEWED = [
    dict(code="22-0023", name="LE GALL", first_name="Yann", city="RENNES"),
    dict(code="12-0003", name="RIOU", first_name="Anne", city="RODEZ"),
    dict(code="05-0006", name="TANGUY", first_name="Loic", city="GAP"),
    dict(code="25-0412", name="MORVAN", first_name="Paul", city="BESANCON"),
    dict(code="29-2025", name="CADORET", first_name="Erwan", city="BREST"),
    dict(code="PETITA", name="PETIT", first_name="Alain", city="AMIENS"),
    dict(code="TIXIERMA", name="TIXIER", first_name="Marc", city="THIERS"),
    dict(code="DUMONTJ", name="DUMONT", first_name="Jean", city="AMIENS"),
    dict(code="DUMONTJA", name="DUMONT", first_name="Jacqueline", city="ABBEVILLE"),
    dict(code="DUMONT", name="DUMONT", first_name="Pierre", city="BEAUVAIS"),
    dict(code="TVA", name="TRANSPORTS VIENNE AUVERGNE", legal_form="SARL", city="VIENNE"),
    dict(code="C1008", name="BLANC", first_name="Luc", city="LYON"),
    dict(code="C1002", name="NOIR", first_name="Eric", city="LYON"),
]


@pytest.fixture(scope="module")
def reviewed() -> Matcher:
    return Matcher(build_index(REVIEWED, FIRM), MatchingSettings(), FIRM)


@pytest.mark.parametrize("text", [
    "Pour le dossier 22/23, ok pour cette adresse", "Réf. exercice 22-23, ok", "Dossier du 22/03 : ok", "réf. 12/03 ok",
    "Votre courrier réf. du 05/06, ok", "dossier de 2025, ok", "Le dossier en 2025 était incomplet",
    "Réf. facture 25-0412, ok", "votre facture réf. 25-0412, ok", "BP 35-0412", "Concernant le code TVA intracommunautaire",
    "Le dossier Petit a été transmis à ma fille, ok pour cette adresse", "Dossier Tixier ma mère : ok", "Refus BERNARD",
])
def test_dates_years_invoices_and_words_are_no_codes(reviewed, text):
    outcome = one(reviewed, sender="x@gmail.example", addresses=["x@gmail.example"], own_text=text)
    assert not outcome.linked and not [e for c in outcome.candidates for e in c.evidence
                                       if e.signal in ("reference", "bare_reference")], outcome.candidates


@pytest.mark.parametrize("text", ["Client : DUMONT J. (Abbeville), ok pour cette adresse", "code client DUMONT, ok",
                                  "pour le dossier Dumont, ok"])
def test_a_surname_and_an_initial_where_namesakes_have_codes_is_only_proposed(reviewed, text):
    """Jacqueline Dumont (DUMONTJA) writing her name, or a code guessed from a surname three files share."""
    outcome = one(reviewed, sender="x@gmail.example", addresses=["x@gmail.example"], own_text=text)
    assert not outcome.linked and outcome.candidates


def test_a_code_the_reply_writes_wins_over_the_one_the_quoted_reminder_wrote(reviewed):
    outcome = one(reviewed, sender="x@gmail.example", addresses=["x@gmail.example"],
                  own_text="Ma référence est C1008 (et non C1002, c'est mon voisin). Ok pour cette adresse.",
                  context={"quoted_firm": "Rappel : votre référence C1002."})
    assert outcome.linked == ["C1008"] and "C1002" not in [c.code for c in outcome.candidates]


def test_a_wife_answering_her_husbands_reminder_goes_to_a_person(reviewed):
    outcome = one(reviewed, sender="jacqueline.dumont@free.example", sender_name="Jacqueline Dumont",
                  addresses=["jacqueline.dumont@free.example"],
                  own_text="Pour mes factures à moi, utilisez cette adresse. Jacqueline",
                  context={"quoted_firm": "Bonjour, sauf erreur nous n'avons pas reçu votre adresse (réf. DUMONTJ)."})
    assert not outcome.linked


@pytest.mark.parametrize("subject, text, code", [
    ("Adresse e-mail pour les factures - ref.BRUNELJA", "ok", "BRUNELJA"),  # no space after the dot
    ("", "réf 35–0412, ok pour cette adresse", "35-0412"),  # an en dash, as word processors and phones write it
    ("", "ref.35-0412 ok", "35-0412"),
])
def test_codes_written_the_way_phones_and_word_processors_write_them(subject, text, code):
    matcher = Matcher(build_index(CLIENTS + OFFICES, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="x@orange.example", addresses=["x@orange.example"], subject=subject, own_text=text)
    assert outcome.linked == [code], outcome.reasons


# -- an accounting prefix the client leaves out (Quadratus "9GUERIN", "411DUVAL") ---------------------------

PREFIXED = [
    dict(code="9GUERIN", name="GUERIN", first_name="Paul", city="LUCON"),
    dict(code="9GUERI2", name="GUERIN", first_name="Marc", city="CHALLANS"),
    dict(code="9ROUSSEA", name="ROUSSEAU", first_name="Anne", city="LES HERBIERS"),
    dict(code="9DUNES", name="CAMPING LES DUNES", legal_form="SARL", city="SAINT-JEAN-DE-MONTS"),
]


@pytest.fixture(scope="module")
def prefixed() -> Matcher:
    return Matcher(build_index(PREFIXED, FIRM), MatchingSettings(), FIRM)


@pytest.mark.parametrize("text, code", [
    ("réf ROUSSEA", "9ROUSSEA"),          # the name part, which is no word of the file
    ("dossier GUERI2", "9GUERI2"),        # a namesake's digit in it
    ("code client 9-guerin", "9GUERIN"),  # the prefix apart, lower case
])
def test_a_code_without_its_accounting_prefix_links(prefixed, text, code):
    outcome = one(prefixed, own_text=text, sender="x@orange.example", addresses=["x@orange.example"])
    assert (outcome.status, [c.code for c in outcome.candidates[:1]]) == ("linked", [code])


@pytest.mark.parametrize("text, code", [
    ("réf GUERIN", "9GUERIN"),  # also a surname two clients share: a guess
    ("ROUSSEA", "9ROUSSEA"),    # capitals without a cue
])
def test_a_prefixless_code_that_is_a_name_or_has_no_cue_is_only_proposed(prefixed, text, code):
    outcome = one(prefixed, own_text=text, sender="x@orange.example", addresses=["x@orange.example"])
    assert outcome.status == "review" and outcome.candidates[0].code == code
