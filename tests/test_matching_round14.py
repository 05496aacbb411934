"""Round 14 of issue 11 (from the development parts read this round, rewritten with synthetic names): a client
number written without its letter beside the client's name identifies it when the file has that number once;
a reply that lists several files by their whole names links each."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one, signals

FIRM = ("cabinet-exemple.fr",)


def test_a_number_without_its_letter_and_the_name_beside_it_link_the_client():
    clients = [dict(code="C7456", name="URRUTIA", first_name="Ramon", city="BORDEAUX"),
               dict(code="C7457", name="LABORDE", first_name="Anne", city="BORDEAUX")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="ramuntxo33@webmail.example", sender_name="Ramon Urrutia",
                  own_text="réf 7456 : d'accord pour recevoir les factures par mail sur cette adresse.\nR. Urrutia",
                  addresses=["ramuntxo33@webmail.example"])
    assert outcome.linked == ["C7456"], [(c.code, c.score, c.evidence) for c in outcome.candidates]


def test_a_number_two_offices_share_is_no_identification():
    # "0125" of a firm with an A0125 and a B0125: the name may be a namesake's; a person decides
    clients = [dict(code="A0125", name="SANTINI", first_name="Paul", city="AJACCIO"),
               dict(code="B0125", name="MORELLI", first_name="Jean", city="BASTIA"),
               dict(code="B0126", name="SANTINI", first_name="Paul", city="BASTIA")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="p.santini@webmail.example", sender_name="Paul Santini",
                  own_text="Réf 0125, ok pour cette adresse.\nPaul Santini", addresses=["p.santini@webmail.example"])
    assert outcome.linked == []


CLIENTS = [
    dict(code="S00361", name="SCI DES 4 VENTS", legal_form="SCI", city="DIEULEFIT", postcode="26220"),
    dict(code="S02798", name="SNC LA TONNELLE FLEURIE", legal_form="SNC", city="DIEULEFIT", postcode="26220"),
    dict(code="S02799", name="SARL LE PRESSOIR", legal_form="SARL", city="NYONS", postcode="26110"),
]


def test_a_reply_listing_two_files_by_their_whole_names_links_both():
    matcher = Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)
    text = ("Je m'occupe de la SCI des Quatre Vents et de la SNC La Tonnelle Fleurie.\n"
            "Vous pouvez envoyer les factures des deux sur la même adresse : gestion.sci26@webmail.example")
    outcome = one(matcher, sender="josiane.r26@webmail.example", sender_name="Josiane", own_text=text,
                  addresses=["gestion.sci26@webmail.example"])
    assert sorted(outcome.linked) == ["S00361", "S02798"], [(c.code, c.score) for c in outcome.candidates]


def test_a_list_longer_than_the_count_it_states_is_read_by_a_person():
    # "deux SCI" with three files named: one of them is not what the writer meant
    matcher = Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)
    text = ("Pour nos deux sociétés, la SCI des Quatre Vents, la SNC La Tonnelle et la SARL Le Pressoir de Nyons, "
            "envoyez les factures à gestion.sci26@webmail.example")
    outcome = one(matcher, sender="josiane.r26@webmail.example", sender_name="Josiane", own_text=text,
                  addresses=["gestion.sci26@webmail.example"])
    assert outcome.linked == []


def test_a_company_known_by_its_acronym_alone_is_named_by_its_words_in_full():
    clients = [dict(code="C7023", name="ETS LAGRAVE CHARPENTE", legal_form="SARL", city="CESTAS",
                    emails=["charpente@groupe-durand.example"]),
               dict(code="C7025", name="SBTA", legal_form="SAS", city="MERIGNAC")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="no-reply@groupe-durand.example", sender_name="SBTA - ne pas répondre",
                  own_text="Pour la Société Bordelaise de Travaux d'Aménagement, merci d'adresser vos factures à "
                           "factures@compta.groupe-durand.example.", addresses=["factures@compta.groupe-durand.example"])
    assert "mention" in signals(outcome, "C7025")
    assert "C7023" not in outcome.linked


def test_a_mailbox_on_file_for_a_man_and_his_restaurant_and_a_bare_yes_is_read_by_a_person():
    clients = [dict(code="4110155", name="MUSSO", first_name="Laurent", city="NICE", emails=["l.musso06@gmail.com"]),
               dict(code="4110218", name="SARL LE COMPTOIR DU COURS", legal_form="SARL", city="NICE",
                    emails=["l.musso06@gmail.com"])]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="l.musso06@gmail.com", sender_name="Laurent Musso",
                  own_text="J'ai vu votre message sur la facture. Vous pouvez utiliser cette adresse.\nLaurent Musso",
                  addresses=["l.musso06@gmail.com"])
    assert outcome.linked == [] and [r.code for r in outcome.reasons] == ["shared_sender"]


def test_a_concierge_who_is_not_the_owners_recipient_is_read_by_a_person():
    clients = [dict(code="C10152", name="SCI LE GRAND PRE", legal_form="SCI", city="LYON",
                    emails=["gestion@conciergerie-durand.example"]),
               dict(code="C10016", name="SCI CASTAING MEGEVE", legal_form="SCI", city="PARIS",
                    emails=["gestion@conciergerie-durand.example"]),
               dict(code="C10241", name="SARL MCS", legal_form="SARL", city="MEGEVE",
                    emails=["bookings@conciergerie-durand.example"])]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    text = ("Nous recevons sur gestion@conciergerie-durand.example vos courriers pour deux chalets dont nous assurons la "
            "conciergerie (SCI Le Grand Pré et SCI Castaing Megève). Nous ne sommes pas destinataires de leurs factures : "
            "merci de retirer notre adresse de ces dossiers.\nEn revanche, pour MCS elle-même, merci d'envoyer nos "
            "factures à compta@conciergerie-durand.example.")
    outcome = one(matcher, sender="gestion@conciergerie-durand.example", sender_name="Aurélien Tournier", own_text=text,
                  addresses=["compta@conciergerie-durand.example"])
    assert outcome.linked == []


@pytest.mark.parametrize("text", [
    # (a review) two files named whole, the address for one only: a person reads it
    "Bonjour, je gère la SCI des Quatre Vents ; la SNC La Tonnelle Fleurie est notre locataire. Factures de la SCI à "
    "gestion.sci26@webmail.example",
    "Je suis la comptable de la SNC La Tonnelle Fleurie et je vous écris pour la SCI des Quatre Vents : envoyez ses "
    "factures à gestion.sci26@webmail.example",
])
def test_two_files_named_whole_but_the_address_for_one_is_no_double_link(text):
    matcher = Matcher(build_index(CLIENTS, FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="josiane.r26@webmail.example", sender_name="Josiane", own_text=text,
                  addresses=["gestion.sci26@webmail.example"])
    assert outcome.linked == []


def test_capitals_that_happen_to_spell_a_short_company_name_name_nobody():
    clients = [dict(code="C1001", name="SCI MARC", legal_form="SCI", city="VALENCE"),
               dict(code="C1003", name="SAS GRAND", legal_form="SAS", city="VALENCE")]
    matcher = Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)
    for text in ("Bonjour,\nMERCI ADRESSER RAPIDEMENT CES FACTURES A CETTE ADRESSE.\nValence",
                 "OUI POUR LES FACTURES PAR MAIL. Gérant Roux Alain Nicolas Didier"):
        outcome = one(matcher, sender="x.roux26@orange.fr", sender_name="", own_text=text, addresses=["x.roux26@orange.fr"])
        assert outcome.linked == [], text
