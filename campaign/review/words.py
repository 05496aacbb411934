"""The review workbook's words, in French and English: decisions, confidence, sheet names, sources.

Decisions are named so that nobody confuses "this reply is not from this client" (``rejected``)
with "the client keeps paper" (``refused``). The words of earlier versions ("Refuser",
"Courrier", ...) stay accepted on import: workbooks already handed out come back with them.
"""

from __future__ import annotations

import re

# Decision values as the workbook shows them: (French, English). No comma: they form a list formula.
DECISION_WORDS = {
    "confirmed": ("Valider l'adresse e-mail", "Confirm the e-mail address"),
    "refused": ("Le client garde le papier", "Client keeps paper"),
    "rejected": ("Écarter : pas ce client", "Set aside: not this client"),
    "remind": ("À relancer", "Chase"),
}
# What each decision means, for the instructions and the drop-down's input message.
DECISION_MEANINGS = {
    "confirmed": ("ses factures partiront par e-mail à l'adresse de la colonne « Adresse e-mail »",
                  "invoices will be e-mailed to the address in the \"E-mail address\" column"),
    "refused": ("le client a répondu qu'il veut continuer à recevoir ses factures par courrier",
                "the client answered that invoices should stay on paper"),
    "rejected": ("cette réponse ne vient pas de ce client (usurpation, homonyme, erreur) : elle est écartée, "
                 "le client reste en attente de réponse",
                 "this reply is not from this client (forged, namesake, mistake): it is set aside and the client "
                 "is still waiting for an answer"),
    "remind": ("il faut recontacter le client (réponse peu claire, deux clients possibles)",
               "the client must be contacted again (unclear answer, two possible clients)"),
}
# The same, in a few words, for the drop-down's input message (at most 255 characters in all).
DECISION_HINTS = {
    "confirmed": ("factures par e-mail", "invoices by e-mail"),
    "refused": ("il reste au courrier", "invoices stay on paper"),
    "rejected": ("la réponse ne vient pas de ce client", "the reply is not from this client"),
    "remind": ("recontacter le client", "contact the client again"),
}
# Words of earlier versions, still read on import.
OLD_DECISION_WORDS = {
    "confirmed": ("Valider", "Confirm"),
    "refused": ("Courrier", "Keep posting"),
}
# The matcher's confidence in plain words.
CONFIDENCE_WORDS = {"high": ("très probable", "very likely"), "medium": ("probable", "likely"),
                    "low": ("douteux", "doubtful")}
NO_CANDIDATE = ("aucun client reconnu", "no client recognised")
SEE_ALERT = ("mais voir l'alerte", "but see the warning")
SHEET_NAMES = {"review": ("Revue", "Review"), "silent": ("Sans réponse", "No answer"),
               "decided": ("Décisions", "Decisions"), "progress": ("Avancement", "Progress"),
               "instructions": ("Instructions", "Instructions"), "lists": ("Listes", "Lists")}
# Between code and name in the drop-down of client codes: "C0105 — SCI du Parc".
CODE_NAME_SEPARATOR = " — "
_CODE_AND_NAME = re.compile(r"\s+[—–-]\s+")


def word(table: dict, key: str, language: str) -> str:
    """``key`` in the campaign's language from a (French, English) table."""
    pair = table.get(key)
    return "" if pair is None else pair[0 if language == "fr" else 1]


def choice(code: str, name: str) -> str:
    """One entry of the client drop-down: the code, then the name when there is one."""
    return f"{code}{CODE_NAME_SEPARATOR}{name}" if name else code


def code_of_choice(text: str) -> str:
    """The code part of a drop-down entry ("C0105 — SCI du Parc" -> "C0105"); other text as it is."""
    return _CODE_AND_NAME.split(text.strip(), maxsplit=1)[0]


def source_text(source: str, language: str) -> str:
    """Where a decision came from, in words: "workbook revue.xlsx Revue!C12" -> "classeur revue.xlsx, cellule Revue!C12"."""
    parts = source.split(" ")
    if len(parts) >= 3 and parts[0] == "workbook":
        name, cell = " ".join(parts[1:-1]), parts[-1]
        return f"classeur {name}, cellule {cell}" if language == "fr" else f"workbook {name}, cell {cell}"
    if source == "cli":
        return "ligne de commande" if language == "fr" else "command line"
    return source
