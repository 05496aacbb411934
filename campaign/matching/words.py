"""Evidence, warnings and review reasons in words, in the campaign's language (fr or en)."""

from __future__ import annotations

from typing import Mapping

from campaign import clock

_EVIDENCE = {
    "request_reply": ("reply to our {kind_en} of {day} to {code}", "réponse à notre {kind_fr} du {day} à {code}"),
    "reference": ("reference {ref} quoted in the {where}", "référence {ref} citée dans {where_fr}"),
    "siren": ("SIREN {siren} matches", "SIREN {siren} identique"),
    "known_sender": ("sender {address} is on file for this client",
                     "l'expéditeur {address} figure dans le fichier client"),
    "known_given": ("the address given, {address}, is on file for this client",
                    "l'adresse donnée, {address}, figure dans le fichier client"),
    "domain": ("domain {domain} matches the client's known address or website{shared_en}",
               "domaine {domain} identique à celui de l'adresse ou du site connus du client{shared_fr}"),
    "dmarc_aligned": ("the receiving server authenticated {domain} (DMARC pass)",
                      "le serveur de réception a authentifié {domain} (DMARC pass)"),
    "given_domain": ("the address given is at {domain}, the client's domain",
                     "l'adresse donnée est sur {domain}, le domaine du client"),
    "name": ("name '{written}' ~ '{client}' {score}", "nom « {written} » ≈ « {client} » {score}"),
    "mention": ("the text names '{phrase}' ('{client}')", "le texte cite « {phrase} » (« {client} »)"),
    "form_agrees": ("legal form {form} agrees", "forme juridique {form} identique"),
    "form_conflicts": ("legal form {form} differs from the client's {client_form}",
                       "forme juridique {form} différente de celle du client ({client_form})"),
    "domain_conflict": ("sent from {domain}, not the client's domain ({known})",
                        "envoyé depuis {domain}, qui n'est pas le domaine du client ({known})"),
    "bare_reference": ("reference '{ref}' quoted {without_en} ({code})",
                       "référence « {ref} » citée {without_fr} ({code})"),
    "quoted_address": ("the firm's message this replies to concerns {address}, on file for this client",
                       "le message du cabinet auquel il répond concerne {address}, qui figure dans le fichier client"),
    "known_copy": ("{address}, in copy, is on file for this client",
                   "{address}, en copie, figure dans le fichier client"),
    "learned_sender": ("a person already linked a reply from {address} to this client",
                       "une réponse de {address} a déjà été rattachée à ce client par une personne"),
    "learned_domain": ("a person already linked a reply from {domain} to this client",
                       "une réponse depuis {domain} a déjà été rattachée à ce client par une personne"),
    "address_name": ("the address part '{part}' spells '{client}'", "l'adresse « {part} » reprend le nom « {client} »"),
    "mention_part": ("the text names '{phrase}', a word of '{client}'", "le texte cite « {phrase} », un mot de « {client} »"),
    "owner_company": ("the company of the name of {client}, who writes for a business",
                      "l'entreprise au nom de « {client} », qui écrit pour une entreprise"),
    "sibling": ("of the same family or group as '{client}', which the reply names: is it one of the others?",
                "de la même famille ou du même groupe que « {client} », que la réponse cite : est-ce l'une des autres ?"),
    "tied": ("the reply to our request to {code} also speaks of '{phrase}': '{client}', tied to it in the client file",
             "la réponse à notre demande à {code} parle aussi de « {phrase} » : « {client} », lié à ce client dans le fichier"),
    "also_tied": ("the reply also speaks of '{phrase}': '{client}', tied to {code} in the client file",
                  "la réponse parle aussi de « {phrase} » : « {client} », lié à {code} dans le fichier"),
    "relative": ("the reply speaks for a relative, {phrase}: '{client}'", "la réponse parle aussi d'un proche, {phrase} : « {client} »"),
    "known_retired": ("{address}, which the reply says to stop using, is on file for this client",
                      "{address}, que la réponse demande de ne plus utiliser, figure dans le fichier client"),
    "addresses_agree": ("the sender's address {sender} and the address given, {given}, spell the same name",
                        "l'adresse de l'expéditeur {sender} et l'adresse donnée {given} reprennent le même nom"),
    "address_agrees": ("the mailbox '{part}' spells the same name", "la boîte « {part} » reprend le même nom"),
    "town_denied": ("the reply says it is not the one in {town}", "la réponse dit ne pas être celui de {town}"),
    "town_elsewhere": ("the reply writes another town than {town}", "la réponse écrit une autre ville que {town}"),
    "partner_name": ("'{written}' is one of the two names of '{client}', a couple's file",
                     "« {written} » est l'un des deux noms de « {client} », le dossier d'un couple"),
    "trade_town": ("the reply names the client's trade ({trade}) and town ({town})",
                   "la réponse cite le métier ({trade}) et la ville ({town}) du client"),
    "told_apart": ("of the clients named '{phrase}', the reply writes this one's town ({town})",
                   "des clients nommés « {phrase} », la réponse cite la ville de celui-ci ({town})"),
    "branch_mailbox": ("the mailbox '{mailbox}' is named after another town than {town}: another shop of the network?",
                       "la boîte « {mailbox} » porte le nom d'une autre ville que {town} : un autre magasin du réseau ?"),
    "manager_unsure": ("{by} writes that she cannot tell which file it is", "{by} écrit ne pas savoir de quel dossier il s'agit"),
    "town": ("the reply writes the client's town ({town})", "la réponse cite la ville du client ({town})"),
    "phone": ("the reply gives the client's phone number ({phone})",
              "la réponse donne le numéro de téléphone du client ({phone})"),
    "postal_address": ("the reply gives the client's postal address ({street})",
                       "la réponse donne l'adresse postale du client ({street})"),
    "form_written": ("the reply writes the legal form {form}", "la réponse précise la forme juridique {form}"),
    "trade_not_sci": ("the reply speaks of a trade, which an SCI does not run",
                      "la réponse parle d'un commerce, qu'une SCI n'exploite pas"),
    "trade_name": ("the reply names « {name} », the client's own domain: '{client}'",
                   "la réponse cite « {name} », le domaine propre du client : « {client} »"),
    "lieu_dit": ("the reply names the place of the client's address ({place})",
                 "la réponse cite le lieu-dit du client ({place})"),
    "street": ("the reply names the client's street ({street})", "la réponse cite la rue du client ({street})"),
    "street_town": ("the reply names the client's street and town ({street}, {town})",
                    "la réponse cite la rue et la ville du client ({street}, {town})"),
    "quoted_mention": ("the firm's quoted message names '{client}'", "le message du cabinet cité nomme « {client} »"),
    "manager": ("relayed by the client's own engagement manager ({by})",
                "transmis par le responsable de mission du client ({by})"),
    "manager_named": ("named in her own words by the client's engagement manager ({by})",
                      "nommé dans son propre message par le responsable de mission du client ({by})"),
    "excluded": ("the reply excludes '{phrase}'", "la réponse exclut « {phrase} »"),
    "group": ("the reply speaks for every company at {domain}", "la réponse vaut pour toutes les sociétés de {domain}"),
    "person_linked": ("linked by {who} on {when}", "rattaché par {who} le {when}"),
    "person_rejected": ("rejected by {who} on {when}", "écarté par {who} le {when}"),
}

_WARNINGS = {
    "dmarc_fail": ("DMARC {result} for {sender}: the sender may be forged; check by phone before redirecting invoices",
                   "DMARC {result} pour {sender} : l'expéditeur est peut-être usurpé ; vérifier par téléphone"),
    "dmarc_missing": ("no DMARC verdict for {sender}", "pas de résultat DMARC pour {sender}"),
    "forwarded": ("forwarded by {by}", "transféré par {by}"),
    "postal_address": ("the reply gives a postal address", "la réponse donne une adresse postale"),
    "autoreply": ("automatic reply that names an address", "réponse automatique qui cite une adresse"),
    "unknown_ref": ("reference {ref} is not in the client file", "la référence {ref} n'est pas dans le fichier client"),
    "second_address": ("{code} already gave {address} on {date}", "{code} a déjà donné {address} le {date}"),
    "weak": ("{code}: not enough evidence (confidence {confidence}, {threshold} needed)",
             "{code} : indices insuffisants (confiance {confidence}, {threshold} requis)"),
    "close": ("{code} is not clearly ahead of the next candidate (confidence {confidence})",
              "{code} n'est pas nettement devant le suivant (confiance {confidence})"),
    "set_aside": ("the reply settles {codes} and sets another file aside: a person checks which is which",
                  "la réponse règle {codes} et met un autre dossier de côté : une personne vérifie lequel est lequel"),
    "namesakes": ("the reply would link {codes}, two files of the same name: a person checks which are meant",
                  "la réponse lierait {codes}, deux dossiers du même nom : une personne vérifie lesquels sont visés"),
    "ref_contradicted": ("the reply quotes {ref}, but everything else it says describes {code}",
                         "la réponse cite {ref}, mais tout le reste décrit {code}"),
    "ref_slip": ("the reply quotes {ref}, a slip away from {code}, whose SIREN, or phone and postal address, it gives",
                 "la réponse cite {ref}, à une faute de frappe de {code}, dont elle donne le SIREN, ou le téléphone et "
                 "l'adresse postale"),
    "ref_disagrees": ("the subject quotes {ref} but the reply designates {codes}",
                      "l'objet cite {ref} mais la réponse désigne {codes}"),
    "names_other": ("the reply names {named}, not {code}", "la réponse cite {named}, pas {code}"),
    "new_reading": ("read again with newer rules, the reply now says {now}; the decision in force is {decided}",
                    "relue avec des règles plus récentes, la réponse dit maintenant {now} ; la décision en vigueur est"
                    " {decided}"),
    "names_only": ("{code}: only names point to it (no reference, SIREN or address of its own)",
                   "{code} : seuls des noms le désignent (ni référence, ni SIREN, ni adresse connue)"),
    "for_business": ("the reply is for a business; {code}'s file is a private person's",
                     "la réponse concerne une entreprise ; {code} est un particulier"),
    "shared_sender": ("the sender's address is on file for {count} clients and the reply names none of them: only "
                      "what describes the writer points at {code}",
                      "l'adresse de l'expéditeur figure dans le fichier pour {count} clients et la réponse n'en nomme "
                      "aucun : seul ce qui décrit l'expéditeur désigne {code}"),
    "misaddressed": ("the reply says the firm's message was meant for another client: a person decides for which file",
                     "la réponse dit que le message du cabinet visait un autre client : une personne décide pour quel dossier"),
    "not_a_client": ("the writer says they are not a client of the firm: a person checks whether {code} is meant",
                     "l'expéditeur dit ne pas être client du cabinet : une personne vérifie s'il s'agit de {code}"),
    "given_is_anothers": ("the address the reply gives is on file for {other}, not for {code}: a person checks which "
                          "file it is for",
                          "l'adresse donnée figure dans le fichier pour {other}, pas pour {code} : une personne vérifie "
                          "pour quel dossier elle vaut"),
    "namesake_placed": ("the reply names {code} and {other} alike, and writes where {other} is: a person checks which "
                        "is meant",
                        "la réponse nomme {code} et {other} de même, et écrit où se trouve {other} : une personne "
                        "vérifie lequel est visé"),
    "same_contact": ("{code} and {other} share the phone or postal address the reply gives, and the name written fits "
                     "both: a person checks which is meant",
                     "{code} et {other} ont le téléphone ou l'adresse postale que donne la réponse, et le nom écrit "
                     "convient aux deux : une personne vérifie lequel"),
    "family_company": ("{code} is a private person's file and {company} bears the same name: nothing says which one",
                       "{code} est un particulier et {company} porte le même nom : rien ne dit lequel"),
    "home_company": ("{code} is a private person's file and {company} has the same postal address: nothing says which one",
                     "{code} est un particulier et {company} a la même adresse postale : rien ne dit lequel"),
    "manager_disagrees": ("the engagement manager's note names {named}, the reply {codes}: a person decides",
                          "le message du responsable de mission désigne {named}, la réponse {codes} : une personne décide"),
    "third_party": ("the reply speaks of someone else (\"{phrase}\"): a person checks which file is meant; found: {codes}",
                    "la réponse parle d'un tiers (« {phrase} ») : une personne vérifie de quel dossier il s'agit ; trouvé : "
                    "{codes}"),
    "also_for": ("the reply speaks for another file too (\"{phrase}\"); found: {codes}; a person finds the other",
                 "la réponse concerne aussi un autre dossier (« {phrase} ») ; trouvé : {codes} ; une personne cherche l'autre"),
    "put_off": ("the reply puts its answer for {code} off (\"{phrase}\"): a person checks which files it settles",
                "la réponse remet à plus tard sa réponse pour {code} (« {phrase} ») : une personne vérifie les dossiers "
                "qu'elle règle"),
    "count": ("the reply speaks of {count} companies; found: {codes}; a person finds the others",
              "la réponse parle de {count} sociétés ; trouvées : {codes} ; une personne cherche les autres"),
    "group_open": ("the reply speaks for all its companies; found: {codes}; of the same name or address: {others}; "
                   "a person checks which",
                   "la réponse vaut pour toutes ses sociétés ; trouvées : {codes} ; du même nom ou de la même adresse : "
                   "{others} ; une personne vérifie lesquelles"),
    "for_person": ("the reply is for the writer's own file; {code} is a company",
                   "la réponse concerne le dossier personnel de l'expéditeur ; {code} est une entreprise"),
    "conflict": ("{code}: some evidence contradicts the link", "{code} : un indice contredit le rattachement"),
    "request_others": ("the reply answers our request to {code} and also names {codes}: a person checks those",
                       "la réponse répond à notre demande à {code} et cite aussi {codes} : une personne vérifie ceux-là"),
    "request_unverified": ("the reply answers our request to {code}, but its sender could not be authenticated "
                           "(DMARC {result})",
                           "la réponse répond à notre demande à {code}, mais son expéditeur n'a pas pu être "
                           "authentifié (DMARC {result})"),
    "request_new_address": ("the reply to our request to {code} gives {address}, from {sender}: neither is on file for "
                            "this client, a person checks with the client",
                            "la réponse à notre demande à {code} donne {address}, depuis {sender} : ni l'une ni l'autre "
                            "ne figure au dossier du client, une personne vérifie auprès de lui"),
    "request_for_another": ("the reply answers our request to {code} but speaks of {codes}: a person decides for which file",
                            "la réponse répond à notre demande à {code} mais parle de {codes} : une personne décide pour "
                            "quel dossier"),
    "requests_several": ("the reply answers our requests to {codes}: a person checks which it speaks for",
                         "la réponse répond à nos demandes à {codes} : une personne vérifie pour lequel"),
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _render(table: Mapping[str, tuple[str, str]], code: str, args: Mapping, language: str) -> str:
    templates = table.get(code)
    if templates is None:
        return code
    values = _Blank(args)
    where = values.get("where", "")
    if where == "quoted":
        values["where"] = "firm's quoted message"
    values["where_fr"] = {"subject": "l'objet", "text": "le texte", "quoted": "le message du cabinet cité"}.get(where, where)
    loose = bool(values.get("loose"))  # a code written in its pieces with no "réf" before it
    values["without_en"] = "without 'ref' before it" if loose else "without its letters"
    values["without_fr"] = "sans « réf » devant" if loose else "sans ses lettres"
    shared = int(values.get("shared") or 0)
    if shared > 1:
        values["shared_en"] = f" (shared by {shared} clients)"
        values["shared_fr"] = f" (commun à {shared} clients)"
    return templates[1 if language == "fr" else 0].format_map(values)


def evidence_text(item: Mapping, language: str = "en") -> str:
    """One piece of evidence ({"signal", "weight", "args"}) as a sentence with its weight."""
    args = item.get("args", {})
    if "when" in args:  # a person's decision, stored in UTC: shown in the firm's time, as everywhere
        args = {**args, "when": clock.shown(args["when"], language)}
    if "sent" in args:  # a request's sending, likewise
        follow = args.get("kind") == "follow-up"
        args = {**args, "day": clock.shown_date(args["sent"], language), "kind_en": "reminder" if follow else "request",
                "kind_fr": "relance" if follow else "demande"}
    text = _render(_EVIDENCE, item["signal"], args, language)
    weight = float(item.get("weight", 0))
    return f"{text} ({weight:+g})" if weight else text


# Reasons stored by the matcher of campaign 0.1 (score and gap, no confidence), until the next match run.
_OLD_REASONS = {
    "weak": ("{code}: evidence {score} is below {threshold}", "{code} : indices {score}, sous le seuil {threshold}"),
    "close": ("{code} ({score}) is not clearly ahead of the next candidate ({runner})",
              "{code} ({score}) n'est pas nettement devant le suivant ({runner})"),
}
# Intents and decisions named inside a sentence.
_STATES = {"refusal": ("a refusal (keep paper)", "un refus (garder le papier)"),
           "refused": ("paper (refused)", "courrier (refus)"), "question": ("a question", "une question"),
           "other": ("nothing to decide", "rien à décider"), "autoreply": ("an automatic reply", "une réponse automatique"),
           "bounce": ("a delivery failure", "un message non remis")}


def warning_text(item: Mapping, language: str = "en") -> str:
    """A warning or review reason ({"code", "args"}) as a sentence."""
    args = dict(item.get("args", {}))
    table = _OLD_REASONS if item["code"] in _OLD_REASONS and "confidence" not in args else _WARNINGS
    for key in ("now", "decided"):
        if args.get(key) in _STATES:
            args[key] = _STATES[args[key]][1 if language == "fr" else 0]
    return _render(table, item["code"], args, language)


_RESOLUTIONS = {
    "proposed": ("'{phrase}' -> {address}, proposed in the firm's quoted message",
                 "« {phrase} » → {address}, proposée dans le message du cabinet cité"),
    "requested": ("'{phrase}' -> {address}, the address our e-mailed request proposed",
                  "« {phrase} » → {address}, l'adresse proposée dans notre demande par e-mail"),
    "written_to": ("'the address you wrote to' -> {address} ({where_en})",
                   "« l'adresse à laquelle vous avez écrit » → {address} ({where_fr})"),
    "cc": ("'in copy' -> {address} (Cc header)", "« en copie » → {address} (en-tête Cc)"),
    "signature": ("'{phrase}' -> {address} (signature)", "« {phrase} » → {address} (signature)"),
    "reply_to": ("'the reply address' -> {address} (Reply-To header)",
                 "« l'adresse de réponse » → {address} (en-tête Reply-To)"),
    "mailbox": ("'not my own address' -> {address} (the shared mailbox, of From and Sender)",
                "« pas mon adresse personnelle » → {address} (la boîte partagée, entre From et Sender)"),
}
_WHERE = {"to": ("the To of the firm's quoted message", "le destinataire du message du cabinet cité"),
          "proposed": ("the address the firm's quoted message named", "l'adresse citée par le message du cabinet"),
          "sender": ("the sender's address", "l'adresse de l'expéditeur")}


def resolution_text(resolved: Mapping, language: str = "en") -> str:
    """Which reference in the reply went to which header, as a sentence ('' when nothing was resolved)."""
    templates = _RESOLUTIONS.get(resolved.get("kind", "")) if resolved else None
    if templates is None:
        return ""
    values = _Blank(resolved)
    where = _WHERE.get(resolved.get("where", ""), ("", ""))
    values["where_en"], values["where_fr"] = where
    return templates[1 if language == "fr" else 0].format_map(values)
