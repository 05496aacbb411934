"""Evidence, warnings and review reasons in words, in the campaign's language (fr or en)."""

from __future__ import annotations

from typing import Mapping

_EVIDENCE = {
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
    "weak": ("{code}: evidence {score} is below {threshold}", "{code} : indices {score}, sous le seuil {threshold}"),
    "close": ("{code} ({score}) is not clearly ahead of the next candidate ({runner})",
              "{code} ({score}) n'est pas nettement devant le suivant ({runner})"),
    "ref_disagrees": ("the subject quotes {ref} but the reply designates {codes}",
                      "l'objet cite {ref} mais la réponse désigne {codes}"),
    "names_other": ("the reply names {named}, not {code}", "la réponse cite {named}, pas {code}"),
    "conflict": ("{code}: some evidence contradicts the link", "{code} : un indice contredit le rattachement"),
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
    values["where_fr"] = {"subject": "l'objet", "text": "le texte"}.get(where, where)
    shared = int(values.get("shared") or 0)
    if shared > 1:
        values["shared_en"] = f" (shared by {shared} clients)"
        values["shared_fr"] = f" (commun à {shared} clients)"
    return templates[1 if language == "fr" else 0].format_map(values)


def evidence_text(item: Mapping, language: str = "en") -> str:
    """One piece of evidence ({"signal", "weight", "args"}) as a sentence with its weight."""
    text = _render(_EVIDENCE, item["signal"], item.get("args", {}), language)
    weight = float(item.get("weight", 0))
    return f"{text} ({weight:+g})" if weight else text


def warning_text(item: Mapping, language: str = "en") -> str:
    """A warning or review reason ({"code", "args"}) as a sentence."""
    return _render(_WARNINGS, item["code"], item.get("args", {}), language)
