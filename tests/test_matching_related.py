"""Clients tied to the client a request was e-mailed to, and the short words a reply points at them with
(campaign/matching/related.py, used for replies threaded to a request: issue 16)."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.related import pointed_at, related

FIRM = ("cabinet-exemple.fr",)
ROWS = [
    dict(code="C0101", name="KERLANN Maud (Studio Kerlann)", legal_form="EI", address="3 rue de la Fonderie",
         postcode="44200", city="Nantes", emails=["studio.kerlann@gmail.com"]),
    dict(code="C0102", name="GUIHENEUF Léa (Atelier Céramique Lune)", legal_form="EI", address="3 rue de la Fonderie",
         postcode="44200", city="Nantes", emails=["lea.guiheneuf@free.fr"]),
    dict(code="C0201", name="RIALLAND Thomas (médecin)", legal_form="EI", address="12 rue de Coulmiers",
         postcode="44000", city="Nantes", emails=["cabinet.rialland@orange.fr"]),
    dict(code="C0202", name="RIALLAND Élodie (architecte)", legal_form="EI", address="3 impasse des Jonquilles",
         postcode="44240", city="La Chapelle-sur-Erdre", emails=["elodie.rialland@gmail.com"]),
    dict(code="C0301", name="Optique Lemarié - Saint-Nazaire", legal_form="SARL", address="5 rue de la Paix",
         postcode="44600", city="Saint-Nazaire", emails=["saintnazaire@optique-lemarie.fr"]),
    dict(code="C0302", name="Optique Lemarié - Pornic", legal_form="SARL", address="2 quai Leray",
         postcode="44210", city="Pornic", emails=["pornic@optique-lemarie.fr"]),
    dict(code="C0401", name="DHONDT Bernard et Anne", legal_form="Particulier", address="210 rue de Cysoing",
         postcode="59242", city="Templeuve", emails=["anne.dhondt@orange.fr"]),
    dict(code="C0402", name="DHONDT Mathieu", legal_form="Particulier", address="9 rue du Moulin",
         postcode="59830", city="Cysoing", emails=["mathieu.dhondt@gmail.com"]),
    dict(code="C0501", name="SCM Ferrand-Lacoste", legal_form="SCM", address="9 chemin du Vieux Chêne",
         postcode="38240", city="Meylan", emails=["scm.ferrandlacoste@gmail.com"]),
    dict(code="C0502", name="LACOSTE Mathieu", legal_form="EI", address="9 chemin du Vieux Chêne",
         postcode="38240", city="Meylan", emails=["dr.mlacoste@orange.fr"]),
    # unrelated businesses that share only common words ("garage", "centre", "ouest")
    dict(code="C0601", name="Garage du Centre Ouest", legal_form="SARL", address="1 place d'Armes", postcode="74150",
         city="Rumilly", emails=["contact@garage-centre.fr"]),
    dict(code="C0602", name="Tech'Ouest Services", legal_form="SAS", address="4 rue Kléber", postcode="44000",
         city="Nantes", emails=["support@techouest.fr"]),
    dict(code="C0603", name="Garage Briand", legal_form="SARL", address="8 route de la Baule", postcode="44350",
         city="Guérande", emails=["garage.briand@orange.fr"]),
    # clients tied to nobody, named by a word of their name and their town
    dict(code="C0801", name="JLF Élagage", legal_form="EURL", address="12 chemin du Pressoir", postcode="44350",
         city="Guérande", emails=["jlf.elagage@gmail.com"]),
    dict(code="C0802", name="Boulangerie Jaunet", legal_form="SARL", address="2 place de la Mairie", postcode="44700",
         city="Orvault", emails=["boulangerie.jaunet@orange.fr"]),
    dict(code="C0803", name="AS Vitré Handball", legal_form="Association", address="1 rue du Stade", postcode="35500",
         city="Vitré", emails=["asvh@free.fr"]),
    dict(code="C0804", name="Boulangerie Morin", legal_form="SARL", address="3 rue Nationale", postcode="35500",
         city="Vitré", emails=["boulangerie.morin@orange.fr"]),
    dict(code="C0805", name="Boulangerie du Marché", legal_form="SARL", address="5 place du Marché", postcode="35500",
         city="Vitré", emails=["bdm35@orange.fr"]),
    # a doctor with a private file of his own, tied to nobody by the file; and two notaries of one surname
    dict(code="C0901", name="HABERER Julien", legal_form="EI", address="8 rue des Vosges", postcode="68000",
         city="Colmar", emails=["j.haberer@orange.fr"]),
    dict(code="C0902", name="MULLER Anne", legal_form="EI", address="1 rue Haute", postcode="67000", city="Strasbourg",
         emails=["anne.muller@orange.fr"]),
    dict(code="C0903", name="MULLER Paul", legal_form="EI", address="2 rue Basse", postcode="67000", city="Strasbourg",
         emails=["paul.muller@orange.fr"]),
    # namesakes: the same name, nothing else in common
    dict(code="C0701", name="Boulangerie du Port", legal_form="SARL", address="1 quai Est", postcode="56100",
         city="Lorient", emails=["contact@boulangerie-port.fr"]),
    dict(code="C0702", name="Boulangerie du Port", legal_form="SAS", address="4 quai Ouest", postcode="29900",
         city="Concarneau", emails=["bdp29@orange.fr"]),
]


@pytest.fixture(scope="module")
def index():
    return build_index(ROWS, FIRM)


def codes(index, found) -> set[str]:
    return {index.codes[i] for i in found}


def test_clients_are_tied_by_street_surname_domain_and_name_not_by_a_common_word(index):
    def tied(code: str) -> set[str]:
        return codes(index, related(index, index.code_index(code)))

    assert tied("C0101") == {"C0102"}            # the same workshop
    assert tied("C0201") == {"C0202"}            # the same surname, another address
    assert tied("C0301") == {"C0302"}            # the same company domain
    assert tied("C0701") == {"C0702"}            # namesakes
    assert tied("C0601") == set()                # "garage", "centre", "ouest" tie nobody
    assert tied("C0602") == set()


@pytest.mark.parametrize("asked, sentence, expected", [
    ("C0101", "lea m'a dit que pour elle c'est ok aussi, vous pouvez envoyer ses factures sur cette meme adresse",
     {"C0102"}),
    ("C0102", "maud vous a repondu pour moi : mes factures peuvent aller sur son adresse", {"C0101"}),
    ("C0202", "mon mari vous a repondu pour moi, mais je confirme : c'est bien cette adresse", {"C0201"}),
    ("C0301", "pour le site de pornic, merci d'utiliser la meme", {"C0302"}),
    ("C0501", "le dr lacoste vous repondra pour lui", {"C0502"}),
    ("C0701", "attention, vous avez un autre client boulangerie du port a concarneau", {"C0702"}),
    # any client of the file, by a word of its name and its town in one sentence, when one client alone fits
    ("C0101", "par contre pour mon fils julien (l'elagage a guerande), vous pouvez lui envoyer par mail", {"C0801"}),
    ("C0101", "je gere aussi les factures de la boulangerie de ma soeur, a orvault", {"C0802"}),
    ("C0101", "mon frere est a vitre, au club de handball", {"C0803"}),
    ("C0101", "ma soeur tient une boulangerie a vitre", set()),   # two bakeries in Vitré: which one?
    ("C0101", "nous serons a vitre la semaine prochaine pour le salon", set()),  # the town alone names nobody
    # a doctor's title and a surname no other private client bears; not one two clients bear
    ("C0501", "le dr haberer vous repondra lui-meme", {"C0901"}),
    ("C0501", "le docteur muller vous repondra", set()),
    # signed with a first name alone on a line: the writer, not a client pointed at
    ("C0101", "lea", set()),
    ("C0101", "merci beaucoup, bonne journee a vous", set()),
    # the couple's file already holds the husband: "mon mari" points at no other client of that surname
    ("C0401", "pour nos papiers a nous, mon mari prefere continuer a recevoir les factures par la poste", set()),
    # a plain "service" or "centre" points at no tied client
    ("C0602", "les messages qui concernent l'administratif sont transmis au service comptable", set()),
])
def test_a_short_word_points_at_a_tied_client(index, asked, sentence, expected):
    assert codes(index, pointed_at(index, index.code_index(asked), [sentence], set())) == expected


def test_a_tied_client_already_found_is_not_pointed_at_again(index):
    asked, other = index.code_index("C0101"), index.code_index("C0102")
    assert pointed_at(index, asked, ["lea m'a dit que pour elle c'est ok aussi"], {other}) == {}


def test_the_writers_own_file_is_no_spouse_of_the_file_asked(index):
    # Thomas writes from his own address on his wife's thread: "ma femme" is the file asked, not him
    asked = index.code_index("C0202")
    by_him = ["je reponds pour ma femme, elle est d'accord pour recevoir ses factures sur son adresse"]
    assert pointed_at(index, asked, by_him, set(), sender="cabinet.rialland@orange.fr") == {}
    by_her = ["pour ma part c'est d'accord, et mon mari est d'accord aussi pour les siennes"]
    assert codes(index, pointed_at(index, asked, by_her, set(), sender="elodie.rialland@gmail.com")) == {"C0201"}


def test_a_relatives_word_only_proposes_a_name_word_also_designates(index):
    # (phrase, by a role word only): a role word ("mon mari", "le Dr …") may be the file asked's own people
    asked = index.code_index("C0202")
    assert pointed_at(index, asked, ["mon mari vous a repondu pour moi, mais je confirme"], set()) == {
        index.code_index("C0201"): ("conjoint", True)}
    asked = index.code_index("C0101")
    assert pointed_at(index, asked, ["lea m'a dit que pour elle c'est ok aussi"], set()) == {
        index.code_index("C0102"): ("lea", False)}


def test_a_town_reduced_to_nothing_an_everyday_word_and_crowded_addresses_point_at_nobody():
    # (from a review of this module) a town of "-" made the pattern "\\b\\b", which every sentence matches; a
    # neighbour named Mail Boxes Etc was pointed at by "par mail"; a business centre's street or a placeholder
    # address a hundred files hold tied them all
    rows = [dict(code="A1", name="Menuiserie Roux", legal_form="SARL", address="1 rue Haute", postcode="31000",
                 city="Toulouse", emails=["roux@exemple.example"]),
            dict(code="A2", name="Roux Agencement", legal_form="SARL", address="1 rue Haute", postcode="31000",
                 city="-", emails=["agencement@exemple.example"]),
            dict(code="A3", name="Mail Boxes Etc", legal_form="SARL", address="1 rue Haute", postcode="31000",
                 city="Toulouse", emails=["mbe@exemple.example"])]
    rows += [dict(code=f"C{n:03}", name=f"SOCIETE {n:03} INNOVATION", legal_form="SAS", address="10 avenue du Centre",
                  postcode="75008", city="Paris", emails=["a-renseigner@exemple.example"]) for n in range(20)]
    index = build_index(rows, FIRM)
    sentence = ["merci d'envoyer nos factures par mail a cette adresse, c'est plus simple"]
    assert pointed_at(index, index.code_index("A1"), sentence, set()) == {}
    assert related(index, index.code_index("C000")) == []


def test_a_no_is_no_yes():
    from campaign.matching.decide import _AGREES

    assert _AGREES.search("cette adresse nous convient") and _AGREES.search("ca me va")
    assert not _AGREES.search("le papier ne nous convient plus")
