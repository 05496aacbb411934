"""The words mail clients write in the header block of a quoted or forwarded message ("De :", "Von:",
"Van:", "Da:", "Objet :"), and in their one-line quote headers ("… a écrit :", "… schreef X <x@y>:"),
in the languages the firms' clients write.

One list for the three readers of such blocks (quotes, forwards, the firm's quoted message), so that a
language added is added to all of them. The words are folded (lower case, no accents) and are regular
expression alternatives.
"""

from __future__ import annotations

FROM_WORDS = r"de|from|expediteur|von|da|van"
TO_WORDS = r"a|to|pour|destinataire|an|para|per a|aan"
HEADER_WORDS = (FROM_WORDS + "|" + TO_WORDS + r"|envoye|sent|date|cc|copie a|copie|cci|objet|subject|importance|reply-to|"
                r"repondre a|gesendet|betreff|datum|kopie|verzonden|onderwerp|inviato|oggetto|data|enviado|asunto|fecha|"
                r"enviat|assumpte")
# "Le 3 nov. 2026, X a écrit :", "On …, X wrote:", and Gmail's and Thunderbird's Dutch and German
# forms that name the writer after the verb: "Op … schreef X <x@y>:", "Am … schrieb X <x@y>:"
WROTE_WORDS = r"a ecrit|wrote|schrieb|ha scritto|escribio|va escriure|geschreven|schreef"
WROTE_BEFORE_WRITER = r"\b(schreef|schrieb)\b[^\n]{0,160}:\s*$"
