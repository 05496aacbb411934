"""Round 6 of issue 11 (from set17's development half, rewritten with synthetic names): client codes
made of names (411DUVAL, 411DUVAL2) and the slips people make with them, group replies that set a
company aside, codes written in pieces, a client's own subdomain."""

from __future__ import annotations

import pytest

from campaign.matching.decide import _near_code
from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.run import facts_from_row  # noqa: F401  (the relay note is read there)
from campaign.matching.scoring import set_aside, spaced_codes
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
CLIENTS = [
    dict(code="411MARTEL", name="MARTEL", first_name="Michel", city="ROUEN", address="3 rue Jeanne d'Arc",
         postcode="76000"),
    dict(code="411MARTEL2", name="MARTEL", first_name="Sylvie", city="FECAMP", address="12 rue Théagène Boufart",
         postcode="76400"),
    dict(code="411BOUPIC", name="SARL BOULANGERIE PICOT", legal_form="SARL", city="ROUEN",
         emails=["rouen@maison-picot.example"]),
    dict(code="411PICFIN", name="PICOT FINANCES", legal_form="SAS", emails=["direction@maison-picot.example"]),
    dict(code="411BOUPIC2", name="SARL BOUL. PICOT BARENTIN", legal_form="SARL", city="BARENTIN"),
    dict(code="411OCAHOL", name="OCEANA HOLDING", legal_form="SAS", emails=["direction@groupe-oceana.example"]),
    dict(code="411OCASHI", name="OCEANA SHIPPING", legal_form="SAS", emails=["ap@groupe-oceana.example"]),
    dict(code="411OCAMAN", name="OCEANA MANUTENTION", legal_form="SAS"),
    dict(code="411HAVCUS", name="HAVRE CUSTOMS", legal_form="SAS", emails=["accounts@havre-customs.example"]),
    dict(code="411BLONDE", name="BLONDEL LOIC", first_name="Loïc", city="DIEPPE"),
    dict(code="411HAUCHE", name="ETS HAUCHECORNE", city="VEULES-LES-ROSES", address="Le Bourg", postcode="76980"),
    dict(code="411HAUCH2", name="GAEC HAUCHECORNE PERE ET FILS", legal_form="GAEC", city="SAINT-VALERY-EN-CAUX",
         address="Ferme du Bourg", postcode="76460"),
    dict(code="411HALLWO", name="HALLWORTH", first_name="Nigel", city="GUILDFORD", emails=["sue.hallworth@icloud.example"]),
    dict(code="411SCIBRA", name="SCI BRAMBLE COTTAGE", legal_form="SCI", city="VEULES-LES-ROSES"),
    dict(code="411VITTEC", name="VITTECOQ G.", city="SAINT-VALERY-EN-CAUX", address="Hameau de Conteville",
         postcode="76460"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)


def test_a_namesakes_code_without_its_number_is_not_linked(matcher):
    """Sylvie Martel of Fécamp (411MARTEL2) writes Michel Martel's code: a person decides."""
    outcome = one(matcher, sender="sylvie.martel76@orange.example", sender_name="Sylvie MARTEL",
                  subject="ref 411MARTEL", references=["411MARTEL"], addresses=["sylvie.martel76@orange.example"],
                  own_text="Voici mon adresse pour les factures : sylvie.martel76@orange.example\n"
                           "12 rue Théagène Boufart, Fécamp")
    assert outcome.status == "review" and not outcome.linked


def test_a_sister_shops_code_under_the_shops_own_words_goes_to_a_person(matcher):
    outcome = one(matcher, sender="barentin@maison-picot.example", sender_name="Boulangerie Picot Barentin",
                  references=["411BOUPIC"], addresses=["barentin@maison-picot.example"],
                  own_text="Pour la boulangerie de Barentin (réf 411BOUPIC) merci d'envoyer les factures sur "
                           "barentin@maison-picot.example")
    assert outcome.status == "review"
    assert any(r.code == "ref_contradicted" and r.args["code"] == "411BOUPIC2" for r in outcome.reasons)


def test_a_reference_the_manager_says_was_written_by_mistake_names_nobody(matcher):
    note = ("Ci-dessous Mme Sylvie Martel de Fécamp : c'est le dossier 411MARTEL2, elle a écrit 411MARTEL qui est "
            "M. Michel Martel à Rouen.")
    kept, disowned = set_aside(note)
    assert disowned == ["411MARTEL"] and "Michel" not in kept and "411MARTEL2" in kept
    outcome = one(matcher, sender="sylvie.martel76@orange.example", forwarded_by="c.duval@cabinet-exemple.fr",
                  references=["411MARTEL2", "411MARTEL"], addresses=["sylvie.martel76@orange.example"],
                  own_text=f"{kept}\n\nma référence c'est 411MARTEL", context={"relay_note": kept, "disowned": disowned})
    assert outcome.linked == ["411MARTEL2"]


@pytest.mark.parametrize("text", [
    "Océana Holding's invoices are handled by the President's office and are not covered by this e-mail.",
    "La holding n'est pas concernée, elle est traitée à part.",
])
def test_a_group_reply_that_sets_a_company_aside_goes_to_a_person(matcher, text):
    outcome = one(matcher, sender="ap@groupe-oceana.example", references=["411OCASHI", "411OCAMAN"],
                  addresses=["invoices@groupe-oceana.example"],
                  own_text=f"Please send the invoices of Oceana Shipping (411OCASHI) and Oceana Manutention "
                           f"(411OCAMAN) to invoices@groupe-oceana.example.\n{text}")
    assert outcome.status == "review" and any(r.code == "set_aside" for r in outcome.reasons)


def test_a_code_written_in_pieces_is_read_whole():
    index = build_index(CLIENTS + [dict(code="4110345", name="SCI LES MIMOSAS", legal_form="SCI")], FIRM)
    assert spaced_codes("Réf. 411 MARTEL 2, merci", index) == ["411MARTEL2"]
    assert spaced_codes("ma réf client : 411 0345", index) == ["4110345"]
    assert spaced_codes("au 411 0345 route de Grasse, tél 06 12 34 56", index) == []  # digits with no cue


def test_a_subdomain_of_the_clients_own_domain_does_not_contradict(matcher):
    outcome = one(matcher, sender="noreply@helpdesk.havre-customs.example", references=["411HAVCUS"],
                  addresses=["ap@finance.havre-customs.example"],
                  own_text="From January, please send your invoices to ap@finance.havre-customs.example.")
    assert not any(e.signal == "domain_conflict" for c in outcome.candidates for e in c.evidence)


@pytest.mark.parametrize("written, other, near", [
    ("411DUVAL", "411DUVAL2", True), ("4110152", "4110125", True), ("C1173", "C1172", True),
    ("411DUVAL", "411DUPONT", False), ("4110152", "4110152", False), ("411DUVAL", "411DUVAL123", False),
])
def test_codes_a_slip_apart(written, other, near):
    assert _near_code(written, other) is near


def test_a_namesakes_number_written_apart_is_read_with_its_code(matcher):
    """"NOTRE REF CLIENT 411MARTEL 2": 411MARTEL2 alone, not also Michel Martel's 411MARTEL."""
    outcome = one(matcher, sender="sylvie.martel76@orange.example", references=["411MARTEL"],
                  addresses=["sylvie.martel76@orange.example"],
                  own_text="OK POUR RECEVOIR LES FACTURES A CETTE ADRESSE\nNOTRE REF CLIENT 411MARTEL 2\nCDLT")
    assert [c.code for c in outcome.candidates if c.named] == ["411MARTEL2"]


def test_a_bookkeeper_waiting_for_two_clients_answers_goes_to_a_person(matcher):
    outcome = one(matcher, sender="ap@groupe-oceana.example", references=["411OCASHI", "411OCAMAN"],
                  addresses=["ap@groupe-oceana.example"],
                  own_text="Oceana Shipping (411OCASHI) et Oceana Manutention (411OCAMAN) : vous pouvez m'adresser les "
                           "factures. Pour la holding, j'attends la réponse du gérant, je reviens vers vous.")
    assert outcome.status == "review" and any(r.code == "set_aside" for r in outcome.reasons)


def test_an_exclusion_that_states_a_form_and_a_town_spares_the_namesake_written(matcher):
    """"Établissements Hauchecorne, Veules (rien à voir avec le GAEC Hauchecorne de Saint-Valery)"."""
    outcome = one(matcher, sender="ets.hauchecorne@orange.example", addresses=["ets.hauchecorne@orange.example"],
                  own_text="Nous n'avons pas de numéro de client.\n\nÉtablissements Hauchecorne, Veules-les-Roses "
                           "(rien à voir avec le GAEC Hauchecorne de Saint-Valery).\n\nNotre adresse : "
                           "ets.hauchecorne@orange.example")
    assert outcome.candidates and outcome.candidates[0].code == "411HAUCHE"
    assert not any(e.signal == "excluded" for e in outcome.candidates[0].evidence)


def test_a_surname_after_a_title_is_a_name(matcher):
    """"M. Vittecoq (Saint-Valery) est passé au bureau": the dot of "M." does not start a sentence."""
    outcome = one(matcher, intent="refusal", sender="", forwarded_by="", context={"relayed_by": "b.hue@cabinet-exemple.fr"},
                  own_text="Margaux,\n\nM. Vittecoq (Saint-Valery) est passé au bureau ce matin. Il n'a pas d'adresse "
                           "mail et veut continuer à tout recevoir par courrier.\n\nTu peux noter ?")
    assert "411VITTEC" in [c.code for c in outcome.candidates]


@pytest.mark.parametrize("said", ["both for ourselves and for SCI Bramble Cottage in Veules-les-Roses",
                                  "both for Nigel and me and for the SCI Bramble Cottage in Veules-les-Roses"])
def test_the_writers_own_file_and_the_company_she_names_both(matcher, said):
    outcome = one(matcher, sender="sue.hallworth@icloud.example", addresses=["sue.hallworth@icloud.example"],
                  own_text=f"We are happy to receive invoices by email, {said}. Please send them to my address only.")
    assert sorted(outcome.linked) == ["411HALLWO", "411SCIBRA"]
