"""Wordings of real replies read right (issue 11, from the development part of the blind sets,
rewritten here with synthetic names): out-of-office notes by their subject or wording, refusals
that name an address to refuse it, answers deferred, copies and corrections, forwards passed
between the firm's people. Every address here is synthetic.
"""

from __future__ import annotations

import pytest

from campaign.understanding import FirmContext, understand
from campaign.understanding import intent as intent_module
from campaign.understanding.intent import AskedFile
from campaign.understanding.automatic import fold
from campaign.vocabulary import SUBJECTS
from tests.test_understanding_units import FIRM, SUBJECT, mail

FIRM_QUOTE = ("\n\n-----Message d'origine-----\nDe : Secrétariat <secretariat@cabinet-exemple.fr>\n"
              "Envoyé : vendredi 8 janvier 2027 16:30\nÀ : {to}\nObjet : Vos factures par e-mail\n\n"
              "Bonjour, pouvez-vous nous indiquer l'adresse à utiliser pour vos factures ?\n")


@pytest.mark.parametrize("body, intent, addresses, copies", [
    # refusals
    ("Je vous demande de ne rien m'envoyer sur jean.durand@durand-btp.example : je ne la regarde jamais.\n"
     "Je préfère de loin recevoir mes factures sur papier.", "refusal", [], []),
    ("Pour mes factures, ne m'envoyez\nrien sur jean.durand@durand-btp.example, je ne la lis pas.\n"
     "Je préfère le papier.", "refusal", [], []),
    ("Bonjour\nPapier svp comme avant\nMerci", "refusal", [], []),
    # questions and answers deferred
    ("Nous n'avons pas encore décidé quelle adresse utiliser pour la compta, je vous redonne des nouvelles "
     "à la réouverture.", "question", [], []),
    ("Is this change compulsory? My accountant needs paper copies of all invoices. "
     "I will wait for your answer before deciding.", "question", [], []),
    ("Est-ce que c'est obligatoire ? J'ai bien une adresse mail (celle-ci) mais pas d'imprimante.", "question", [], []),
    ("Ma fille doit me créer une adresse le mois prochain, je\nvous donnerai la bonne adresse à ce moment-là.",
     "question", [], []),
    ("Est ce qu'on peut mettre l'adresse de ma femme à la place de celle ci ? Elle fait les papiers.",
     "question", [], []),
    ("Je ne peux pas décider toute seule, il faut que j'en parle au bureau. Je vous réponds après la réunion.",
     "question", [], []),
    ("La question sera à l'ordre du jour de l'assemblée générale ; je vous communiquerai la décision ensuite.",
     "question", [], []),
    ("Je n'ai toujours pas reçu la copie de ma déclaration de revenus que Mme Morvan devait m'envoyer "
     "en octobre. Pouvez-vous le lui rappeler ?", "other", [], []),
    # addresses
    ("Les factures doivent être transmises à l'adresse unique :\n\nfactures@compta.durand-btp.example\n\n"
     "Les factures reçues sur toute autre adresse, notamment info@durand-btp.example, ne seront pas réglées.",
     "address", ["factures@compta.durand-btp.example"], []),
    ("Please send the invoices to bookings@durand-btp.example. Could you also copy me in at "
     "jean.durand@durand-btp.example?", "address", ["bookings@durand-btp.example"], ["jean.durand@durand-btp.example"]),
    ("Please use our bookings address, bookings @ durand-btp . example — not my personal one, je ne la regarde "
     "pas souvent.", "address", ["bookings@durand-btp.example"], []),
    ("Il vous avait donné son adresse gmail : merci de la remplacer par celle du service, compta@durand-btp.example, "
     "que nous venons de créer.", "address", ["compta@durand-btp.example"], []),
    ("c bon pour les factures par mail sur durandcouverture@orange.example\nattention celle que vous avez dans votre "
     "fichier est fausse (durandcouvertur@orange.example), il manque le e", "address", ["durandcouverture@orange.example"], []),
    ("Nous vous prions d'adresser désormais vos factures à l'adresse suivante : facturation@durand-btp.example\n"
     "Merci de ne plus utiliser aucune autre adresse à compter de ce jour.", "address", ["facturation@durand-btp.example"], []),
])
def test_wordings(body, intent, addresses, copies):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == (intent, addresses, copies)


@pytest.mark.parametrize("subject, body", [
    ("Absent : Relance - votre adresse e-mail pour les factures", "Je suis sur chantier, de retour lundi.\n"
     "Pour la comptabilité : compta@durand-btp.example"),
    ("Absente : Rappel", "Je suis absente de l'agence du 23 décembre au 4 janvier inclus.\n"
     "Pour la gestion : gestion@durand-btp.example"),
    ("Re: factures", "Je suis sur chantier sans accès à mes mails jusqu'au lundi 23 novembre inclus.\n"
     "Pour les devis : devis@durand-btp.example"),
])
def test_out_of_office_by_subject_or_wording_gives_no_address(subject, body):
    reply = understand(mail(body, subject=subject), FIRM)
    assert reply.intent == "autoreply" and reply.addresses == []


def test_a_person_answering_the_firm_is_not_an_out_of_office():
    body = ("Je suis la secrétaire du cabinet. Le Dr Durand est en congés jusqu'au 18 janvier ; je lui pose la "
            "question à son retour et je reviens vers vous." + FIRM_QUOTE.format(to="secretariat@durand-btp.example"))
    assert understand(mail(body, subject="RE: Vos factures par e-mail"), FIRM).intent == "question"


def test_the_person_in_copy_is_the_one_to_send_to():
    body = "C'est mon mari qui s'occupe des papiers. Merci d'envoyer mes factures sur son adresse à lui, je l'ai mis en copie."
    reply = understand(mail(body, headers={"Cc": "Paul Durand <paul.durand@orange.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["paul.durand@orange.example"])
    body = ("Je préfère que les factures partent directement chez mon conjoint, en copie de ce mail. "
            "Inutile de me les envoyer à moi.")
    reply = understand(mail(body, headers={"Cc": "paul.durand@orange.example"}), FIRM)
    assert reply.addresses == ["paul.durand@orange.example"]


def test_the_address_written_to_wins_over_this_one():
    body = ("Gardez l'adresse à laquelle vous m'avez écrit, c'est celle du bureau.\nPas celle-ci, c'est mon "
            "téléphone perso.\n\n> Le 27 nov. 2026 à 11:40, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n"
            ">\n> De : Secrétariat\n> À : contact@durand-btp.example\n> Objet : Vos factures\n>\n"
            "> À quelle adresse souhaitez-vous recevoir vos factures ?\n")
    reply = understand(mail(body, sender="jean.durand@icloud.example"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["contact@durand-btp.example"])


def test_a_forward_passed_between_two_of_the_firms_people_reads_the_client_below():
    body = ("Bonjour Nadia,\nUne cliente a écrit à Julien par erreur, voir tout en bas.\nEmma\n\n"
            "De : Julien Roux <j.roux@cabinet-exemple.fr>\nEnvoyé : lundi 14 décembre 2026 08:52\n"
            "À : Emma <e.guillou@cabinet-exemple.fr>\nObjet : TR: factures par mail\n\n"
            "Emma, c'est une de tes clientes ?\nJulien\n\n"
            "De : Élodie Legrand <legrand.elodie@gmail.example>\nEnvoyé : samedi 12 décembre 2026 18:40\n"
            "À : Julien Roux <j.roux@cabinet-exemple.fr>\nObjet : factures par mail\n\n"
            "Bonjour,\nVous pouvez m'envoyer les prochaines factures à l'adresse de ce mail.\nÉlodie Legrand\n")
    reply = understand(mail(body, sender="Emma <e.guillou@cabinet-exemple.fr>", subject="TR: TR: factures par mail"), FIRM)
    assert (reply.intent, reply.addresses, reply.forwarded_by) == ("address", ["legrand.elodie@gmail.example"],
                                                                     "e.guillou@cabinet-exemple.fr")


def test_a_manager_correcting_a_typo_in_her_own_words():
    body = ("Attention, elle a fait une faute de frappe : ce n'est pas « durand-fills » mais contact@durand-fils.example.\n"
            "Emma\n\n-----Message d'origine-----\nDe : Nathalie Durand <n.durand@durand-fils.example>\n"
            "Envoyé : vendredi 4 décembre 2026 18:22\nÀ : Emma <e.guillou@cabinet-exemple.fr>\nObjet : Facture par mail\n\n"
            "Pour les factures vous pouvez utiliser contact@durand-fills.example, c'est l'adresse du bureau.\n")
    reply = understand(mail(body, sender="Emma <e.guillou@cabinet-exemple.fr>", subject="TR: Facture par mail"), FIRM)
    assert reply.addresses == ["contact@durand-fils.example"]


def test_the_second_proposed_and_the_other_in_copy_by_first_name():
    body = ("La deuxième svp, c'est moi qui fais la compta.\nVous pouvez mettre Vincent en copie.\nIsabelle\n\n"
            "> Le 3 nov. 2026, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n"
            "> Souhaitez-vous recevoir les factures à vincent.urien@gmail.example ou à isabelle.cordier@gmail.example ?\n")
    reply = understand(mail(body, sender="isabelle.cordier@gmail.example", subject=SUBJECT), FIRM)
    assert (reply.addresses, reply.copies) == (["isabelle.cordier@gmail.example"], ["vincent.urien@gmail.example"])


def test_an_address_named_to_be_retired_is_kept_apart_for_matching():
    body = ("c bon pour les factures sur durandcouverture@orange.example\nattention celle que vous avez dans votre "
            "fichier est fausse (durandcouvertur@orange.example)")
    reply = understand(mail(body, sender="durandcouverture@orange.example"), FIRM)
    assert reply.context.get("retired") == ["durandcouvertur@orange.example"]


def test_the_managers_note_above_a_forward_is_kept_for_matching():
    body = ("Bonjour,\nPour ACM 44 (Nantes), voir plus bas. Merci\nJulien\n\n-----Message d'origine-----\n"
            "De : ACM 44 - Ludovic <acm44@acm-metal.example>\nEnvoyé : vendredi 22 janvier 2027 18:40\n"
            "À : Julien <j.roux@cabinet-exemple.fr>\nObjet : RE: adresse factures\n\n"
            "Pour le cabinet ils peuvent utiliser l'adresse de ce mail.\nLudo\n")
    reply = understand(mail(body, sender="Julien <j.roux@cabinet-exemple.fr>", subject="TR: adresse factures"), FIRM)
    assert reply.addresses == ["acm44@acm-metal.example"]
    assert reply.context["relay_note"].startswith("Bonjour,\nPour ACM 44 (Nantes)")


@pytest.mark.parametrize("body, intent, addresses", [
    ("On est en plein dans les commandes de Noël, je vous réponds début janvier pour l'adresse.", "question", []),
    ("Pour la Fromagerie des Monts, vous pouvez continuer à tout m'envoyer à cette adresse, je fais suivre au gérant.",
     "address", ["jean.durand@durand-btp.example"]),
    ("Je transmets la demande à notre service comptable, qui vous communiquera l'adresse à utiliser d'ici la fin du mois.",
     "question", []),
    ("Bonjour voici mon adresse mail pour les factures.\nCyril", "address", ["jean.durand@durand-btp.example"]),
    ("Voici mon adresse :\nMme DURAND Jeanne\n4 place du Martray\n22000 Saint-Brieuc", "other", []),
    ("Les associés m'ont demandé de vous indiquer mon adresse : vous pouvez donc les envoyer à la présente adresse.",
     "address", ["jean.durand@durand-btp.example"]),
    ("Merci d'envoyer désormais les factures à mon adresse (celle de ce message) et de ne plus utiliser "
     "h.ferri@durand-btp.example, qui sera bientôt fermée.", "address", ["jean.durand@durand-btp.example"]),
    ("vous pouvez envoyer les factures à compta arobase durand-btp point fr... pardon, point com, pas point fr !\n"
     "Donc : compta arobase durand-btp point com.", "address", ["compta@durand-btp.com"]),
    ("Pour les factures, utilisez celle du service comptable ci-dessous, merci.\n\nSylvie Durand\n"
     "Exploitation : exploitation@durand-btp.example\nService comptable : comptabilite@durand-btp.example\n"
     "Direction : direction@durand-btp.example", "address", ["comptabilite@durand-btp.example"]),
])
def test_more_wordings(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_restaurant_closed_for_holidays_is_an_out_of_office():
    body = ("Le restaurant est fermé pour congés annuels du 20 décembre au 5 janvier inclus.\n"
            "Pour les fournisseurs et la comptabilité : antoine.durand@gmail.example")
    assert understand(mail(body, subject="Fermeture annuelle"), FIRM).intent == "autoreply"
    body = "La crêperie est fermée pour travaux jusqu'à février. Nous n'avons pas encore décidé quelle adresse utiliser."
    assert understand(mail(body), FIRM).intent == "question"


def test_the_address_shown_as_sender_and_not_mine():
    body = ("Merci d'utiliser l'adresse qui apparaît comme expéditeur de ce message (la boîte de l'administratif) "
            "et non la mienne.")
    reply = understand(mail(body, sender="Administratif <administratif@durand-btp.example>",
                            headers={"Sender": "Dylan Durand <d.durand@durand-btp.example>"}), FIRM)
    assert reply.addresses == ["administratif@durand-btp.example"]


def test_a_copy_for_information_only_is_not_a_copy_for_invoices():
    body = ("Vous pouvez m'envoyer directement les factures, avec Nadia, notre assistante, en copie (je l'ai mise en cc).\n"
            "Pierre, mon associé, est également en copie pour information, mais il n'a pas besoin de les recevoir.")
    reply = understand(mail(body, headers={"Cc": "Nadia <administration@durand-btp.example>, "
                                                 "Pierre <pierre.durand@durand-btp.example>"}), FIRM)
    assert (reply.addresses, reply.copies) == (["jean.durand@durand-btp.example"], ["administration@durand-btp.example"])


def test_the_firms_quote_is_known_by_its_distinctive_name_word():
    firm = type(FIRM)(secretariat="accueil@marchetti-exemple.fr", name="Fiduciaire Marchetti Audit & Conseil")
    body = ("Le 19/01/2027 à 10:03, Accueil - Fiduciaire Marchetti a écrit :\n> Bonjour,\n"
            "> Souhaitez-vous recevoir les factures à contact.durand@orange.example ou à compta@durand-btp.example ?\n"
            "> Inès\n> Fiduciaire Marchetti Audit & Conseil\n\nBonjour,\n\nLa première. L'autre, on ne la relève plus.\n")
    assert understand(mail(body), firm).addresses == ["contact.durand@orange.example"]


@pytest.mark.parametrize("body, intent, addresses", [
    ("Je vous avais donné jean.durand@gmail.example en janvier. Finalement, mettez plutôt l'adresse que j'ai créée : "
     "jd.location@gmail.example", "address", ["jd.location@gmail.example"]),
    ("Envoyez les factures à jean@durand-btp.example... non, en fait mettez plutôt compta@durand-btp.example.",
     "address", ["compta@durand-btp.example"]),
    ("Pour la boutique : achicourt@durand-btp.example. Non, oubliez, mettez plutôt compta@durand-btp.example.",
     "address", ["compta@durand-btp.example"]),
    ("pour les factures mettez mon autre adresse : jean.durand59 chez free.example\ncelle ci c'est pour les devis",
     "address", ["jean.durand59@free.example"]),
    ("Pour la pizzeria, mettez pizzeria.durand chez gmail.com\nGrazie", "address", ["pizzeria.durand@gmail.com"]),
    ("Je suis chez orange.fr depuis toujours, mais pas d'internet à la maison. Je garde le papier.", "refusal", []),
    ("Adresse pour la facturation : compta (at) durand-btp (point) fr\nMerci de ne pas utiliser la mienne.",
     "address", ["compta@durand-btp.fr"]),
    ("POUR L EARL MERCI D ENVOYER LES FACTURES A EARL.DURAND@ORANGE.FR\nL ANCIENNE ADRESSE EARLDURAND N EST PLUS UTILISEE",
     "address", ["earl.durand@orange.fr"]),
    ("Nous vous remercions d'adresser vos factures à comptabilite@durand-btp.example.\n\nPour exercer vos droits RGPD : "
     "dpo@durand-btp.example", "address", ["comptabilite@durand-btp.example"]),
    ("Bien reçu, merci.\n\nETS DURAND – 7 rue Zola – BP 70443 – 59400 Cambrai\ndurand@wanadoo.example – atelier : "
     "atelier.durand@orange.example", "other", []),
    ("M. Durand, mon client (le particulier, rien à voir avec Durand Carrelage), m'a téléphoné : il est d'accord pour "
     "recevoir ses factures par mail à t.durand59@laposte.example.", "address", ["t.durand59@laposte.example"]),
])
def test_wordings_of_a_third_firm(body, intent, addresses):
    reply = understand(mail(body, sender="Jean Durand <jean.durand@gmail.example>"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_the_shared_mailbox_i_write_from_and_the_person_copied_in_the_next_sentence():
    reply = understand(mail("Je vous écris depuis la boîte partagée du magasin : c'est elle qu'il faut utiliser pour vos "
                            "factures, pas mon adresse personnelle.", sender="Optique <compta@optique-durand.example>",
                            headers={"Sender": "Julie Durand <julie.durand@optique-durand.example>"}), FIRM)
    assert reply.addresses == ["compta@optique-durand.example"]
    reply = understand(mail("C'est mon mari qui s'occupe des papiers, je l'ai mis en copie de ce message. Merci de lui "
                            "envoyer les factures directement à son adresse à lui.",
                            headers={"Cc": "franck.durand59@free.example"}), FIRM)
    assert reply.addresses == ["franck.durand59@free.example"]


# A fourth round (the test halves of set1, set5 and set6 read once their figures were recorded)
@pytest.mark.parametrize("body, intent, addresses, copies", [
    ("coucou voila mon mail 👍\nSandra", "address", ["jean.durand@durand-btp.example"], []),
    ("Je vous écris depuis mon téléphone mais pour les factures c'est mieux sur l'adresse du bureau : "
     "bureau.durand @ orange . example", "address", ["bureau.durand@orange.example"], []),
    ("Pour les factures : contact@durand-btp.example. L'adresse durand.old@orange.example va être fermée "
     "en juin, ne l'utilisez plus.", "address", ["contact@durand-btp.example"], []),
    ("Avant de vous répondre : est-il possible d'envoyer chaque facture à compta@durand-btp.example et à "
     "jean.durand@durand-btp.example, ou une seule adresse par client ?", "question", [], []),
    ("Before we give you an address, could you tell us whether invoices can go to office@durand-btp.example "
     "and to me at the same time?", "question", [], []),
    ("Est-ce que c'est obligatoire ? Je garderais bien le papier, je n'ai pas d'imprimante.", "question", [], []),
    ("Avant de vous répondre : si je donne l'adresse de notre comptable, recevra-t-il aussi les courriers ? "
     "Je ne voudrais pas qu'un courrier important parte chez lui.", "question", [], []),
    ("Ma mère a une adresse (mme.durand@orange.example) mais elle ne sait plus s'en servir : merci de "
     "continuer à lui envoyer ses factures par la poste.", "refusal", [], []),
    ("Je ne veux pas recevoir mes factures sur jean.durand@durand-btp.example. Par courrier comme avant, "
     "merci.", "refusal", [], []),
    ("Je dois voir avec M. Durand quelle adresse il veut (la mienne ou celle de la compta). Je reviens vers vous.",
     "question", [], []),
    ("Pouvez-vous envoyer les factures à notre gestionnaire plutôt qu'à nous ? Je vous donnerai leur adresse.",
     "question", [], []),
    ("Please send the invoices to office@durand-btp.example.\nThe old one (jd@orange.example) will be closed "
     "next month.", "address", ["office@durand-btp.example"], []),
    ("Merci d'envoyer les factures à l'adresse suivante : factures.durand@gmail.example\nMerci de ne plus "
     "utiliser l'ancienne adresse.", "address", ["factures.durand@gmail.example"], []),
    # a fifth round (set7, read once its figures were recorded)
    ("Bien reçu, merci !\nFanny\n\nPizzeria Durand\nfanny@durand-btp.example - contact@durand-btp.example\n"
     "04 91 00 00 00", "other", [], []),
    ("for the invoices of the SCI please use my new address jd.new@gmx.example - the t-online address will be "
     "closed this summer.", "address", ["jd.new@gmx.example"], []),
    ("Merci de ne plus utiliser jd13@sfr.example (ancienne adresse), désormais envoyez tout à "
     "compta@durand-btp.example.", "address", ["compta@durand-btp.example"], []),
    ("Pour nos quatre SCI vous pouvez envoyer les factures sur mon adresse, c'est moi qui m'en occupe.",
     "address", ["jean.durand@durand-btp.example"], []),
    ("Pour mes trois SCI, même adresse : celle-ci.", "address", ["jean.durand@durand-btp.example"], []),
    ("Pour son dossier et ses SCI, merci d'envoyer toutes les factures à mon adresse : fils.durand@gmail.example\n"
     "Son adresse laposte n'est plus utilisée.", "address", ["fils.durand@gmail.example"], []),
    ("À compter de ce jour, adressez vos factures à factures@compta.durand-btp.example. Les anciennes adresses "
     "durand@free.example et compta@durand-btp.example ne doivent plus être utilisées.", "address",
     ["factures@compta.durand-btp.example"], []),
    ("Désormais merci d'envoyer nos factures à contact @ durand-pizza . example et ne plus utiliser cette "
     "adresse gmail.", "address", ["contact@durand-pizza.example"], []),
    ("Voici nos coordonnées :\nAdresse e-mail factures : factures@durand-btp.example\nAdresse commandes / "
     "logistique : logistique@durand-btp.example (merci de ne pas l'utiliser pour les factures)\n"
     "Contact : Jean Durand, DAF - jd@durand-btp.example - 04 42 00 00 00", "address",
     ["factures@durand-btp.example"], []),
])
def test_wordings_of_a_fourth_round(body, intent, addresses, copies):
    reply = understand(mail(body, subject="Re: Adresse e-mail pour les factures"), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == (intent, addresses, copies)


def test_a_terse_address_for_the_business_from_a_personal_mailbox():
    reply = understand(mail("Bonjour,\nc'est boutique.durand@gmail.example pour la boutique.\nAnne",
                            subject="Boutique Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["boutique.durand@gmail.example"])


def test_the_reply_address_of_a_no_reply_sender():
    body = ("Bonjour, nous sommes d'accord pour les factures par e-mail. Ce message part de notre logiciel : "
            "merci d'envoyer les factures à l'adresse de réponse de ce message.")
    reply = understand(mail(body, sender="Magasin <ne-pas-repondre@notif.durand-btp.example>",
                            headers={"Reply-To": "Secrétariat <secretariat@durand-btp.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["secretariat@durand-btp.example"])
    assert reply.context["resolved"]["kind"] == "reply_to"
    personal = understand(mail("Pour le salon, merci d'utiliser l'adresse de réponse de ce mail, pas mon icloud.",
                               sender="Anne <anne.durand@icloud.example>",
                               headers={"Reply-To": "Salon <salon@durand-coiffure.example>"}), FIRM)
    assert personal.addresses == ["salon@durand-coiffure.example"]


def test_an_html_table_reads_as_labels_and_values():
    html = ("<p>Voici nos informations :</p><table><tr><th>Destinataire des factures</th>"
            "<td>compta@durand-btp.example</td></tr><tr><th>Copie</th><td>direction@durand-btp.example</td></tr>"
            "<tr><th>Ne pas utiliser</th><td>chantier@durand-btp.example (planning)</td></tr></table>")
    reply = understand(mail("", html=html), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == \
        ("address", ["compta@durand-btp.example"], ["direction@durand-btp.example"])


def test_the_person_in_the_forwarded_messages_cc():
    body = ("Pour enregistrement.\n\n-----Message d'origine-----\nDe : Jean Durand <jean.durand@durand-btp.example>\n"
            "Envoyé : jeudi 19 novembre 2026 18:12\nÀ : Emma <e.manager@cabinet-exemple.fr>\n"
            "Cc : Marie Durand <marie.durand@gmail.example>\nObjet : factures\n\n"
            "Je suis d'accord pour recevoir mes factures par mail sur mon adresse habituelle. Pouvez-vous mettre "
            "aussi ma femme en copie ? Je l'ai mise en copie de ce message.\n")
    reply = understand(mail(body, sender="Emma <e.manager@cabinet-exemple.fr>", subject="TR: factures"), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == \
        ("address", ["jean.durand@durand-btp.example"], ["marie.durand@gmail.example"])


def test_the_cc_whose_address_must_be_used():
    reply = understand(mail("C'est mon mari qui s'occupe des papiers. Je l'ai mis en copie de ce message : c'est son "
                            "adresse qu'il faut utiliser.", headers={"Cc": "Paul Durand <paul.durand@orange.example>"}),
                       FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["paul.durand@orange.example"])


def test_choices_among_the_firms_proposals_and_its_addressee():
    quote = ("\n\nLe 10/02/2027 à 09:32, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n"
             "> Souhaitez-vous recevoir les factures à resa@durand-btp.example ou à compta@durand-btp.example ?\n")
    second = understand(mail("La deuxième svp, la première c'est pour les réservations." + quote), FIRM)
    assert second.addresses == ["compta@durand-btp.example"]
    proposed = understand(mail("Celle que vous proposez convient très bien." + FIRM_QUOTE.format(
        to="contact@durand-btp.example").replace("pouvez-vous nous indiquer l'adresse à utiliser",
                                                 "pouvons-nous utiliser cette adresse")), FIRM)
    assert proposed.addresses == ["contact@durand-btp.example"]


@pytest.mark.parametrize("body, address", [
    ("OK pour les factures par mail. Utilisez l'adresse du secrétariat qui figure en bas de ce mail, pas la "
     "mienne.\n\n--\nJean Durand\nChantiers : chantiers@durand-btp.example\n"
     "Secrétariat : secretariat@durand-btp.example\nTél. 06 00 00 00 00", "secretariat@durand-btp.example"),
    ("Pour le chantier, envoyez les factures à l'adresse « administratif » ci-dessous.\n\nMagali Durand\n"
     "Atelier : atelier@durand-marine.example - 04 42 00 00 00\nAdministratif : administration@durand-marine.example\n"
     "Direction : g.durand@durand-marine.example", "administration@durand-marine.example"),
])
def test_a_pointer_at_the_signature_wins_over_ok_or_a_labelled_line(body, address):
    assert understand(mail(body), FIRM).addresses == [address]


def test_the_persons_own_mailbox_of_from_and_sender():
    reply = understand(mail("Je préfère recevoir vos factures sur ma boîte à moi, celle avec laquelle j'envoie "
                            "réellement ce message (elle apparaît en « de la part de »).",
                            sender="Cabinet infirmier <secretariat@cabinet-durand.example>",
                            headers={"Sender": "Jean Durand <j.durand@cabinet-durand.example>"}), FIRM)
    assert reply.addresses == ["j.durand@cabinet-durand.example"]


def test_noted_and_mailings_are_not_answers():
    quote = ("\n\n-----Message d'origine-----\nDe : Secrétariat <secretariat@cabinet-exemple.fr>\n"
             "Objet : Rappel\n\nVous nous avez déjà donné votre adresse, vous n'avez rien à faire.\n")
    assert understand(mail("Bien noté, merci et bonne année !" + quote), FIRM).intent == "other"
    spam = ("Mettez à jour votre adresse de facturation : envoyez-la à inscription@efacture.example.\n"
            "Pour ne plus recevoir nos messages : desinscription@efacture.example")
    assert understand(mail(spam, sender="Conformité <conformite@efacture.example>",
                           subject="[ACTION REQUISE] Conformité"), FIRM).intent == "other"
    notice = "Votre boîte est presque pleine. Ne pas répondre à ce message automatique."
    assert understand(mail(notice, sender="Service <alerte@quota.example>", subject="Action requise"),
                      FIRM).intent == "other"


def test_an_unrelated_tax_question_that_says_courrier():
    reply = understand(mail("J'ai reçu un courrier des impôts sur ma déclaration. Est-ce que Mme Morvan peut me "
                            "rappeler ?", subject="Déclaration de revenus"), FIRM)
    assert reply.intent == "other"


def test_a_managers_quoted_question_known_by_the_firms_signature():
    body = ("Bonjour Emma,\n\nà secretariat@durand-paysage.example, c'est ma secrétaire qui gère tout ça.\n\nDaniel\n\n"
            "Le 07/12/2026 à 16:40, Emma Martin a écrit :\n> Bonjour Monsieur Durand,\n>\n"
            "> Pouvez-vous m'indiquer l'adresse à laquelle Durand Paysage souhaite recevoir nos factures ?\n>\n"
            "> Emma Martin\n> Cabinet Exemple\n")
    reply = understand(mail(body), FirmContext(secretariat="secretariat@cabinet-exemple.fr",
                                               domains=["cabinet-exemple.fr"], name="Cabinet Exemple"))
    assert "Durand Paysage" in reply.context.get("quoted_firm", "")


# (the fifth round's wordings, from set7, are in test_wordings_of_a_fourth_round)


def test_my_address_with_the_spouse_in_copy_and_a_described_choice():
    reply = understand(mail("Vous pouvez m'envoyer les factures à mon adresse, et mettre en copie mon épouse (je l'ai "
                            "mise en copie de ce message).", headers={"Cc": "Marie <marie.durand@orange.example>"}), FIRM)
    assert (reply.addresses, reply.copies) == (["jean.durand@durand-btp.example"], ["marie.durand@orange.example"])
    quote = ("\n\nLe 14/04/2027 à 15:10, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n"
             "> Souhaitez-vous recevoir nos factures à jdurand33@gmail.example ou à comptabilite@durand-btp.example ?\n")
    assert understand(mail("Plutot celle de la compta, pas le gmail." + quote), FIRM).addresses == \
        ["comptabilite@durand-btp.example"]
    single = ("\n\nLe 8 avril 2027, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n> Pouvons-nous utiliser "
              "l'adresse contact@durand-btp.example que nous avons dans notre fichier ?\n")
    assert understand(mail("Oui celle-ci convient très bien." + single, sender="Jean <info@durand-btp.example>"),
                      FIRM).addresses == ["contact@durand-btp.example"]


def test_a_copy_whose_owner_no_longer_reads_that_mailbox_is_not_kept():
    reply = understand(mail("Mon mari ne consulte quasiment plus sa boîte wanadoo (il est en copie). Pouvez-vous envoyer "
                            "ses factures sur mon adresse, marie.durand@gmail.example ?",
                            headers={"Cc": "Jean <jean.durand@wanadoo.example>"}), FIRM)
    assert (reply.addresses, reply.copies) == (["marie.durand@gmail.example"], [])


# A sixth round (set8, read once its figures were recorded)
def test_wordings_of_a_sixth_round():
    dictated = understand(mail("Pour l'épicerie, l'adresse pour les factures c'est epicerie point durand arobase "
                               "orange point fr", subject="factures"), FIRM)
    assert dictated.addresses == ["epicerie.durand@orange.fr"]
    conditional = understand(mail("Si je passe au mail, pourrai-je revenir au papier ? Si c'est possible, ce serait sur "
                                  "boutique@durand-bijoux.example, sinon je préfère attendre."), FIRM)
    assert (conditional.intent, conditional.addresses) == ("question", [])
    away = understand(mail("Je suis en congés jusqu'au 16 août, sans accès à ma messagerie.\nPour la comptabilité : "
                           "compta@durand-btp.example"), FIRM)
    assert away.intent == "autoreply"
    chez_elle = understand(mail("C'est ma femme qui s'occupe des papiers. Envoyez les factures chez elle, je l'ai mise en "
                                "copie de ce mail.", headers={"Cc": "Marie <marie.durand@hotmail.example>"}), FIRM)
    assert chez_elle.addresses == ["marie.durand@hotmail.example"]


def test_a_manager_relays_a_visit_and_corrects_a_missing_letter():
    visit = understand(mail("Anaïs,\n\nM. Durand est passé au bureau ce matin. Pour les factures, il ne veut pas du mail : "
                            "il reste au courrier.\n\nGuilhem", sender="Guilhem <g.manager@cabinet-exemple.fr>",
                            subject="M. Durand - papier"), FIRM)
    assert visit.intent == "refusal"
    body = ("Anaïs,\n\nPour la SCM : il manque un s à l'adresse ci-dessous, c'est secretariat@veto-deuxrives.example.\n\n"
            "Guilhem\n\n________________________________\nDe : Sophie Durand <sophie@veto-deuxrives.example>\n"
            "Envoyé : mercredi 28 juillet 2027 12:10\nÀ : Guilhem <g.manager@cabinet-exemple.fr>\nObjet : SCM\n\n"
            "Pour la SCM, merci d'envoyer les factures au secrétariat : secretariat@veto-deuxrive.example\n")
    corrected = understand(mail(body, sender="Guilhem <g.manager@cabinet-exemple.fr>", subject="TR: SCM"), FIRM)
    assert corrected.addresses == ["secretariat@veto-deuxrives.example"]


def test_choices_by_kind_and_the_sender_header_named_as_such():
    quote = ("\n\nLe 30/06/2027 à 09:50, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n> Souhaitez-vous recevoir "
             "les factures à j.durand@veto-durand.example ou à durandj5@free.example ?\n")
    cabinet = understand(mail("Plutôt celle du cabinet vétérinaire. L'autre c'est ma boîte perso." + quote), FIRM)
    assert cabinet.addresses == ["j.durand@veto-durand.example"]
    gmail_quote = quote.replace("j.durand@veto-durand.example", "jdurand82@gmail.example").replace(
        "durandj5@free.example", "jdurand@hotmail.example")
    assert understand(mail("Plutôt la gmail svp, la hotmail je ne l'ouvre plus." + gmail_quote), FIRM).addresses == \
        ["jdurand82@gmail.example"]
    delegated = understand(mail("Je réponds pour M. Durand, depuis sa messagerie. Les factures doivent arriver chez moi : "
                                "prenez mon adresse personnelle de travail, celle qui apparaît comme « envoyé par » sur ce "
                                "message.", sender="DURAND SA - Jean Durand <j.durand@durand-sa.example>",
                                headers={"Sender": "Aurélie Rames <a.rames@durand-sa.example>"}), FIRM)
    assert delegated.addresses == ["a.rames@durand-sa.example"]


@pytest.mark.parametrize("body, intent, addresses", [
    ("Guten Tag,\n\nbitte senden Sie die Rechnungen künftig an buchhaltung@mueller-gmbh.example.\n\nMit freundlichen "
     "Grüßen\nKlaus Müller", "address", ["buchhaltung@mueller-gmbh.example"]),
    ("Sehr geehrte Damen und Herren,\nwir möchten die Rechnungen weiterhin per Post erhalten.\nMfG", "refusal", []),
    ("Hallo, ja, diese Adresse ist in Ordnung. Danke!", "address", ["jean.durand@durand-btp.example"]),
    ("Ich bin bis zum 20. August nicht im Büro und habe keinen Zugriff auf meine E-Mails. In dringenden Fällen: "
     "info@mueller.example", "autoreply", []),
    ("Ist das Pflicht? Ich hätte lieber Papier.", "question", []),
    ("Einverstanden, bitte an diese E-Mail-Adresse.", "address", ["jean.durand@durand-btp.example"]),
    ("Die Rechnungen bitte an rechnung@kehl-bau.example schicken, nicht an meine private Adresse.", "address",
     ["rechnung@kehl-bau.example"]),
])
def test_german_replies_from_clients_across_the_border(body, intent, addresses):
    reply = understand(mail(body, subject="AW: Ihre Rechnungen per E-Mail"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_german_outlook_quote_is_quoted_history():
    body = ("Ja, passt so.\n\n-----Ursprüngliche Nachricht-----\nVon: Secrétariat <secretariat@cabinet-exemple.fr>\n"
            "Gesendet: Montag, 2. August 2027 09:00\nAn: info@keller-bau.example\nBetreff: Rechnungen\n\n"
            "Können wir die Adresse info@keller-bau.example verwenden?\n")
    reply = understand(mail(body, sender="Hans <hans.keller@gmail.example>"), FIRM)
    assert "Ursprüngliche" not in reply.own_text and reply.intent == "address"


@pytest.mark.parametrize("body, intent, addresses", [
    # a review of round 3 found these read wrongly
    ("Bonjour,\nJe garde le papier, merci.\nMon fils, julien.durand@gmail.example, part en Australie pour un an.",
     "refusal", []),
    ("Vous avez envoyé à paul.durand@durand-btp.example, c'est son adresse mais il ne la lit plus. Merci d'utiliser "
     "compta@durand-btp.example", "address", ["compta@durand-btp.example"]),
    ("paul.durand@durand-btp.example était l'adresse de mon associé ; sa boîte n'est plus lue.", "other", []),
    ("Hello, I would like to unsubscribe from paper invoices. Please send them to compta@durand-btp.example from now on.",
     "address", ["compta@durand-btp.example"]),
])
def test_readings_a_review_found_wrong(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_function_word_describes_no_proposal():
    quote = ("\n\nLe 3/4/2027, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n> Souhaitez-vous recevoir les "
             "factures à compta@durand-immo.example ou jacques.durand@gmail.example ?\n")
    assert understand(mail("Prenez celle que vous voulez, c'est pareil pour moi." + quote), FIRM).addresses == []


def test_a_no_reply_senders_reply_to_elsewhere_is_not_taken_without_words():
    reply = understand(mail("Nous sommes d'accord pour recevoir les factures par e-mail.",
                            sender="Outil <no-reply@notif.durand-btp.example>",
                            headers={"Reply-To": "factures.durand@gmail.example"}), FIRM)
    assert reply.addresses != ["factures.durand@gmail.example"]


# A seventh round (set9, read once its figures after round 3 were recorded)
@pytest.mark.parametrize("body, intent, addresses", [
    ("Bonjour\n\nPour Durand Paysages, vous pouvez utiliser mon mail perso, c'est plus simple.\n\nJ. Durand", "address",
     ["jean.durand@durand-btp.example"]),
    ("c'est moi qui fais les papiers. Vous pouvez garder mon adresse pour les deux dossiers.", "address",
     ["jean.durand@durand-btp.example"]),
    ("pour le dossier de ma femme Marie, envoyez plutôt sur son adresse à elle : marie.durand@gmail.example\n"
     "Pour moi rien ne change.", "address", ["marie.durand@gmail.example"]),
    ("Salut,\nPour le kebab du Port à Saint-Malo : kebab.duport[at]gmail.example\nMerci", "address",
     ["kebab.duport@gmail.example"]),
    ("its atelier.durand@gmail.example for the company\nJean", "address", ["atelier.durand@gmail.example"]),
    ("Bonjour,\nvoici celle du bureau : secretariat@transports-durand.example\nBonne journée", "address",
     ["secretariat@transports-durand.example"]),
    ("Menuiserie Durand, Rennes : compta@menuiserie-durand.example svp.", "address", ["compta@menuiserie-durand.example"]),
    ("Bonjour, pour les transports Durand à Vitré : chantal point durand, arobase, transports tiret durand point fr. "
     "Tout attaché, sans accent.", "address", ["chantal.durand@transports-durand.fr"]),
    ("für die Bäckerei Durand in Kehl bitte ab Oktober an kontakt [at] baeckerei-durand [dot] de.", "address",
     ["kontakt@baeckerei-durand.de"]),
    ("Va bien.\nJ. Durand", "address", ["jean.durand@durand-btp.example"]),
    # refusals naming the letterbox, or an address not to use
    ("Surtout ne m'envoyez rien sur jean.durand@durand-btp.example. Je préfère recevoir mes factures dans la boîte "
     "aux lettres.", "refusal", []),
    ("Cette adresse jean.durand@durand-btp.example c'est ma petite fille qui l'a faite pour moi, ne vous en servez pas "
     "pour les factures. Je veux le papier comme avant, par la poste.", "refusal", []),
    # agreed only on a condition, under a question: not yet an answer
    ("Les factures auront-elles la même valeur en cas de contrôle ? Si oui, alors d'accord sur cette adresse, mais "
     "dites-le-moi d'abord.", "question", []),
    ("Will the invoices be valid originals for VAT? If so, our accounts team would be accounts@durand-btp.example, "
     "but please confirm first.", "question", []),
])
def test_wordings_of_a_seventh_round(body, intent, addresses):
    reply = understand(mail(body, subject="Re: Vos factures par e-mail"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, address", [
    ("pour le dossier de ma femme Marie, envoyez plutôt sur son adresse à elle : marie.durand@gmail.example",
     "marie.durand@gmail.example"),
    ("Salut,\nPour le kebab du Port à Saint-Malo : kebab.duport[at]gmail.example\nMerci", "kebab.duport@gmail.example"),
    ("its atelier.durand@gmail.example for the company\nJean", "atelier.durand@gmail.example"),
    ("Pas de souci pour le mail : serkan@durand-import.example.", "serkan@durand-import.example"),
    ("Bonjour, pour les transports Durand à Vitré : chantal point durand, arobase, transports tiret durand point fr.",
     "chantal.durand@transports-durand.fr"),
])
def test_an_address_handed_over_under_a_subject_that_says_nothing(body, address):
    reply = understand(mail(body, subject="Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", [address])


def test_the_from_mailbox_named_as_sender_and_a_form_line_set_aside():
    shared = understand(mail("Vous pouvez nous envoyer les factures sur la boîte de la compta, c'est-à-dire celle qui "
                             "apparaît comme expéditeur de ce message (je vous écris depuis mon poste mais via la boîte "
                             "partagée).\n\nJean Durand\nGarage Durand\n5 route de Rennes - 35000 Rennes\n06 12 48 77 30",
                             sender="Garage Durand - Compta <compta@garage-durand.example>",
                             headers={"Sender": "Jean Durand <jean@garage-durand.example>"}), FIRM)
    assert shared.addresses == ["compta@garage-durand.example"]
    form = understand(mail("Salon : COIFFURE DURAND\nMail pour les factures -> odile@coiffure-durand.example\n"
                           "Mail prise de rendez-vous -> rdv@coiffure-durand.example (ne sert pas pour la compta)"), FIRM)
    assert form.addresses == ["odile@coiffure-durand.example"]
    wife = understand(mail("c'est Sandra, ma femme, qui s'occupe des papiers. Envoyez-lui directement les factures, je "
                           "l'ai mise en copie de ce mail pour que vous ayez son adresse.",
                           headers={"Cc": "Sandra <sandra.durand@laposte.example>"}), FIRM)
    assert wife.addresses == ["sandra.durand@laposte.example"]


def test_a_german_pointer_at_the_address_written_to_and_noted_without_a_proposal():
    quote = ("\n\n-----Ursprüngliche Nachricht-----\nVon: Secrétariat <secretariat@cabinet-exemple.fr>\n"
             "Gesendet: Montag, 5. Juli 2027 10:31\nAn: j.durand@durand-handwerk.example\nBetreff: Factures\n\n"
             "Nous avons l'adresse jdurand@t-online.example. À quelle adresse souhaitez-vous recevoir les factures ?\n")
    german = understand(mail("bitte senden Sie die Rechnungen an die Adresse, an die Sie Ihre Nachricht geschickt haben "
                             "(Firmenadresse), nicht an meine private Adresse." + quote,
                             sender="Jürgen <jdurand@t-online.example>"), FIRM)
    assert german.addresses == ["j.durand@durand-handwerk.example"]
    reminder = ("\n\n________________________________\nDe : Secrétariat <secretariat@cabinet-exemple.fr>\nEnvoyé : mercredi "
                "25 août 2027 09:10\nÀ : contact@immo-durand.example\nObjet : Vos factures\n\nBonjour, nous n'avons pas "
                "encore reçu votre adresse. Pourriez-vous nous la communiquer en répondant à ce message ?\n")
    noted = understand(mail("Bien noté, merci. Bonne journée." + reminder,
                            sender="Immo Durand <contact@immo-durand.example>"), FIRM)
    assert (noted.intent, noted.addresses) == ("other", [])


def test_a_relayed_visit_and_an_out_of_office_by_its_dates():
    visit = understand(mail("Mélanie,\n\nMme Durand est passée cet après-midi au bureau de Vitré déposer ses relevés. Elle "
                            "ne veut pas entendre parler de mail, elle garde les factures par courrier.\n\nAnne",
                            sender="Anne <a.manager@cabinet-exemple.fr>", subject="Mme Durand"), FIRM)
    assert visit.intent == "refusal"
    away = understand(mail("Bonjour,\n\nJe suis en congés du 6 au 25 août inclus.\nPour la comptabilité et les factures : "
                           "compta@hotel-durand.example", subject="Absente jusqu'au 25 août"), FIRM)
    assert away.intent == "autoreply"


def test_addresses_dictated_word_by_word():
    from campaign.understanding.addresses import find_addresses
    assert [f.address for f in find_addresses("Il m'a épelé : p point durand, arobase, boucherie tiret durand point e u.")] \
        == ["p.durand@boucherie-durand.eu"]
    assert [f.address for f in find_addresses("c'est jean tiret bas durand arobase free point fr")] == ["jean_durand@free.fr"]
    assert [f.address for f in find_addresses("l'adresse c'est earl.durand arobase gmail point com (celle-ci)")] \
        == ["earl.durand@gmail.com"]
    assert find_addresses("mon adresse arobase gmail") == []


def test_a_copy_named_by_first_name_beside_the_address_given():
    reply = understand(mail("Pour la holding et le traiteur : compta@durand-gastro.example, avec Aurélie en copie (elle "
                            "est en cc).", headers={"Cc": "Aurélie Marx <a.marx@durand-gastro.example>"}), FIRM)
    assert (reply.addresses, reply.copies) == (["compta@durand-gastro.example"], ["a.marx@durand-gastro.example"])


_PROPOSAL = ("\n\nLe 3/4/2027, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n> Bonjour, pouvons-nous utiliser "
             "l'adresse compta@durand-btp.example pour vous envoyer vos factures ?\n")


@pytest.mark.parametrize("answer", ["Je confirme.", "Je vous le confirme.", "Confirmé.", "Entendu, merci.", "Nickel.",
                                    "Impeccable, merci", "Ça me convient.", "Bien sûr.", "Evidemment !", "Pas de soucis",
                                    "Top merci", "Super, merci", "Of course.", "Affirmatif", "ça roule", "Vous pouvez.",
                                    "C bon", "C'est juste.", "Accord.", "Perfect, thanks", "Absolument"])
def test_agreement_in_a_word_approves_the_address_proposed(answer):
    reply = understand(mail(answer + "\nJ. Durand" + _PROPOSAL), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@durand-btp.example"])


@pytest.mark.parametrize("answer, intent", [("Absolument pas.", "other"), ("Bien sûr que non, je garde le papier.", "refusal"),
                                            ("Evidemment pas sur cette adresse, elle est fermée.", "other"),
                                            ("J'ai entendu parler de la réforme, est-ce obligatoire ?", "question"),
                                            ("Vous pouvez me rappeler ?", "question")])
def test_agreement_words_negated_or_in_passing_approve_nothing(answer, intent):
    reply = understand(mail(answer + _PROPOSAL), FIRM)
    assert (reply.intent, reply.addresses) == (intent, [])


@pytest.mark.parametrize("body, intent", [
    ("Je tiens au papier.", "refusal"), ("Je garde les factures papier.", "refusal"),
    ("Pour moi ce sera toujours le papier.", "refusal"), ("Mon comptable veut les originaux papier.", "refusal"),
    ("Les factures papier c'est terminé pour nous, envoyez sur compta@durand-btp.example", "address"),
    ("Avez-vous besoin des factures papier de 2025 pour le bilan ?", "question"),
    ("Ma fille va m'ouvrir une boîte mail, je vous dirai.", "question"), ("Je dois en discuter avec ma femme.", "question"),
    ("Mon associé vous répondra.", "question"), ("Let me think about it.", "question"),
    ("Mon fils vous répondra pour sa société ; pour moi c'est ok sur cette adresse.", "address"),
    ("Je suis actuellement en congé maternité. Pour toute question, écrivez à compta@durand-btp.example.", "autoreply"),
    ("Je suis en vacances et n'ai pas accès à mes mails avant le 2 septembre.", "autoreply"),
    ("Hello, I'm on annual leave until 5 September. For urgent matters please contact accounts@durand-btp.example.",
     "autoreply"),
    ("Ich bin bis 20.08. im Urlaub. Ihre E-Mail wird nicht weitergeleitet.", "autoreply"),
    ("Ma femme est en congé maladie, c'est moi qui gère : envoyez à jean@durand-btp.example", "address"),
])
def test_refusals_deferrals_and_absences_in_more_words(body, intent):
    assert understand(mail(body, subject="Re: factures"), FIRM).intent == intent


# An eighth round (set11, read once its figures were recorded)
def test_thanks_for_the_firms_confirmation_and_a_postal_move_decide_nothing():
    confirmation = ("\n\nLe mar. 2 nov. 2027 à 10:05, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n> Bonjour, "
                    "nous avons bien enregistré l'adresse marie.durand@gmail.example pour vos factures.\n")
    thanks = understand(mail("Super merci !\nMarie" + confirmation, sender="Marie <marie.durand@gmail.example>"), FIRM)
    assert (thanks.intent, thanks.addresses) == ("other", [])
    move = understand(mail("Madame,\n\nÀ compter du 15 novembre, merci de noter notre nouvelle adresse postale pour tout "
                           "courrier : BP 40112, 85102 Les Sables-d'Olonne Cedex.\n"), FIRM)
    assert move.intent == "other"


def test_a_contact_given_for_someone_who_will_answer_is_not_an_answer():
    handover = understand(mail("Je ne suis plus trésorier depuis cette année, c'est Emilie Durand "
                               "(emilie.durand@gmail.example) qui a repris, je lui fais passer la facture et elle vous "
                               "répondra."), FIRM)
    assert (handover.intent, handover.addresses) == ("question", [])
    group = understand(mail("Pour HB Finances et HB Food : compta@groupe-durand.example\nLe snack c'est mon frère qui le "
                            "gère, il vous répondra de son côté."), FIRM)
    assert group.addresses == ["compta@groupe-durand.example"]


def test_the_first_proposal_chosen_with_the_writer_in_copy_and_a_husband_far_from_the_verb():
    quote = ("\n\nLe 18/10/2027 à 09:30, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n> Souhaitez-vous recevoir "
             "les factures du garage à garage.durand@wanadoo.example ou à alain.durand@orange.example ?\n")
    first = understand(mail("La première, et mettez-moi en copie s'il vous plaît (sylvie.durand@orange.example), c'est moi "
                            "qui tiens les comptes." + quote, sender="Sylvie <sylvie.durand@orange.example>"), FIRM)
    assert (first.addresses, first.copies) == (["garage.durand@wanadoo.example"], ["sylvie.durand@orange.example"])
    husband = understand(mail("Suite au mot sur votre facture : merci d'envoyer nos factures (Jérôme et Brigitte Durand, "
                              "Mareuil-sur-Lay) à mon mari, en copie de ce message. C'est lui qui s'occupe des papiers.",
                              sender="Brigitte <brigitte.durand@laposte.example>",
                              headers={"Cc": "Jérôme <jerome.durand@orange.example>"}), FIRM)
    assert husband.addresses == ["jerome.durand@orange.example"]


@pytest.mark.parametrize("subject", ["[EXTERNAL] Adresse e-mail pour les factures - ref. C1234",
                                     "[EXT] RE: Adresse e-mail pour les factures - ref. C1234",
                                     "RE: [EXTERNAL] Adresse e-mail pour les factures - ref. C1234",
                                     "EXTERNE : Adresse e-mail pour les factures - ref. C1234",
                                     "[CAUTION: External Email] Adresse e-mail pour les factures - ref. C1234"])
def test_a_gateways_tag_before_the_memos_subject_is_no_part_of_it(subject):
    reply = understand(mail("", subject=subject), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["jean.durand@durand-btp.example"])


@pytest.mark.parametrize("body, address", [
    ("Go with ap@koala.example", "ap@koala.example"), ("ap@koala.example is the right one.", "ap@koala.example"),
    ("Merci de les déposer sur koala@inbound.okapi.example", "koala@inbound.okapi.example"),
    ("On passe par Okapi pour la compta, l'adresse de dépôt c'est koala@inbound.okapi.example",
     "koala@inbound.okapi.example"),
    ("Hi, finance@koala.example please. Thx!", "finance@koala.example"),
])
def test_terse_english_and_platform_inboxes(body, address):
    assert understand(mail(body, subject="Re: invoices"), FIRM).addresses == [address]


@pytest.mark.parametrize("body, subject, intent, addresses", [
    ("Buongiorno,\nvi prego di inviare le fatture a amministrazione@rossi-hotel.example.\nCordiali saluti", "Fatture",
     "address", ["amministrazione@rossi-hotel.example"]),
    ("Preferisco continuare a ricevere le fatture per posta, grazie.", "Fatture", "refusal", []),
    ("Preferiamo il formato cartaceo.", "R: fatture", "refusal", []),
    ("Ci penso e vi faccio sapere.", "R: fatture", "question", []),
    ("Sono assente fino al 20 giugno. Per urgenze: info@rossi.example", "fatture", "autoreply", []),
])
def test_italian_replies_from_clients_across_the_alps(body, subject, intent, addresses):
    reply = understand(mail(body, subject=subject, sender="Mario Rossi <mario@rossi.example>"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_an_italian_outlook_quote_of_the_firms_proposal():
    quote = ("\n\nDa: Secrétariat <secretariat@cabinet-exemple.fr>\nInviato: martedì 12 ottobre 2027 09:10\n"
             "A: Mario Rossi <mario@rossi.example>\nOggetto: Vos factures\n\nBonjour, pouvons-nous utiliser l'adresse "
             "compta@rossi.example ?\n")
    reply = understand(mail("Buongiorno, va bene questo indirizzo. Grazie" + quote, subject="R: Vos factures",
                            sender="Mario Rossi <mario@rossi.example>"), FIRM)
    assert "Oggetto" not in reply.own_text and reply.addresses == ["compta@rossi.example"]


@pytest.mark.parametrize("body, intent", [
    ("Bonjour, nous sommes fermés jusqu'au 15 juin (intersaison). Votre message sera lu à la réouverture.", "autoreply"),
    ("L'hôtel est fermé pour l'intersaison. Pour la comptabilité : compta@hotel-durand.example", "autoreply"),
    ("Nous sommes fermés le lundi, mais pour les factures c'est compta@hotel-durand.example", "address"),
])
def test_a_resort_closed_between_seasons(body, intent):
    assert understand(mail(body, subject="Re: factures"), FIRM).intent == intent


def test_a_spam_asking_to_send_ones_bank_details_designates_nothing():
    spam = understand(mail("Vous avez gagné 1 000 000 EUR. Envoyez vos coordonnées bancaires à claim@loterie.example",
                           subject="Félicitations ! Vous avez gagné"), FIRM)
    assert (spam.intent, spam.addresses) == ("other", [])
    invoices = understand(mail("Envoyez-moi vos factures à compta@durand-btp.example", subject="Bonjour"), FIRM)
    assert invoices.addresses == ["compta@durand-btp.example"]


# Round 4, set12 (read once its figures were recorded)
@pytest.mark.parametrize("body, intent, addresses", [
    ("Avant de vous donner notre adresse, une question : vos factures seront-elles au format Factur-X ? Notre outil "
     "(c'est finance@lumio.example qui est branché dessus) n'accepte que ça.", "question", []),
    ("bonjour je comprend pas votre message en bas de facture, c quoi cette reference et qu'est ce que je dois faire ? on "
     "recoit deja les factures par la poste. merci de m'appeler", "question", []),
    ("For the company please keep the current address. And for my personal file, my gmail yoav.durand@gmail.example is "
     "best.", "address", ["yoav.durand@gmail.example"]),
])
def test_wordings_of_a_ninth_round(body, intent, addresses):
    reply = understand(mail(body, subject="Re: factures"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_secretary_writing_for_the_doctor_whose_personal_mailbox_is_in_copy():
    reply = understand(mail("Je vous écris de la part du Dr Sophie Durand. Elle souhaite recevoir ses factures sur sa "
                            "messagerie personnelle, que je mets en copie.",
                            sender="Cabinet médical <secretariat.cabinet@gmail.example>",
                            headers={"Cc": "Dr Sophie Durand <dr.sophie.durand@gmail.example>"}), FIRM)
    assert reply.addresses == ["dr.sophie.durand@gmail.example"]
    mine = understand(mail("Je souhaite recevoir les factures sur ma messagerie, mon mari est en copie pour information.",
                           headers={"Cc": "Paul <paul.durand@gmail.example>"}), FIRM)
    assert mine.addresses == ["jean.durand@durand-btp.example"]


def test_the_service_named_after_celle_du_and_a_managers_donc():
    body = ("Plutôt que l'adresse de la comptabilité générale, utilisez celle du service fournisseurs indiquée ci-dessous "
            "dans ma signature : c'est elle qui règle les factures.\n\nHervé Durand\nDirecteur financier\n"
            "Comptabilité générale : comptabilite@durand-imprimerie.example\n"
            "Service fournisseurs : fournisseurs@durand-imprimerie.example\n")
    assert understand(mail(body), FIRM).addresses == ["fournisseurs@durand-imprimerie.example"]
    fwd = ("Bonjour Ruth,\n\nRéponse de Sarah pour Bloom ci-dessous. Attention, elle a fait une faute de frappe : le domaine "
           "est bloom-fleurs.example (avec un s). Donc compta@bloom-fleurs.example.\n\nLucie\n\n"
           "---------- Forwarded message ---------\nDe : Sarah <sarah@bloom-fleurs.example>\nDate: mar. 16 nov. 2027\n"
           "Subject: factures\nTo: Lucie <lucie@cabinet-exemple.fr>\n\nPour Bloom, tu peux dire au cabinet d'envoyer les "
           "factures à compta@bloom-fleur.example.\n")
    corrected = understand(mail(fwd, sender="Lucie <lucie@cabinet-exemple.fr>", subject="Fwd: factures"), FIRM)
    assert corrected.addresses == ["compta@bloom-fleurs.example"]


def test_two_files_two_addresses_the_second_the_senders_own():
    both = understand(mail("Pour mes factures personnelles, cette adresse gmail convient. Pour la SELARL, je préfère les "
                           "recevoir sur dr.durand@dentaire-durand.example, et non au secrétariat.",
                           sender="Rachel Durand <rachel.durand@gmail.example>"), FIRM)
    assert both.addresses == ["dr.durand@dentaire-durand.example", "rachel.durand@gmail.example"]
    other_mailbox = understand(mail("Pour le cabinet, merci d'utiliser comptabilite@kb-durand.example. Et pour moi à titre "
                                    "perso, vous pouvez garder mon gmail.",
                                    sender="Thomas Durand <t.durand@kb-durand.example>"), FIRM)
    assert other_mailbox.addresses == ["comptabilite@kb-durand.example"]  # his gmail is not the mailbox he writes from


def test_a_new_address_before_the_old_inbox_set_aside():
    reply = understand(mail("Yes we got the memo. Please switch to ap [at] stepp [dot] example — Marion handles all the "
                            "invoices now, the Okapi inbox is not used anymore since September.", subject="RE: invoices"),
                       FIRM)
    assert reply.addresses == ["ap@stepp.example"]


@pytest.mark.parametrize("body, addresses", [
    ("Les deux : compta@durand.example et paul@durand.example", ["compta@durand.example", "paul@durand.example"]),
    ("oui pour le mail. jdurand@gmail.example", ["jdurand@gmail.example"]),
    ("ok jdurand@gmail.example", ["jdurand@gmail.example"]),
    ("Merci pour votre message.\nJean Durand\njdurand@gmail.example", []),
])
def test_a_yes_beside_an_address_and_both_of_two(body, addresses):
    assert understand(mail(body, subject="Re: Vos factures par e-mail"), FIRM).addresses == addresses


@pytest.mark.parametrize("body, addresses", [
    ("Pouvez-vous envoyer l'attestation à ma banque : credit@banque.example ?", []),
    ("Envoyez les factures et le bilan à compta@durand.example", ["compta@durand.example"]),
])
def test_another_document_sent_elsewhere_is_not_the_invoices(body, addresses):
    assert understand(mail(body, subject="Re: facture"), FIRM).addresses == addresses


@pytest.mark.parametrize("body, intent, addresses", [
    ("Keep the address you have on file.", "address", ["jean.durand@durand-btp.example"]),
    ("Utilisez celle que vous avez dans vos fichiers.", "address", ["jean.durand@durand-btp.example"]),
    ("N'utilisez pas l'adresse que vous avez, elle est fermée.", "other", []),
    ("Pas celle que vous avez, elle est fermée : prenez compta@durand.example", "address", ["compta@durand.example"]),
])
def test_the_address_the_firm_already_has_kept_or_set_aside(body, intent, addresses):
    reply = understand(mail(body, subject="Re: Vos factures par e-mail"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_dont_use_the_address_you_have_confirms_nothing():
    reply = understand(mail("Don't use the address you have, it's closed.", subject="Re: invoices"), FIRM)
    assert reply.addresses == []


@pytest.mark.parametrize("body, intent, addresses, copies", [
    # the address a friend gave the writer is the firm's, the one written to
    ("Je reprends une boulangerie en septembre et je cherche un cabinet. Un ami m'a donné cette adresse, désolé si ce "
     "n'est pas la bonne. Pourriez-vous me rappeler au 06 00 00 00 00 ?", "question", [], []),
    # "je ne souhaite rien recevoir sur x@": a refusal naming the address it refuses
    ("Je ne souhaite rien recevoir sur jean.durand@durand-btp.example, je ne regarde presque jamais cette boite.\n"
     "Continuez à m'envoyer les factures par la poste comme d'habitude s'il vous plait.", "refusal", [], []),
    # spelt out on the phone, with pauses and an aside, relayed in the writer's words
    ("Elle veut bien recevoir ses factures par mail. Elle m'a épelé son adresse : durand, point, ginette, tiret, "
     "21 en chiffres, arobase orange point fr.", "address", ["durand.ginette-21@orange.fr"], []),
    ("Pour les factures, envoyez à p point durand, arobase, boucherie tiret durand point e u, merci",
     "address", ["p.durand@boucherie-durand.eu"], []),
    # English refusals: "keep posting", auditors who "require paper originals"
    ("Our group auditors still require paper originals, so please keep posting the invoices to our Beaune office.",
     "refusal", [], []),
    ("Please keep posting the invoices.", "refusal", [], []),
    ("We do not require paper invoices any more, send them to ap@durand-btp.example", "address",
     ["ap@durand-btp.example"], []),
    # "merci d'utiliser plutôt mon adresse": the mailbox written from
    ("M. Durand m'a transmis votre message. Merci d'utiliser plutôt mon adresse, celle du service comptable, pour le "
     "domaine.", "address", ["jean.durand@durand-btp.example"], []),
    # asked in reported speech, without a question mark
    ("Je voudrais savoir si la facture envoyée par mail vaut original pour ma déclaration.", "question", [], []),
    ("Je vous demande si possible d'envoyer les factures à compta@durand-btp.example", "address",
     ["compta@durand-btp.example"], []),
])
def test_wordings_of_a_fifth_round(body, intent, addresses, copies):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == (intent, addresses, copies)


def test_copy_our_bookkeeper_whom_i_have_copied():
    reply = understand(mail("Please continue to use accounts@durand-btp.example for Durand (France) SAS, and copy our "
                            "local bookkeeper, Claire Morel, whom I have copied on this email.",
                            headers={"Cc": "Claire Morel <c.morel@morel-compta.example>"}), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == \
        ("address", ["accounts@durand-btp.example"], ["c.morel@morel-compta.example"])


def test_a_manager_correcting_a_typo_by_spelling_the_domain_again():
    body = ("Réponse de M. Durand pour le GFA et la SCI. Attention, il s'est trompé en tapant : ce n'est pas "
            "« durand-savigy.example » mais durand-savigny.example, donc gestion@durand-savigny.example.\n"
            "Hélène\n\n-----Message d'origine-----\nDe : Jean Durand <jean.durand@wanadoo.example>\n"
            "Envoyé : mercredi 19 juillet 2028 21:40\nÀ : Hélène <h.carre@cabinet-exemple.fr>\nObjet : GFA et SCI\n\n"
            "Pour le GFA et la SCI, les factures peuvent partir à gestion@durand-savigy.example, c'est la boîte du bureau.\n")
    reply = understand(mail(body, sender="Hélène <h.carre@cabinet-exemple.fr>", subject="TR: GFA et SCI"), FIRM)
    assert reply.addresses == ["gestion@durand-savigny.example"]


def test_a_clients_question_relayed_by_the_manager():
    reply = understand(mail("M. Durand (réf. C1005) m'a appelé : il demande si la facture envoyée par mail vaut original "
                            "pour sa déclaration. Il n'a rien décidé, je lui ai dit qu'on le rappellerait.",
                            sender="Youssef <y.benali@cabinet-exemple.fr>", subject="M. Durand - question"), FIRM)
    assert reply.intent == "question"


@pytest.mark.parametrize("body, intent, addresses, copies", [
    # out-of-office notes by their wording, listing the business's other mailboxes
    ("Le Bistrot du Marché est fermé pour congés annuels du lundi 31 juillet au mercredi 23 août inclus.\n\n"
     "Pour les fournisseurs et la comptabilité : gestion.bistrot@gmail.example", "autoreply", [], []),
    ("Du 4 au 22 septembre, toute l'équipe est dans les vignes : le bureau est fermé et les mails ne sont pas "
     "relevés.\n- Factures fournisseurs : compta@domaine-durand.example", "autoreply", [], []),
    # a title's dot does not end the sentence that puts someone in copy
    ("Please kindly send the invoices to my e-mail address (this one).\nAlso, please put in CC our Ms. Yuki Tanaka "
     "(y.tanaka@durand-btp.example).", "address", ["jean.durand@durand-btp.example"], ["y.tanaka@durand-btp.example"]),
    ("Merci d'envoyer les factures à compta@durand-btp.example. Pour info M. Dupont (dupont@durand-btp.example) ne "
     "doit plus les recevoir.", "address", ["compta@durand-btp.example"], []),
    # no computer is why another mailbox is given; "gardez le courrier papier" is still a refusal
    ("Je suis la petite-fille de Mme Durand. Ma grand-mère a 89 ans et n'a pas d'ordinateur. Vous pouvez envoyer ses "
     "factures sur mon adresse (celle d'où je vous écris).", "address", ["jean.durand@durand-btp.example"], []),
    ("J'ai oublié l'indivision : pour celle-là, gardez le courrier papier svp, c'est ma sœur qui classe les papiers et "
     "elle n'a pas d'adresse mail.", "refusal", [], []),
    # an address still to be created: the reply defers
    ("Nous sommes en vendanges jusqu'à fin septembre. Nous allons créer une adresse compta@domaine-durand.example "
     "d'ici octobre, je vous confirme dès que c'est en place.", "question", [], []),
    # handed over without a billing word
    ("je vous écris avec l'adresse de mon fils. Pour la boucherie, mon adresse c'est : boucherie.durand arobase orange "
     "point fr", "address", ["boucherie.durand@orange.fr"], []),
    ("Je réponds pour le GAEC et pour la SCI : vous pouvez mettre gaec@domaine-durand.example pour les deux.",
     "address", ["gaec@domaine-durand.example"], []),
])
def test_wordings_of_a_fifth_round_second_half(body, intent, addresses, copies):
    reply = understand(mail(body, subject="Durand"), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == (intent, addresses, copies)


def test_send_to_him_i_put_him_in_copy():
    reply = understand(mail("C'est mon mari qui gère tous les papiers de la maison, vous pouvez envoyer les factures "
                            "directement à lui, je l'ai mis en copie.",
                            headers={"Cc": "Paul Durand <paul.durand@free.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["paul.durand@free.example"])


def test_a_manager_correcting_the_domain_in_words():
    body = ("Petite coquille dans l'adresse donnée par M. Durand ci-dessous : c'est « freres » avec un s, comme leur "
            "site www.durand-freres.example (j'ai vérifié).\nHélène\n\nDe : Jean Durand <jean@durand-freres.example>\n"
            "Envoyé : lundi 17 juillet 2028 18:20\nÀ : Hélène <h.carre@cabinet-exemple.fr>\nObjet : Factures\n\n"
            "Pour les factures, merci d'utiliser désormais compta@durand-frere.example.\n")
    reply = understand(mail(body, sender="Hélène <h.carre@cabinet-exemple.fr>", subject="TR: Factures"), FIRM)
    assert reply.addresses == ["compta@durand-freres.example"]


def test_rather_the_domaines_one_among_the_two_proposed():
    quote = ("\n\nLe 06/07/2028 à 09:20, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n> Bonjour,\n"
             "> Souhaitez-vous recevoir les factures à dom.durand@orange.example ou à sandrine-durand@bbox.example ?\n"
             "> Cordialement, le secrétariat\n")
    reply = understand(mail("Plutôt celle du domaine, comme ça mon mari les voit aussi. La mienne c'est pour le perso."
                            + quote, sender="Sandrine <sandrine-durand@bbox.example>"), FIRM)
    assert reply.addresses == ["dom.durand@orange.example"]


ES_QUOTE = ("\n\nDe: Secrétariat <secretariat@cabinet-exemple.fr>\nEnviado: lunes, 12 de febrero de 2029 10:05\n"
            "Para: Jordi Roca <jordi.roca@gmail.example>\nAsunto: Vos factures par e-mail\n\n"
            "Bonjour, souhaitez-vous recevoir les factures à compta@roca-sl.example ou à jordi.roca@gmail.example ?\n")
CA_QUOTE = ("\n\nEl dl., 12 de febr. 2029 a les 10:05, Secrétariat <secretariat@cabinet-exemple.fr> va escriure:\n"
            "> Bonjour, souhaitez-vous recevoir les factures à compta@roca-sl.example ou à jordi.roca@gmail.example ?\n")


@pytest.mark.parametrize("body, intent, addresses", [
    # Spanish and Catalan clients across the Pyrenees
    ("Buenos días, pueden enviar las facturas a contabilidad@roca-sl.example. Gracias.", "address",
     ["contabilidad@roca-sl.example"]),
    ("Prefiero seguir recibiendo las facturas en papel, por correo postal.", "refusal", []),
    ("De acuerdo, pueden utilizar esta dirección.", "address", ["jordi.roca@gmail.example"]),
    ("Ya les diré qué dirección usar la semana próxima.", "question", []),
    ("Estoy fuera de la oficina hasta el 10 de marzo.", "autoreply", []),
    ("Bon dia, podeu enviar les factures a comptabilitat@roca.example. Gràcies.", "address",
     ["comptabilitat@roca.example"]),
    ("Prefereixo continuar rebent les factures en paper.", "refusal", []),
    ("D'acord, feu servir aquesta adreça.", "address", ["jordi.roca@gmail.example"]),
    ("Sí, la primera." + ES_QUOTE, "address", ["compta@roca-sl.example"]),
    ("La segona, gràcies." + CA_QUOTE, "address", ["jordi.roca@gmail.example"]),
])
def test_spanish_and_catalan(body, intent, addresses):
    reply = understand(mail(body, sender="Jordi Roca <jordi.roca@gmail.example>"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


SIGNED = ("\n\n--\nPaul Lemoine\nGérant - Transports Lemoine SARL\nTél. 02 35 11 22 33\n"
          "p.lemoine@transports-lemoine.example\n")


@pytest.mark.parametrize("body, intent, addresses", [
    # round 6, from the brief's list of what real inboxes hold (not from any set's messages)
    ("Bonjour,\nPour les factures, voir ma signature.\nCordialement" + SIGNED, "address",
     ["p.lemoine@transports-lemoine.example"]),
    ("Hi, please send the invoices to the address in the signature.\nThanks" + SIGNED, "address",
     ["p.lemoine@transports-lemoine.example"]),
    ("Bonjour,\nvous pouvez envoyer les factures à comptabilite.fournisseurs@transports-\nlemoine.example\nMerci",
     "address", ["comptabilite.fournisseurs@transports-lemoine.example"]),
    ("Merci d'écrire à compta_\nfournisseurs@transports-lemoine.example pour les factures.", "address",
     ["compta_fournisseurs@transports-lemoine.example"]),
    ("Bonjour, vous pouvez utiliser paul.lemoine@gmail.example. Non finalement, plutôt "
     "compta@transports-lemoine.example, c'est ma secrétaire qui gère.", "address", ["compta@transports-lemoine.example"]),
    ("Envoyez les factures à paul.lemoine@gmail.example... en fait non, mettez plutôt compta@transports-lemoine.example",
     "address", ["compta@transports-lemoine.example"]),
    ("Please send invoices to paul@lemoine-home.example. Actually, use accounts@transports-lemoine.example instead.",
     "address", ["accounts@transports-lemoine.example"]),
    ("Bonjour,\nDepuis cette année nous recevons nos factures fournisseurs via notre plateforme de dématérialisation "
     "(PDP). Merci de les déposer sur Chorus Pro, nous n'avons pas d'adresse mail dédiée.\nCordialement", "other", []),
])
def test_wordings_of_a_sixth_round(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_an_address_in_the_subject_of_an_empty_reply():
    for body in ("", "\nEnvoyé de mon iPhone\n"):
        reply = understand(mail(body, subject="adresse facturation : compta@transports-lemoine.example"), FIRM)
        assert (reply.intent, reply.addresses) == ("address", ["compta@transports-lemoine.example"])


def test_a_sentence_ending_a_line_is_not_the_start_of_an_address():
    from campaign.understanding.addresses import find_addresses

    assert [f.address for f in find_addresses("Écrivez à x@y.example.\nMerci.\ncompta@x.example")] == \
        ["x@y.example", "compta@x.example"]


@pytest.mark.parametrize("body, intent, addresses, copies", [
    # round 6, from set17's development half (rewritten with synthetic names)
    ("Mme Lemaître a quitté l'entreprise, ses mails me sont transférés. Merci de ne plus utiliser son adresse et "
     "d'envoyer les factures du garage à compta.garage@roguet-auto.example", "address",
     ["compta.garage@roguet-auto.example"], []),
    ("Pour mes factures à moi, vous pouvez les envoyer sur cette adresse-ci. Merci de mettre mon mari en copie, "
     "il garde un œil sur les papiers.", "address", ["jean.durand@durand-btp.example"], []),
    ("Je vous remercie de ne pas utiliser mon adresse pour les factures de la société. Je souhaite continuer à les\n"
     "recevoir par courrier au bureau, comme aujourd'hui.", "refusal", [], []),
    ("Je vous écris pour ma mère. Elle n'a pas d'ordinateur et souhaite continuer à recevoir vos factures par la "
     "poste. Merci de ne pas les envoyer sur mon adresse non plus.", "refusal", [], []),
    ("Vous pouvez envoyer les factures à reception@hotel-escale.example.\n\n… Non, en fait, je viens de voir avec la "
     "direction : plutôt à compta@hotel-escale.example, elle ne lit pas la boîte de la réception.", "address",
     ["compta@hotel-escale.example"], []),
    ("Pour les factures envoyez sur bruno@onfroy.example\n\nAh non ma femme me dit de mettre plutôt la sienne : "
     "nathalie@onfroy.example", "address", ["nathalie@onfroy.example"], []),
    ("Merci d'envoyer vos factures à facturation@breard.example. L'adresse breard@wanadoo.example ne sera plus "
     "consultée à partir de décembre.", "address", ["facturation@breard.example"], []),
    ("Bonjour,\nje vous donne mon adresse mail pour recevoir vos factures.\nSophie", "address",
     ["jean.durand@durand-btp.example"], []),
    ("Nigel and I would like all the invoices to come to my e-mail only, please.", "address",
     ["jean.durand@durand-btp.example"], []),
    ("Please send your invoices to the stud office: office@haras.example, with a copy to me at this address.",
     "address", ["office@haras.example"], ["jean.durand@durand-btp.example"]),
    ("Vous pouvez utiliser l'adresse que vous avez déjà : compta@sci.example.\nJe veux bien être en copie : "
     "jean.durand@durand-btp.example", "address", ["compta@sci.example"], ["jean.durand@durand-btp.example"]),
    ("Nous vous informons que le siège de la société a été transféré au 4 quai du Port, à compter du 1er octobre. "
     "Merci de mettre à jour l'adresse postale sur vos courriers et vos factures.", "other", [], []),
    ("Ma fille doit me créer une adresse le mois prochain, je\nvous donnerai la bonne adresse à ce moment-là. "
     "D'ici là continuez par\ncourrier.", "question", [], []),
])
def test_wordings_of_set17(body, intent, addresses, copies):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == (intent, addresses, copies)


@pytest.mark.parametrize("body, headers", [
    ("Please send your invoices to the address this e-mail is coming\nfrom: it is our shared AP mailbox.",
     {"Sender": "Karen Lambert <k.lambert@durand-btp.example>"}),
    ("Please keep sending the invoices to the mailbox this message comes from. It is read by the whole team.", {}),
])
def test_the_shared_mailbox_this_comes_from(body, headers):
    reply = understand(mail(body, sender="Accounts <accounts@durand-btp.example>", headers=headers), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["accounts@durand-btp.example"])


def test_the_address_you_sent_this_to_is_the_one_written_to():
    body = ("Nigel passed your email on to me. Please carry on using the address you sent this to rather than mine.\n\n"
            "From: Secrétariat <secretariat@cabinet-exemple.fr>\nSent: Monday, November 5, 2029 11:02 AM\n"
            "To: nigel.hallworth@gmail.example\nSubject: Your invoices by e-mail\n\nDear Mr Hallworth, could you "
            "please confirm the e-mail address we should use?\n")
    reply = understand(mail(body, sender="Sue <sue@icloud.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["nigel.hallworth@gmail.example"])


def test_an_address_typed_after_the_qr_codes_subject():
    reply = understand(mail("", subject=f"{SUBJECTS['fr']} - ref. C0231 petitzinc@gmail.example"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["petitzinc@gmail.example"])


def test_a_managers_relayed_refusal_above_her_question_to_a_colleague():
    body = ("Margaux,\n\nMme Monique Tougard m'a appelé : pas de mail pour elle, elle n'a pas d'ordinateur. "
            "Elle garde ses factures papier.\n\nTu peux le noter dans sa fiche ?\n\nMerci\nMehdi")
    reply = understand(mail(body, sender="Mehdi <m.saidi@cabinet-exemple.fr>"), FIRM)
    assert reply.intent == "refusal"


def test_a_managers_call_first_address_then_the_final_one():
    body = ("J'ai eu M. Hérichard au téléphone ce matin. Il m'a d'abord donné carrosserie@orange.example, puis il m'a "
            "rappelée : finalement il veut qu'on envoie les factures à sa secrétaire, compta@carrosserie.example.")
    reply = understand(mail(body, sender="Claire <c.duval@cabinet-exemple.fr>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@carrosserie.example"])


def test_a_practice_closed_for_the_holidays_is_an_out_of_office():
    body = ("Le cabinet dentaire du Dr Olivier Levasseur est fermé du 24 décembre au 2 janvier inclus.\n"
            "Pour les rendez-vous à partir du 3 janvier : rdv.drlevasseur@orange.example\n"
            "Nous traiterons votre message à notre retour.")
    assert understand(mail(body), FIRM).intent == "autoreply"


def test_a_helpdesk_notice_reads_the_agents_comment():
    body = ("##- Please type your reply above this line -##\n\nYour request (48213) has been updated. To add "
            "additional comments, reply to this email.\n\n----------------------------------------------\n\n"
            "Marc Delaunay (Havre Customs)\n\n6 Nov 2029, 14:37 CET\n\nHello,\n\nFrom January, please send your "
            "invoices to ap@finance.havre-customs.example. accounts@havre-customs.example will be closed.\n\n"
            "----------------------------------------------\n\nYour original message:\n\nBonjour, merci de nous "
            "confirmer l'adresse à utiliser.\n")
    reply = understand(mail(body, sender="Helpdesk <noreply@helpdesk.havre-customs.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["ap@finance.havre-customs.example"])


@pytest.mark.parametrize("body, intent, addresses", [
    # round 6, from set17's second half once its figures were taken (rewritten with synthetic names)
    ("Depuis le 1er septembre nous recevons nos factures fournisseurs exclusivement via notre PDP. Vous pourrez y "
     "déposer vos factures.\n\nMerci de ne pas utiliser cette adresse pour l'envoi de factures.", "other", []),
    ("Baltic no longer accepts supplier invoices by e-mail. All invoices must be uploaded to our supplier portal.\n\n"
     "Please do not send invoices to this mailbox.", "other", []),
    ("Voici les informations :\n\nAdresse e-mail de facturation : compta@steoce.example\nAdresse d'exploitation "
     "(bons, escales – PAS pour les factures) : exploitation@steoce.example", "address", ["compta@steoce.example"]),
    ("Merci de noter :\n\nAdresse factures : factures@steoce.example\nInterlocutrice comptable : Mme Renault – "
     "g.renault@steoce.example – 02 35 13 70 42", "address", ["factures@steoce.example"]),
    ("Pour l'EARL des 100 Acres merci d'utiliser : earl.centacres @ orange . example\n(je ne l'écris pas en entier "
     "exprès, à cause des robots)", "address", ["earl.centacres@orange.example"]),
    ("Pour mes références 411 LEFEB et 411 SCILEF, merci de tout envoyer sur ma nouvelle adresse dédiée à la gestion "
     "(jm.gestion@gmail.example).", "address", ["jm.gestion@gmail.example"]),
    ("J'ai le regret de vous informer du décès de ma mère. La succession est confiée à Maître Hervieu, notaire à "
     "Yvetot (office@notaire-hervieu.example) : merci de prendre contact avec lui.", "other", []),
])
def test_wordings_of_set17s_second_half(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_the_mailbox_from_which_this_message_has_been_sent():
    body = "Please send all invoices to the mailbox from which this message has been sent, not to my own address."
    reply = understand(mail(body, sender="Accounting <accounting@nordfracht.example>",
                            headers={"Sender": "Jens Albers <jens.albers@nordfracht-group.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["accounting@nordfracht.example"])


@pytest.mark.parametrize("body, intent, addresses", [
    # round 6, from set19's development half (rewritten with synthetic names)
    ("BONJOUR\n\nPAS BESOIN D ENVOYER QUOI QUE CE SOIT SUR ETHEVE.FAMILLE@WANADOO.EXAMPLE C EST LA BOITE DE MON FILS.\n"
     "MOI JE VEUX GARDER LE COURRIER PAPIER COMME AVANT.\n\nMERCI", "refusal", []),
    ("Réf client : CLI 375\nSociété : SARL MTG\nFactures : PAR COURRIER svp, comme maintenant\n"
     "Devis / interventions : sav.mtg@orange.example\nDirection : d.grondin@orange.example", "refusal", []),
    ("Pour les factures vous pouvez envoyer sur gite@gmail.example\n\nAh non finalement, ma femme me dit qu'il vaut "
     "mieux sur la sienne : nadine@orange.example", "address", ["nadine@orange.example"]),
    ("bjr l adresse c celle en dessous pour les factures du snack. merci\n\nSNACK LES QUATRE CHEMINS\nWilly - 0692 25 81 14\n"
     "snack.quatrechemins@gmail.example\n76 impasse des Vacoas", "address", ["snack.quatrechemins@gmail.example"]),
    ("Pour le cabinet ce sera secretariat@rousseau-avocats.example\nJulie", "address",
     ["secretariat@rousseau-avocats.example"]),
    ("Hello, please use this email for the invoices of the SCI and also for my personal file.", "address",
     ["jean.durand@durand-btp.example"]),
    ("Bien reçu votre message. Le gérant regardera ça après les fêtes et vous donnera la bonne adresse, sûrement pas "
     "celle-ci qui est pour les réservations.", "question", []),
])
def test_wordings_of_set19(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_refusal_written_only_in_the_subject():
    quote = ("\n\n----- Mail d'origine -----\nDe: Secrétariat <secretariat@cabinet-exemple.fr>\nObjet: Vos factures par "
             "e-mail\n\nPouvons-nous utiliser l'adresse faure@sfr.example, ou préférez-vous le courrier ?\n")
    reply = understand(mail(quote, subject="Re: Vos factures par e-mail (réf. C0533) - je garde le papier merci"), FIRM)
    assert reply.intent == "refusal"


def test_a_son_answering_above_his_fathers_bare_forward():
    """The father forwarded the firm's reminder to his son with nothing of his own; the son answers on top:
    his words are the answer, and "the address you wrote to him" is the To of the firm's message."""
    body = ("Bonsoir,\n\nJe suis le fils de Joël Rivière (Taxi Rivière), il m'a fait suivre votre message parce qu'il ne "
            "sait pas trop répondre depuis son téléphone.\n\nVous pouvez garder l'adresse à laquelle vous lui avez "
            "écrit, c'est bien la sienne. Pas besoin de mettre la mienne.\n\nKévin\n\n"
            "---------- Forwarded message ---------\nDe : Taxi Rivière <taxiriviere@hotmail.example>\n"
            "Subject: TR: Rappel adresse mail factures\nTo: kevin@gmail.example\n\n\n\n"
            "________________________________\nDe : Secrétariat <secretariat@cabinet-exemple.fr>\n"
            "Envoyé : lundi 17 décembre 2029 10:15\nÀ : taxiriviere@hotmail.example\n"
            "Objet : Rappel adresse mail factures\n\nBonjour, merci de nous confirmer l'adresse e-mail où vous "
            "souhaitez recevoir vos factures.\n")
    reply = understand(mail(body, sender="Kévin <kevin@gmail.example>", subject="Fwd: TR: Rappel adresse mail factures"),
                       FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["taxiriviere@hotmail.example"])


@pytest.mark.parametrize("body, intent, addresses", [
    # a shop whose name holds "papier" and "plus" still refuses: the words are a name, not "plus de papier"
    ("Chez Papeterie Papier Plus nous préférons continuer à recevoir vos factures sur papier, par la poste.",
     "refusal", []),
    ("Le courrier, c'est plus simple pour nous : merci de continuer à nous envoyer les factures par la poste.",
     "refusal", []),
    # an answer put off until after the holidays
    ("Je n'ai pas encore pu en parler avec mon associé. On va sûrement tout mettre sur une seule adresse, mais je "
     "préfère vous confirmer ça après les fêtes.", "question", []),
    # a refusal for a mother that names the son's address only to keep it out
    ("Je vous écris pour ma mère. Ne lui envoyez rien sur mon adresse paul.rossi@free.example, je ne m'occupe pas de "
     "ses affaires. Elle préfère continuer à recevoir le papier chez elle.", "refusal", []),
    # a form: the invoices line says which address; the others are for orders and for the manager
    ("Voici nos coordonnées :\nAdresse factures : compta@paillote-exemple.example\n"
     "Adresse commandes : commandes@paillote-exemple.example (pas pour les factures)\n"
     "Contact direction : direction@paillote-exemple.example\n\nMerci", "address", ["compta@paillote-exemple.example"]),
    # a change of mind longer than a few words, the first address written with "arobase"
    ("vous pouvez envoyer les factures sur atelier.rossi arobase orange.example\n... non attendez, ma femme me dit que "
     "c'est elle qui fait les papiers, mettez\nplutot sur son adresse à elle : anne.rossi@orange.example\nmerci",
     "address", ["anne.rossi@orange.example"]),
])
def test_wordings_of_set20(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_husbands_address_only_in_copy_for_the_invoices():
    body = ("Bonjour,\n\nje m'occupe des papiers de mon mari, Rossi Plomberie.\n\nPour les factures mettez l'adresse de "
            "mon mari, je l'ai mis en copie de ce message. Moi je ne suis pas souvent sur l'ordinateur.\n\nMme Rossi")
    reply = understand(mail(body, sender="Anne Rossi <anne.rossi@orange.example>",
                            headers={"Cc": "Paul Rossi <p.rossi.plomberie@gmail.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["p.rossi.plomberie@gmail.example"])


def test_a_ticket_office_closed_for_the_winter_is_an_out_of_office():
    body = ("Merci pour votre message.\n\nNotre billetterie est fermée du 3 novembre au 15 mars. Pour toute autre "
            "demande : direction@bateaux-exemple.example – pour la facturation des groupes : "
            "groupes@bateaux-exemple.example\n")
    reply = understand(mail(body, sender="Bateaux <resa@bateaux-exemple.example>"), FIRM)
    assert reply.intent == "autoreply" and reply.addresses == []


def test_a_quota_alert_from_a_no_reply_robot_is_not_an_out_of_office():
    """A phishing "your mailbox is full" notice answers nothing the firm sent: other, not an automatic reply."""
    html = ("<html><body><p>Cher utilisateur secretariat@cabinet-exemple.fr,</p><p>Votre boîte de réception a atteint "
            "<b>98 %</b> de sa capacité.</p><p><a href='http://verif.example/u'>Augmenter mon espace</a></p>"
            "<p>Service Messagerie<br>Ceci est un message automatique, merci de ne pas y répondre.</p></body></html>")
    reply = understand(mail("", sender="Service Messagerie <no-reply@messagerie-alerte.example>",
                            subject="Votre boîte de réception est pleine à 98 % - action requise", html=html), FIRM)
    assert reply.intent == "other"


@pytest.mark.parametrize("body, intent, addresses", [
    # what round 7's patterns must not catch (from its review): "ne les envoyez pas par courrier" asks for e-mail
    ("Ne les envoyez pas par courrier, mais à compta@boutique-exemple.example", "address", ["compta@boutique-exemple.example"]),
    ("Ne les envoyez plus par la poste : compta@boutique-exemple.example désormais.", "address",
     ["compta@boutique-exemple.example"]),
    ("Ma mère ne lit pas ses mails, ne lui envoyez rien par mail ; envoyez plutôt à moi, paul.rossi@free.example",
     "address", ["paul.rossi@free.example"]),
    # a person writing that the shop is closed, or an old mailbox will be: no robot
    ("Notre magasin est fermé pendant l'hiver, mais vous pouvez envoyer les factures à compta@boutique-exemple.example",
     "address", ["compta@boutique-exemple.example"]),
    ("Notre ancienne adresse sera fermée à partir du 1er janvier. Merci d'utiliser compta@boutique-exemple.example",
     "address", ["compta@boutique-exemple.example"]),
    ("Our old mailbox will be closed from 1 January, please send invoices to billing@boutique-exemple.example",
     "address", ["billing@boutique-exemple.example"]),
    # a form whose invoices line holds no address: the manager's line is the answer
    ("Factures : par mail, c'est d'accord.\nGérante : marie.dupont@boutique-exemple.example (envoyez-les sur ce mail)",
     "address", ["marie.dupont@boutique-exemple.example"]),
    # an aside, not a change of mind
    ("Les factures sur compta@boutique-exemple.example (attendez, je vérifie... oui c'est bien ça), et mettez plutôt "
     "en copie paul@boutique-exemple.example", "address", ["compta@boutique-exemple.example"]),
    ("Je vais vous répondre quand même : oui, cette adresse convient pour les factures.", "address",
     ["jean.durand@durand-btp.example"]),
    # no paper; and paper because of someone who no longer reads mail
    ("Papier non merci, plus par mail.", "other", []),
    ("Continuez par courrier, ma mère ne sait plus se servir de l'ordinateur.", "refusal", []),
])
def test_what_round_7s_wordings_do_not_catch(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_an_out_of_office_opening_with_the_generic_robot_sentence_is_still_one():
    body = ("Ceci est un message automatique.\nJe suis absente du cabinet jusqu'au 5 janvier inclus. Pour les factures, "
            "merci d'écrire à compta@durand-btp.example")
    reply = understand(mail(body, subject="Fermeture de fin d'année"), FIRM)
    assert reply.intent == "autoreply"


def test_the_address_of_my_company_is_no_person_in_copy():
    body = "Utilisez l'adresse de mon entreprise, je mets ma comptable en copie pour qu'elle reçoive les factures."
    reply = understand(mail(body, headers={"Cc": "compta@fiduciaire-exemple.example"}), FIRM)
    assert reply.addresses != ["compta@fiduciaire-exemple.example"]


@pytest.mark.parametrize("body, intent, addresses", [
    # set22's development half (Champagne), rewritten: the other business's reply put off to a relative
    ("Pour l'EARL c'est mon fils Thomas qui s'occupe de tout maintenant. Il vous répondra dès qu'il aura un moment.",
     "question", []),
    # a refusal hard-wrapped at 72 columns that names an address to keep it out
    ("Pour mes factures personnelles (réf 0851.02) je préfère continuer\nà les recevoir par la poste.\n"
     "Surtout ne les envoyez pas sur earl.durand@orange.example, c'est mon fils qui relève\ncette boîte.",
     "refusal", []),
    # "ne plus utiliser les anciennes adresses": the others, not the one just given
    ("Merci d'adresser dorénavant toutes vos factures uniquement à\ncompta.durand@gmail.example et de ne plus utiliser "
     "les anciennes adresses.", "address", ["compta.durand@gmail.example"]),
    # an address kept for other business, no longer for invoices
    ("Merci d'adresser désormais vos factures à factures@compta.bouchage-exemple.example\n\nL'adresse "
     "compta@bouchage-exemple.example reste active pour les échanges courants mais n'est plus traitée pour les factures.",
     "address", ["factures@compta.bouchage-exemple.example"]),
    # a change of mind a whole sentence later
    ("Pour la SCEV, vous pouvez envoyer les factures à mon adresse agnes.durand@wanadoo.example.\n\nJe viens d'en parler "
     "avec mon fils : il préfère l'adresse du domaine. Donc finalement, merci de mettre plutôt "
     "contact@domaine-durand.example pour la SCEV.", "address", ["contact@domaine-durand.example"]),
    # one address for one file, the sender's own for the other
    ("c'est secretariat.drdurand@gmail.example pour le cabinet. pour la SCI vous pouvez laisser sur mon gmail",
     "address", ["secretariat.drdurand@gmail.example", "jean.durand@gmail.example"]),
])
def test_wordings_of_set22(body, intent, addresses):
    reply = understand(mail(body, sender="Jean Durand <jean.durand@gmail.example>"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, subject", [
    # questions about other business: "changé" trucks are no switch, Mme Billard's name holds no bill
    ("M. Collard pourrait-il me recevoir fin janvier pour préparer le bilan ? J'apporterai les relevés (on a changé deux "
     "camions en novembre).", "RDV bilan 2029"),
    ("Pourriez-vous transmettre à Mme Billard : j'ai reçu un courrier des impôts pour la taxe foncière. Est-ce que je "
     "dois le lui envoyer avant notre rendez-vous ?", "question taxe foncière"),
])
def test_questions_about_other_business(body, subject):
    assert understand(mail(body, subject=subject), FIRM).intent == "other"


@pytest.mark.parametrize("body, intent", [
    ("M. Denis Roussel (dossiers 0423.01 et SCI Roussel 0423.02) est passé à la permanence ce matin. Il préfère garder "
     "les factures papier pour les deux dossiers, il n'a pas d'adresse mail.", "refusal"),
    ("Pour info : M. Laurent Boyer m'a appelé ce matin pour savoir si le passage aux factures par mail était "
     "obligatoire. Je lui ai expliqué que non, qu'il pouvait garder le papier s'il le souhaitait. Il veut en parler "
     "avec sa femme et nous redira, donc rien à modifier pour le moment.", "question"),
])
def test_a_manager_relaying_a_visit_or_a_call(body, intent):
    reply = understand(mail(body, sender="Kévin Drapeau <k.drapeau@cabinet-exemple.fr>"), FIRM)
    assert reply.intent == intent


@pytest.mark.parametrize("body, intent, addresses", [
    # what set22's wordings must not catch (from the second review of round 7)
    ("Ne les envoyez plus à l'adresse postale, mais par mail à compta@boutique-exemple.example", "address",
     ["compta@boutique-exemple.example"]),
    ("Surtout ne les envoyez pas chez mes parents, envoyez-les à jean.durand@gmail.example", "address",
     ["jean.durand@gmail.example"]),
    ("Envoyez à compta@boutique-exemple.example. Ne mettez rien sur mon gmail.", "address", ["compta@boutique-exemple.example"]),
    ("Envoyez à compta@boutique-exemple.example. Je vous écris sur mon gmail car je suis en déplacement.", "address",
     ["compta@boutique-exemple.example"]),
    ("earl@boutique-exemple.example Tout compte fait c'est plutôt une bonne idée. Et pour mes factures perso, "
     "perso@boutique-exemple.example", "address", ["earl@boutique-exemple.example", "perso@boutique-exemple.example"]),
    ("Envoyez désormais tout à factures@boutique-exemple.example, le courrier postal n'est plus utilisé pour la "
     "comptabilité.", "address", ["factures@boutique-exemple.example"]),
    ("Ok pour recevoir les factures sur cette adresse, mon associé souhaite en parler avec vous pour le bilan.", "address",
     ["jean.durand@gmail.example"]),
    ("Oui, cette adresse convient pour les factures, la banque nous redira pour le prêt.", "address",
     ["jean.durand@gmail.example"]),
])
def test_what_set22s_wordings_do_not_catch(body, intent, addresses):
    reply = understand(mail(body, sender="Jean Durand <jean.durand@gmail.example>"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_remark_between_two_files_addresses_is_no_change_of_mind():
    body = ("Pour la SARL : compta@boutique-exemple.example. Finalement nous préférons le mail plutôt que le papier. "
            "Pour la SCI : sci@boutique-exemple.example")
    reply = understand(mail(body), FIRM)
    assert reply.intent == "address" and "compta@boutique-exemple.example" in reply.addresses


@pytest.mark.parametrize("body, intent, addresses", [
    # round 8 (set22's second half, read as development material)
    # the infinitive's negation comes first: "ne pas m'envoyer … sur x@", then the paper
    ("Merci de ne pas m'envoyer mes factures sur jean.durand@durand-btp.example : je ne regarde cette boîte "
     "qu'une fois par mois. Je préfère continuer à les recevoir par la poste.", "refusal", []),
    # … but "ne pas les envoyer sur mon adresse mais sur compta@" gives compta@
    ("Pour les factures, merci de ne pas les envoyer sur mon adresse mais sur la boîte générique "
     "compta@durand-btp.example, que nous relevons à plusieurs.", "address", ["compta@durand-btp.example"]),
    # a form's line that says "not for invoices" after the address, before the next line
    ("Voici nos adresses :\n\nFactures fournisseurs : compta@durand-btp.example\n"
     "Devis, commandes : atelier@durand-btp.example (merci de ne pas y envoyer de factures)\n"
     "Direction : direction@durand-btp.example", "address", ["compta@durand-btp.example"]),
    # "et non\nplus à x@": the old address, across a hard-wrapped line
    ("Merci d'envoyer désormais vos factures à factures@durand-btp.example et non\nplus à "
     "contact@durand-btp.example, qui reçoit trop de publicités.", "address", ["factures@durand-btp.example"]),
    # the writer decides for himself; his father's paper is for his father's own file
    ("pour moi et pour l'EARL vous pouvez envoyer les factures sur cette adresse mail.\nMon père préfère garder "
     "le courrier je crois, il vous le dira lui même.", "address", ["jean.durand@durand-btp.example"]),
    ("Mes factures à moi, vous pouvez les envoyer ici. Pour mon père je lui demande, je pense qu'il préfère "
     "le papier.", "address", ["jean.durand@durand-btp.example"]),
    # … but a child writing for a parent who keeps paper: the parent is the client
    ("Je vous écris pour ma mère, vous pouvez répondre sur cette adresse. Elle préfère continuer à recevoir ses "
     "factures sur papier.", "refusal", []),
    # an answer promised after a meeting, paper in the meantime
    ("Notre assemblée générale a lieu le 12 avril et le bureau va changer. Nous vous communiquerons la bonne "
     "adresse mail après l'AG. D'ici là merci de continuer par courrier.", "question", []),
])
def test_wordings_of_set22s_second_half(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_an_english_question_about_e_invoicing_is_about_the_switch():
    body = ("Hello,\n\nI received your note about e-invoicing. Before I give you an inbox: will the invoices still "
            "show French VAT, or our UK VAT number?\n\nI'll revert once I hear from you.\n\nBest regards,\nTom Baker")
    reply = understand(mail(body, sender="Tom Baker <t.baker@baker-wines.example>", subject="E-invoicing - Baker Wines UK"),
                       FIRM)
    assert reply.intent == "question"


def test_see_signature_in_capitals_points_at_the_signatures_address():
    body = ("BONJOUR\nSUITE A VOTRE MOT SUR LA FACTURE, VOIR SIGNATURE POUR L ADRESSE A UTILISER\nCDT\nJ DURAND\n\n"
            "SARL DURAND PLOMBERIE\n18 SENTIER DES VIGNES 51120 SEZANNE\nMAIL FACTURATION : durand.plomberie@orange.example\n")
    reply = understand(mail(body, sender="DURAND JEAN <jean.durand51@orange.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["durand.plomberie@orange.example"])


def test_the_wife_added_in_copy_not_the_address_the_firm_had_in_copy():
    """"Ni l'une ni l'autre … je l'ai mise en copie": the Cc she added, not the firm's proposal kept by reply-all."""
    body = ("Bonjour\n\nNi l'une ni l'autre, c'est ma femme qui fait les papiers de l'EARL. Envoyez les sur sa boite a "
            "elle, je l'ai mise en copie de ce message.\n\nJ Durand\n\n> De : Secrétariat <secretariat@cabinet-exemple.fr>\n"
            "> A : jean.durand@durand-btp.example\n> Copie à : earl.durand@orange.example\n>\n> Souhaitez-vous recevoir "
            "les factures à earl.durand@orange.example ou à jean.durand@durand-btp.example ?\n")
    reply = understand(mail(body, headers={"Cc": "earl.durand@orange.example, Anne Durand <anne.durand@gmail.example>"}),
                       FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["anne.durand@gmail.example"])


def test_a_copy_asked_for_in_words_and_put_in_cc():
    body = ("Mon ancienne adresse chez Orange est fermée.\nPour les factures, utilisez désormais celle-ci.\n\n"
            "Et si possible une copie à Mme Petit qui m'aide pour la compta du magasin, je l'ai mise en copie.\n")
    reply = understand(mail(body, headers={"Cc": "Anne Petit <petit.gestion@gmail.example>"}), FIRM)
    assert (reply.addresses, reply.copies) == (["jean.durand@durand-btp.example"], ["petit.gestion@gmail.example"])


@pytest.mark.parametrize("body, addresses", [
    ("Corinne,\n\nVu Mme Anne Durand ce matin à la permanence de Bar.\nPour l'EARL et la SCEV : OK pour le mail, à "
     "l'adresse qu'on a déjà dans le fichier (anne.durand@durand-vins.example).\n\nKévin", ["anne.durand@durand-vins.example"]),
    ("Bonjour Corinne,\n\nVu M. Durand ce matin à la permanence. Pour les factures par mail :\n"
     "- 1306.01 (l'EARL) : earl.durand@orange.example\n- 1306.03 (le GFA) : il en parle avec sa sœur et nous redira.\n",
     ["earl.durand@orange.example"]),
])
def test_a_manager_reports_a_client_met_in_person(body, addresses):
    reply = understand(mail(body, sender="Kévin Roux <k.roux@cabinet-exemple.fr>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", addresses)


def test_a_manager_corrects_a_typed_gmial():
    body = ("Corinne,\n\nIl a tapé « gmial » : l'adresse est jean.durand@gmail.example (c'est d'ailleurs celle d'où il "
            "m'écrit).\n\nThomas\n\nDe : Jean Durand <jean.durand@gmail.example>\nEnvoyé : mardi 26 février 2030 21:03\n"
            "À : Thomas Roux <t.roux@cabinet-exemple.fr>\nObjet : adresse facturation\n\nBonsoir Thomas,\n"
            "pour les factures de la société mettez jean.durand@gmial.example\nmerci\nJean\n")
    reply = understand(mail(body, sender="Thomas Roux <t.roux@cabinet-exemple.fr>", subject="TR: adresse facturation"),
                       FIRM)
    assert reply.addresses == ["jean.durand@gmail.example"]


def test_a_son_writing_from_his_fathers_mailbox_is_named_by_his_own_words():
    body = ("Bonsoir,\n\nC'est Hugo Durand qui écrit, depuis la boîte de mon père Pierre (vous avez la même adresse pour "
            "nous deux).\nPour mes factures à moi, merci d'utiliser plutôt : hugo.durand51@gmail.example\n\nHugo\n")
    reply = understand(mail(body, sender="Pierre Durand <pdurand@orange.example>"), FIRM)
    assert reply.client_name == "Hugo Durand" and "borrowed_mailbox" in reply.flags


@pytest.mark.parametrize("body, intent, addresses", [
    # round 8, from set24's development half (rewritten with synthetic names)
    # the old mailbox bounced and "cette boîte est fermée": retired, the new one given
    ("Votre mail envoyé à jp.fleury@wanadoo.example a dû vous revenir : cette boîte est fermée depuis notre rachat. "
     "Merci d'envoyer désormais les factures à s.garnier@groupe-exemple.example.", "address",
     ["s.garnier@groupe-exemple.example"]),
    # … but "le camping est fermé" after a wrapped address says nothing of the address
    ("merci d'envoyer dorénavant nos factures à l'adresse administration@camping-a-\nfigatella.example qui est relevée "
     "même quand le camping est fermé.", "address", ["administration@camping-a-figatella.example"]),
    # an address given, then taken back for paper before sending
    ("Suite à votre mot sur la facture, vous pouvez nous envoyer les factures à jean.durand@durand-btp.example.\n\n"
     "Je reprends mon message avant de l'envoyer : ma femme me fait remarquer qu'on n'imprime jamais rien. Réflexion "
     "faite, continuez plutôt à nous les envoyer par la poste, comme avant.", "refusal", []),
    # … not when the paper is for another file
    ("Pour la SARL : compta@durand-btp.example.\nFinalement, pour la SCI, continuez à envoyer les factures par la "
     "poste.", "address", ["compta@durand-btp.example"]),
    # a bookkeeper who will answer client by client, "certains voudront sûrement garder le papier"
    ("J'ai bien vu passer vos courriers pour plusieurs de mes clients. Je fais le point avec chacun cette semaine et je "
     "vous réponds client par client, certains voudront sûrement garder le papier.", "question", []),
    # a question about the accounts: "si ça change quelque chose pour la TVA" is no question about the switch
    ("Pourriez-vous demander à Mme Roux de me rappeler pour le bilan de l'EARL ? On a vendu le vieux tracteur en "
     "décembre et je ne sais pas si ça change quelque chose pour la TVA.", "other", []),
    # one address per group of files, the second the mailbox written from
    ("Voici ce que je souhaite pour mes dossiers :\n\n- DURAND06 (la holding) et DURAND04 (la société) : "
     "compta@durand-btp.example\n- DURAND03 (moi) et DURAND02 (la SCI) : gardez mon adresse gmail, celle d'où je vous "
     "écris.\n", "address", ["compta@durand-btp.example", "jean.durand37@gmail.example"]),
])
def test_wordings_of_set24(body, intent, addresses):
    reply = understand(mail(body, sender="Jean Durand <jean.durand37@gmail.example>"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_keep_writing_to_the_mailbox_the_firm_wrote_to():
    body = ("Bonjour,\n\nContinuez d'écrire à la boîte où vous avez envoyé ce message : c'est l'accueil, qui transmet tout "
            "à la compta. Ne prenez pas la mienne, je suis souvent sur la route.\n\nVanessa\n\n"
            "De : Secrétariat <secretariat@cabinet-exemple.fr>\nEnvoyé : jeudi 21 février 2030 10:12\n"
            "À : accueil@transports-exemple.example\nObjet : Adresse e-mail pour vos factures\n\nMerci de nous "
            "communiquer l'adresse e-mail à utiliser.\n")
    reply = understand(mail(body, sender="Vanessa Roux <v.roux@transports-exemple.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["accueil@transports-exemple.example"])


def test_the_signatures_address_and_the_bookkeeper_copied_in():
    body = ("Hello,\n\nPlease send the invoices to the address in my signature below rather than to this gmail, which I "
            "hardly ever check. And could you copy in my bookkeeper, Kate, who is cc'd on this email?\n\nBest wishes,\n"
            "John\n\n-- \nJohn Baker\nLa Grange - gîte, Cheverny\njohn@grange-exemple.example\n+44 20 7946 0381\n")
    reply = understand(mail(body, sender="John Baker <jbaker.loire@gmail.example>",
                            headers={"Cc": "Kate Fenwick <kate@fenwick-books.example>"}), FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == ("address", ["john@grange-exemple.example"],
                                                             ["kate@fenwick-books.example"])
    assert reply.flags.count("resolved_reference") == 1


def test_a_french_helpdesk_notice_with_the_agents_comment_in_its_body():
    body = ("##- Merci de répondre au-dessus de cette ligne -##\n\nVotre demande (48211) a été mise à jour.\n\n"
            "Stéphane Roux (Exemple Informatique)\n12 févr. 2030, 09:18 CET\n\nBonjour,\n\nMerci pour votre message. Les "
            "factures de nos fournisseurs sont à envoyer à fournisseurs@compta.exemple-info.example, et non à l'adresse "
            "du support.\n\nCordialement,\nStéphane Roux\n\n--------------------------------\nCe message a été envoyé "
            "par notre outil de support.\n")
    reply = understand(mail(body, sender="Support <support@helpdesk.exemple-info.example>",
                            subject="[Ticket #48211] Adresse e-mail pour les factures"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["fournisseurs@compta.exemple-info.example"])


@pytest.mark.parametrize("body, intent, addresses", [
    # round 8, from set26 (Franche-Comté, codes 0345/98), all development material (rewritten with synthetic names)
    ("Bonsoir, plutôt celle de l'entreprise : toutbois25@gmail.example\nMerci", "address", ["toutbois25@gmail.example"]),
    ("Suite à votre appel : l'adresse scierie.durand@wanadoo.example n'existe plus depuis un bon moment.\n\n"
     "Pour les factures :\n- Scierie Durand (0084/88) et SCI des Grumes (1042/12) : l'adresse d'où part ce message ;\n"
     "- Durand Invest (1106/13) : direction@durand-bois.example, mon mari tient à les recevoir.\n", "address",
     ["direction@durand-bois.example", "jean.durand@durand-btp.example"]),
    ("Ni l'une ni l'autre : nous avons créé une boîte exprès, <Factures@Scierie-Durand.example>, que je relève avec mon "
     "père. C'est celle-là qu'il faut mettre pour la scierie.", "address", ["factures@scierie-durand.example"]),
    ("Bonjour,\nBien reçu votre message.\nAutre chose : j'ai reçu l'avis de taxe foncière de la maison avec un montant "
     "bizarre, est-ce que je peux le déposer au cabinet ?\nMerci", "other", []),
    ("Comme chaque année, voici le récapitulatif des loyers encaissés pour le compte de la SCI JMB :\n- Appartement 1 : "
     "8 640,00 €\nLe relevé détaillé suivra par courrier.", "other", []),
    ("Pour nos factures vous pouvez mettre\njean@durand-btp.example.\n\nAh non, ma femme me dit que c'est elle qui fait "
     "la compta maintenant, mettez\nplutôt administratif@durand-btp.example, comme ça c'est elle qui les reçoit.",
     "address", ["administratif@durand-btp.example"]),
    ("Nous avons bien pris connaissance de votre demande. Depuis le 1er janvier, nous recevons nos factures par notre "
     "plateforme de dématérialisation (PDP).\n\nLes factures adressées par e-mail ou par courrier ne pourront plus être "
     "traitées.", "other", []),
    ("j'ai vu sur ma dernière facture qu'il fallait vous donner un mail.\nAttention l'adresse que vous avez "
     "(jdurand@aliceadsl.example) n'existe plus\ndepuis des années, Alice a fermé. Mettez celle-ci : "
     "jean.durand@free.example", "address", ["jean.durand@free.example"]),
    ("Bien reçu, merci.\n\nAnne Durand\nSecrétariat comptable indépendant - Morteau\n"
     "compta.durand@gmail.example - 06 31 47 82 05", "other", []),
    ("Merci d'adresser vos factures exclusivement à notre adresse de dépôt :\ngml-689030955@depot.pdp-exemple.example\n",
     "address", ["gml-689030955@depot.pdp-exemple.example"]),
])
def test_wordings_of_set26(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_two_files_in_two_bulleted_lines_under_a_subject_about_addresses():
    body = ("Nous avons deux dossiers chez vous :\n- notre dossier perso (Jean et Anne Durand, 1702/24) :\n"
            "  jv.durand@gmail.example\n- l'entreprise, EURL Durand Peinture (1917/28) :\n  contact@durand-peinture.example\n")
    reply = understand(mail(body, subject="Nos deux dossiers - adresses mail"), FIRM)
    assert reply.addresses == ["jv.durand@gmail.example", "contact@durand-peinture.example"]


@pytest.mark.parametrize("subject, intent", [
    ("ok pour recevoir les factures par mail", "address"),
    ("COURRIER PAPIER SVP - PAS SUR JEAN.DURAND@DURAND-BTP.EXAMPLE - ref 0738/06", "refusal"),
])
def test_the_answer_in_the_subject_only(subject, intent):
    reply = understand(mail("\n\nEnvoyé de mon iPhone\n", subject=subject), FIRM)
    assert reply.intent == intent
    assert reply.addresses == (["jean.durand@durand-btp.example"] if intent == "address" else [])


def test_a_colleague_named_in_the_text_picks_her_line_of_the_signature():
    body = ("Bonjour,\nC'est Sandra qui fait les factures et qui paie les fournisseurs : prenez son adresse, elle est en "
            "dessous. Pas la mienne ni celle du bureau.\nMerci\nJean Durand\n\nSAS Durand Bâtiment – Levier\n"
            "Jean Durand, gérant – jean.durand@durand-btp.example – 06 80 12 47 35\n"
            "Sandra Petit, assistante administrative – s.petit@durand-btp.example – 03 81 78 29 07\n"
            "Bureau : bureau@durand-btp.example\n")
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["s.petit@durand-btp.example"])


def test_a_managers_note_of_two_corrections():
    body = ("Bonjour,\n\nMail de M. Durand ci-dessous. Deux corrections : c'est bien STE DURAND DECOLLETAGE (0345/98), il a "
            "inversé les chiffres de la référence ; et son adresse est compta@durand-deco.example, pas « copta@ ».\n\n"
            "Thomas\n\n-----Message d'origine-----\nDe : Jean Durand <j.durand@durand-deco.example>\nEnvoyé : vendredi 8 mars "
            "2030 10:41\nÀ : Thomas Roux <t.roux@cabinet-exemple.fr>\nObjet : adresse mail factures\n\nBonjour Thomas,\n"
            "Pour nos factures, réf. 0354/98, merci d'envoyer à copta@durand-deco.example\nSalutations\nJ. Durand\n")
    reply = understand(mail(body, sender="Thomas Roux <t.roux@cabinet-exemple.fr>", subject="TR: adresse mail factures"),
                       FIRM)
    assert reply.addresses == ["compta@durand-deco.example"]


def test_asking_to_be_told_is_no_answer_put_off():
    """"Pouvez-vous nous dire si …" is a question; "us dire" (Catalan: I will tell you) is not read inside "vous dire"."""
    body = ("Nous avons reçu votre facture n° 2030-0318 du 02/04 d'un montant de 540,00 € TTC. Pouvez-vous nous dire si elle "
            "comprend le dépôt des comptes annuels de l'association ?")
    reply = understand(mail(body, subject="Facture n° 2030-0318"), FIRM)
    assert reply.intent == "other"


@pytest.mark.parametrize("body, intent, addresses", [
    # round 8's review: what the round's new readings must not catch
    ("Merci de ne pas m'envoyer les factures par courrier, uniquement sur compta@durand-btp.example", "address",
     ["compta@durand-btp.example"]),
    ("Pour ne pas les envoyer à la mauvaise personne, c'est bien compta@durand-btp.example qu'il faut utiliser.",
     "address", ["compta@durand-btp.example"]),
    ("Ma fille m'a ouvert une messagerie, jean.durand@laposte.example, mais je préfère le papier.", "refusal", []),
    ("Bien reçu sur cette adresse, merci. Mon mari, qui gère la SARL, préfère garder le courrier papier.", "refusal", []),
    ("Voici nos réponses :\n- Factures : compta@durand-btp.example\n- Courrier administratif : gardez mon adresse postale "
     "habituelle", "address", ["compta@durand-btp.example"]),
    ("Nos adresses :\n- Factures : compta@durand-btp.example\n- Rappel : l'adresse d'où part ce message sera fermée fin "
     "décembre", "address", ["compta@durand-btp.example"]),
    ("Vous pouvez envoyer les factures à compta@durand-btp.example\nNon, nous n'avons pas d'autre adresse, et celle-ci est "
     "relevée plutôt souvent.", "address", ["compta@durand-btp.example"]),
    ("Envoyez à compta@durand-btp.example.\nFinalement, pour les bulletins de paie on reste en papier svp.", "address",
     ["compta@durand-btp.example"]),
    ("Pour la SARL : compta@durand-btp.example.\nFinalement, la SCI garde le papier.", "address",
     ["compta@durand-btp.example"]),
    ("Ok pour le mail. Adresse et téléphone de la personne qui gère :\nclaire@durand-btp.example 06 11 22 33 44", "address",
     ["claire@durand-btp.example"]),
    ("Je vous redonne mon adresse, compta@durand-btp.example, car mon premier message a dû vous revenir.", "address",
     ["compta@durand-btp.example"]),
    ("Volontiers, envoyez-les sur compta@durand-btp.example, mon imprimante ne marche plus de toute façon.", "address",
     ["compta@durand-btp.example"]),
    ("Pour les factures : compta@durand-btp.example (merci de ne rien y envoyer d'autre que les factures)", "address",
     ["compta@durand-btp.example"]),
    ("Je garde le papier, merci. Le chèque suivra par courrier.", "refusal", []),
    ("Oui pour les factures par mail, je fais le point avec ma secrétaire pour les pièces de décembre.", "address",
     ["jean.durand@durand-btp.example"]),
])
def test_what_round_8s_readings_do_not_catch(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("subject", ["Oui pour le papier, non pour le mail", "Entendu, mais pas de factures par mail svp",
                                     "Oui mais sur le mail de ma femme"])
def test_a_subject_that_does_not_agree_plainly_is_no_agreement(subject):
    reply = understand(mail("\n\nEnvoyé de mon iPhone\n", subject=subject), FIRM)
    assert reply.addresses != ["jean.durand@durand-btp.example"]


def test_a_box_the_firm_wrote_to_that_is_closing_is_not_kept():
    body = ("La boîte où vous avez envoyé ce message va fermer fin décembre ; je vous donne la nouvelle adresse dès que "
            "possible.\n\nDe : Secrétariat <secretariat@cabinet-exemple.fr>\nÀ : contact@durand-btp.example\n"
            "Objet : Vos factures par e-mail\n\nMerci de nous indiquer l'adresse à utiliser.\n")
    assert understand(mail(body), FIRM).addresses == []


def test_a_managers_note_that_only_says_he_typed_fast_corrects_nothing():
    body = ("Il a tapé sa réponse un peu vite mais c'est clair : ok pour le mail. Sa fille (lea.durand@gmail.example) est en "
            "copie pour info.\n\nThomas\n\nDe : Jean Durand <jean.durand@gmail.example>\nEnvoyé : mardi 26 février 2030\n"
            "À : Thomas Roux <t.roux@cabinet-exemple.fr>\nObjet : factures\n\nok pour les factures par mail sur cette adresse\n")
    reply = understand(mail(body, sender="Thomas Roux <t.roux@cabinet-exemple.fr>", subject="TR: factures"), FIRM)
    assert reply.addresses == ["jean.durand@gmail.example"]


def test_a_name_set_aside_in_the_sentence_picks_no_signature_line():
    body = ("Pour les factures, utilisez l'adresse ci-dessous, et non plus celle de Sandra.\n\n-- \nPaul Martin\n"
            "Gérant - paul@martin-fleurs.example\nSandra Petit - sandra@martin-fleurs.example\n")
    reply = understand(mail(body, sender="Paul Martin <paul@martin-fleurs.example>"), FIRM)
    assert "sandra@martin-fleurs.example" not in reply.addresses


def test_a_name_in_charge_of_the_invoices_is_not_the_writer():
    body = "J'écris avec l'adresse de ma femme. C'est Marie Leroy qui s'occupe des factures, envoyez-les sur cette adresse."
    reply = understand(mail(body, sender="Claire Durand <claire.durand@gmail.example>"), FIRM)
    assert reply.client_name != "Marie Leroy"


# -- round 9, from set28's development half (Auvergne), rewritten with synthetic names ------------

PROPOSED_TWO = ("\n\n> Op 29 apr. 2030 om 10:02 heeft Secrétariat Cabinet Exemple <secretariat@cabinet-exemple.fr> het "
                "volgende geschreven:\n>\n> Souhaitez-vous recevoir les factures à jan@kpn.example ou à "
                "contact@gite-exemple.example ?\n> Bien cordialement,\n> Secrétariat\n")
PROPOSED_ONE = ("\n\nDe : Secrétariat <secretariat@cabinet-exemple.fr>\nEnvoyé : mercredi 10 avril 2030 16:48\n"
                "À : contact@durand-btp.example\nObjet : Vos factures par e-mail\n\nPouvons-nous utiliser l'adresse "
                "contact@durand-btp.example que nous avons dans notre fichier, ou préférez-vous une autre adresse ?\n")


@pytest.mark.parametrize("body, sender, intent, addresses, copies", [
    # a refusal in capitals that names the address it refuses
    ("BONJOUR\nJE NE VEUX PAS DE FACTURES SUR JEAN.DURAND@DURAND-BTP.EXAMPLE C EST MON PETIT FILS QUI A FAIT L ADRESSE. "
     "CONTINUEZ PAR LA POSTE S IL VOUS PLAIT", None, "refusal", [], []),
    # the firm's question quoted under a Dutch mail client's header: "the second one"
    ("Dear Madam,\n\nThe second one, please: my wife reads that mailbox every day.\n\nKind regards,\nJan" + PROPOSED_TWO,
     "Jan de Vries <jan@kpn.example>", "address", ["contact@gite-exemple.example"], []),
    # "la première … l'autre c'est ma boîte perso, je ne veux pas que les factures arrivent là-dedans"
    ("La première, celle de l'atelier. L'autre c'est ma boîte perso, je ne veux pas que les factures arrivent là-dedans."
     + PROPOSED_TWO.replace("> Op 29 apr. 2030 om 10:02 heeft", "> Le 29 avr. 2030 à 10:02,").replace(
         "het volgende geschreven:", "a écrit :"), None, "address", ["jan@kpn.example"], []),
    # a platform, and not paper either: no refusal
    ("Nous ne traitons plus les factures reçues par e-mail : déposez-les sur notre plateforme.\n\nMerci de ne pas nous les "
     "envoyer par courrier non plus.", None, "other", [], []),
    # the assistant passes the message on; the boss will answer
    ("M. Durand est en déplacement. Je lui transmets votre message et il vous répondra à son retour.", None, "question",
     [], []),
    # "merci d'utiliser la sienne": the husband's, in Cc, not the writer's own
    ("Nous sommes d'accord pour recevoir les factures par mail. Par contre pas sur mon adresse : c'est mon mari qui s'occupe "
     "des papiers, je l'ai mis en copie de ce message, merci d'utiliser la sienne.", "Claire Durand <claire@gmail.example>",
     "address", ["jean.durand@orange.example"], []),
    # "Oui celle-ci convient" under a greeting: the one the firm proposed, not the writer's own
    ("Bonjour Madame,\n\nOui celle-ci convient. Je vous réponds depuis ma propre adresse mais c'est la boîte générale qui "
     "doit recevoir les factures." + PROPOSED_ONE, "Aline Roux <a.roux@durand-btp.example>", "address",
     ["contact@durand-btp.example"], []),
    # a bulleted line per file: "vous gardez x@" keeps x@ for that file
    ("Nous sommes deux clients chez vous.\n- pour moi (chambres d'hôtes) : gites.durand@gmail.example\n- pour Pierre : vous "
     "gardez jean.durand@durand-btp.example", None, "address",
     ["gites.durand@gmail.example", "jean.durand@durand-btp.example"], []),
])
def test_round_9_wordings(body, sender, intent, addresses, copies):
    headers = {"Cc": "Jean Durand <jean.durand@orange.example>"} if "en copie" in body else None
    reply = understand(mail(body, sender=sender or "Jean Durand <jean.durand@durand-btp.example>", headers=headers),
                       FirmContext(secretariat="secretariat@cabinet-exemple.fr", domains=["cabinet-exemple.fr"]))
    assert (reply.intent, reply.addresses, reply.copies) == (intent, addresses, copies)


def test_a_manager_relaying_a_call_written_tel():
    body = ("Sandrine,\ntel. ce matin de M. Durand (agence à La Bourboule). OK pour les factures par mail sur l'adresse qu'on a "
            "déjà (agence-durand@orange.example). Il voudrait qu'on mette aussi sa comptable en copie : Mme Roux, "
            "compta.roux@gmail.example\nMerci\nKevin")
    reply = understand(mail(body, sender="Kevin Roux <k.roux@cabinet-exemple.fr>", subject="Agence Durand - adresse factures"),
                       FIRM)
    assert (reply.intent, reply.addresses, reply.copies) == ("address", ["agence-durand@orange.example"],
                                                             ["compta.roux@gmail.example"])


@pytest.mark.parametrize("body, intent, addresses", [
    # what round 9's readings must not catch
    ("Je ne veux plus de factures par courrier : envoyez-les à compta@durand-btp.example", "address",
     ["compta@durand-btp.example"]),
    ("Envoyez-les sur compta@durand-btp.example, ni par courrier ni sur mon adresse perso.", "address",
     ["compta@durand-btp.example"]),
    ("Gardez le papier pour l'instant, je vous redis.", "question", []),
    ("Pas de souci, envoyez les factures sur compta@durand-btp.example", "address", ["compta@durand-btp.example"]),
    ("Plus de factures papier ! Envoyez à compta@durand-btp.example", "address", ["compta@durand-btp.example"]),
    # from the round's review (a helper tried sentences like each new pattern's)
    ("Inutile de garder x@durand-btp.example, elle ferme fin mars.", "other", []),
    ("Ne gardez pas x@durand-btp.example, elle va fermer. Mettez y@durand-btp.example", "address", ["y@durand-btp.example"]),
    ("Pour les factures : compta@durand-btp.example. Gardez x@durand-btp.example pour les devis.", "address",
     ["compta@durand-btp.example"]),
    ("Merci de conserver l'envoi papier. Vous pouvez garder x@durand-btp.example pour me prévenir.", "refusal", []),
    ("Gardez le courrier svp, mes mails je ne les lis jamais, ce qui arrive dessus je ne le vois pas.", "refusal", []),
    ("D'accord pour recevoir les factures sur cette adresse, je lui transmets votre message et il vous répondra s'il a une "
     "question.", "address", ["jean.durand@durand-btp.example"]),
    ("Je vous écris depuis ma boîte perso. Oui, celle-ci convient très bien pour les factures." + PROPOSED_ONE.replace(
        "contact@durand-btp.example", "contact@durand-sarl.example"), "address", ["jean.durand@durand-btp.example"]),
    ("Bonjour,\n\nJe n'utilise plus l'adresse de l'entreprise. Oui, celle-ci convient." + PROPOSED_ONE.replace(
        "contact@durand-btp.example", "contact@durand-sarl.example"), "address", ["jean.durand@durand-btp.example"]),
])
def test_what_round_9s_readings_do_not_catch(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body", [
    "Je ne veux pas de factures sur mon adresse x@durand-btp.example. Continuez par la poste.",
    "Je ne veux pas les factures sur x@durand-btp.example. Continuez par la poste.",
    "Pas de factures sur x@durand-btp.example svp, je préfère le papier.",
    "Je ne veux pas de factures par mail sur x@durand-btp.example, continuez par courrier.",
])
def test_no_invoices_on_an_address_and_paper_is_a_refusal(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("refusal", [])


@pytest.mark.parametrize("body", [
    "Je ne veux pas de factures sur x@durand-btp.example, c'est ma boîte perso. Je vous envoie l'adresse pro demain.",
    "Je ne veux pas de factures sur x@durand-btp.example. Quelle autre adresse puis-je vous donner ?",
])
def test_an_address_set_aside_with_no_paper_asked_is_no_refusal(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("question", [])


@pytest.mark.parametrize("body", ["Je ne veux pas de factures sur papier mais sur mail : compta@durand-btp.example",
                                  "Je ne veux pas de factures à la maison : compta@durand-btp.example"])
def test_no_paper_invoices_then_an_address_is_that_address(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@durand-btp.example"])


def test_no_invoices_by_post_is_no_paper_refusal():
    assert understand(mail("Je ne veux pas de factures par courrier."), FIRM).intent != "refusal"


def test_for_my_own_file_this_gmail_address_is_fine_adds_the_sender():
    body = ("Two things:\n\n1) For the guest house please use accounts@rectory-example.example instead.\n\n"
            "2) For my own tax file, this gmail address is fine.")
    reply = understand(mail(body, sender="Jane Fair <jane.fair@gmail.example>"), FIRM)
    assert reply.addresses == ["accounts@rectory-example.example", "jane.fair@gmail.example"]


def test_a_contact_label_on_the_line_above_is_no_designation():
    body = ("Merci de transmettre vos factures à l'adresse :\n\nfactures@compta.durand-btp.example\n\nCe message est envoyé "
            "depuis une adresse qui n'accepte pas de réponse. Pour nous joindre :\ncomptabilite@durand-btp.example ou "
            "02 35 38 14 52.")
    reply = understand(mail(body, sender="Durand <no-reply@durand-btp.example>"), FIRM)
    assert reply.addresses == ["factures@compta.durand-btp.example"]


def test_a_husband_in_copy_who_keeps_his_own_for_his_invoices_is_no_copy():
    body = ("Je vous donne mon adresse à moi : claire.durand@gmail.example\nJusqu'ici vous aviez celle de mon mari (en "
            "copie), il garde la sienne pour ses propres factures.")
    reply = understand(mail(body, sender="Claire Durand <claire.durand@gmail.example>",
                            headers={"Cc": "Jean Durand <jean.durand@orange.example>"}), FIRM)
    assert (reply.addresses, reply.copies) == (["claire.durand@gmail.example"], [])


def test_the_boss_will_decide_is_an_answer_to_come():
    body = "M. Durand est en congés jusqu'au 13 janvier. Je lui transmets votre message, c'est lui qui décidera de l'adresse."
    assert understand(mail(body), FIRM).intent == "question"


def test_a_cc_the_writer_says_not_to_use_stays_a_copy():
    body = ("Je mets mon mari en copie pour qu'il voie passer. Pour les factures, merci de ne pas utiliser la sienne mais la "
            "mienne.")
    reply = understand(mail(body, headers={"Cc": "Paul Durand <paul@orange.example>"}), FIRM)
    assert reply.addresses == ["jean.durand@durand-btp.example"]


def test_a_gmail_quote_header_in_dutch_names_the_writer_after_the_verb():
    body = ("The second one, please.\n\nJan\n\nOp di 29 apr. 2030 om 10:02 schreef Secrétariat Cabinet Exemple "
            "<secretariat@cabinet-exemple.fr>:\n> Souhaitez-vous recevoir les factures à jan@kpn.example ou à "
            "contact@gite-exemple.example ?\n")
    reply = understand(mail(body, sender="Jan de Vries <jan@kpn.example>"), FIRM)
    assert reply.addresses == ["contact@gite-exemple.example"]


@pytest.mark.parametrize("body", [
    "Par mail svp",
    "Je préfère par mail.",
    "Bonjour,\nPas de factures papier svp, tout par mail.\nJean",
    "Bonjour, Enfin ! Le papier c'est fini pour nous.",
    "Bonjour\nJe veux bien recevoir les factures par email\nCdlt",
    "Email please, no more paper.",
    "Please switch me to email.",
    "Gerne per E-Mail, danke.",
])
def test_a_wish_for_email_names_the_senders_mailbox(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["jean.durand@durand-btp.example"])


@pytest.mark.parametrize("body, intent", [
    ("Je préfère le courrier, pas par mail.", "refusal"),
    ("Pourquoi pas par mail ?", "question"),
    ("Bonjour, je préfère par mail, je vous donne l'adresse de la compta demain.", "question"),
])
def test_a_wish_for_email_that_is_negated_asked_or_put_off_gives_no_address(body, intent):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, [])


@pytest.mark.parametrize("body", [
    "Keep sending them by post. My email is paul@gmail.example",
    "Bonjour, continuez à m'envoyer les factures par courrier. Mon mail : paul@gmail.example si besoin.",
])
def test_paper_asked_and_an_address_to_reach_the_writer_is_a_refusal(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("refusal", [])


@pytest.mark.parametrize("body, addresses, copies", [
    ("Gardez compta@durand-btp.example pour les devis et les relances, les factures vont à factures@durand-btp.example",
     ["factures@durand-btp.example"], []),
    ("compta@durand-btp.example pour les devis, factures@durand-btp.example pour les factures",
     ["factures@durand-btp.example"], []),
    ("Vous gardez compta@durand-btp.example en copie, et les factures à factures@durand-btp.example",
     ["factures@durand-btp.example"], ["compta@durand-btp.example"]),
    ("Envoyez les factures à compta@durand-btp.example et une copie des factures à paul@durand-btp.example",
     ["compta@durand-btp.example"], ["paul@durand-btp.example"]),
])
def test_an_address_kept_for_quotes_or_in_copy_beside_the_invoices_one(body, addresses, copies):
    reply = understand(mail(body), FIRM)
    assert (reply.addresses, reply.copies) == (addresses, copies)


def test_preferring_email_because_the_post_is_slow_is_no_refusal():
    body = ("Je préfère recevoir les factures par e-mail car le courrier arrive très en retard ici.\n"
            "Mon adresse : paul@gmail.example")
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["paul@gmail.example"])
    assert intent_module._refusal(fold(body)) is None


@pytest.mark.parametrize("body", [
    "Bonjour,\nAucune objection.\nCordialement",
    "Bonjour, l'envoi par mail me convient parfaitement.",
    "Hello, happy to receive them by email.",
    "Bonjour, Vous avez mon mail. Cordialement",
])
def test_more_ways_of_saying_yes_for_this_mailbox(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["jean.durand@durand-btp.example"])


@pytest.mark.parametrize("body", [
    "Bonjour, l'envoi par mail ne me convient pas.",
    "Pour les dossiers pour lesquels vous avez mon adresse : les relances m'arriveront-elles aussi ?",
])
def test_an_agreement_negated_or_inside_a_question_gives_no_address(body):
    assert understand(mail(body), FIRM).addresses == []


@pytest.mark.parametrize("body, intent, addresses", [
    ("Goedemiddag,\nU kunt de facturen naar dit adres sturen.\nMet vriendelijke groet", "address", ["jean.durand@durand-btp.example"]),
    ("Goedendag, dat is prima, stuur ze maar naar dit mailadres.", "address", ["jean.durand@durand-btp.example"]),
    ("Goedemorgen, stuur de facturen voortaan naar boekhouding@vandijk.example aub.", "address", ["boekhouding@vandijk.example"]),
    ("Guten Tag,\nkein Problem, per E-Mail ist gut.\nViele Grüße", "address", ["jean.durand@durand-btp.example"]),
    ("Graag per post, wij lezen onze mail niet vaak.", "refusal", []),
    ("Wij willen de facturen liever op papier blijven ontvangen.", "refusal", []),
    ("Ik ben afwezig tot 24 februari en heb beperkt toegang tot mijn e-mail. Voor dringende zaken: info@vandijk.example",
     "autoreply", []),
    ("Ik ben op vakantie geweest, sorry voor de late reactie. Stuur de facturen naar jan@ziggo.example", "address",
     ["jan@ziggo.example"]),
])
def test_dutch_and_german_owners(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


# -- round 10: set31's development half (Vendée), rewritten with other words -----------------------------

@pytest.mark.parametrize("body, intent, addresses", [
    # a politeness is no condition
    ("Peter and I would rather carry on receiving your invoices by post, if that is still possible.", "refusal", []),
    ("We'd rather not get paper, email is fine.", "address", ["jean.durand@durand-btp.example"]),
    # a person's words about a closed season are an answer when they give an address
    ("Notre camping est fermé pour l'hiver, les bureaux rouvrent en mars, mais vous pouvez envoyer les factures à "
     "compta@camping-exemple.example dès maintenant.", "address", ["compta@camping-exemple.example"]),
    ("L'École de Voile est fermée pour l'hiver depuis le 2 novembre ; les bureaux rouvrent le 2 mars.\n\n"
     "Réservations stages 2032 : resa@voile-exemple.example\nPartenariats, administratif : direction@voile-exemple.example",
     "autoreply", []),
    # the old mailbox set aside after its possessive, the new one written with [at]
    ("Pour la saline, merci d'envoyer désormais les factures à contact [at] saline-exemple.example\n"
     "Ne plus utiliser mon ancienne adresse laposte, je ne la relève presque plus.", "address",
     ["contact@saline-exemple.example"]),
    ("Il est au marais toute la journée. Je lui montre votre papier ce soir et on vous dit s'il préfère le mail ou "
     "le courrier.", "question", []),
    # a platform's notice: neither paper nor a mailbox, the sentence wrapped at 72 columns
    ("La SAS reçoit l'ensemble de ses factures fournisseurs via sa plateforme de dématérialisation (PDP). Les "
     "factures adressées par e-mail\nou par courrier ne peuvent plus être traitées par notre service.", "other", []),
    # every question is about the firm's other work
    ("J'ai cédé le fonds au 30 septembre, je ne suis donc plus la bonne personne pour les factures de 2032.\n\n"
     "Pour mon dernier bilan, est-ce qu'on peut prévoir un rendez-vous en novembre ?", "other", []),
    ("J'ai reçu un avis de CFE que je comprends pas. Est ce que je peux passer voir M. Durand la semaine prochaine "
     "avec le papier ?", "other", []),
])
def test_wordings_of_a_tenth_round(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_the_sentence_before_the_copy_says_it_is_for_the_invoices():
    body = ("Pour les prochaines, c'est mon mari qui s'occupe de tous les papiers à la\nmaison, donc merci de les "
            "envoyer sur son adresse à lui plutôt que sur la\nmienne. Je le mets en copie de ce message.\n\nMerci")
    reply = understand(mail(body, headers={"Cc": "Paul Durand <paul@orange.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["paul@orange.example"])


def test_one_word_of_one_proposed_address_chooses_it():
    quote = ("\n\n> Message du 02/10/31 16:40\n> De : \"Secrétariat\" <secretariat@cabinet-exemple.fr>\n>\n"
             "> Souhaitez-vous recevoir les factures à durand85@wanadoo.example ou à durand.pro@orange.example ?\n")
    reply = understand(mail("la pro\n\nJ. Durand" + quote), FIRM)
    assert reply.addresses == ["durand.pro@orange.example"]


# -- round 10's review: what the new readings must not take -------------------------------------------------

@pytest.mark.parametrize("body, intent, addresses", [
    ("Je préfère le mail au courrier. Mon mail : jm85@free.example", "address", ["jm85@free.example"]),
    ("Je préfère par mail que par courrier.", "address", ["jean.durand@durand-btp.example"]),
    ("I'd prefer not to get paper any more. My email is jm85@free.example", "address", ["jm85@free.example"]),
    ("Rather than by post, please email them.", "address", ["jean.durand@durand-btp.example"]),
    ("Liever per e-mail dan per post.", "address", ["jean.durand@durand-btp.example"]),
    ("Niet akkoord, wij willen de facturen per post blijven ontvangen.", "refusal", []),
    ("Per post is prima voor ons.", "refusal", []),
    ("Je préfère par mail, mais sur la boîte de la société que je vous donnerai.", "question", []),
    ("Moi aussi je préfère par mail, mais c'est mon comptable qui décide.", "question", []),
    ("Pour mon bilan, est-ce qu'on peut prévoir un rendez-vous ? Pour les factures, je réfléchis.", "question", []),
    ("Est-ce que ça concerne aussi les cotisations MSA ?", "question", []),
    ("Zéro papier, c'est bien beau, mais je n'ai pas internet.", "other", []),
])
def test_wishes_and_refusals_the_review_found(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body", [
    "Le système actuel nous convient, on ne change rien.",
    "Happy to receive them by post as before.",
    "Ce n'est pas une bonne idée pour nous.",
    "Mardi 14h me convient pour le rendez-vous.",
    "Vous avez déjà mon adresse postale, continuez comme avant.",
    "Mon adresse postale reste la même, je n'ai pas déménagé.",
    "Vous avez mon mail de l'ancienne société, il ne fonctionne plus.",
    "Niet naar dit adres sturen aub, mijn boekhouder geeft u het juiste adres.",
])
def test_words_that_are_no_yes_for_this_mailbox(body):
    assert understand(mail(body), FIRM).addresses != ["jean.durand@durand-btp.example"]


@pytest.mark.parametrize("body", [
    "Continuez à m'envoyer les factures sur mon adresse à moi, pas à mon mari. Je le mets en copie.",
    "Merci de les envoyer à ma comptable, Mme Roux. Je mets mon mari en copie.",
    "Pour mon fils : merci de les envoyer à sa comptable. Je le mets en copie.",
])
def test_the_sentence_before_a_copy_that_does_not_point_at_the_copied_person(body):
    reply = understand(mail(body, headers={"Cc": "Paul Durand <paul@orange.example>"}), FIRM)
    assert "paul@orange.example" not in reply.addresses


def test_for_information_about_the_writers_not_the_copy():
    body = ("C'est mon mari qui s'occupe des papiers, donc merci d'envoyer nos factures directement à lui, je l'ai mis "
            "en copie de ce message.\n\nPour info nous sommes M. et Mme Durand à Bolbec.")
    reply = understand(mail(body, headers={"Cc": "Paul Durand <paul.durand76@orange.example>"}), FIRM)
    assert reply.addresses == ["paul.durand76@orange.example"]


@pytest.mark.parametrize("body, intent, addresses", [
    ("Le restaurant est fermé pour l'hiver, on rouvre en mars. Merci d'envoyer les factures chez moi : jm85@free.example",
     "address", ["jm85@free.example"]),
    ("Nous sommes fermés pour l'hiver mais je suis d'accord pour recevoir les factures par mail à cette adresse.",
     "address", ["jean.durand@durand-btp.example"]),
    ("Le restaurant est fermé pour congés du 3 au 24 février. Pour toute urgence : jm85@free.example", "autoreply", []),
])
def test_a_closed_business_owner_answering_is_no_robot(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, intent, addresses", [
    ("En mon absence jusqu'au 22 avril, merci de contacter ma collègue Sophie : sophie@garage-exemple.example",
     "autoreply", []),
    ("Merci pour votre message. Je suis en déplacement sans accès régulier à mes mails jusqu'au 15 mai. Pour la "
     "comptabilité : compta@garage-exemple.example", "autoreply", []),
    ("Je serai absente du 14 au 25 avril inclus. Votre message ne sera pas transféré. Pour les factures : "
     "compta@garage-exemple.example", "autoreply", []),
    ("Hello, I'm away until 3 May with no access to email. For accounts, please contact accounts@rectory-example.example",
     "autoreply", []),
    # a person who will be away, answering now
    ("Bonjour, je serai absente la semaine prochaine, alors voici tout de suite l'adresse pour les factures : "
     "compta@garage-exemple.example", "address", ["compta@garage-exemple.example"]),
    ("Hello, I'm away until May but please send the invoices to accounts@rectory-example.example from now on.",
     "address", ["accounts@rectory-example.example"]),
])
def test_out_of_office_wordings_and_people_who_will_be_away(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


# -- round 11: what round 10's review of edge replies left unread ---------------------------------------

@pytest.mark.parametrize("body, intent, addresses", [
    ("I'd rather you didn't send them by post any more.", "address", ["jean.durand@durand-btp.example"]),
    ("We'd rather stay with email than go back to paper.", "address", ["jean.durand@durand-btp.example"]),
    ("We'd prefer to receive them by email, thank you.", "address", ["jean.durand@durand-btp.example"]),
    ("I would prefer email to paper.", "address", ["jean.durand@durand-btp.example"]),
    ("Bonjour, cette solution me convient. Cordialement", "address", ["jean.durand@durand-btp.example"]),
    # the same words turned the other way
    ("I'd rather you didn't send them by email.", "refusal", []),
    ("I'd prefer not to get them by email.", "refusal", []),
    ("We'd rather stay with paper than go to email.", "refusal", []),
    ("Cette solution ne me convient pas.", "other", []),
    ("Cette solution me convient pas du tout.", "other", []),
])
def test_english_wishes_and_a_solution_that_suits(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, addresses", [
    ("Envoyez à compta@hotel-exemple.example (pour les réservations c'est resa@hotel-exemple.example)",
     ["compta@hotel-exemple.example"]),
    ("Envoyez les factures à compta@hotel-exemple.example. Pour les réservations : resa@hotel-exemple.example",
     ["compta@hotel-exemple.example"]),
    ("Factures : compta@hotel-exemple.example ; pour les devis utilisez devis@hotel-exemple.example",
     ["compta@hotel-exemple.example"]),
    # a second address for invoices too is kept
    ("Envoyez à compta@hotel-exemple.example, et pour les factures du restaurant à resto@hotel-exemple.example",
     ["compta@hotel-exemple.example", "resto@hotel-exemple.example"]),
])
def test_an_address_for_bookings_after_the_invoices_one_is_not_given(body, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", addresses)


# -- round 11: a review of 260 edge replies written by a helper who had not read the rules (rewritten) -------

SENDER = ["jean.durand@durand-btp.example"]
QUOTED_EXAMPLE = ("\n\nLe 12/03/2031 à 10:02, Secrétariat Cabinet Exemple <secretariat@cabinet-exemple.fr> a écrit :\n"
                  "> Merci de nous indiquer en réponse l'adresse e-mail à laquelle vous souhaitez recevoir vos factures\n"
                  "> (exemple : prenom.nom@domaine.fr), ou de nous dire si vous préférez le courrier.\n")


@pytest.mark.parametrize("body, intent, addresses", [
    # agreement and wishes in a few words
    ("go pour le mail", "address", SENDER),
    ("Allez-y !", "address", SENDER),
    ("D'acc", "address", SENDER),
    ("Banco !", "address", SENDER),
    ("je ne veux plus de papier", "address", SENDER),
    ("Non, pas de souci, vous pouvez envoyer par mail.", "address", SENDER),
    ("Bonjour, je n'y vois aucun inconvénient. Cordialement", "address", SENDER),
    ("Je ne suis pas contre.", "address", SENDER),
    ("Ça ne me dérange pas du tout.", "address", SENDER),
    ("Pas besoin de nous envoyer le papier, le mail suffit.", "address", SENDER),
    ("Pourquoi pas, allons-y.", "address", SENDER),
    ("Pourquoi pas par mail ?", "question", []),
    # refusals in a word or two, and paper that works
    ("Papier.", "refusal", []),
    ("Pas pour l'instant, merci.", "refusal", []),
    ("Non, je ne souhaite pas.", "refusal", []),
    ("Gardez l'envoi postal svp. Si un jour je change d'avis je vous l'écrirai.", "refusal", []),
    ("la poste ça marche très bien, on ne change rien", "refusal", []),
    # an address named, not handed over, before a wish for paper
    ("Cette adresse (jean.durand@durand-btp.example), je ne la consulte presque jamais, donc continuez par courrier svp.",
     "refusal", []),
    ("Mon petit-fils m'a créé l'adresse simone.l1940@gmail.example mais je ne sais pas m'en servir, gardez le papier.",
     "refusal", []),
    ("Je n'ai que l'adresse de mon petit-fils (lucas.b@gmail.example) et je ne veux pas l'embêter, donc par la poste.",
     "refusal", []),
    ("Vous pouvez m'écrire à simone.l1940@gmail.example, sinon continuez par courrier.", "address",
     ["simone.l1940@gmail.example"]),
    # put off; a spam's "Répondez OUI"; an anti-spam gate's challenge
    ("ok je vois avec mon comptable et je vous dis", "question", []),
    ("Boostez votre visibilité sur Google ! Répondez OUI pour être rappelé par un conseiller.", "other", []),
    ("Votre message est en attente de validation. Afin de lutter contre le spam, merci de confirmer votre envoi en "
     "cliquant sur le lien suivant : https://antispam.example/confirm?id=88213", "autoreply", []),
])
def test_short_answers_refusals_and_robots_of_the_review(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, addresses", [
    # corrections, changes of mind and the new one after the old
    ("c'est michel.fabre@gmial.example, je veux dire michel.fabre@gmail.example pardon", ["michel.fabre@gmail.example"]),
    ("Désolée, je me suis trompée dans mon message d'hier : ce n'est pas sophie.b@orange.example mais "
     "sophie.b24@orange.example", ["sophie.b24@orange.example"]),
    ("Envoyez à paul.g@wanadoo.example. Ah non, wanadoo ferme… Mettez plutôt paul.g47@gmail.example",
     ["paul.g47@gmail.example"]),
    ("Je vous confirme l'adresse : jean.m@orange.example (et non jeanm@orange.example, qui n'est pas à moi)",
     ["jean.m@orange.example"]),
    ("Mon adresse perso c'est lucie.m@gmail.example mais pour les factures utilisez plutôt institut@orange.example",
     ["institut@orange.example"]),
    ("L'adresse que vous avez est l'ancienne, la nouvelle est compta@garage-exemple.example pour les factures",
     ["compta@garage-exemple.example"]),
    ("Ne plus envoyer sur l'ancienne adresse, mais sur compta@garage-exemple.example svp pour les factures",
     ["compta@garage-exemple.example"]),
    ("Pour les factures : plus sur jm@wanadoo.example, la nouvelle adresse est compta@garage-exemple.example",
     ["compta@garage-exemple.example"]),
    ("Merci d'envoyer mes factures sur mon adresse perso plutôt que celle-ci (c'est celle du travail) : "
     "claire.p@gmail.example.", ["claire.p@gmail.example"]),
    ("Oui pour le mail. Vous avez bien marc.o@free.example ? C'est celle-là qu'il faut utiliser.", ["marc.o@free.example"]),
    # an address for something else, before or after the invoices' one
    ("Nom : SARL Piscines Azur\nAdresse e-mail pour les factures : factures@piscines.example\n"
     "Adresse e-mail du gérant : b.faure@piscines.example\nTéléphone : 05 56 00 11 22", ["factures@piscines.example"]),
    ("Pour les devis c'est devis@menuiserie.example, pour les factures envoyez à administratif@menuiserie.example. Merci !",
     ["administratif@menuiserie.example"]),
    ("Adresse mail pour les factures :\nsarl.bois@orange.example\n\nPour les devis et rendez-vous, merci de continuer à "
     "utiliser contact@bois.example", ["sarl.bois@orange.example"]),
    # a phone's words are no contact block; "par mail à moi" is the sender's
    ("Bonjour,\nje suis en déplacement, je vous réponds depuis mon téléphone : envoyez sur compta@transports.example\nMerci",
     ["compta@transports.example"]),
    ("Par mail à moi, avec copie à mon comptable : cabinet.l@orange.example",
     ["jean.durand@durand-btp.example"]),
])
def test_corrections_and_other_uses_of_the_review(body, addresses):
    reply = understand(mail(body), FIRM)
    assert reply.intent == "address"
    assert reply.addresses == addresses


@pytest.mark.parametrize("body, cc, addresses", [
    ("OK par mail, je mets mon mari en copie, c'est à lui qu'il faut envoyer les factures car c'est lui qui gère.",
     "Paul Durand <paul.durand@sfr.example>", ["paul.durand@sfr.example"]),
    ("C'est d'accord. J'ai mis en copie l'adresse de la compta, c'est là qu'il faut les envoyer.",
     "compta@durand-btp.example", ["compta@durand-btp.example"]),
    ("oui sur l'adresse de mon mari svp\nmerci", "Henri Durand <henri.durand@orange.example>", ["henri.durand@orange.example"]),
    ("Please use my husband's email, he's in copy. Thank you!\nLinda", "Robert Hall <robert.hall@yahoo.example>",
     ["robert.hall@yahoo.example"]),
])
def test_the_copy_the_text_points_at_is_the_address(body, cc, addresses):
    reply = understand(mail(body, headers={"Cc": cc}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", addresses)


@pytest.mark.parametrize("body", ["ok c bon", "Yes please", "oui", "Je suis d'accord."])
def test_the_example_address_of_the_firms_message_is_no_proposal(body):
    reply = understand(mail(body + QUOTED_EXAMPLE), FIRM)
    assert (reply.intent, reply.addresses) == ("address", SENDER)


def test_a_phones_footer_is_no_words_and_the_subject_answers():
    reply = understand(mail("Envoyé depuis mon smartphone Samsung Galaxy.",
                            subject="Re: Vos factures par e-mail - OUI par mail"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", SENDER)


@pytest.mark.parametrize("body", ["Hello, as requested please use jm@garage-exemple.example going forward.",
                                  "Hi, please use our new mailbox office@garage-exemple.example"])
def test_an_english_hand_over_speaks_of_the_invoices_without_the_word(body):
    reply = understand(mail(body, subject="Your letter"), FIRM)
    assert reply.intent == "address" and len(reply.addresses) == 1


# -- round 11: set34's development half (Charente), rewritten with other words ---------------------------

@pytest.mark.parametrize("body, intent, addresses", [
    ("Dear Sir or Madam,\n\nFurther to the note on your last invoice, we are happy to receive your invoices by email.\n\n"
     "Please send them to: n.taylor@gmail.example\n\nOur client reference is TAYLOR.", "address", ["n.taylor@gmail.example"]),
    ("Nous sommes d'accord pour recevoir les factures par courriel, mais à l'adresse de ma femme plutôt qu'à celle-ci, car "
     "je ne la consulte pas souvent : sue.m16 [at] gmail.example.", "address", ["sue.m16@gmail.example"]),
    ("Pour la holding et ses filiales, merci d'envoyer toutes les factures à une seule adresse : factures@groupe.example.\n\n"
     "L'adresse exploitation@groupe.example ne doit plus recevoir de factures (elle est lue par le planning).",
     "address", ["factures@groupe.example"]),
    # put off: the answer will come from someone else, later
    ("C'est mon frère qui s'occupe des papiers de la SCI, je lui pose la question et l'un de nous vous donnera l'adresse "
     "d'ici quelques jours.", "question", []),
    ("Je ne sais pas trop me servir de l'ordinateur, c'est ma fille qui m'a fait cette adresse. Mon petit-fils vient à "
     "Noël, je verrai avec lui pour l'adresse à vous donner et je vous réécris.", "question", []),
    ("I am in Utrecht until April. I will look at this when I am back in France. Is it a problem if I answer in April?",
     "question", []),
    # "je vous écris" is the present: no answer put off
    ("Je vous écris pour vous dire que cette adresse convient pour les factures.", "address", ["jean.durand@durand-btp.example"]),
])
def test_wordings_of_an_eleventh_round(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_the_service_below_is_the_mailbox_named_for_it_on_a_line_of_several():
    body = ("For invoices, please use our accounts department's address (below) rather than this one.\n\nKind regards,\n\n"
            "Hannah Price\nSAS Spirits – 16200 Jarnac\nOffice: office@spirits.example | Export: export@spirits.example | "
            "Accounts: accounts@spirits.example")
    reply = understand(mail(body, sender="Hannah Price <office@spirits.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["accounts@spirits.example"])


def test_a_file_sharing_notice_names_no_answer():
    body = ("Un document vous a été partagé\n\ncomptabilite@fournisseur.example a partagé le fichier Facture_impayee.pdf "
            "avec vous. Ce document expirera dans 24 heures.")
    reply = understand(mail(body, sender="OneDrive <no-reply@docs-secure.example>", subject="Facture impayée FA-0117"), FIRM)
    assert (reply.intent, reply.addresses) == ("other", [])


# -- round 11: a second review, of 202 longer replies (a helper who had not read the rules; rewritten) -------

@pytest.mark.parametrize("body, intent, addresses", [
    # the old one set aside in a long explanation
    ("Je vous ai répondu hier en vous donnant m.roux@gmial.example, mais j'ai fait une faute de frappe. La bonne adresse "
     "est m.roux@gmail.example. Désolée.", "address", ["m.roux@gmail.example"]),
    ("Oui pour les factures par mail, mais évidemment plus à l'adresse de M. Le Goff (jp.legoff@wanadoo.example) qu'il "
     "va fermer : envoyez-les à leceltic@gmail.example.", "address", ["leceltic@gmail.example"]),
    ("Je vois que vous avez encore mon vieux mail yahoo (cath.m@yahoo.example). Je ne l'utilise plus depuis des années, "
     "donc surtout ne l'utilisez pas pour les factures.\n\nUtilisez plutôt celui-ci, d'où je vous écris.", "address",
     ["jean.durand@durand-btp.example"]),
    ("Suite à ma séparation, je n'ai plus accès à la boîte familiale (famille.r@free.example) que vous utilisiez parfois. "
     "J'ai ouvert une adresse à mon nom, d'où je vous écris, et c'est elle que je souhaite voir utilisée pour vos factures.",
     "address", ["jean.durand@durand-btp.example"]),
    ("Mon adresse l.picard@free.example ne fonctionnera plus à partir du 1er mai. J'utilise maintenant exclusivement "
     "l.picard@proton.example, pour tout : factures, documents, questions.", "address", ["l.picard@proton.example"]),
    ("Please send them to our joint household address, family@btinternet.example, which we both check. My own work "
     "address (fiona@work.example) should not be used for anything to do with the business, please.", "address",
     ["family@btinternet.example"]),
    # named without the word "facture", under the signature, alone on a line, or for the firm's sendings
    ("D'accord pour recevoir vos factures par mail, vous pouvez me les envoyer ici, je regarde ma boîte tous les jours.\n\n"
     "Je voulais aussi vous remercier pour votre aide cette année avec le changement de statut, sans vous je m'y serais "
     "perdu. On se voit en juin pour la liasse.", "address", ["jean.durand@durand-btp.example"]),
    ("Je vous transmets le détail des frais kilométriques de l'année.\n\nBien à vous,\nJulie Carré\n\nPS : pour votre "
     "courrier sur les factures, mettez-moi sur julie.graphisme@gmail.example, c'est ma boîte pro.", "address",
     ["julie.graphisme@gmail.example"]),
    ("suite a votre lettre pour les facture je vous donne le mail de mon neveu qui fait mes papier\n\n"
     "SEBASTIEN.ROYER.54@GMAIL.EXAMPLE\n\nmerci beaucoup", "address", ["sebastien.royer.54@gmail.example"]),
    ("En réponse à votre correspondance, je vous confirme mon accord pour la réception de vos factures sous forme "
     "électronique, à l'adresse d'expédition du présent message.", "address", ["jean.durand@durand-btp.example"]),
    ("Merci pour votre lettre. Pour vos envois à venir, c'est bien plus simple de me joindre sur isabelle@traiteur.example, "
     "que je relève tous les jours.", "address", ["isabelle@traiteur.example"]),
    ("Pour la suite, adressez tout ce qui est facturation à ma belle-sœur, Corinne, qui tient les comptes du restaurant. "
     "Vous la joindrez sur corinne.resto@gmail.example. Moi je ne lis jamais mes mails.", "address",
     ["corinne.resto@gmail.example"]),
    ("Voici nos différentes adresses :\n– direction : m.leroux@btp.example\n– chantiers : chantiers@btp.example\n"
     "– factures fournisseurs : fournisseurs@btp.example\n\nC'est évidemment cette dernière qu'il faut utiliser pour vos factures.",
     "address", ["fournisseurs@btp.example"]),
    ("Vous m'aviez demandé une adresse pour les devis ; c'était projets@bois.example. Ça ne change pas.\n\n"
     "Pour les factures en revanche, j'aimerais qu'elles arrivent sur compta@bois.example.", "address", ["compta@bois.example"]),
    ("Sous réserve que vous continuiez à m'envoyer le récapitulatif annuel papier, je suis d'accord pour recevoir les "
     "factures mensuelles par mail à cette adresse.", "address", ["jean.durand@durand-btp.example"]),
    # refusals explained at length
    ("Pour les factures, je souhaite les garder en format papier. En revanche, pour les documents de travail (projets de "
     "bilan, déclarations à valider), vous pouvez continuer à m'écrire à travaux.g@gmail.example.", "refusal", []),
    ("Pour les demandes de devis, vous pouvez bien sûr utiliser mon adresse, lucas.archi@gmail.example. Mais pour les "
     "factures, je préfère qu'on reste sur le papier.", "refusal", []),
    ("Je reviens vers vous au sujet de votre courrier. Après réflexion, nous maintenons l'envoi papier.", "refusal", []),
    ("I think for now we'd prefer to stay with paper invoices, if that's alright. We'll let you know if that changes, "
     "but please keep posting them.", "refusal", []),
    ("Personne n'a le temps de gérer des factures par mail. Nous préférons donc continuer à recevoir vos factures à la "
     "boîte postale.", "refusal", []),
    # put off, and a person who is away
    ("Merci pour votre courrier, c'est noté. J'y réfléchis et je vous redis.", "question", []),
    ("L'adresse que vous avez pour moi (p.lucas@neuf.example) va fermer. Je n'ai pas encore choisi ma nouvelle adresse, je "
     "vous la communique dès que c'est fait. D'ici là, envoyez plutôt par courrier.", "question", []),
    ("J'ai quelques questions sur la conservation des factures, je préfère en parler de vive voix.", "question", []),
    ("Thanks for your letter. When exactly will this start? I'm away until mid-April; I'll send you the right address "
     "once I'm back.", "question", []),
])
def test_longer_replies_of_the_second_review(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, sender, subject", [
    ("Thank you for contacting Accounts Payable. This is an automated acknowledgement: your email has been logged as "
     "ticket #AP-558. Invoices must be submitted to invoices@holidays.example.", "Accounts <donotreply@holidays.example>",
     "[Ticket #AP-558] Vos factures par e-mail"),
    ("Please note that our office is closed for the Easter holidays and will reopen on Tuesday 22 April.\n\n"
     "Our invoices address remains accounts@olive.example.", "Olive <info@olive.example>", "Office closed – Easter"),
    ("Nos bureaux sont fermés jusqu'à nouvel ordre. Les courriels reçus seront traités dès la reprise.\n\nLes factures "
     "fournisseurs doivent être adressées à factures@coop.example.\n\nMessage généré automatiquement.",
     "Coop <noreply@coop.example>", "Information : fermeture des bureaux"),
    ("Cette adresse e-mail n'est plus consultée. Merci d'écrire désormais à contact@boulangerie.example.\n\n"
     "Ceci est un message automatique.", "Boulangerie <boulangerie@wanadoo.example>", "Message automatique"),
])
def test_a_robots_letter_names_no_answer(body, sender, subject):
    reply = understand(mail(body, sender=sender, subject=subject), FIRM)
    assert reply.intent in ("autoreply", "other") and reply.addresses == []


def test_answers_written_between_the_lines_of_the_firms_question():
    body = ("Bonjour,\n\nJe vous réponds directement sous votre message.\n\nCordialement,\nLucie\n\n"
            "> Merci de nous indiquer l'adresse e-mail à laquelle les envoyer\nlucie.fleurs@gmail.example\n"
            "> ou de nous dire si vous souhaitez le courrier.\nNon, plus de courrier.")
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["lucie.fleurs@gmail.example"])


def test_the_copy_named_in_the_text_is_sent_the_invoices():
    reply = understand(mail("Merci de votre courrier. Merci d'envoyer désormais les factures à notre comptable interne, "
                            "Mme Rolland, que je mets en copie de ce mail.",
                            headers={"Cc": "Nathalie Rolland <n.rolland@durand-btp.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["n.rolland@durand-btp.example"])


# -- round 11: a third review, of 200 replies to the firm's question, forwards, relays and other languages --------

def _quoted(question: str) -> str:
    return ("\n\nLe 12/03/2031 à 10:02, Secrétariat Cabinet Exemple <secretariat@cabinet-exemple.fr> a écrit :\n"
            + "\n".join("> " + line for line in question.splitlines()) + "\n")


TWO = _quoted("Bonjour,\nSouhaitez-vous recevoir les factures à compta@martin.example ou à p.martin@martin.example ?")
TWO_NAMED = _quoted("Bonjour,\nPouvons-nous envoyer les factures à Pierre (p.lefevre@lefevre.example) ou au service "
                    "comptabilité (comptabilite@lefevre.example) ?")
TWO_SCI = _quoted("Bonjour,\nFaut-il envoyer les factures à gerance@sci-tilleuls.example ou à claire.roux@gmail.com ?")
ONE = _quoted("Bonjour,\nPouvons-nous utiliser l'adresse contact@boulangerie.example que nous avons dans notre fichier ?")


@pytest.mark.parametrize("body, question, addresses", [
    ("La compta plutôt.", TWO, ["compta@martin.example"]),
    ("Plutôt à la compta, c'est elle qui règle les factures.", TWO, ["compta@martin.example"]),
    ("a la comptabilité svp", TWO, ["compta@martin.example"]),
    ("Non pas à la compta, elle est partie. À moi directement.", TWO, ["p.martin@martin.example"]),
    ("La première. Ah non pardon, la seconde, la compta ne traite plus les fournisseurs.", TWO, ["p.martin@martin.example"]),
    ("Die erste bitte.", TWO, ["compta@martin.example"]),
    ("La seconda, grazie.", TWO, ["p.martin@martin.example"]),
    ("Celle de Pierre.", TWO_NAMED, ["p.lefevre@lefevre.example"]),
    ("Envoyez-les à Pierre, c'est lui qui gère.", TWO_NAMED, ["p.lefevre@lefevre.example"]),
    ("Au service comptabilité.", TWO_NAMED, ["comptabilite@lefevre.example"]),
    ("Pas à Pierre, à l'autre.", TWO_NAMED, ["comptabilite@lefevre.example"]),
    ("Celle de la SCI.", TWO_SCI, ["gerance@sci-tilleuls.example"]),
    ("Non pas la gmail, la SCI.", TWO_SCI, ["gerance@sci-tilleuls.example"]),
    ("La gmail, l'autre je ne la consulte jamais.", TWO_SCI, ["claire.roux@gmail.com"]),
    ("Mon adresse personnelle, s'il vous plaît.", TWO_SCI, ["claire.roux@gmail.com"]),
    ("Va pour celle-ci.", ONE, ["contact@boulangerie.example"]),
    ("Einverstanden.", ONE, ["contact@boulangerie.example"]),
    ("Vale.", ONE, ["contact@boulangerie.example"]),
    ("ouiii c bon", ONE, ["contact@boulangerie.example"]),
])
def test_the_address_of_the_firms_question_pointed_at(body, question, addresses):
    reply = understand(mail(body + question, sender="Claire Roux <claire.roux@gmail.com>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", addresses)


@pytest.mark.parametrize("subject, intent", [
    ("Re: Vos factures par e-mail - OK", "address"),
    ("Re: Vos factures par e-mail -> papier svp", "refusal"),
    ("Re: Vos factures par e-mail - c'est obligatoire ?", "question"),
    ("Re: Vos factures par e-mail - post please, no email", "refusal"),
    ("Re: Vos factures par e-mail - ref. C6389", "other"),
])
def test_what_is_typed_after_the_firms_subject_when_the_body_says_nothing(subject, intent):
    reply = understand(mail("\n--\nEnvoyé de mon iPhone", subject=subject), FIRM)
    assert reply.intent == intent


MANAGER = "Marie Durand <m.durand@cabinet-exemple.fr>"
FORWARDED = ("\n\n-----Message d'origine-----\nDe : Luc Girard <luc.girard@free.example>\nEnvoyé : mardi 11 mars 2031 18:42\n"
             "À : Durand Marie <m.durand@cabinet-exemple.fr>\nObjet : RE: Vos factures par e-mail\n\n")


@pytest.mark.parametrize("body, intent, addresses", [
    ("Je l'ai eu au téléphone depuis : il préfère finalement le papier.\nMarie" + FORWARDED + "OK pour le mail.\nLuc",
     "refusal", []),
    ("Réponse de M. Girard. Son adresse pour les factures : sarl.girard@free.example" + FORWARDED
     + "Bonjour Marie, oui ça me va, je vous donnerai l'adresse de la société.", "address", ["sarl.girard@free.example"]),
    ("Message sur mon répondeur de M. Vidal : \"oui pour le mail, c'est vidal.jean@sfr.example\".", "address",
     ["vidal.jean@sfr.example"]),
    ("M. Klein : OK mail, adresse = Info@Klein-Optique.EXAMPLE", "address", ["info@klein-optique.example"]),
])
def test_what_a_manager_says_above_a_forward_or_relays(body, intent, addresses):
    reply = understand(mail(body, sender=MANAGER, subject="TR: Vos factures par e-mail"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_spanish_paper_wish():
    assert understand(mail("Por correo ordinario, como siempre, gracias."), FIRM).intent == "refusal"


@pytest.mark.parametrize("body, addresses", [
    ("Mon adresse : jean.martin@orage.example — pardon, jean.martin@orange.example, faute de frappe.",
     ["jean.martin@orange.example"]),
    ("Bitte schicken Sie die Rechnungen an kweber@gmx.example – Entschuldigung, Tippfehler: richtig ist "
     "klaus.weber@gmx.example.", ["klaus.weber@gmx.example"]),
])
def test_a_slip_corrected_after_a_dash_or_in_german(body, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", addresses)


@pytest.mark.parametrize("body, intent, addresses", [
    ("M. Bernard m'a rappelée, il s'était trompé dans l'adresse donnée hier : ce n'est pas bernard.p@gmail.example mais "
     "bernard.p31@gmail.example.", "address", ["bernard.p31@gmail.example"]),
    ("M. Girard m'a appelée, il a changé d'avis : il préfère finalement le papier. Ne tenez pas compte de l'adresse "
     "luc.girard@free.example qu'il avait donnée.", "refusal", []),
])
def test_a_managers_relay_of_a_correction(body, intent, addresses):
    reply = understand(mail(body, sender=MANAGER, subject="M. Bernard"), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


# -- round 11: a fourth review, of 224 robots, questions and refusals (a helper who had not read the rules) ---------

@pytest.mark.parametrize("body, intent", [
    ("Nous ne sommes pas intéressés par l'envoi dématérialisé de vos factures.", "refusal"),
    ("Pas de changement pour moi, s'il vous plaît.", "refusal"),
    ("Laissez comme avant, merci.", "refusal"),
    ("pour moi, le papier c'est mieux. On continue comme ça si vous voulez bien.", "refusal"),
    ("Le papier me convient très bien, merci.", "refusal"),
    ("Merci pour la proposition, mais non.", "refusal"),
    ("C'est non pour moi.", "refusal"),
    ("Je suis contre. Le papier, c'est plus sûr.", "refusal"),
    ("Je ne lis jamais mes mails, alors le courrier c'est beaucoup mieux pour moi.", "refusal"),
    ("I would much rather have the invoices posted to me as usual.", "refusal"),
    ("Wir bitten Sie, uns Ihre Rechnungen auch künftig auf dem Postweg zuzusenden.", "refusal"),
    ("Continuez à m'envoyer les factures à mon adresse postale : 14 avenue Foch, 75016 Paris.", "refusal"),
    ("Non merci, je préfère le papier. Et pour info, mon adresse mail a changé : j.martin@free.example", "refusal"),
    ("On continue à recevoir le papier, merci.", "refusal"),
    ("Pas avant d'avoir eu votre réponse sur le coût : si c'est payant, je garderai le papier.", "question"),
    ("Nous en discuterons lors de notre prochain conseil d'administration et vous tiendrons informés.", "question"),
    ("Je pars en vacances demain, je vous répondrai à mon retour fin avril.", "question"),
    ("We will discuss it at our next board meeting on 15 April and revert to you.", "question"),
    ("Nous hésitons entre compta@vidal.example et direction@vidal.example. Laquelle nous conseillez-vous ?", "question"),
    ("Non merci pour le papier, par mail ce sera très bien.", "address"),
    ("Plus de papier svp !", "address"),
    ("Oui. Au fait, quand aura lieu notre prochain rendez-vous ?", "address"),
    ("Mon adresse n'a pas changé, vous pouvez l'utiliser.", "address"),
    ("Je suis absent du bureau cette semaine mais c'est d'accord pour le mail.", "address"),
    ("Ich bin zwar gerade im Urlaub, aber: ja, gerne per E-Mail an rechnungen@weber.example.", "address"),
])
def test_refusals_put_offs_and_answers_of_the_fourth_review(body, intent):
    assert understand(mail(body), FIRM).intent == intent


@pytest.mark.parametrize("body, subject", [
    ("Votre demande (n° 48213) a été reçue et sera traitée par notre équipe. Pour nous écrire : "
     "support@logiciel.zendesk.example", "[Logiciel] Re: Vos factures par e-mail"),
    ("Diese E-Mail-Adresse wird nicht mehr genutzt. Für Rechnungen: rechnung@schmidt-bau.example. Diese Nachricht wurde "
     "automatisch erstellt.", "Automatische Antwort: Vos factures par e-mail"),
    ("Le cabinet médical est fermé le mercredi. Ce message est généré automatiquement.", "Re: Vos factures par e-mail"),
])
def test_more_robots_of_the_fourth_review(body, subject):
    reply = understand(mail(body, subject=subject), FIRM)
    assert reply.intent == "autoreply" and reply.addresses == []


def test_a_fake_invoices_generated_notice_answers_nothing():
    body = ("Avis de facture impayée\n\nLa facture N° FR-88231 reste impayée. Pour toute réclamation : regler@suivi.example"
            "\n\nCe message est généré automatiquement.")
    reply = understand(mail(body, subject="Facture N° FR-88231 en attente de règlement"), FIRM)
    assert reply.intent == "other" and reply.addresses == []


# -- round 11: a fifth review, of 230 replies holding several addresses (a helper who had not read the rules) ---------

@pytest.mark.parametrize("body, addresses", [
    # a slip and its correction, near twins in a row
    ("Factures à jeanmarc.leroy@wanadoo.example. Ah non j'ai oublié un point, c'est jean.marc.leroy@wanadoo.example",
     ["jean.marc.leroy@wanadoo.example"]),
    ("paul.girard@hotmial.example\nCorrection : paul.girard@hotmail.example", ["paul.girard@hotmail.example"]),
    ("Please use finance@nordwind.example. Scratch that, use ap@nordwind.example", ["ap@nordwind.example"]),
    ("Rechnungen bitte nicht an rechnung@hoffmann.example, sondern an buchhaltung@hoffmann.example", ["buchhaltung@hoffmann.example"]),
    # a form, a table, a list: the invoices' line
    ("Factures : compta@quincaillerie.example | Commandes : commandes@quincaillerie.example | Direction : d.morin@quincaillerie.example",
     ["compta@quincaillerie.example"]),
    ("Bestellungen: bestellung@wagner.example\nRechnungen: rechnung@wagner.example\nGeschäftsführung: gf@wagner.example",
     ["rechnung@wagner.example"]),
    # set aside in its own clause
    ("Utilisez agnes.m@orange.example, pas l'adresse de l'association (asso.livre@orange.example) que j'ai quittée.",
     ["agnes.m@orange.example"]),
    ("Factures à jacques.b@gmail.example. L'autre, jacques.b@icloud.example, c'est mon téléphone, je ne la consulte jamais.",
     ["jacques.b@gmail.example"]),
    # both kept when the text says so, and one address written twice
    ("Envoyez-les aux deux : paul@durand.example et marie@durand.example", ["paul@durand.example", "marie@durand.example"]),
    ("Pour les factures : compta@ferme.example <mailto:compta@ferme.example>", ["compta@ferme.example"]),
    ("Pour la SARL : compta@boutique.example. Finalement nous préférons le mail. Pour la SCI : sci@boutique.example",
     ["compta@boutique.example", "sci@boutique.example"]),
])
def test_of_several_addresses_those_for_the_invoices(body, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", addresses)


# -- round 12: reviews of long letters about other business and of mail holding addresses that answer nothing -------

@pytest.mark.parametrize("body, intent", [
    # absence notes people type themselves, and the robots of ticket desks and shared mailboxes
    ("Absent jusqu'au 21/04. Urgences : atelier@menuiserie-exemple.example", "autoreply"),
    ("Je suis absente le mercredi. Votre message sera traité dès jeudi.\nPour une urgence : accueil@pharmacie.example",
     "autoreply"),
    ("Bonjour, je suis en formation les 12 et 13 mars. Je prendrai connaissance de votre message à mon retour.\n"
     "Vous pouvez joindre mon associé : m.leduc@architectes.example", "autoreply"),
    ("Je suis en congé jusqu'au 2 mai inclus. En cas d'urgence : jan@bvba.example", "autoreply"),
    ("Cette adresse ne sera plus consultée à partir du 1er mars. Merci d'écrire désormais à garage.b@gmail.example",
     "autoreply"),
    ("Nous accusons réception de votre message. Pour votre copropriété : gestion@syndic.example", "autoreply"),
    ("Votre demande a été créée sous la référence CAS-20931. Notre équipe vous répondra par e-mail.\n"
     "support@informatique.example", "autoreply"),
    ("Ich bin abwesend bis 22.4. Ihre Nachricht wird nicht weitergeleitet. Bitte an info@holzbau.example", "autoreply"),
    # people: a formal letter's acknowledgement, a mailbox given up for the invoices' one, an answer sent while away
    ("Nous accusons réception de votre courrier et souhaitons conserver l'envoi des factures par la poste.", "refusal"),
    ("Cette boîte n'est pas relevée : merci d'envoyer les factures à factures@compta.transports.example", "address"),
    ("Je suis en vacances jusqu'au 20 mais je vous réponds vite : oui par mail c'est parfait.", "address"),
    ("Non. Cette adresse n'est plus utilisée depuis la fermeture du magasin. Je vous donnerai la nouvelle bientôt.",
     "question"),
])
def test_notes_that_answer_nothing_and_people_who_answer(body, intent):
    assert understand(mail(body), FIRM).intent == intent


@pytest.mark.parametrize("body", [
    "Nous avons bien une adresse (contact@cave.example) mais elle sert uniquement aux commandes. "
    "Pour la compta nous préférons rester au papier, merci.",
    "Je vous remercie mais je souhaite continuer à recevoir les factures par la poste.\n"
    "Inutile de les envoyer à compta@froid.example, personne ne la relève.",
    "Hello, sorry but we prefer keep paper invoices. Our email contact@bistrot.example is only for reservations.",
    "Nous avons déjà eu trop de factures perdues dans les spams sur admin@cuisines.example ; nous souhaitons rester "
    "au courrier postal.",
    "Bonjour, je préfère le courrier papier, c'est ma voisine qui envoie ce mail depuis sa boîte (m.voisine@orange.example).",
    "Suite au rachat, les pièces comptables vous seront envoyées depuis adm@groupe.example.\n\n"
    "Pour les factures, continuez par courrier jusqu'à nouvel ordre.",
    "Factures papier s'il vous plaît, merci.",
    "Pour ma part, papier.",
])
def test_paper_asked_for_beside_an_address_not_handed_over(body):
    assert (understand(mail(body), FIRM).intent, understand(mail(body), FIRM).addresses) == ("refusal", [])


@pytest.mark.parametrize("body, intent, addresses", [
    # named, asked about or put off: no address yet
    ("Je regarde ça avec ma femme ce week-end et je vous réponds. Il se peut qu'on prenne son adresse "
     "(isabelle.m@gmail.example) plutôt que la mienne.", "question", []),
    ("Bonjour, est-ce obligatoire ? Je n'utilise presque pas jean.durand@durand-btp.example.", "question", []),
    ("Je vous réponds la semaine prochaine. Ce sera sûrement admin@ferme.example mais je dois vérifier.", "question", []),
    ("j'ai 3 adresses : perso (nico@gmail.example) et la compta (compta@cycles.example). c'est laquelle qui vous "
     "arrange ? je vous confirme après", "question", []),
    # handed over, whatever else the letter asks
    ("Je vous confirme l'adresse : jean.martin@orange.example\n(et non jeanmartin@orange.example que vous avez peut-être)",
     "address", ["jean.martin@orange.example"]),
    ("Petite question hors sujet : puis-je déduire les frais de garde ?\n\nEt pour le mail c'est d'accord, "
     "je vous donne mon adresse : amandine.c@hotmail.example", "address", ["amandine.c@hotmail.example"]),
    ("Ok pour le mail pour vos factures.\n\nEt est-ce que les frais de notaire sont déductibles ?", "address",
     ["jean.durand@durand-btp.example"]),
    ("Pas de problème pour les factures par mail. Par contre je ne suis pas d'accord sur le montant des provisions.",
     "address", ["jean.durand@durand-btp.example"]),
    ("Je serais d'accord pour le mail à condition de pouvoir signer en ligne. Proposez-vous la signature électronique ?",
     "question", []),
])
def test_an_address_named_is_not_always_handed_over(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, addresses", [
    ("Ma conseillère bancaire veut le bilan. Son adresse : m.vidal@banque.example\n\n"
     "Et oui pour les factures en pdf, à envoyer sur compta.atelier@gmail.example svp.", ["compta.atelier@gmail.example"]),
    ("Et oui pour les factures par mail, à envoyer sur compta@bistrot.example. Les bulletins de salaire vous pouvez "
     "les envoyer sur gerance@bistrot.example.", ["compta@bistrot.example"]),
    # two addresses for invoices stay two
    ("Pour les factures, ma femme ou moi, peu importe : gerard.m@orange.example / annie.m@orange.example.",
     ["gerard.m@orange.example", "annie.m@orange.example"]),
])
def test_an_address_for_other_work_beside_the_invoices_one(body, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", addresses)


@pytest.mark.parametrize("body, subject, intent, addresses", [
    ("Bonjour,\n\nPour Faure Paysage : cyril.faure.paysage@gmail.example.\n\nMerci", "Faure Paysage", "address",
     ["cyril.faure.paysage@gmail.example"]),
    ("Pour la SCI du Moulin à Beaune, utilisez jperrin.fils@gmail.example s'il vous plaît.", "SCI du Moulin", "address",
     ["jperrin.fils@gmail.example"]),
    ("mail ok\nYves", "mail", "address", ["jean.durand@durand-btp.example"]),
    ("Je réponds aussi pour mon épouse. Les factures de nous deux peuvent venir ici.", "factures", "address",
     ["jean.durand@durand-btp.example"]),
    ("Papier pour moi merci.", "facture", "refusal", []),
    ("Pour info : claire@fournisseur.example", "documents", "other", []),
])
def test_short_answers_under_a_subject_of_their_own(body, subject, intent, addresses):
    reply = understand(mail(body, subject=subject), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, subject, intent", [
    # addresses for the firm's other work, under a subject of their own
    ("Comme convenu, notre nouvelle comptable interne prend le relais pour la saisie. Vous pouvez désormais lui adresser "
     "vos demandes de pièces : sandrine.p@groupe-exemple.example.", "Changement d'interlocutrice", "other"),
    ("La banque veut les bilans des deux sociétés. Vous pouvez les envoyer directement à la conseillère : "
     "julie.a@credit-agence.example", "TR: dossier prêt immobilier", "other"),
    # ... not an answer under the firm's subject, nor a letter that says "factures"
    ("Vous pouvez les envoyer directement à la conseillère : julie.a@credit-agence.example", SUBJECT, "address"),
    ("Pour le bilan, c'est bon. Et pour vos factures, envoyez-les à compta@groupe-exemple.example.", "bilan 2031",
     "address"),
    # put off, and the answer named
    ("Merci de me dire si une adresse gmail (ets.p@gmail.example) est acceptée pour une société. Je vous répondrai "
     "ensuite.", SUBJECT, "question"),
    ("J'ai transmis votre courrier à notre siège (siege@groupe-v.example), ils vous répondront pour vous dire quelle "
     "adresse utiliser.", SUBJECT, "question"),
    ("Surtout pas par mail ! Mon adresse pro m.g@plomberie.example est saturée de pubs. Courrier svp.", SUBJECT, "refusal"),
    ("Toutefois je préfère garder les factures papier : mon adresse mail (jp.l@orange.example) est lue par toute la "
     "famille.", SUBJECT, "refusal"),
])
def test_letters_about_other_work_and_answers_put_off(body, subject, intent):
    assert understand(mail(body, subject=subject), FIRM).intent == intent


@pytest.mark.parametrize("body, intent, addresses", [
    # a third review, at the edges of the round's own readings
    ("Bonjour,\nAbsent jusqu'au 21/04. Urgences : p.leroux@plomberie.example\nCordialement", "autoreply", []),
    ("Je serai absente du bureau jusqu'au 3 janvier inclus. En cas d'urgence : compta@sarl-b.example", "autoreply", []),
    ("Absent jusqu'au 21/04 — mais pour vos factures c'est OK : envoyez-les à compta@plomberie.example.", "address",
     ["compta@plomberie.example"]),
    ("I'm on annual leave until 2 May, but re your letter: please keep sending paper invoices.", "refusal", []),
    ("Nous accusons réception de votre message et vous confirmons notre accord pour la facturation par e-mail. Les "
     "factures peuvent être adressées à comptabilite@transports.example.", "address", ["comptabilite@transports.example"]),
    ("Je pense utiliser contact@peinture.example mais j'attends votre réponse avant de décider.", "question", []),
    ("Je n'ai pas compris : c'est moi qui dois vous envoyer les factures ? Mon mail est r.m@sfr.example au cas où.",
     "question", []),
    ("Je reste au courrier. J'ai changé d'adresse mail (nouvelle : l.p@proton.example), mais c'est pour info seulement.",
     "refusal", []),
    ("Surtout pas sur compta@sarl-g.example, elle va être fermée. Et je n'en ai pas d'autre, donc papier.", "refusal", []),
    ("Les factures seront en PDF ? En tout cas, l'adresse est factures@imprimerie.example.", "address",
     ["factures@imprimerie.example"]),
    # two short mailboxes at one domain are no slip corrected ("ap" and "hr")
    ("Dear Sir, please send all invoices to ap@riverside.example. Our HR team (hr@riverside.example) will be in touch "
     "separately about the payroll changes.", "address", ["ap@riverside.example"]),
    ("Bonjour,\nVoici notre adresse pour les factures.\n\nLe Chalet des Neiges", "address", ["jean.durand@durand-btp.example"]),
    # the project's own corpus, which two of the round's first forms misread
    ("Gardez l'envoi papier pour le moment, mais envoyez aussi une copie PDF à compta@menuiserie.example.", "address",
     ["compta@menuiserie.example"]),
    ("Je suis en déplacement jusqu'à vendredi. Pouvez-vous me rappeler la date de mise en place ?", "question", []),
])
def test_the_edges_of_the_rounds_readings(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, subject, intent", [
    ("Je préfère le papier pour ma déclaration, je viendrai la signer au cabinet.", "Déclaration de revenus", "other"),
    ("mail ok, j'ai bien reçu le lien.", "Mot de passe portail", "other"),
    ("Vous pouvez me l'envoyer par mail, à cette adresse.", "Attestation URSSAF", "other"),
])
def test_short_replies_about_something_else(body, subject, intent):
    assert understand(mail(body, subject=subject), FIRM).intent == intent


# -- round 13: reviews of replies holding several addresses, of "this address" unwritten, of automatic mail ----------
QUOTED = FIRM_QUOTE.format(to="jean.durand@durand-btp.example")


@pytest.mark.parametrize("body, subject, intent, addresses", [
    # a person answering inside an absence note, above the firm's quoted message; a robot's note stays one
    ("Je suis en congé maternité à partir de lundi, merci d'envoyer les factures à mon associé : "
     "marc.d@agence-d.example, c'est lui qui les réglera." + QUOTED, SUBJECT, "address", ["marc.d@agence-d.example"]),
    ("En congé jusqu'au 20 mais réponse rapide : gardez le papier svp." + QUOTED, SUBJECT, "refusal", []),
    ("Bien reçu, je suis en congés jusqu'au 15, je vous donne l'adresse à mon retour." + QUOTED, SUBJECT, "question", []),
    ("Je suis en déplacement jusqu'à vendredi, avec un accès limité à mes mails. Je vous répondrai dès que possible."
     + QUOTED, SUBJECT, "autoreply", []),
    ("Ceci est une confirmation de lecture pour le message que vous avez envoyé.", "Confirmation de lecture (affiché) - "
     "Vos factures par e-mail", "autoreply", []),
    ("Votre message pour paul@auto-ecole.example n'a pas été distribué car l'adresse n'existe pas sur ce serveur.",
     "Message non distribué", "bounce", []),
    # this mailbox, in other words
    ("Same as this one please.", SUBJECT, "address", ["jean.durand@durand-btp.example"]),
    ("J'accepte de recevoir désormais mes factures sous forme électronique, à l'adresse électronique figurant en en-tête "
     "du présent message.", SUBJECT, "address", ["jean.durand@durand-btp.example"]),
    ("Je vous autorise à m'adresser les factures par courrier électronique à l'adresse d'où je vous écris.", SUBJECT,
     "address", ["jean.durand@durand-btp.example"]),
    ("Comme demandé, je vous confirme l'adresse à utiliser pour les factures : c'est bien celle de ce mail.", SUBJECT,
     "address", ["jean.durand@durand-btp.example"]),
    ("Je vous confirme avoir bien reçu votre facture n° 2031-0214 par courrier. Le règlement suivra.", "Facture 2031-0214",
     "other", []),
    ("Oui j'ai reçu votre mail, merci. Je regarde ça ce week-end." + QUOTED, SUBJECT, "question", []),
    ("Bonjour, l'adresse que vous avez sur votre fichier est obsolète. Je vous communiquerai la nouvelle d'ici la fin du "
     "mois.", SUBJECT, "question", []),
    # of several addresses
    ("Bonjour, mon adresse est lucas.m@outlok.example. Enfin outlook bien sûr, lucas.m@outlook.example. Merci", SUBJECT,
     "address", ["lucas.m@outlook.example"]),
    ("Envoyez à marie.p@live.example\n\nEdit : non en fait à marie.perrin@live.example, l'autre je ne l'ai plus",
     SUBJECT, "address", ["marie.perrin@live.example"]),
    ("Merci d'envoyer à ma nouvelle adresse (je n'utilise plus celle-ci) : mathilde.g@posteo.example", SUBJECT,
     "address", ["mathilde.g@posteo.example"]),
    ("Bjr, devis à devis@toiture-m.example, factures à compta@toiture-m.example, le reste à moi. Merci", SUBJECT,
     "address", ["compta@toiture-m.example"]),
    ("bonjour\nmail du garage : garage.m@orange.example\nmail perso : j.m@orange.example\nvous mettez sur celui du "
     "garage merci", SUBJECT, "address", ["garage.m@orange.example"]),
    ("Ok par mail. Envoyer à : s.lacombe@hotmail.example (et pas s.lacombe@hotmail.example.com, je ne regarde que "
     "celle-ci)", SUBJECT, "address", ["s.lacombe@hotmail.example"]),
    ("Bonjour, pour mes factures c'est l'adresse de ce mail. Par contre pour les bulletins de salaire de mes employés, "
     "merci de les envoyer à paie.roy@gmail.example", SUBJECT, "address", ["jean.durand@durand-btp.example"]),
    ("Bonjour, plutôt que l'adresse de ce mail, utilisez administratif@jardins-eden.example SVP.", SUBJECT, "address",
     ["administratif@jardins-eden.example"]),
    ("Les factures à michel.f@ferrand.example ET à compta@ferrand.example (les deux en destinataires svp, pas de copie).",
     SUBJECT, "address", ["michel.f@ferrand.example", "compta@ferrand.example"]),
    ("Les factures de l'association (Les Amis du Vieux Port) vont à tresorier@amis-port.example.", SUBJECT, "address",
     ["tresorier@amis-port.example"]),
    ("Je mets mon fils en copie (kevin.r@gmail.example) car il m'aide pour l'ordinateur, mais pour ma part je veux "
     "continuer à recevoir les factures par la poste.", SUBJECT, "refusal", []),
    # short answers under a subject of their own
    ("réf client 13008, Boissel TP Coutances : ok pour le mail.", "réf 13008", "address",
     ["jean.durand@durand-btp.example"]),
    ("ok pour le mail, envoyez-moi le bon de commande et je le signe.", "Commande de fournitures", "other", []),
    ("Bonjour, ok pour recevoir le devis par mail. Merci", "Devis mission sociale", "other", []),
    ("Je veux bien recevoir votre lettre d'information par mail.", "Abonnement lettre d'information", "other", []),
    ("ok pour la livraison mardi à l'adresse habituelle", "livraison", "other", []),
    ("Vous m'écrivez déjà ici pour les bilans, mais pour les factures je préfère garder le papier.", SUBJECT, "refusal", []),
])
def test_round_13_readings(body, subject, intent, addresses):
    reply = understand(mail(body, subject=subject), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_colleagues_answer_forwarded_in_a_reply_is_read():
    body = ("Bonjour, voir le message de notre comptable ci-dessous, c'est celle-là qu'il faut utiliser.\n\n"
            "---------- Forwarded message ---------\nDe : Sabine Leroux <s.leroux@sarl-f.example>\n"
            "Date : mar. 10 nov. 2026 à 09:12\nObjet : adresse factures\nÀ : Paul <p.f@sarl-f.example>\n\n"
            "Paul, pour le cabinet, dis-leur d'envoyer les factures sur compta-fournisseurs@sarl-f.example.\nSabine\n")
    reply = understand(mail(body, sender="Paul F <p.f@sarl-f.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta-fournisseurs@sarl-f.example"])
    forwarded_for_information = body.replace("voir le message de notre comptable ci-dessous, c'est celle-là qu'il faut "
                                             "utiliser", "je vous transfère le message d'absence de notre comptable, "
                                             "pour info. En attendant, envoyez-les-moi directement sur cette adresse")
    forwarded_for_information = forwarded_for_information.replace(
        "Paul, pour le cabinet, dis-leur d'envoyer les factures sur compta-fournisseurs@sarl-f.example.",
        "Je suis absente jusqu'au 31 mars. Pour la comptabilité : compta-fournisseurs@sarl-f.example")
    reply = understand(mail(forwarded_for_information, sender="Paul F <p.f@sarl-f.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["p.f@sarl-f.example"])


def test_the_post_received_here_is_no_mailbox():
    reply = understand(mail("Je reçois vos courriers ici, à l'adresse postale habituelle, et ça me va très bien."), FIRM)
    assert reply.intent != "address" and reply.addresses == []


@pytest.mark.parametrize("body, intent, addresses", [
    # (requests-blind13) the writer's yes, and another client's paper in a sentence scoped by that client's name
    ("OK pour recevoir les factures de la SCI Les Mouettes à cette adresse, et les miennes aussi (même adresse).\n"
     "Pour Maïwenn elle vous a répondu de son côté je crois, elle préfère le papier.", "address",
     ["jean.durand@durand-btp.example"]),
    ("Je vous réponds une seule fois pour mes trois clients :\n- Électricité Morvan : OK, vous pouvez envoyer les "
     "factures à cette adresse ;\n- M. Le Bihan (le taxi) : il préfère continuer à recevoir ses factures par courrier "
     "chez lui.", "address", ["jean.durand@durand-btp.example"]),
    # ... but the writer's own paper after a scope stays a refusal
    ("Pour la SARL : je préfère le papier, merci.", "refusal", []),
    # (requests-blind14) the address given for the writer's other company is not this one's
    ("OK pour les factures du garage sur cette adresse.\nVous pouvez faire de même pour mon autre société (le contrôle technique) "
     "mais sur jm.durand@webmail.example svp.", "address", ["jean.durand@durand-btp.example"]),
    # a copy asked for on the line above the address
    ("Oui, vous pouvez envoyer les factures à cette adresse.\nMais s'il vous plaît aussi une copie à mon épouse "
     "Margaret :\nmaggie.durand@webmail.example, elle fait les papiers.", "address", ["jean.durand@durand-btp.example"]),
    # ... while a new address under a label that names the old one stays the new one
    ("Je reviens sur mon mail : ma femme a créé une adresse pour la compta, merci d'envoyer les factures là-dessus "
     "plutôt que sur mon gmail :\ncompta@durand-btp.example\n\nMerci", "address", ["compta@durand-btp.example"]),
    # (requests-blind16) a son's new address for his company, passed on by his father, who agrees for himself
    ("Je suis d'accord pour recevoir mes factures par internet à cette adresse.\n\nMon fils Kévin me demande de vous "
     "dire que pour son entreprise d'électricité son adresse a changée, c'est maintenant : kevin.elec@webmail.example "
     "(l'ancienne ne marche plus).", "address", ["jean.durand@durand-btp.example"]),
    # (requests-blind16) "x@, celle de l'EARL on ne la regarde plus": the mailbox no longer read is the other one
    ("Pour mon EARL par contre (les endives), envoyez les factures sur cette adresse-ci (herve.w@webmail.example), "
     "celle de l'EARL on ne la regarde plus beaucoup.", "address", ["herve.w@webmail.example"]),
    # ... while "celle de ce mail" is the same mailbox
    ("Envoyez sur herve.w@webmail.example, celle de ce mail ne sera plus lue.", "address", ["herve.w@webmail.example"]),
])
def test_another_clients_paper_scoped_by_its_name_is_not_the_writers(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body, asked, city, part", [
    # the item its name fills most, beside a sister company's
    ("- Garage Kermarec : ok\n- Kermarec Location : papier svp", "KERMAREC LOCATION", "",
     "Kermarec Location : papier svp"),
    # a person's item is no file's, though her surname is the company's (a second hunt)
    ("- Mme Sarrat (comptabilité) : merci d'écrire à compta@esquerre.example\n- M. Esquerre : en copie si possible",
     "ESQUERRE HOLDING", "", None),
    # "le garage de Lourdes" is another file than the Tarbes garage asked; "pour le moment" scopes nothing
    ("Pour le moment c'est bon. Pour le garage de Lourdes, envoyez à lourdes@garage.example", "GARAGE LABORDE", "", ""),
    # ... while a complement of the asked name keeps it the file asked's; another legal form is another file
    ("Pour le Clos des Pins c'est d'accord. La SCI des Pins reste au courrier.", "CLOS DES PINS", "",
     "Pour le Clos des Pins c'est d'accord."),
    # the file asked told from its namesake by its town (a second hunt)
    ("Pour la boulangerie de Lourdes, envoyez à lourdes@cazaux.example. Pour la boulangerie de Tarbes on préfère "
     "garder le courrier.", "CAZAUX LABORDE", "Tarbes", "Pour la boulangerie de Tarbes on préfère garder le courrier."),
    ("Pour le garage de Lourdes, c'est atelier.lourdes@laborde.example. Pour celui de Tarbes je dois voir avec mon "
     "associé, je reviens vers vous.", "CAZAUX LABORDE", "Tarbes",
     "Pour celui de Tarbes je dois voir avec mon associé, je reviens vers vous."),
])
def test_a_reply_deciding_apart_is_cut_by_whom_each_part_is_about(body, asked, city, part):
    from campaign.understanding.intent import AskedFile, parts_for
    found = parts_for(body, AskedFile(asked, "SARL", city))
    assert (found.asked if found else None) == part


@pytest.mark.parametrize("body, asked, part", [
    # the writer's own private file is another file on a company's thread (requests-blind17) ...
    ("Pour la clinique, mon associé vous répondra. J'en profite pour mon dossier personnel : merci d'utiliser "
     "elif.perso@webmail.example.", AskedFile("CLINIQUE DES ECHARMEAUX", "SELARL", kind="company"),
     "Pour la clinique, mon associé vous répondra."),
    # ... and the file asked on a private person's (the weak spot stop 37 left)
    ("Pour moi personnellement je garde le papier. Pour la SCEA, envoyez à scea@vignes.example",
     AskedFile("MARTIN Paul", "Particulier", kind="private"), "Pour moi personnellement je garde le papier."),
    # a couple's "pour nous deux", beside "pour son genou", which is nobody's file (requests-blind20)
    ("Pour nous deux, je vous réponds la semaine prochaine, Alain est à l'hôpital pour son genou. Pour les "
     "Ambulances (réf. EPE0690), une question : est-ce obligatoire ?", AskedFile("FOURNIER Alain et Sylvie", "",
                                                                                kind="private"),
     "Pour nous deux, je vous réponds la semaine prochaine, Alain est à l'hôpital pour son genou."),
    # the shop asked by its street, beside the other shop (requests-blind20)
    ("Oui pour la boutique rue de Vesle c'est bien cette adresse. Pour le Fournil de Cernay, envoyez sur "
     "fournil@boulangerie.example", AskedFile("BOULANGERIE ARNOULT", "SARL", "Reims", "company", "rue de vesle"),
     "Oui pour la boutique rue de Vesle c'est bien cette adresse."),
    # (a third hunt) the file asked by a sentence headed "Celui de Tarbes", by "pour Lourdes", by its street's kind
    # and last word ("rue Joffre" for 27 rue Maréchal Joffre); a couple's "pour nous deux" is not their SCI
    ("Pour le garage de Lourdes, vous pouvez garder cette adresse. Celui de Tarbes, c'est M. Bergez qui décidera.",
     AskedFile("GARAGE BERGEZ", "SARL", "Tarbes", "company"), "Celui de Tarbes, c'est M. Bergez qui décidera."),
    ("Pour les factures du garage de Tarbes, c'est bon sur cette adresse. Pour Lourdes, le chef d'atelier vous "
     "répondra.", AskedFile("BERGEZ AUTOMOBILES", "SARL", "Lourdes", "company"),
     "Pour Lourdes, le chef d'atelier vous répondra."),
    ("C'est bon pour la boutique rue Joffre. Pour la rue Carnot, mon père vous répond.",
     AskedFile("LASSERRE ET FILS", "SARL", "Pau", "company", "rue marechal joffre"), "C'est bon pour la boutique rue Joffre."),
    ("Pour nous deux, ma femme vous a déjà répondu : c'est bon. La SCI, c'est notre fille qui tient les comptes, je "
     "lui en parle.", AskedFile("SCI ETXEA", "SCI", kind="company"), ""),
    # (a review) the street counts only after a scope, a hyphenated town whole
    ("Pour la boulangerie, ok pour fournil@boulangerie.example. Pour le GFA, on garde le courrier au 12 rue de Vesle.",
     AskedFile("BOULANGERIE ARNOULT", "SARL", "Reims", "company", "rue de vesle"),
     "Pour la boulangerie, ok pour fournil@boulangerie.example."),
    ("Pour le garage de Saint-Malo, ok sur cette adresse. Celui de Saint-Brieuc, je vous réponds lundi.",
     AskedFile("GARAGE LE GALL", "SARL", "Saint-Brieuc", "company"), "Celui de Saint-Brieuc, je vous réponds lundi."),
    # "pour les deux sociétés" is about no file in particular, so no part is another file's: read whole
    ("Nous avons reçu deux messages, l'un pour la maison et l'autre pour le négoce. Pour les deux sociétés, merci "
     "d'envoyer à factures@vautrin.example", AskedFile("VAUTRIN NEGOCE", "SAS", kind="company"), None),
])
def test_the_file_asked_is_told_by_whose_file_street_or_couple_a_part_names(body, asked, part):
    from campaign.understanding.intent import parts_for
    found = parts_for(body, asked)
    assert (found.asked if found else None) == part


@pytest.mark.parametrize("body", [
    # "la société" names no file; "à titre personnel" alone is an opinion, not the writer's own file (a review)
    "Pour les factures de la société, merci d'envoyer à compta@garage.example. Pour le GFA je reviens vers vous.",
    "Nous préférons garder le courrier papier. A titre personnel, je le regrette. Pour le GFA, c'est pareil.",
])
def test_words_that_name_no_file_leave_a_part_about_no_file(body):
    from campaign.understanding.intent import parts_for
    found = parts_for(body, AskedFile("GARAGE MARTIN", "SARL", kind="company"))
    assert found is not None and body.split(",")[0] in found.unscoped and not found.own_file_only


@pytest.mark.parametrize("body, intent, addresses", [
    # another mailbox named by its provider or its owner is the one retired, not the address given (round 14)
    ("À partir de maintenant merci d'envoyer vos factures à factures@demenagements-durand.example, ne plus utiliser "
     "la gmail svp.", "address", ["factures@demenagements-durand.example"]),
    ("Une seule adresse pour le groupe : compta @ groupe-durand.example\nLa gmail de la brasserie ne sert plus.",
     "address", ["compta@groupe-durand.example"]),
    ("Merci d'envoyer désormais les factures de la fruitière à compta@fruitiere-durand.example et de ne plus utiliser "
     "l'adresse de M. Paul Martin, qui n'est plus président.", "address", ["compta@fruitiere-durand.example"]),
    # ... and the address given is still retired when the words are about it
    ("Merci d'envoyer vos factures à jean.durand@gmail.example, ne plus utiliser la gmail svp.", "other", []),
    # a negated wish about the sender's own address, then paper
    ("Je ne souhaite pas que les factures arrivent sur jean.durand@durand-btp.example, je ne la regarde presque "
     "jamais.\nContinuez de me les envoyer par la poste s'il vous plaît.", "refusal", []),
    # where to reach the writer is not where the invoices go
    ("Je recherche un stage de six semaines à partir de juillet. Vous trouverez mon CV en pièce jointe ; je reste "
     "joignable au 06 00 00 00 00 ou à cette adresse.", "other", []),
    # a relative's address dictated to the writer
    ("Je vous écris de la part de ma voisine, Mme Martin.\nElle m'a dicté : odette.martin arobase orange-mail point fr"
     "\n\nMerci de lui envoyer les factures là-dessus, pas à moi.", "address", ["odette.martin@orange-mail.fr"]),
    # an address cut inside a word of its domain by a hard wrap
    ("Merci d'envoyer les factures à partir de juillet à facturation@demenagementsdurandetfi\nls.example et plus sur "
     "contact@, qui reçoit trop de demandes de devis.", "address", ["facturation@demenagementsdurandetfils.example"]),
    ("For SCI Les Pins you can use my email, this one. My brother takes care of the other ones.", "address",
     ["jean.durand@durand-btp.example"]),
    ("Je vous réponds pour la SCM du cabinet : secretariat@kine-durand.example. Mon dossier à moi, on en reparlera à "
     "mon rendez-vous de novembre.", "address", ["secretariat@kine-durand.example"]),
    ("Can you tell the accountants to send the bar's invoices to the address of this mail? Thanks, P.", "address",
     ["jean.durand@durand-btp.example"]),
    ("Puoi dire alla signora dello studio che possono mandarmi le fatture a questo indirizzo email? Grazie",
     "address", ["jean.durand@durand-btp.example"]),
    # a business closed for the season whose owner still reads the mail is a person answering
    ("Pour le bar Les 4 Vents, les factures sur compta@les4vents.example\nOn est fermé jusqu'au 1er juillet mais je "
     "relève les mails.", "address", ["compta@les4vents.example"]),
    ("Voici l'adresse pour nos factures : <Compta.Hotel@Hotel-Durand.example>\nL'hôtel est fermé jusqu'au 22 juin "
     "mais cette boîte est relevée toute l'année.", "address", ["compta.hotel@hotel-durand.example"]),
    # (set40's development half) "arrobase" as often typed; "je reviens vers vous comme promis" answers; the
    # address given "(en copie de ce message)" is the one handed over, not a copy beside the sender's
    ("VOUS POUVEZ ENVOYER LES FACTURES A : COMPTA ARROBASE CERAMIQUES-DURAND POINT FR\n\nNE PAS UTILISER CETTE "
     "ADRESSE WANADOO QUI VA FERMER.", "address", ["compta@ceramiques-durand.fr"]),
    ("Je reviens vers vous comme promis : M. Blanc souhaite que toutes les factures fournisseurs arrivent désormais "
     "sur notre nouvelle boîte dédiée, compta.fournisseurs@blanc-durand.example (active depuis le 2 janvier).",
     "address", ["compta.fournisseurs@blanc-durand.example"]),
    ("Pour la holding et ses trois filiales, merci d'envoyer toutes les factures du cabinet à notre service "
     "comptable : comptabilite @ fruits-durand . fr (en copie de ce message).\n\nInutile de les envoyer à mon "
     "adresse.", "address", ["comptabilite@fruits-durand.fr"]),
    # a note that reads mail now and then is an out-of-office, whatever addresses it lists; a phishing letter and a
    # client's own supplier invoice are no answers
    ("Hi,\n\nThanks for your email. I'm on the water all day until the end of the season (30 September) and only "
     "check emails now and then.\nBookings: bookings@surf-durand.example\nInvoices / accounts: "
     "accounts@surf-durand.example\n\nCheers,\nBen", "autoreply", []),
    ("Madame, Monsieur,\nVotre facture N° FA-2029-0412 d'un montant de 1 248,60 € reste impayée. Pour éviter la "
     "suspension de vos services, veuillez mettre à jour votre adresse e-mail de facturation en cliquant sur le lien "
     "ci-dessous.\nPour toute question : support@reglement-durand.example", "other", []),
    ("Bonjour,\n\nVeuillez trouver ci-dessous le détail de notre facture n° FB-2029-118 pour la composition florale "
     "livrée à votre accueil le 3 mai :\n- Composition de saison : 85,00 € HT\nTotal TTC : 114,00 €\n\nRèglement par "
     "virement à réception.\n\nFleurs Durand – admin@fleurs-durand.example", "other", []),
    # ... and a closure notice with its reopening date is a robot's
    ("Bonjour et merci pour votre message.\n\nLa Plage des Galets est fermée pour la saison d'hiver. Réouverture le "
     "1er avril !\n\nPour les réservations : resa@plage.example", "autoreply", []),
])
def test_wordings_of_a_fourteenth_round(body, intent, addresses):
    result = understand(mail(body), FIRM)
    assert (result.intent, result.addresses) == (intent, addresses)


def test_a_middle_forwarder_who_only_passes_the_answer_on_points_below():
    body = ("Pour le Château Bellevue de Castillon.\nJulien\n\n---------- Forwarded message ---------\n"
            "De : Gilles Favreau <gilles.favreau@chateau-durand.example>\nDate: mar. 31 août 2027 à 07:55\n"
            "Subject: TR: courrier cabinet\nTo: Julien <j.castaing@cabinet-exemple.fr>\n\nBonjour Julien,\n"
            "je fais suivre, voir Chantal en dessous.\nCdt\nGilles Favreau\n\n-------- Message transféré --------\n"
            "Sujet : \tcourrier cabinet\nDate : \t30/08/2027 15:22\n"
            "De : \tChantal Moreau <secretariat@chateau-durand.example>\n"
            "Pour : \tgilles.favreau@chateau-durand.example\n\nMonsieur Favreau,\n\nConcernant le courrier du cabinet "
            "sur les factures : dites-leur d'utiliser mon adresse, celle de ce message.\n\nChantal Moreau\n")
    result = understand(mail(body, sender="Julien <j.castaing@cabinet-exemple.fr>", subject="Fwd: TR: courrier cabinet"),
                        FIRM)
    assert (result.intent, result.addresses) == ("address", ["secretariat@chateau-durand.example"])


def test_a_manager_who_met_the_client_relays_his_words():
    body = ("Nathalie,\n\nVu Laurent Durand hier soir au domaine pour le bilan. Pour ses 3 structures (SCEA Clos des "
            "Granits, GFA des Granits, SCI Chais Durand) il veut les factures sur l'adresse du domaine : "
            "contact@clos-durand.example\nPour lui en perso on ne change rien pour l'instant.\n\nJLF")
    result = understand(mail(body, sender="Jean-Luc <jl.faure@cabinet-exemple.fr>", subject="Durand - Mauves"), FIRM)
    assert (result.intent, result.addresses) == ("address", ["contact@clos-durand.example"])


@pytest.mark.parametrize("body, intent, addresses", [
    # (a review of round 14) what the round's readings must leave alone
    ("Pas sur la boîte où votre relance est arrivée : c'est celle de mon ex-associé. Je vous donne la bonne demain.",
     "question", []),
    ("J'ai bien reçu notre facture n° 2027-0118 de 540,00 € TTC, réglée par virement. Merci de l'envoyer désormais à "
     "compta@durand-btp.example", "address", ["compta@durand-btp.example"]),
    ("Le camping est fermé pour la saison d'hiver, réouverture le 1er avril. Pour les factures, c'est bon, vous pouvez "
     "les envoyer sur cette adresse.", "address", ["jean.durand@durand-btp.example"]),
    ("Nous ne voulons pas qu'elles arrivent chez le gérant, envoyez-les à compta@durand-btp.example", "address",
     ["compta@durand-btp.example"]),
    ("Envoyez à compta@durand-btp.example, je ne la regarde presque jamais moi-même mais ma comptable oui.", "address",
     ["compta@durand-btp.example"]),
    ("Je reviens vers vous comme convenu dès que mon associé aura choisi l'adresse, probablement celle-ci.", "question", []),
    ("Envoyez les factures sur mon adresse. Mon expert-comptable, expert@compta-durand.example (en copie de ce "
     "message), veut en avoir une copie.", "address", ["jean.durand@durand-btp.example", "expert@compta-durand.example"]),
])
def test_what_the_fourteenth_rounds_readings_leave_alone(body, intent, addresses):
    result = understand(mail(body), FIRM)
    assert (result.intent, result.addresses + result.copies) == (intent, addresses)


def test_addresses_cut_or_dictated_are_not_glued_to_their_neighbours():
    from campaign.understanding.addresses import find_addresses
    assert [f.address for f in find_addresses("compta@sarl-durand\ncompta.durand@gmail.com")] == ["compta.durand@gmail.com"]
    assert [f.address for f in find_addresses("jean@durand-btp\nMerci.Bonne journée")] == []
    assert [f.address for f in find_addresses("compta@durand-btp\nwww.durand-btp.fr")] == []
    assert [f.address for f in find_addresses("marie arobase pharmacie-durand point fr et anne-marie@pharmacie-durand.fr")] \
        == ["marie@pharmacie-durand.fr", "anne-marie@pharmacie-durand.fr"]


def test_an_answer_typed_in_the_subject_after_a_colon():
    # (set41's development half) "Boulangerie Durand rue de la République : ok pour recevoir les factures sur cette
    # adresse", and nothing written but "Envoyé de mon iPhone"
    result = understand(mail("\n\nEnvoyé de mon iPhone", subject="Boulangerie Durand rue de la République Lens : ok pour "
                             "recevoir les factures sur cette adresse"), FIRM)
    assert (result.intent, result.addresses) == ("address", ["jean.durand@durand-btp.example"])
    unrelated = understand(mail("\n\nEnvoyé de mon iPhone", subject="Facture n° 2031-0412 : ok pour le règlement"), FIRM)
    assert unrelated.intent != "address"
