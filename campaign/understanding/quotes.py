"""What the sender wrote in this message: quoted history and signatures removed.

Hand-written rules for the French and English markers of the usual mail programs (Gmail,
Outlook, Apple Mail, Thunderbird, Orange/Free/SFR webmails, Yahoo, Zimbra), checked against
the project's corpus; docs/understanding.md says why no library was kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaign.understanding.automatic import fold
from campaign.understanding.header_words import FROM_WORDS, HEADER_WORDS, WROTE_BEFORE_WRITER, WROTE_WORDS
from campaign.understanding.mime import QUOTE_MARK

# A line that starts the quoted or forwarded history (matched on folded text: lower case, no accents).
_SEPARATOR = re.compile(
    r"^\s*+(-{2,}\s*(message d.origine|original message|mail original|message transfere|forwarded message|"
    r"message original|messaggio originale|ursprungliche nachricht|weitergeleitete nachricht)\s*-{2,}"
    r"|debut du message (reexpedie|transfere)\s*:?|begin forwarded message\s*:?"
    r"|_{10,}|-{20,}"
    r"|>?\s*message du \d{1,2}/\d{1,2}/\d{2,4}.*"
    r"|envoye le\s*:.*"
    r"|" + re.escape(QUOTE_MARK.lower()) + r")\s*$")
_WROTE = re.compile(rf"({WROTE_WORDS})\s*:\s*$|{WROTE_BEFORE_WRITER}")
_WROTE_START = re.compile(r"^\s*(-\s*)?(le|on|el|am|il|op|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\b")
_HEADER_LINE = re.compile(rf"^[\s>*]*+({HEADER_WORDS})[\s*]*+:", re.IGNORECASE)
_FROM_LINE = re.compile(rf"^[\s>*]*+({FROM_WORDS})[\s*]*+:")

# Lines after which only the signature and device footers follow.
_SIGNATURE = re.compile(
    r"^\s*(--|—|-- ?|__+|envoye (de|depuis) (mon|ma|un|une) .*|sent from my .*|sent from .* for (ios|android)|"
    r"enviado desde mi .*|enviat des del meu .*|"
    r"telecharger outlook pour .*|obtenir outlook pour .*|get outlook for .*|envoye a partir de .*|"
    r"envoye depuis .*|sent via .*)\s*$")

ANSWERS_BELOW = re.compile(r"\b(je vous reponds|mes reponses|reponses?|see my answers|answers?|my replies|comments?)\b[^.\n]{0,30}"
                            r"\b(sous|dans|en dessous|ci-dessous|entre les lignes|dans le (texte|corps)|en rouge|en bleu|en gras|"
                            r"below|inline|in the text|in red)\b")
_POSTSCRIPT = re.compile(r"^\s*(p\.?\s?s\.?|p-s)\s*[:.-]")


def is_footer(folded_line: str) -> bool:
    """True for a signature mark or a device's footer line ("envoye depuis mon smartphone samsung")."""
    return bool(_SIGNATURE.match(folded_line))


_CLOSING = re.compile(
    r"^\s*(bien )?(tres )?(cordialement|cdlt|cdt|salutations?( distinguees)?|bien a (vous|toi)|"
    r"bonne (journee|soiree|fin de journee|semaine)|a bientot|amities|amitiés|sinceres salutations|"
    r"meilleures salutations|respectueusement|best( regards)?|(kind |best |warm )?regards|"
    r"many thanks|thanks( again)?|thank you|merci( beaucoup| d.avance| par avance| bien)?( et bonne journee)?)"
    r"\s*[,.!]*\s*$")


@dataclass
class Split:
    """The sender's own text, the signature below it, and the quoted history."""

    own: str
    signature: str
    quoted: str
    marker: str  # the line that started the quoted history ('' when none)


def _quote_start(lines: list[str], folded: list[str]) -> int | None:
    """Index of the first line of quoted history, or None."""
    n = len(lines)
    for i in range(n):
        f = folded[i]
        if not f.strip():
            continue
        if f.lstrip().startswith(">"):
            # A block of '>' lines; a lone '>' inside the own text (an arrow) is not a quote.
            if i + 1 >= n or folded[i + 1].lstrip().startswith(">") or not folded[i + 1].strip():
                return i
        if _SEPARATOR.match(f):
            return i
        if _WROTE.search(f) and (_WROTE_START.match(f) or len(f) < 200):
            return i - 1 if i > 0 and _WROTE_START.match(folded[i - 1]) and not _WROTE_START.match(f) else i
        if _WROTE_START.match(f) and i + 1 < n and _WROTE.search(folded[i + 1]) and len(f) < 200:
            return i
        if _FROM_LINE.match(f):
            following = sum(1 for j in range(i + 1, min(n, i + 6)) if _HEADER_LINE.match(folded[j]))
            if following >= 1:
                return i
    return None


def split(text: str) -> Split:
    """Split a message's text into own text, signature and quoted history."""
    lines = text.split("\n")
    folded = [fold(line) for line in lines]
    start = _quote_start(lines, folded)
    marker = ""
    if start is None:
        own_lines, quoted_lines = lines, []
        own_folded = folded
    else:
        marker = lines[start].strip()
        own_lines, quoted_lines = lines[:start], lines[start:]
        own_folded = folded[:start]
    if start is not None and not any(x.strip() for x in own_lines):
        # a bottom or inline reply: the sender wrote between '>' lines, below the quote header
        inline = [line for line, f in zip(lines[start + 1:], folded[start + 1:])
                  if f.strip() and not f.lstrip().startswith(">")]
        if inline and not any(_SEPARATOR.match(fold(x)) or _FROM_LINE.match(fold(x)) for x in inline):
            own_lines, own_folded = inline, [fold(x) for x in inline]
    cut = None
    for i, f in enumerate(own_folded):
        if _SIGNATURE.match(f) and (i > 0 or f.strip() in ("--", "-- ")):
            cut = i
            break
        if _CLOSING.match(f) and any(x.strip() for x in own_folded[:i]):
            cut = i
            break
    if cut is None:
        own, signature = own_lines, []
    else:
        own, signature = own_lines[:cut], own_lines[cut:]
        ps = next((k for k, f in enumerate(own_folded[cut:]) if _POSTSCRIPT.match(f)), None)
        if ps is not None:
            # "PS : pour votre courrier sur les factures, mettez-moi sur x@" under the signature: her words
            own, signature = own + signature[ps:], signature[:ps]
    answers_below = (start is None or own_lines is not lines) and ANSWERS_BELOW.search(fold(" ".join(own)))
    first_quote = None if not answers_below else start if start is not None else \
        next((k for k, f in enumerate(folded) if f.lstrip().startswith(">")), None)
    if first_quote is not None:
        # "Je vous réponds directement sous votre message." above the quote: her answers are between its lines
        inline = [line for line, f in zip(lines[first_quote + 1:], folded[first_quote + 1:])
                  if f.strip() and not f.lstrip().startswith(">")]
        if inline and not any(_SEPARATOR.match(fold(x)) or _FROM_LINE.match(fold(x)) for x in inline):
            own = own + [""] + inline
            if start is None:
                signature = [x for x in signature if x not in inline and not x.lstrip().startswith(">")]
                quoted_lines = [x for x in lines[first_quote:] if x.lstrip().startswith(">")]
    return Split(own="\n".join(own).strip(), signature="\n".join(signature).strip(),
                 quoted="\n".join(quoted_lines).strip(), marker=marker)
