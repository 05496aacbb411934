"""Evidence and warnings as a secretary reads them: sentences, no scores, no protocol names.

The matcher's own wording (:mod:`campaign.matching.words`) keeps its technical detail (weights,
"DMARC fail", scores); the workbook shows these plain sentences beside the decision and keeps the
technical wording in its last column, for whoever needs it. Codes without a plain sentence here
fall back to the matcher's sentence without its weight.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from campaign import clock
from campaign.matching.words import evidence_text, warning_text

# (French, English); {placeholders} are the matcher's args.
_WARNINGS = {
    "dmarc_fail": ("Attention : le message se présente comme venant de {sender}, mais le domaine de cette adresse "
                   "ne le confirme pas (expéditeur peut-être usurpé). Appelez le client avant de changer son adresse.",
                   "Warning: the message claims to come from {sender}, but that address's domain does not vouch "
                   "for it (the sender may be forged). Call the client before changing the address."),
    "dmarc_missing": ("L'identité de l'expéditeur {sender} ne peut pas être vérifiée (fréquent avec les petits "
                      "domaines et certaines messageries) : en cas de doute, appelez le client.",
                      "The identity of the sender {sender} cannot be checked (common with small domains and some "
                      "mail providers): if in doubt, call the client."),
    "forwarded": ("Message transféré par {by}.", "Message forwarded by {by}."),
    "weak": ("Peu d'éléments désignent {code} : vérifiez avant de valider.",
             "Little points to {code}: check before confirming."),
    "close": ("La réponse pourrait venir de {code} ou d'un autre client (voir « Autres clients possibles ») : "
              "vérifiez lequel.",
              "The reply could come from {code} or another client (see \"Other possible clients\"): check which."),
    "second_address": ("{code} a déjà donné l'adresse {address} le {date} : laquelle garder ?",
                       "{code} already gave the address {address} on {date}: which one to keep?"),
    "conflict": ("Un élément de la réponse ne correspond pas à {code} : vérifiez.",
                 "Something in the reply does not fit {code}: check."),
    "unknown_ref": ("La réponse cite la référence {ref}, qui n'est pas dans le fichier client.",
                    "The reply quotes the reference {ref}, which is not in the client file."),
}
_EVIDENCE = {
    "reference": ("le code client {ref} est cité dans la réponse", "the client code {ref} is quoted in the reply"),
    "siren": ("le SIREN {siren} est celui du client", "the SIREN {siren} is the client's"),
    "dmarc_aligned": ("le message vient bien du domaine {domain} (vérifié par la messagerie)",
                      "the message really comes from {domain} (checked by the mail server)"),
    "domain": ("l'expéditeur écrit depuis le domaine du client ({domain})",
               "the sender writes from the client's domain ({domain})"),
    "form_agrees": ("la forme juridique ({form}) est celle du client", "the legal form ({form}) is the client's"),
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _index(language: str) -> int:
    return 0 if language == "fr" else 1


def warning_plain(item: Mapping, language: str) -> str:
    """One warning or review reason as a sentence a secretary understands."""
    template = _WARNINGS.get(item["code"])
    if template is None:
        text = warning_text(item, language)
        return text[:1].upper() + text[1:]
    args = _Blank(item.get("args", {}))
    if args.get("date"):
        args["date"] = clock.shown_date(str(args["date"]), language)
    return template[_index(language)].format_map(args)


def _name_sentence(args: Mapping, language: str) -> str:
    written, client = args.get("written", ""), args.get("client", "")
    if float(args.get("score") or 0) >= 97:
        return (f"la réponse écrit le nom du client (« {written} »)" if language == "fr"
                else f"the reply writes the client's name ('{written}')")
    return (f"le nom écrit, « {written} », ressemble à celui du client (« {client} »)" if language == "fr"
            else f"the name written, '{written}', looks like the client's ('{client}')")


def evidence_plain(item: Mapping, language: str) -> str:
    """One piece of evidence as a sentence, without its weight."""
    if item["signal"] == "name":
        return _name_sentence(item.get("args", {}), language)
    template = _EVIDENCE.get(item["signal"])
    if template is not None:
        return template[_index(language)].format_map(_Blank(item.get("args", {})))
    return evidence_text({**item, "weight": 0}, language)


def why(evidence: list[Mapping], language: str, limit: int = 3) -> str:
    """The ``limit`` strongest reasons pointing to the client, as one sentence."""
    strongest = sorted((e for e in evidence if float(e.get("weight", 0)) > 0),
                       key=lambda e: -float(e.get("weight", 0)))[:limit]
    sentences = list(dict.fromkeys(evidence_plain(e, language) for e in strongest))
    if not sentences:
        return ""
    text = "; ".join(sentences)
    return text[:1].upper() + text[1:] + "."


def technical(evidence_json: str, language: str) -> str:
    """Every piece of evidence with its weight, as the matcher words it (the workbook's last column)."""
    return "; ".join(evidence_text(e, language) for e in json.loads(evidence_json or "[]"))
