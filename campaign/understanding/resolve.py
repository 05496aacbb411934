"""References in the client's words resolved to the addresses they point at.

"la première" -> the first address the firm proposed in its quoted question; "oui, celle-là" ->
the one it proposed; "l'adresse à laquelle vous m'avez écrit" -> the To of the firm's quoted
message; "mon mari, en copie" -> the Cc header; "celle du service comptable ci-dessous" -> the
matching address of the signature. Each resolution says which reference went to which header,
so that a secretary sees why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campaign.text import is_consumer
from campaign.understanding.addresses import Found, find_addresses, is_firm
from campaign.understanding.automatic import fold, is_no_reply
from campaign.understanding.context import Context
from campaign.understanding.evidence import sentence_at, sentences, unwrap
from campaign.understanding.intent import AGREEMENT, AGREEMENT_OPENING


@dataclass
class Resolution:
    """Addresses a reference in the text resolved to."""

    addresses: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    evidence: str = ""
    how: dict = field(default_factory=dict)  # which reference went to which header (words.resolution_text)


_ORDINALS = [
    (0, re.compile(r"\b(la |l.)?(premiere|1ere|1re|1ère|first one|the first|premiere adresse)\b|celle du haut|the top one|"
                   r"\bla primera\b|\bel primero\b|\b(die|den|der) erste\b|\bde eerste\b|\bla prima\b|\bil primo\b")),
    (1, re.compile(r"\b(la |l.)?(seconde|deuxieme|2eme|2e|2nde|second one|the second)\b|\bla segunda\b|\bla segona\b|"
                   r"\b(die|den|der) zweite\b|\bde tweede\b|\bla seconda\b|\bil secondo\b")),
    (2, re.compile(r"\b(la |l.)?(troisieme|3eme|3e|third one|the third)\b")),
    (-1, re.compile(r"\b(la )?(derniere|the last one)\b|celle (du|d.en) bas|the bottom one")),
]
_SET_ASIDE_AFTER = re.compile(r"[\s,]*+(?:(c.est |est |sert |is |it.s )?(pour|for) (les |la |le |l.|the )?(reservation|commande|"
                              r"devis|livraison|order|quote|booking|sav|rdv|rendez|planning|chantier|perso)|(non|pas|not|no)\b|"
                              # "la 1ère est fermée depuis 2 ans, donc la seconde"
                              r"(est|is) (fermee|obsolete|morte|inactive|desactivee|closed|dead|plus (valable|utilisee|active))\b|"
                              r"n.existe plus\b)")
_THE_OTHER = re.compile(r"\b(pas|non|not)\s+(celle-?\s?ci|cette adresse|cette adresse-ci|this one)\b(?:[^.!?\n]|\.{2,}){0,80}?"
                        r"\b(l.autre|the other( one)?)\b|"
                        # "Plutôt l'autre adresse, pas celle-ci", "The other one, not this one" (review 20)
                        r"\b(l.autre|the other)( adresse| one| address)?\b[^.!?\n]{0,40}\b(pas|non|not)\s+(celle-?\s?ci|cette adresse|"
                        r"this one)\b|"
                        # "Utilisez l'autre, celle-ci va être fermée", "Celle-ci va être fermée, donc l'autre", "L'autre.",
                        # "Non, l'autre svp", "Pas à celle-ci, à l'autre" (review 20b)
                        r"\bl.autre\b[^.!?\n]{0,40}\bcelle-?\s?ci (va etre|sera|est) (fermee|supprimee|desactivee|close)|"
                        r"\bcelle-?\s?ci (va etre|sera|est) (fermee|supprimee|desactivee|close)[^.!?\n]{0,30}\bl.autre\b")
# ... alone on its line (read before lines are rejoined)
_OTHER_ALONE = re.compile(r"(^|\n)\s*(non[ ,]+|pas (a )?celle-?\s?ci[ ,]+)?(a )?(l.autre|the other( one)?)( adresse)?"
                          r"( svp| s.il vous plait| merci| please)?[ .!]*(\n|$)")
# "l'autre je pense, mais je vous confirme demain", "l'autre n'existe plus non plus" (review 20): no choice made yet
_UNSURE_CHOICE = re.compile(r"\b(je pense|je crois|peut-etre|je (vous )?(confirme|confirmerai|redis|redirai|dirai)|je verifie|"
                            r"je vais verifier|n.existe plus|non plus|des que possible|plus tard|i think|maybe|i.ll confirm)\b")
_CORRECTION = re.compile(r"\b(ah non|non pardon|pardon|en fait|plutot|je veux dire|oups|sorry|i mean|actually)\b")
_COPY_NAMED = re.compile(r"\b([a-z][a-z-]{2,})\s+(?:aussi\s+|egalement\s+)?en (?:copie|cc)\b")
_BOTH = re.compile(r"\b(les deux|aux deux|both( of them)?|l.une et l.autre)\b")
_AFFIRM = re.compile(r"(^|\W)(oui+|yes|ok|okay|d.accord|va pour|parfait|c.est bon|c bon|c.est parfait|ca (me|nous) va|cela (me|nous) va|"
                     r"einverstanden|vale|va bene|akkoord|de acuerdo|d.acordo|"
                     r"tout a fait|exact|exactement|correct|celle-?\s?la|c.est bien (elle|ca|cela)|"
                     r"c.est la bonne|bonne adresse|celle que vous (proposez|indiquez|mentionnez|avez)|"
                     r"vous pouvez (l.)?utiliser|allez-y|go ahead|that.s (fine|right|correct)|valid|sure|fine|"
                     rf"{AGREEMENT})(\W|$)|(^|\n)\W*({AGREEMENT_OPENING})\b")
_NEGATION = re.compile(r"(^|\W)(non|no|pas (celle|cette|la bonne|ok|d.accord)|plus (valable|utilis|a jour|bonne)|"
                       r"ne (convient|marche|fonctionne|sert) (plus|pas)|obsolete|plutot|autre adresse|another)(\W|$)")
# The text points at the sender's own mailbox, not at the address the firm proposed.
_THIS_MAILBOX = re.compile(r"(de ce (mail|message|courriel)|depuis laquelle|avec laquelle je|d.ou je vous (ecris|reponds)|"
                           r"d.ou part ce|par laquelle ce message|"
                           r"qui vous ecrit|adresse (de l.)?expedit|adresse d.envoi|this (e-?mail|address i)|"
                           r"from which i|i.m writing from|celle-ci|cette adresse-ci)")
_WROTE_TO = re.compile(r"(l.adresse|celle|la meme|same address|la boite) {1,3}(?:(?:a|sur|ou|to|at) {1,3})?(?:(?:laquelle|lequel|which|where) {1,3})?"
                       r"(vous|you) {1,3}(m.|nous {1,3}|me {1,3}|lui {1,3}|leur {1,3})?(?:(?:avez|aviez|have|had) {1,3})?(ecrit|envoye|adresse|contacte|"
                       r"written|wrote|sent|emailed)|(gardez|conservez|keep)\s+(la meme|celle|l.adresse|the same)|"
                       r"ou vous m.avez ecrit|where you wrote|you wrote to|"
                       # "continuer à écrire là où vous avez envoyé ce message"
                       r"\b(continu|gard|ecri|envoy|rest)\w*( simplement| donc)?( a (ecrire|envoyer))? la ou vous (m.|nous )?(avez|aviez) "
                       r"(envoye|ecrit|adresse)\b|"
                       # "continuez simplement sur la boîte où votre relance est arrivée" (a verb that keeps it before)
                       r"\b(continu|gard|utilis|ecri|envoy|rest|conserv)\w*( simplement| donc| bien)?( a (ecrire|envoyer))?( (sur|a|dans))? "
                       r"(la boite|l.adresse|celle|la messagerie) (ou|sur laquelle|a laquelle) (votre|vos|ce|cette|le|la) "
                       r"(relance|rappel|message|mail|courriel|demande)s? (est|sont|a|ont) (ete )?(arrivee?s?|parvenue?s?|envoyee?s?)\b|"
                       # "the address you sent this to", "the one you have been writing to"
                       r"the (e-?mail )?(address|one)\s+(that\s+)?you\s+(have\s+|had\s+)?(been\s+)?(sent|wrote|written|emailed|"
                       r"mailed|addressed|used|using|writing)\b|"
                       # "an die Adresse, an die Sie Ihre Nachricht geschickt haben"
                       r"(adresse|e-?mail-adresse),? (an|auf) (die|welche) sie\b[^.?!]{0,40}(geschickt|gesendet|geschrieben)")
_REFUSED = re.compile(r"\b(ne |n.)(utilis|ecri|envoy|gard|conserv)\w*\s(pas|plus|jamais)\b|va (bientot )?(fermer|disparaitre|etre (fermee|supprimee))|"
                      r"n.est plus (relevee|lue|consultee|active)|(fermee|supprimee|desactivee) (fin|le|au|a partir|des)|"
                      r"ne (marche|fonctionne|sert) plus|obsolete|no longer|don.t (use|write|keep)|do not (use|write|keep)")
_CC = re.compile(r"(en copie|en cc\b|en cci\b|mis en copie|mise en copie|\bcc\b|in copy|copied|cc.?d\b|en c\.c|"
                 # "je l'ai mis dans ce mail, mettez les factures sur son adresse à lui"
                 r"\b(je l.ai|je les ai|je la|nous l.avons) mise?s? dans (ce|le) (mail|message|courriel)\b)")
_CC_AS_MAIN = re.compile(r"(envoy|adress(?!es?\b)|transmet|send|\bpart(ent|ir)\b|parvien|arriv|recev|recoi)\w*[^.?!\n@]{0,90}?\s(a|au|to|sur|chez)\s+"
                         r"(mon|ma|notre|nos|my|our|son|sa|his)\b(?!\s+(propre\s+|own\s+)?(adresse|boite|address|e-?mail|"
                         r"mail|courriel|mailbox|messagerie))|"
                         r"\b(lui|leur|him|her|them)\s+((soient|soit|seront|sera|be)\s+)?(envoy|adress|transmi|send)|"
                         r"(envoy|adress|transmet|send)\w*[^.?!\n@]{0,40}\s(a|chez|to)\s+(lui|elle|eux|him|her|them)\b|"
                         r"\b(envoy|adress|transmet)\w*-(les[- ])?(lui|leur)\b|"
                         # "c'est à lui qu'il faut envoyer les factures", "l'adresse de la compta, c'est là qu'il faut les envoyer"
                         r"c.est (a|chez) (lui|elle|eux) qu.il faut|c.est la qu.il faut (les )?(envoy|adress|transmet)|"
                         # "oui sur l'adresse de mon mari svp", "please use my husband's email, he's in copy"
                         r"\b(sur|a) l.adresse (mail |e-?mail )?(de|du|d.) (mon|ma|notre) (mari|femme|epouse|epoux|conjointe?|compagne|"
                         r"compagnon|fils|fille|comptable|secretaire|associee?)\b|"
                         r"\b(use|send (them |the invoices )?to) (my|our) (husband|wife|son|daughter|partner|accountant|bookkeeper).?s "
                         r"(e-?mail|address|mailbox|inbox)\b|"
                         r"(sur|a) (son|sa) (adresse|messagerie|boite)|chez (elle|lui|eux)\b|c.est (son|sa|leur) (adresse|boite)|(utilisez|prenez|use) (son|sa|leur|his|her|their) "
                         r"(adresse|boite|address)|(son|sa|leur) (adresse|boite) qu.il faut|"
                         # "je l'ai mis en copie de ce message, merci d'utiliser la sienne"
                         r"(?<!pas )(?<!plus )(?<!jamais )(?<!not )(?<!t )\b(utilisez|utiliser|prenez|prendre|use)\s+(plutot\s+)?"
                         r"(la sienne|la leur|his|hers|theirs)\b(?!\s+(en copie|in copy|mais|but|[a-z]+ name)\b)(?![ \t]+(?!for\b|pour\b)[a-z])|"
                         # "pour les factures mettez l'adresse de mon mari, je l'ai mis en copie"
                         r"\b(mettez|mettre|utilisez|utiliser|prenez|prendre|gardez|use|take)\b[^.?!\n@]{0,30}\b(l.adresse|le mail|"
                         r"l.e-?mail|le courriel|the (e-?mail )?address)\s+(de|du|d.|of)\s+(mon|ma|notre|son|sa|my|our|his|her)\s+"
                         r"(mari|femme|epouse|epoux|conjointe?|compagne|compagnon|fils|fille|pere|mere|frere|soeur|associee?|"
                         r"comptable|secretaire|assistante?|gerante?|husband|wife|son|daughter|partner|accountant|bookkeeper|"
                         r"assistant)\b")
# A copy for the invoices says so: sent, received, every time, too.
_COPY_FOR_INVOICES = re.compile(r"(envoy|recev|recoi|recoiv|adress|transmet|factur|aussi|egalement|a chaque|chaque fois|utilis|\buse\b|"
                                r"desormais|\bmettez|\bmettre|\bajoutez|\bajouter|\bincluez|send|receive|invoice|also|"
                                # "et si possible une copie à Mme Hénon"
                                r"as well|every|\bput\b|\badd\b|\bune copie (a|au|pour)\b|"
                                # "compta@x.fr, avec Aurélie en copie (elle est en cc)": a copy of what is sent there
                                r"\bavec\b[^.?!@]{0,30}\ben (copie|cc)\b|\bwith\b[^.?!@]{0,30}\b(in )?(copy|cc)\b|"
                                # "and copy our bookkeeper, whom I have copied": the imperative asks for the invoices
                                r"\b(and|please) (also )?(copy|cc) (our|my|in)\b|\bmettez (aussi |egalement )?en copie\b|"
                                # "could you copy in my bookkeeper, Kate, who is cc'd"
                                r"\byou (also )?(copy|cc) (in|her|him|them|my|our)\b)")
_SIGNATURE_POINTER = re.compile(r"(ci-?dessous|en-? ?dessous|ci-?apres|(dans|de|sur|voir|cf\.?) (ma|la|notre|mon) signature|\b(voir|cf\.?) signature|en signature|en bas|"
                                # review 13a: "l'adresse de la société qui figure sous mon nom"
                                r"sous (mon nom|ma signature)|"
                                r"below|in (my|the|our) signature|see (my|the|our) signature|indiquee? plus bas)")
# "Oui pour les mails, celle du service comptable svp." above a signature that lists "Comptabilité : x@"
_NAMED_SERVICE = re.compile(r"\bcelle (du|de la|de l.|de notre) (service )?(compta\w*|factur\w*|secretariat|administrati\w*|"
                            r"assistante|secretaire)")
_NOT_MINE = re.compile(r"\b(plutot que|au lieu de|pas|non|not|rather than|instead of)\b[^,;:.]{0,20}\b(la mienne|mon adresse|ma boite|mine)\b")
_PERSONAL_LINE = re.compile(r"\b(perso|personnelle?|private|privee?)\b")
_SERVICE = re.compile(r"(compta\w*|factur\w*|administrati\w*|direction|secretariat|secretaire|assistante?|gestion|accounting|billing|"
                      r"finance\w*|admin\b|bureau|fournisseurs?|achats|suppliers?|payables?|accounts?)")


def how(kind: str, phrase: str, addresses: list[str], where: str = "") -> dict:
    """What was resolved, for the reviewer: rendered in her language by campaign.matching.words."""
    return {"kind": kind, "phrase": " ".join(phrase.split()), "address": ", ".join(addresses), "where": where}




def _first_sentence(text: str, pattern: re.Pattern) -> tuple[str, int]:
    text = unwrap(text)  # "que je mets en\ncopie": one sentence over two lines
    folded = fold(text)
    match = pattern.search(folded)
    return (sentence_at(text, match.start()), match.start()) if match else ("", -1)


_FIRM_ASKS = re.compile(r"\?|merci de (nous )?(indiquer|communiquer|confirmer|repondre|preciser)|indiquez|en repondant|"
                        r"\bpouvez|\bpourriez|souhaitez|let us know|please (confirm|reply|tell)")


def firm_asks(context: Context) -> bool:
    """Whether the firm's quoted message asks the client something (a question, "merci de nous indiquer")."""
    return bool(_FIRM_ASKS.search(fold(context.quoted_firm)))


def proposed_choice(own: str, context: Context, sender: str = "") -> Resolution | None:
    """"la première", "les deux", "oui celle-là": the address(es) of the firm's quoted question chosen; "pas
    celle-ci, l'autre" from one of the two (``sender``): the other."""
    if context.quoted_firm and not firm_asks(context):
        return None  # "nous avons bien enregistré x@": nothing to choose or approve
    proposed = context.proposed
    if not proposed and proposes_the_address_written_to(context):
        proposed = context.quoted_to[:1]
    if not proposed:
        return None
    folded = fold(unwrap(own))
    if len(proposed) >= 2:
        both = _BOTH.search(folded)
        if both:
            return Resolution(addresses=list(proposed[:2]), evidence=_first_sentence(own, _BOTH)[0],
                              how=how("proposed", both.group(0), proposed[:2]))
        other = _THE_OTHER.search(folded) or _OTHER_ALONE.search(fold(own))
        if other and len(proposed) == 2 and sender.lower() in proposed and not _UNSURE_CHOICE.search(folded):
            # "Pas celle-ci (la free, je ne la consulte presque plus), l'autre." from the free one (set53 IE007, dev)
            the_other = [a for a in proposed if a != sender.lower()]
            return Resolution(addresses=the_other, evidence=sentence_at(own, other.start()),
                              how=how("proposed", other.group(0), the_other))
        # "La deuxième svp, la première c'est pour les réservations": the ordinal said first, unless
        # what follows it sets it aside
        said = [(m.start(), position, m) for position, pattern in _ORDINALS for m in pattern.finditer(folded)
                if position < len(proposed) and not _SET_ASIDE_AFTER.match(folded[m.end():m.end() + 60])]
        said.sort(key=lambda s: s[:2])
        if len(said) >= 2 and said[1][1] != said[0][1] and _CORRECTION.search(folded[said[0][2].end():said[1][0]]):
            said = said[1:]  # "La première. Ah non pardon, la seconde": the second word is the answer
        if not said:
            described = _described(own, folded, proposed)
            if described is not None:
                return described
        for _, position, match in said[:1]:
            chosen = proposed[position]
            # "la deuxième, et mettez Vincent en copie": the other one, named by its owner's first name
            copies = [a for a in proposed if a != chosen and any(
                len(name) >= 3 and name in fold(a.split("@")[0]) for name in _COPY_NAMED.findall(folded))]
            return Resolution(addresses=[chosen], copies=copies, evidence=sentence_at(own, match.start()),
                              how=how("proposed", match.group(0), [chosen]))
        return None
    mailbox = _THIS_MAILBOX.search(folded)
    if mailbox and re.fullmatch(r"celle-?\s?ci|cette adresse-ci", mailbox.group(0)) and len(proposed) == 1 \
            and re.match(r"\W*(oui|yes|ok|d.accord|va pour|ok pour|d.accord pour)\b", sentence_at(folded, mailbox.start())) \
            and (not _OWN_MAILBOX.search(folded) or _OWN_SET_ASIDE.search(folded)):
        mailbox = None  # "Oui celle-ci convient très bien" to "pouvons-nous utiliser contact@x ?": the one proposed
    if mailbox or _NEGATION.search(folded[:300]):
        return None
    affirmed = _AFFIRM.search(folded[:400])
    if affirmed:
        return Resolution(addresses=[proposed[0]], evidence=sentence_at(own, affirmed.start()),
                          how=how("proposed", affirmed.group(0), proposed[:1]))
    return None


# the writer speaks of her own mailbox: "celle-ci" may be it ("je vous écris depuis ma boîte perso. Oui, celle-ci
# convient"), unless she sets it aside ("je vous réponds depuis ma propre adresse mais c'est la boîte générale …")
_OWN_MAILBOX = re.compile(r"n.utilise plus|ne (lis|consulte|releve) plus|\bperso|d.ou je vous|depuis laquelle|depuis ma|"
                          r"celle d.ou")
_OWN_SET_ASIDE = re.compile(r"depuis ma (propre )?(adresse|boite)[^.!?]{0,30}\bmais\b")
_THIS_ADDRESS = re.compile(r"\b(cette adresse|cet e-?mail|this (e-?mail )?address)\b")


def proposes_the_address_written_to(context: Context) -> bool:
    """"pouvons-nous utiliser cette adresse ?" sent to contact@x: the address proposed is the one written to."""
    return bool(context.quoted_to) and bool(_THIS_ADDRESS.search(fold(context.quoted_firm)))


_DESCRIBED = re.compile(r"\b((celle|l.adresse|la boite|the one)\s+(de la |du |de l.|des |de |of the |for the |of )?|"
                        r"(plutot|prenez|gardez|choisissez|mettez|utilisez)\s+(a |au |sur )?(la |le |l.|the )|"
                        r"(envoyez|adressez|mettez)(-les)?\s+(a|au|chez|sur)\s+(la |le |l.)?(service )?)(?P<what>[a-z]{3,})")
_NOT_THIS = re.compile(r"\b(non pas|pas|non|not|plutot que|rather than)\s+(a |au |sur )?(le |la |l.|les |celle de la |celle du |celle de |the )?"
                       r"(?P<what>[a-z]{3,})")


# a one-word answer on the first line: "la pro", "le gmail", "wanadoo svp"
_TERSE_CHOICE = re.compile(r"\W*(a |au |a la |a l.)?(la |le |l.|the )?(service )?(?P<what>[a-z]{3,})\W*"
                           r"((svp|stp|merci|please|plutot|bitte|graag|grazie|gracias)\W*)?(\n|$|,)")
_NOT_DESCRIPTIONS = frozenset(("que", "qui", "quoi", "vous", "nous", "elle", "celle", "cette", "mienne", "votre",
                               "notre", "plus", "moins", "autre", "meme", "bonne", "premiere", "seconde", "deuxieme",
                               "mail", "adresse", "facture", "factures", "merci", "bonjour", "oui", "non", "papier",
                               "courrier", "moi", "lui", "deux"))
_BUSINESS_ONE = re.compile(r"\b(celle|l.adresse|la boite)\s+(du|de la|de l.)\s*(cabinet|societe|entreprise|boutique|magasin|"
                           r"clinique|bureau|travail|agence|atelier|restaurant|garage|pharmacie|etude|office)")
# "La pro, pas la perso." (when no proposed address holds the word)
_PRO_ONE = re.compile(r"(^|\n|[,.;:]\s)\W*(la|l.adresse|celle|the) (pro|professionnelle|professional|work one)\b")
_PRIVATE_ONE = re.compile(r"\b(boite|adresse|mail)\s+(perso|personnelle|privee)\b|\b(pas|non|not) (la|celle) (perso|personnelle|privee)\b")
# "Celle qui finit par .fr"
_ENDS_WITH = re.compile(r"\b(celle|l.adresse|the one) (qui )?(finit|termine|se termine|ending|ends) (par|en|with|in) \.?(?P<tld>[a-z]{2,6})\b")
# "Pas à Pierre, à l'autre", "Pas celle de la SCI, l'autre": the one not set aside


# Words mailboxes are shortened to ("dom.bonnot@" is the domaine's, "adm@" the administration's)
_MAILBOX_SHORT = {"dom": "domaine", "adm": "administration", "admin": "administration", "compta": "comptabilite",
                  "cpta": "comptabilite", "fact": "facturation", "fac": "facturation", "gest": "gestion",
                  "secr": "secretariat", "secret": "secretariat", "ets": "etablissements", "ste": "societe"}


_MAILBOX_ONLY = re.compile(r"(?<![\w.@-])([a-z0-9][\w.-]*)@(?![\w.-])")


def _described(own: str, folded: str, proposed: list[str]) -> Resolution | None:
    """"Plutôt celle de la compta, pas le gmail": of the addresses the firm proposed, the one the
    words describe (its mailbox or its domain), less the one they set aside."""
    def holding(word: str) -> list[str]:
        if word in _NOT_DESCRIPTIONS or len(word) < 3:
            return []
        if len(word) == 3:  # "celle de la SCI": a short word, as a whole part of the address only
            return [a for a in proposed if word in re.split(r"[^a-z]+", fold(a))]
        stem = word[:5]
        held = [a for a in proposed if any(part.startswith(stem) or stem.startswith(part) and len(part) >= 4
                                           or _MAILBOX_SHORT.get(part, "").startswith(stem)
                                           for part in re.split(r"[^a-z]+", fold(a.split("@")[0] + "." + a.split("@")[1]))
                                           if part)]
        # "celle de Pierre" for p.lefevre@: a first name, by its initial before the surname
        initial = [a for a in proposed if re.match(rf"{word[0]}[._-][a-z]{{3,}}@", fold(a))]
        return held or (initial if len(initial) == 1 else [])
    chosen = {a for m in _DESCRIBED.finditer(folded) for a in holding(m.group("what"))}
    # "La contact@ c'est très bien": a proposed address by its mailbox's name, the domain left out
    chosen |= {a for m in _MAILBOX_ONLY.finditer(folded) for a in proposed if fold(a.split("@")[0]) == m.group(1)}
    terse = _TERSE_CHOICE.match(folded)
    if terse:
        # "la pro" to "à devaud85@wanadoo.fr ou à devaud.pro@orange.fr ?": a word of one of them, alone on its line
        word = terse.group("what")
        chosen |= {a for a in proposed if word in re.split(r"[^a-z]+", fold(a))} or set(holding(word))
    pro = _PRO_ONE.search(folded) if not chosen else None
    if pro:
        chosen |= {a for a in proposed if not is_consumer(a.split("@")[1])}
    ending = _ENDS_WITH.search(folded)
    if ending:
        chosen |= {a for a in proposed if a.endswith("." + ending.group("tld"))}
    refused = {a for m in _NOT_THIS.finditer(folded) for a in holding(m.group("what"))}
    if _BUSINESS_ONE.search(folded):
        # "celle du cabinet vétérinaire": the one at the business's own domain, not a webmail's
        chosen |= {a for a in proposed if not is_consumer(a.split("@")[1])}
    private = _PRIVATE_ONE.search(folded)
    if private and re.search(r"\b(mon|ma|sur mon|sur ma|a mon|a ma)\s*$", folded[:private.start()]) \
            and not re.search(r"\bl.autre\b", folded[:private.start()]):
        # "Mon adresse personnelle, s'il vous plaît": the one at a webmail is chosen
        chosen |= {a for a in proposed if is_consumer(a.split("@")[1])}
    elif private:
        # "l'autre c'est ma boîte perso": the one at a webmail is set aside
        refused |= {a for a in proposed if is_consumer(a.split("@")[1])}
    left = [a for a in proposed if a in chosen - refused] or ([a for a in proposed if a not in refused]
                                                              if refused and len(proposed) - len(refused) == 1 else [])
    if len(left) != 1:
        return None
    # the words that chose or set aside (chosen and refused come from these four)
    match = (_DESCRIBED.search(folded) or _NOT_THIS.search(folded) or _BUSINESS_ONE.search(folded)
             or _PRIVATE_ONE.search(folded) or terse or ending or pro)
    if match is None:
        return None
    return Resolution(addresses=left, evidence=sentence_at(own, match.start()),
                      how=how("proposed", match.group(0), left))


_DESCRIBED_AS_ANOTHERS = re.compile(r"\best celle (de|du|d.)[^.!?]{0,40}\bpas la (mienne|notre)\b|\bcelle de (mon|ma|notre) (ex|ancien)")


def written_to(own: str, context: Context, sender: str) -> Resolution | None:
    """"gardez l'adresse à laquelle vous m'avez écrit": the To of the firm's quoted message."""
    sentence, at = _first_sentence(own, _WROTE_TO)
    folded_own = fold(own)
    if at < 0 or re.search(r"(n.utilise\w*|ne (pas|plus)|pas|plus|surtout pas|don.t|do not|not)( (sur|a|dans|vers))?\s*$|"
                           r"\b(ne|n.)\s*\w+ (pas|plus) (a )?(ecrire|envoyer|utiliser)\s*$", folded_own[max(0, at - 40):at]) \
            or _REFUSED.search(fold(sentence)) or _DESCRIBED_AS_ANOTHERS.search(fold(sentence)):
        # "n'utilisez pas / n'écrivez plus à l'adresse à laquelle vous m'avez écrit", "pas sur la boîte où votre relance
        # est arrivée", "la boîte où votre relance est arrivée est celle de la SCI, pas la mienne"
        return None
    target = (context.quoted_to or context.proposed or [sender])[0]
    if not target:
        return None
    where = "to" if context.quoted_to else ("proposed" if context.proposed else "sender")
    return Resolution(addresses=[target], evidence=sentence, how=how("written_to", "", [target], where))


_REPLY_TO = re.compile(r"(adresse|celle|boite) (e-?mail |mail )?(de|pour la|indiquee? (pour|en)( la)?) reponse|"
                       r"(adresse|celle) (a laquelle|ou) (repondre|vous devez repondre)|reply-?to|reply address|"
                       r"(address|one) to reply to|repondez (plutot )?a (l.adresse|celle)")


def reply_to_pointer(own: str, context: Context, sender: str) -> Resolution | None:
    """"merci d'envoyer les factures à l'adresse de réponse de ce message": the Reply-To header; and a
    no-reply sender "confirmed" by a person's words, whose Reply-To is the mailbox read."""
    if not context.reply_to:
        return None
    sentence, at = _first_sentence(own, _REPLY_TO)
    if at >= 0 and not re.search(r"(pas|plus|surtout pas|not)\s*$", fold(own)[max(0, at - 20):at]):
        return Resolution(addresses=[context.reply_to], evidence=sentence,
                          how=how("reply_to", "", [context.reply_to]))
    if is_no_reply(sender) and _organisation(sender) == _organisation(context.reply_to):
        # no words point at it: only the organisation's own mailbox, never a redirection elsewhere
        return Resolution(addresses=[context.reply_to], how=how("reply_to", "", [context.reply_to]))
    return None


def _organisation(address: str) -> str:
    """The last two labels of an address's domain ("notifications.oceane-optique.fr" -> "oceane-optique.fr")."""
    return ".".join(address.rsplit("@", 1)[-1].lower().split(".")[-2:])


def copies_in_header(own: str, context: Context) -> Resolution | None:
    """"mon mari, en copie": addresses of the Cc header the text points at (copies, or main when sent to)."""
    if not context.cc:
        return None
    sentence, at = _first_sentence(own, _CC)
    if at < 0 and len(context.cc) == 1:
        # "oui sur l'adresse de mon mari svp", the husband alone in Cc: the one address it can mean
        sentence, at = _first_sentence(own, _RELATIVES_ADDRESS)
    if at < 0:
        return None
    # "je l'ai mis en copie. Merci de lui envoyer les factures à son adresse": the next sentence says what for
    flat = unwrap(own)
    stop = re.search(r"[.!?](\s|$)", flat[at:])
    following = sentence_at(flat, at + stop.end()) if stop and at + stop.end() < len(flat) else ""
    # "merci de les envoyer sur son adresse à lui plutôt que sur la mienne. Je le mets en copie": the sentence
    # before says what the copy is for, when it points at the person's own mailbox
    start = max(flat.rfind(c, 0, at) for c in ".!?\n")
    previous = fold(sentence_at(flat, max(flat.rfind(c, 0, start) for c in ".!?\n") + 1)) if start > 0 else ""
    if previous and (_THEIR_OWN.search(previous) or "@" not in previous and _TO_A_RELATIVE.search(previous)
                     and not _A_PERSON_NAMED.search(fold(sentence))) and not _CC.search(previous):
        # "pourriez-vous les envoyer à mon mari ? Je l'ai mis en copie de ce message": the person it is sent to
        following = f"{previous} {following}"
    folded = fold(f"{sentence} {following}")
    if re.search(r"pour (information|info)\b|for (your )?information|\bfyi\b|pour qu.(il|elle) (soit|le) (sache|au courant)|"
                 r"ne (consulte|lit|regarde|utilise|ouvre)\w* (quasiment |presque |guere |jamais |plus|pas)|"
                 # "vous aviez celle de mon mari (en copie), il garde la sienne pour ses propres factures"
                 r"\bgarde (la sienne|la leur|son adresse)\b|\bpour (ses|leurs) (propres )?factures\b",
                 fold(sentence)) or not _COPY_FOR_INVOICES.search(folded):
        # "Mon mari ne consulte plus sa boîte (il est en copie)": in copy of this message, not of the invoices
        return None  # "je mets M. Guihard en copie pour information", "il est en copie": this message only
    if re.search(r"\((en copie|en cc|cc|copie)\)", fold(sentence)) and "@" in sentence \
            and not re.search(r"\b(mett\w*|ajout\w*|aussi|egalement|also)\b|\bcopie (a|de|des factures)\b", folded):
        # "À la demande de notre présidente, Mme Pessey (en copie), merci d'envoyer les factures à compta@x": says who
        # reads along, beside the address the sentence hands over
        return None
    # "Pierre, mon associé, est en copie pour information": not for the invoices
    informed = [s for s in sentences(fold(flat)) if _FOR_INFORMATION.search(s) and _CC.search(s)]
    cc = [a for a in context.cc if not any(w in s for s in informed for w in re.findall(r"[a-z]{4,}", fold(a.split("@")[0])))]
    if not cc:
        return None
    # "je l'ai mise en copie": the address she added, not the one the firm's own message had in copy
    cc = [a for a in cc if a not in context.proposed and a not in context.quoted_to] or cc
    if _CC_AS_MAIN.search(folded) and not re.search(r"(aussi|egalement|en plus|also|as well)", folded):
        return Resolution(addresses=list(cc[:1]), copies=list(cc[1:]), evidence=sentence, how=how("cc", "", cc))
    return Resolution(copies=list(cc), evidence=sentence, how=how("cc", "", cc))


# "pourriez-vous les envoyer à mon mari ?" before "Je l'ai mis en copie": the relative the copy sentence points back at
_TO_A_RELATIVE = re.compile(r"\b(envoy|adress|transmet)\w*[^.?!\n@]{0,40}\s(?<!pas )(?<!non )(?<!que )(a|au|chez)\s+(mon|ma|notre)\s+(mari|femme|epoux|epouse|"
                            r"conjointe?|compagne|compagnon|fils|fille|pere|mere|frere|soeur)\b")
# the copy sentence naming someone of its own ("Je mets mon mari en copie"), not pointing back ("je l'ai mis en copie")
_A_PERSON_NAMED = re.compile(r"\b(mon|ma|notre|mes|nos)\s+\w+[^.?!\n]{0,20}\ben (copie|cc)\b")


_RELATIVES_ADDRESS = re.compile(r"(?<!pas )(?<!non )\b(sur|a) l.adresse (mail |e-?mail )?(de|du|d.) (mon|ma) (mari|femme|epouse|epoux|"
                                r"conjointe?|compagne|compagnon|fils|fille|comptable)\b|\b(use|send (them |the invoices )?to) (my|our) "
                                r"(husband|wife|son|daughter|partner|accountant|bookkeeper).?s (e-?mail|address)\b")
# the person's own mailbox, not negated: "sur son adresse à lui", "chez lui", "envoyez-lui" (not "pas à mon mari",
# not "à sa comptable", whose address is not given)
_THEIR_OWN = re.compile(r"(?<!pas )(?<!non )\b(sur|a) (son|sa|leur) (propre )?(adresse|boite|messagerie|mail)\b|"
                        r"(?<!pas )\b(a|chez) (lui|elle|eux)\b(?! aussi)|\b(envoy|adress|transmet)\w*-(lui|leur)\b")


_FOR_INFORMATION = re.compile(r"pour (information|info)\b|for (your )?information|\bfyi\b|pas besoin|n.a pas besoin|"
                              r"doesn.t need|does not need")


def signature_pointer(own: str, signature: str, secretariat: str, domains: list[str], sender: str = "") -> Resolution | None:
    """"celle du service comptable ci-dessous": the signature's address the text points at."""
    sentence, at = _first_sentence(own, _SIGNATURE_POINTER)
    if at < 0:
        sentence, at = _first_sentence(own, _NAMED_SERVICE)
        if "@" in sentence:
            return None  # "celle de la comptabilité (compta@x)": written out, nothing pointed at
    if at < 0 or not signature:
        return None
    found = [f for f in find_addresses(signature) if not is_firm(f.address, secretariat, domains)]
    lines = signature.split("\n")

    def line_of(f: Found) -> str:
        """The signature's line holding address ``f``, folded."""
        return fold(lines[signature.count("\n", 0, f.start)])

    if len({f.address for f in found}) > 1:
        # "utilisez l'adresse générique ci-dessous plutôt que la mienne", "(perso : x@)": not the one set aside
        said = fold(sentence)
        kept = [f for f in found if not (sender and f.address == sender and _NOT_MINE.search(said))
                and not (_PERSONAL_LINE.search(line_of(f)) and "perso" not in said)]
        if kept:
            found = kept
    unique = list(dict.fromkeys(f.address for f in found))
    if not unique:
        return None
    if len(unique) == 1:
        return Resolution(addresses=unique, evidence=sentence, how=how("signature", "ci-dessous", unique))
    for position, pattern in _ORDINALS:
        match = pattern.search(fold(sentence))
        if match and position < len(unique):
            return Resolution(addresses=[unique[position]], evidence=sentence,
                              how=how("signature", match.group(0), [unique[position]]))
    # "pour les factures, celle du service comptable": the service named, not the topic
    # "plutôt que l'adresse de la comptabilité, utilisez celle du service fournisseurs": the one named
    # after "celle du", never one set aside, and the topic ("factures") last
    said = fold(sentence)
    named = [m for m in _SERVICE.finditer(said)
             if not re.search(r"(plutot que|au lieu de|pas|non|not|rather than)\b[^,;:]{0,30}$", said[:m.start()])]
    services = [m.group(1) for m in sorted(named, key=lambda m: (not re.search(r"\bcelle (du|de la|des) (service )?$",
                                                                                 said[:m.start()]),
                                                                 m.group(1).startswith("factur")))]
    for service in services:
        stem = service[:5]
        chosen = [f.address for f in found if stem in fold(f.address.split("@")[0])]
        if len(set(chosen)) != 1:  # "Office: office@x | Accounts: accounts@x" on one line: the mailbox's name first
            chosen = [f.address for f in found if stem in line_of(f)]
        if len(set(chosen)) == 1:
            return Resolution(addresses=chosen[:1], evidence=sentence,
                              how=how("signature", service, chosen[:1]))
    # "C'est Sandra qui fait les factures : prenez son adresse, elle est en dessous": the one line of
    # the signature that carries the name the sentence gives
    for m in re.finditer(r"(?<=\w\W)\b[A-ZÀ-Ý][a-zà-ÿ]{2,}\b", sentence):
        name, word = m.group(0), fold(m.group(0))
        if re.search(r"\b(non|pas|plus|sauf|plutot que|au lieu de|ni)\b[^,;:]{0,25}$", fold(sentence[:m.start()])):
            continue  # "… et non plus celle de Sandra": set aside
        chosen = [f.address for f in found if re.search(rf"\b{word}\b", line_of(f))
                  or word in fold(f.address.split("@")[0])]
        if len(set(chosen)) == 1:
            return Resolution(addresses=chosen[:1], evidence=sentence, how=how("signature", name, chosen[:1]))
    return None


_NOT_PERSONAL_ONE = re.compile(r"(pas|non|plutot que|not)\s+(sur |a |to |on )?(mon adresse|la mienne|mine|my (own|personal))|"
                               r"adresse (perso|personnelle|nominative|a moi)|my (personal|private) (address|e-?mail)")
_NEGATED_MINE = re.compile(r"(pas|non|plutot que|not)\s+(sur |a |to |on )?(mon adresse|ma boite|la mienne|mine|my (own|personal))")
_PERSONAL_ONE = re.compile(r"ma (boite|adresse) a moi|ma propre (boite|adresse)|(prenez|utilisez|gardez|sur) mon adresse (perso|personnelle)\b|"
                           r"(apparait|figure) (comme|en) \W{0,3}(envoye par|de la part de)|"
                           r"de la part de|on behalf|my (own|personal) (address|mailbox|e-?mail)")
_SHARED_ONE = re.compile(r"\bc.est (la|notre) (boite|adresse) (generale|commune|partagee|de l.accueil|du (cabinet|bureau|"
                         r"magasin|secretariat|service))\b")
_NEGATED_SHARED = re.compile(r"\b(pas|non|plutot que|au lieu de) (sur |a )?(la|notre) (boite|adresse) (generale|commune|partagee)")
_ROLE_WORDS = frozenset(("comptabilite", "compta", "service", "tresorerie", "tresorier", "secretariat", "accueil",
                         "direction", "administration", "factures", "facturation", "contact", "bar", "restaurant",
                         "club", "association", "cabinet", "societe", "sarl", "sas", "sci", "eurl", "scm", "gaec", "earl",
                         "team", "office", "accounts", "boutique", "garage", "magasin", "hotel", "mairie"))


def mailbox_not_personal(own: str, from_address: str, from_name: str, context: Context) -> Resolution | None:
    """"celle d'où part ce message, pas mon adresse perso": of From and Sender, the shared mailbox;
    "ma boîte à moi, celle qui apparaît en « de la part de »": the person's own."""
    if not context.sender_header:
        return None
    folded = fold(unwrap(own))
    names = [(from_address, from_name), (context.sender_header, context.sender_name)]
    personal_one = _PERSONAL_ONE.search(folded)
    if _SHARED_ONE.search(folded) and not _NEGATED_SHARED.search(folded):
        # "l'adresse depuis laquelle je vous écris. C'est la boîte générale de la clinique, … alors que ma boîte à moi
        # déborde" (set48 BG001, dev)
        chosen = [a for a, n in names if not _personal(a, n)]
    elif _NOT_PERSONAL_ONE.search(folded) and not (personal_one and not _NEGATED_MINE.search(folded)):
        chosen = [a for a, n in names if not _personal(a, n)]
    elif personal_one:
        # "prenez mon adresse personnelle de travail, celle qui apparaît comme « envoyé par »"
        chosen = [a for a, n in names if _personal(a, n)]
    else:
        return None
    if len(chosen) != 1:
        return None
    return Resolution(addresses=chosen, how=how("mailbox", "", chosen))


def _personal(address: str, display: str) -> bool:
    """Whether ``address`` is a person's own mailbox: its local part spells the person's display name."""
    words = {w for w in re.split(r"[^a-z]+", fold(display)) if len(w) >= 3}
    if not words or words & _ROLE_WORDS or any(w.isupper() and len(w) >= 3 for w in display.split()):
        return False
    local = {w for w in re.split(r"[^a-z]+", fold(address.split("@")[0])) if len(w) >= 3}
    return bool(words & local) or any(w in fold(address.split("@")[0]) for w in words if len(w) >= 4)
