"""What a client's own text says: an address given or confirmed, a refusal, a question.

Rules over folded text (lower case, no accents), sentence by sentence. When the text is
ambiguous fewer addresses come out: a wrong address sends a client's invoices to a stranger.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from campaign.understanding.addresses import Found, domain_corrections, find_addresses, is_firm
from campaign.understanding.automatic import fold
from campaign.contacts import street_written
from campaign.understanding.evidence import clauses, rejoined, sentence_at, sentences, unwrap
from campaign.understanding.quotes import ANSWERS_BELOW

ADDRESS, REFUSAL, QUESTION, OTHER = "address", "refusal", "question", "other"

_PAPER = (r"(courr?ier(?!s? electroniques?)|boite (aux|a) lettres|boite postale|briefkasten|\bposter\b|\bpostez\b|poste\b|"
          # "il garde un œil sur les papiers": the paperwork, not paper invoices
          r"(?<!les )(?<!des )(?<!mes )(?<!ses )(?<!ces )(?<!nos )(?<!vos )papier|paper|\bpost\b|\bposting\b|by mail\b|voie postale|envois? posta(l|ux)|"
          r"papierform|postweg|postalisch|per post|\bposted\b|cartace\w*|per posta|\bpapel\b|correo postal|por correo\b|correu postal|per correu\b|en paper\b)")
# Between a wish and the paper it keeps: not the e-mail it prefers ("je préfère recevoir les factures par e-mail car
# le courrier arrive en retard", "je préfère le mail au courrier"), nor a negation ("I'd prefer not to get paper",
# "I'd rather you didn't send them by post")
_WISH_GAP = r"(?:(?!\b(?:e-?mails?|mails?|courriels?|not|didn.t|don.t|no longer|ne plus|ne pas|n.en|nicht|nichts|niet)\b)[^.?!\n])"
# ("für Mahnungen bleiben wir bei der Post, Rechnungen bitte an x@", "Mahnungen weiterhin per Post": other mail's paper)
_NOT_FOR_OTHER_MAIL_DE = r"(?<!mahnungen )(?<!angebote )(?<!bestellungen )"
_REFUSE = [
    re.compile(r"(prefer|souhait|voudr|aimer|continu|garder|conserv|rester|maintenir|keep|would like|wish|(?<!not )require|"
               r"(?<!not )(?<!n.t )rather\b(?! not| than)|carry on|stick (with|to)|stay with|"
               r"seguir|sigan|seguim|continuar|rebre|recibir|"
               rf"veux|voulons|desir|rester|merci de(?! (votre|vos|ton|le|la) (courr?ier|lettre|message|mot|note)\b)){_WISH_GAP}{{0,70}}" + _PAPER),
    re.compile(r"\b(ne|n')\s*[^.?!\n,]{0,40}\b(pas|jamais|aucunement)\b[^.?!\n,]{0,60}"
               r"(par|en|sous|via|au format|format)\s+(e-?mail|mail|courriel|voie electronique|format electronique|"
               r"electronique|pdf|internet|messagerie|dematerialise)"),
    re.compile(r"\b(ne|n')\s*(souhait\w*|veu\w*|voulons|desir\w*|accept\w*)\s+pas\b[^.?!\n]{0,40}"
               r"(recevoir|passer|dematerialis|facture|changer|e-?mail|mail|courriel)"),
    re.compile(r"\b(pas|aucune?|sans)\s+(d.|de\s+)?(adresse\s+)?(e-?mail|mail|internet|ordinateur|courriel|"
               r"boite mail|messagerie)\b"),
    # (not "je ne suis pas d'accord sur le montant des provisions": a disagreement about something else)
    re.compile(r"\b(je|nous)\s+(refuse|refusons)\b|\bpas d.accord\b(?!\s+(sur|avec|concernant|quant|au sujet|pour le montant))|"
               r"\bnon merci\b|\bno,? thank"),
    # answers in a word or two to the firm's question: "Papier.", "Pas pour l'instant, merci.", "Non, je ne souhaite pas."
    # "Pour ma part le papier, merci.", "pour mes factures personnelles le papier, merci"
    re.compile(r"\bpour (ma|notre) part,? (le |en |par )?(papier|courr?ier|la poste)\b|"
               r"\bpour (mes|nos) factures( personnelles| perso)?,? (le |en |par )?(papier|courr?ier|la poste)\b"),
    re.compile(r"\A\W*((le |en |par )?(papier|courr?ier|la poste)|(non,? )?pas pour (l.instant|le moment|maintenant)|"
               r"non,? (je|nous) ne (le )?(souhaite|souhaitons|veux|voulons) pas)\W*(merci\W*)?\Z"),
    # one pass for the short refusals read in round 11: "Pas intéressé", "Pas de changement pour moi", "Laissez comme
    # avant", "le papier c'est mieux", "Le papier me convient", "C'est non pour moi", "mais non", "Je suis contre",
    # "à mon adresse postale", "auch künftig auf dem Postweg", "post please, no email", "por correo ordinario",
    # "nous maintenons l'envoi papier", "please keep posting them", "Gardez l'envoi postal", "la poste ça marche
    # très bien, on ne change rien"
    re.compile(r"\b(ne (suis|sommes) pas|pas) interesse(e)?s?\b|\bpas de changement pour (moi|nous)\b|"
               r"\blaissez (comme (avant|d.habitude|c.est)|tel quel)|\bon continue comme (ca|avant|d.habitude)\b|"

               r"\b(le papier|le courr?ier|la poste),? c.est (beaucoup |bien |quand meme )?(mieux|plus (sur|simple|pratique))|"
               r"\b(le papier|le courr?ier|la poste)\b[^.?!\n]{0,15}\b(me|nous) (convient|va)\b|"
               r"\b(la poste|le courr?ier|le papier)\b[^.?!\n]{0,20}\b(marche|fonctionne|convient)\b[^.?!\n]{0,30}\bne change\w* rien\b|"
               r"\bc.est non\b|\bmais non\W*$|\bje suis contre\W*($|\.|,)|\bje prefere(rais)? ne pas\W*($|\.)|"
               r"(envoy|adress)\w*[^.?!\n@]{0,40}\b(a|sur) (mon|notre) adresse postale|"
               r"\b(auch )?(kunftig|zukunftig)\b[^.?!\n]{0,40}\b(postweg|per post|auf papier)|"
               r"(^|\n)\W*(by )?(post|paper),? please\b|\bno e-?mails?,? please\b|\bpor correo (ordinario|postal|normal)\b|"
               r"\bmaint(iens|enons|enir|enez)\b[^.?!\n]{0,20}\b(l.envoi|les envois|le) (papier|courr?ier|postal|par (la )?poste)|"
               r"\b(keep|carry on) (posting|mailing) (them|the invoices)\b|"
               r"\bgarde[rz]? (l.envoi|les envois|l.expedition) (postal|par (la )?poste|papier|par courr?ier)|"
               # "Veuillez utiliser le courrier papier comme avant" (not "inutile d'utiliser la poste", review 17)
               r"(\b(veuillez|merci d.|continuez (a|d.)|pouvez-vous|pourriez-vous)\s+(continuer a\s+)?utiliser|(^|[.!?\n]\s*)utilisez) "
               r"(le|la) (courr?ier( papier| postal)?|voie postale|poste)\b(?! (electronique|e-?mail)| pour (nous|me) )"
               r"(?![^.!?\n]{0,80}\b(sauf|except)\b)"),
    # German: "wir möchten die Rechnungen weiterhin per Post erhalten", "lieber auf Papier"
    re.compile(rf"{_NOT_FOR_OTHER_MAIL_DE}"
               rf"\b(weiterhin|lieber|bevorzug\w*|mochten|wollen|willen|wunschen|bitte|graag|liever|blijven|houden)\b{_WISH_GAP}{{0,60}}"
               r"(per post|papierform|auf papier|in papier|op papier|papieren|postweg|postalisch)|\bkein(e|en)? (e-?mail|internet|computer)\b|"
               # "Per post is prima voor ons", "Auf Papier ist gut"
               r"\b(per post|op papier|auf papier|per briefpost)\s+(is|ist)\s+(prima|goed|gut|fijn)\b|"
               # "wir bleiben bei der Post" (review 18c)
               rf"{_NOT_FOR_OTHER_MAIL_DE}(?<!lieferscheine )"
               r"\b(wir bleiben|ich bleibe|bleiben wir|bleibe ich) (lieber )?(bei|beim) (der )?(post|papier|briefpost|papierform|"
               r"papierrechnungen)\b|"
               # "Pas de factures par mail merci." (review 19: read as a yes)
               r"\bpas de factures? (par |en )?(mail|e-?mail|courriel)s?\b"),
    re.compile(r"\b(reste|restons|restera|garde|gardons|continue|continuons|on reste|on garde)\w{0,4} {1,3}"
               r"(?:(?:au|en|sur|avec|par) {1,3})?(?:(?:le|la) )?(papier|courr?ier|poste|format papier)\b"),
    # "I'd prefer not to get them by email", "I'd rather you didn't send them by email"
    re.compile(r"\b(rather (you )?(didn.t|did not|not)|prefer not to|would not like to|wouldn.t like to) (send|e-?mail|post|get|receive)\w*"
               r"[^.?!\n,]{0,30}\b(by|via|per) e-?mail"),
    re.compile(r"\b(do not|don't|dont|rather not)\s+(want|wish|like|have)\b[^.?!\n]{0,60}"
               r"(e-?mail|electronic|pdf|internet|computer)"),
    # round 12: the paper word as a clause of its own, after its file ("Pour ma part, papier.", "Pour moi
    # personnellement : papier svp.", "Papier pour moi merci.", "Pour mes factures à moi, le papier.")
    re.compile(r"(^|\n|:|,|\bdonc)\s*((les )?factures? )?(le |en |par )?(papier|courr?ier( papier| postal)?|la poste)( pour (moi|nous|lui|elle|ma part))?"
               r"\s*(,?\s*(svp|s.il vous plait|stp|merci|please))?\s*([.!,;]|$)"),
    re.compile(r"(^|\n)\W*(le |en |par )?(papier|courr?ier|la poste)(\s+(papier|postal))?\s+(svp|s.il vous plait|stp|merci|please|comme avant|"
               r"comme d.habitude|uniquement)\b"),
    re.compile(r"\b(en|au format|version|format)\s+papier\b|\bpar (la )?poste\b|\bpar courr?ier\b(?! electroni)|paper (copy|copies|invoice)"),
    # "Je garde les factures papier", "besoin des originaux papier", "ce sera toujours le papier"
    re.compile(r"(?<!pas )(?<!plus )(?<!aucun )(?<!pas de )(?<!pas d.)\b(garde|gardons|conserve|conservons|tiens|tenons|besoin|veu[xt]|voulons|exige\w*|ce sera|toujours)\b"
               r"[^.?!\n]{0,30}\b(factures?|originaux|exemplaires?|le|du|au)\s+(en\s+)?papier\b"),
    re.compile(r"\b(courr?ier|papier|poste)\s+(uniquement|seulement|only)|\b(uniquement|seulement|only)\s+(par\s+|en\s+|by\s+)?"
               r"(courr?ier|papier|poste|post)\b|\bsurtout pas par (e-?)?mail|\bpas par (e-?)?mail|not by e-?mail"),
]
# a politeness is no condition: "si c'est encore possible", "if that is still possible", "if possible"
_POLITE_IF = (r"(?! (c.est |cela est |ca est |ce n.est pas trop demande|(that|it|this) (is|s) )?(encore |toujours |still )?possible)"
              r"(?! (that|it|this).?s? (is )?(alright|all right|ok|okay|fine)\b)(?! (cela|ca) vous (convient|va)\b)")
_HEDGED = re.compile(rf"(\bsi\b{_POLITE_IF}|\bs.ils? (le )?(souhait|veu|prefer|desir)\w*|\bif\b{_POLITE_IF}|\bsinon\b|otherwise|if not|peut-etre|\bmaybe\b|\bmay\b|\bmight\b|"
                     r"savoir si|en attendant|d.ici la|in the meantime|meanwhile|pour l.instant|pour le moment|provisoirement|temporairement|for now|"
                     r"\bquestion\b|ces (courriers|envois|documents|lettres)|relances|lettre de mission|"
                     # "je vous réponds client par client, certains voudront sûrement garder le papier"
                     r"\bcertaine?s (voudront|prefereront|garderont|souhaiteront|choisiront)|probablement|sans doute|surement|probably|"
                     # "je préfère réfléchir encore un peu (je ne suis pas sûre de vouloir tout par mail)": not decided
                     r"\b(prefere|dois|vais|veux|voudrais|aimerais|souhaite|laissez.moi|besoin de|temps de) (encore )?(un peu )?reflechir)")
_WEAK_REFUSAL = re.compile(r"(pas|aucune?|sans)\s+(d.|de\s+)?(adresse\s+)?(e-?mail|mail|internet|ordinateur|courriel|"
                           r"boite mail|messagerie)")
# "je ne veux plus de papier", "plus de courrier": the client wants e-mail.
# Within the paper words' own sentence: "les factures adressées par e-mail ou par courrier ne pourront plus être
# traitées" (a platform), "le relevé détaillé suivra par courrier" (a document the writer posts)
_NOT_REFUSAL_HERE = re.compile(r"\b(bien )?(recu|recue|recus|recues)\b[^.?!\n,]{0,50}\bpar (courr?ier|la poste)\b|"  # a letter received
                               r"\bpar (e-?mail|mail) ou (par )?(courr?ier|la poste)\b(?! electroni)|\bpar (courr?ier|la poste) ou "
                               r"(par )?(e-?mail|mail)\b|\b(suivra|suivront|parviendra|parviendront|arrivera|arriveront|enverrons|"
                               r"adresserons|posterons)\b[^.?!\n]{0,20}\bpar (courr?ier|la poste)\b|"
                               # "L'autre c'est ma boîte perso, je ne veux pas que les factures arrivent là-dedans": a mailbox set aside
                               r"^\W*l.autre\b[^.?!\n]*\b(arriv|tomb|aill|part|envoi|envoy)\w*\s+(la-dedans|la dedans|dedans|dessus)\b|"
                               # "merci de ne pas nous les envoyer par courrier non plus": not paper either (a platform)
                               r"\bpar (courr?ier|la poste)\s+non plus\b|"
                               # "je préfère par mail que par courrier", "le mail au courrier": the post is what is set aside
                               r"\b(e-?mail|mail|courriel)s? (plutot )?(que|qu.a|au|a la|than|rather than) (par |le |la |by )?"
                               r"(courr?ier|papier|poste|post|paper)\b")
_NOT_REFUSAL = re.compile(r"\bnon merci pour le (papier|courr?ier)\b|\bne (veux|souhaite|voulons|souhaitons) pas y recevoir\b|\bpas de (factures? )?((sur|en|par) )?(papier|courr?ier|la poste)\b|\bpas de factures? (a la maison|chez (moi|nous))\b|"
                          # "je ne veux pas de factures sur papier mais sur mail : x@": e-mail, not paper
                          r"(\bplus\b|no longer|no more|stop|arret|fini|economi|moins de)[^.?!\n]{0,40}"
                          + _PAPER + r"|" + _PAPER + r"[^.?!\n]{0,30}(\b(n.en|ne l.|ne le|ne la|ne les|ne sert|n.est|ne sont)\b"
                          r"[^.?!\n]{0,15}\bplus\b|"
                          # not a comparison ("le courrier, c'est plus simple") nor a name (PAPIER PLUS)
                          r"\bplus (besoin|necessaire|utile|la peine|du tout|jamais)\b|\b(inutile|superflu|termine|fini)\b)|"
                          r"zero papier|" + _PAPER + r"\s*[,:]?\s*(non merci|no thanks?)\b|"
                          # "nous préférons le mail plutôt que le papier": e-mail over paper
                          r"\b(e-?mails?|mails?|courriels?|electroni\w*|numerique|pdf)\b[^.?!\n]{0,15}\b(plutot que|rather than|"
                          r"instead of|au lieu d\w*)[^.?!\n]{0,20}" + _PAPER + r"|"
                          # "merci de noter notre nouvelle adresse postale pour tout courrier": a move, not paper
                          r"nouvelle adresse postale|changement d.adresse|"
                          # "merci de mettre à jour l'adresse postale sur vos courriers": the firm moves, not paper
                          r"(mettre a jour|mise a jour|modifier|changer|corriger)[^.?!\n]{0,20}adresse postale|"
                          r"siege (social )?(a ete |est )?transfere|transfert (de|du) siege|"
                          # "pas d'adresse mail dédiée : déposez-les sur notre plateforme": e-invoicing, not paper
                          r"plate-?forme|platform|chorus|\bpdp\b|portail (fournisseur|de (factur|depot))|supplier portal|"
                          r"e-?invoicing|facturation electronique|"
                          # "on reçoit déjà les factures par la poste": how it is, not a wish
                          r"\b(recoi\w*|recev\w*|recu\w*) (deja|actuellement|pour l.instant|encore)\b")

# Agreement in a word, as the reply's own answer or to the address the firm proposed (shared with
# campaign.understanding.resolve): anywhere, and only opening a line ("Super, merci", "Entendu.")
AGREEMENT = (r"(?<![\w@.-])(e-?)?mail,? (ok|okay|oui|d.accord|ca marche)(?=\W*($|\n|merci|pour))|"
             r"je (vous )?(le |la )?confirme(?! (avoir |la (bonne )?reception|que j.ai )(bien )?(recu|reception))|nickel|impeccable|(ca|cela|ceci) (me|nous) (convient|conviendra|ira)|ca ira|"
             r"(cette|la|votre) (solution|proposition|formule|option|nouvelle formule) (me|nous) (convient|conviendra|va|ira)\b(?! pas| plus| guere)|"
             # "je n'y vois aucun inconvénient", "ça ne me dérange pas", "je ne suis pas contre", "D'acc", "allez-y"
             r"(je n.y vois|nous n.y voyons) (aucun|pas d.)\s?inconvenient|aucun inconvenient|pas d.inconvenient|"
             r"(ca|cela) ne (me|nous) (derange|gene|pose (aucun )?probleme)\b|(je|nous) ne (suis|sommes) pas contre\b|"
             r"\bd.acc\b|allez-y|allons-y|\bbanco\b|"
             r"bien sur(?! que non)|evidemment(?! pas)|absolument(?! pas)|ca roule|c.est juste|of course|perfect|"
             r"pas de soucis?|aucun souci|sans souci|va bene|confermo|perfetto|de acuerdo|me parece bien|perfecto|d.acord|perfecte|molt be|"
             r"est[aá] bien|sin problema|cap problema|aucune objection|pas d.objection|no objection")
AGREEMENT_OPENING = r"confirme|entendu|accord|affirmatif|top|super|c bon|vous pouvez(?=\s*[.!]|\W*$)"
# A wish for e-mail that names no mailbox ("Par mail svp", "Je préfère par mail", "Pas de factures papier,
# tout par mail", "Email please, no more paper"): a yes to the memo, for the mailbox the context designates
_MAIL = r"(e-?mail|mail|courriel|e-?mails|mails)"
_WANTS_MAIL_PATTERN = (rf"\b(je|j.|nous|on|we|i)(?: ?|.d | would )(prefere|preferons|preferai|preferais|prefer|would prefer|d prefer)\w*( (de loin|nettement|plutot))?"
              rf"( (recevoir|avoir|les recevoir|les avoir|receive|get|that|it|them))?[^.?!\n@]{{0,45}}?\b(par|en|by|via|sur|per) {_MAIL}\b|"
              # review 13b: "Je préfère l'électronique", "je préfère désormais recevoir les factures de façon électronique",
              # "j'accepte de recevoir désormais mes factures sous forme électronique", "nous acceptons de recevoir vos
              # factures par voie dématérialisée"
              r"\b(je|nous|on) (prefere|preferons)\w*( desormais| dorenavant| maintenant)? (l.electronique|le numerique|"
              r"le format (electronique|numerique|pdf)|la version (electronique|numerique|pdf))\b|"
              r"\b(recevoir|envoy\w*|adress\w*|transmet\w*)[^.?!\n@]{0,40}\b(sous forme|de facon|de maniere|en version|par voie|au format) "
              r"(electronique|dematerialisee|numerique)\b|"
              rf"\b(tout|plutot|uniquement|seulement|exclusivement|de preference|preferablement|desormais|dorenavant) (par|en|sur) {_MAIL}\b|"
              rf"\bpar {_MAIL},? (svp|s.il vous plait|stp|merci|c.est (mieux|parfait|plus simple|plus pratique|ideal))\b|"
              rf"(^|\n)\W*(par|en|by|via) {_MAIL}\W*(svp|s.il vous plait|stp|merci|please|thanks?( you)?)?\W*($|\n)|"
              rf"\bje veux bien (les )?(recevoir|avoir)[^.?!\n@]{{0,30}}\b(par|en|sur) {_MAIL}\b|\bce sera (par|en) {_MAIL}\b|"
              # review 13c: "je veux bien les factures par mail", "on veut bien les factures par mail"
              rf"\b(je|on|nous) (veux|veut|voulons) bien (recevoir |avoir )?(les |mes |nos |vos )?(factures? )?(par|en) {_MAIL}\b|"
              r"\b(fini|finis|zero|adieu|bye bye)( le| les)? (papier|papiers|factures papier)\b|\b(le )?papier,? c.est fini\b|"
              r"\b(plus|pas) de (factures? )?papiers?( svp| s.il vous plait| merci)?,? (tout|uniquement|seulement) (par|en) (e-?mail|mail|courriel)\b|"
              rf"\b(by|via) {_MAIL},? please\b|(^|\n)\W*{_MAIL},? please\b|\b(switch|move|put) (me|us) (over )?to {_MAIL}\b|"
              rf"\b{_MAIL} (would be|is) (better|preferable|preferred|easier|best)\b|\bgo(ing)? paperless\b|\bpaperless,? please\b|"
              rf"\b(gerne|lieber|bitte|graag|liever) (per|via|par) {_MAIL}\b|\b(per|via) {_MAIL},? (bitte|graag)\b|"
              # "l'envoi par mail me convient", "happy to receive them by email"
              rf"\b(envoi|facturation|factures?)( par| en| sur)? {_MAIL} (me|nous) (convien\w*|va|ira)\b(?! pas| plus)|"
              rf"\b(happy|glad|pleased) to (receive|get|have) (them |the invoices |invoices |it )?(by|via) {_MAIL}\b|"
              r"\bplease e-?mail (them|the invoices|us|me)\b|"
              # "par mail ce sera très bien", "je ne souhaite pas garder le papier", "Plus de papier svp !"
              rf"\bpar {_MAIL},? (ce sera|c.est) (tres |parfait|mieux|bien|parfait)|"
              r"\b(ne|n.)\s*(souhaite|veux|voulons|tiens|tenons)\s+pas (a )?(garder|conserver|recevoir) (le |les factures (en )?)?(papier|courr?ier)|"
              r"(^|\n)\W*(plus|fini|zero|stop) (de |le |au )?(papier|courr?ier)s?\W*(svp|s.il vous plait|merci|please)?\W*(\n|$)|"
              # "go pour le mail", "je ne veux plus de papier", "le mail suffit"
              rf"\bgo pour (le |les |l.)?{_MAIL}\b|\b(je|nous|on) (ne )?(veux|voulons|veut|souhaite|souhaitons) plus (de |du |recevoir (de |du )?)"
              r"(factures? )?(papiers?|courriers?)\b|"
              rf"\b(le |un |l.)?{_MAIL} (suffit|suffira|fera l.affaire)\b|"
              # "I would prefer email to paper", "We'd rather stay with email than go back to paper",
              # "I'd rather you didn't send them by post any more"
              rf"\b(i|we)( would|.d) (rather|prefer) (have |receive |get )?(them |the invoices |invoices )?(by |via )?{_MAIL} "
              r"(to|than|over|instead of|rather than) (paper|post|letters?)\b|\b(stay|stick|keep going|carry on|continue) with e-?mail\b|"
              r"\b(i|we)( would|.d) rather you (didn.t|did not|stopped|no longer) (send|post)\w*[^.?!\n]{0,30}\b(by post|on paper|"
              r"through the post|by letter)|"
              rf"\b(je|nous|on) (prefere|preferons)\w* (de loin |nettement )?(le |les )?{_MAIL} (au|a la|que le|que la|plutot que) "
              r"(courr?ier|papier|poste)\b")
_WANTS_MAIL = re.compile(_WANTS_MAIL_PATTERN)
_BY_MAIL = re.compile(rf"\b(par|by|en|via) {_MAIL}\b")
_CONFIRM = re.compile(
    # "Les factures de nous deux peuvent venir ici", "Pour les factures du cabinet : ici."
    r"\b(venir|arriver|envoy\w*|adress\w*|recevoir|parvenir)\b[^.!?\n@]{0,40}(?<![dj].)\bici\b(?!\s*(la|peu|demain|fin|\d))|"
    r":\s*ici\b(?!\s*[\w@])|"
    # "Voici notre adresse pour les factures." with nothing written after it: this message's
    r"\bvoici (notre|mon|ma) (adresse|mail|e-?mail)\b(?![^.!?\n]{0,40}[:@])|"
    # "Ok pour le mail pour vos factures", "pour le mail c'est d'accord", "Pas de problème pour les factures par mail"
    r"(?<!serais )(?<!serions )(?<!serait )\b(ok|oui|d.accord|c.est (ok|d.accord|bon)|ca marche)( pour| par)( le| les| l.)? ?(e-?)?mails?\b"
    r"(?![^.!?\n]{0,20}\b(a condition|si |sous reserve|if ))|"
    r"\bpour le (e-?)?mail,? (c.est )?(ok|d.accord|bon|oui)\b|\bpas de (probleme|souci) pour (les factures )?(par )?(e-?)?mail\b|"
    r"(cette (meme |même )?adresse|cet e-?mail|ce mail|celle-?\s?ci|celle-?la|celui-?\s?ci|"
    r"(l.adresse|une adresse|celle|celui|la boite|boite)[^.?!\n@]{0,30}?\s(depuis laquelle|d.ou|par laquelle|avec laquelle|de laquelle)\s+"
    r"(je|nous|j.|ce message|ce mail|cet e-?mail|part|vous)|celle de ce (message|courriel|mail)|"
    r"(adresse|boite) (de|du) (ce|cet|present) (message|mail|e-?mail|courriel)|this mailbox|the address (i.m|i am) "
    r"(writing|sending) from|(mailbox|address|account) from which this (message|e-?mail|mail) (has been|was|is) sent|"
    # "the mailbox this message comes from", "the address this e-mail is coming from"
    r"the\s+(e-?mail\s+)?(address|mailbox|inbox|account)(\s+that)?\s+(this|the present|my)\s+(message|e-?mail|mail|reply|note|one)\s+"
    r"(comes|is\s+coming|is\s+sent|was\s+sent|came|is)\s+from|(address|mailbox|account)\s+(i|we).?(am|are|m|re)?\s?(writing|sending|"
    r"replying|emailing)(\s+to\s+you)?\s+from|the\s+sending\s+address|the\s+address\s+(of|on)\s+this\s+(e-?mail|message)|"
    r"l.adresse (e-?mail |mail |electronique )?"
    r"(de ce|du present|utilisee|actuelle|avec laquelle|qui vous ecrit|d.envoi|d.expedition|de l.expediteur|expeditrice|"
    r"expeditrice|de reponse)|adresse (e-?mail |mail )?actuelle|meme adresse|la mienne|"
    r"(sur|a) (mon|notre) adresse (e-?mail |mail )?(habituelle|actuelle|de toujours)|"
    r"(envoy|adress|transmet|factur|recev|recoi)\w*[^.?!\n@]{0,40}\s(sur|a|dans) (mon|notre|ma) (adresse|messagerie|boite)\b"
    r"(?!\s*(:|suivante|ci-dessous|perso|pro\b|postale))(?![^.?!\n@]{0,30}[\w.+-]+@)|"
    r"mon adresse (e-?mail |mail )?"
    r"(actuelle|habituelle|ci-dessus)?\s*(convient|va|est bonne|suffit|$)|"
    r"this (e-?mail )?address|same address|\bsame as this (one|address|e-?mail|mail)\b|reply(ing)? address|"
    # "à l'adresse que j'utilise pour vous écrire / pour ce message", "à l'adresse électronique figurant en en-tête du
    # présent message"
    r"(l.adresse|celle|la boite)( e-?mail| mail| electronique)? (que j.utilise|que nous utilisons|dont je me sers|dont nous "
    r"nous servons) (pour|avec|dans) (ce|cet|vous ecrire|vous repondre)|"
    r"(figurant|qui figure|indiquee?|qui apparait) en en-tete (du|de ce) (present )?(message|mail|e-?mail|courriel)|"
    r"\bm.ecrire ici\b|my (current )?(e-?mail )?address|\(this one\)|"
    r"\b(to|on|at|in) my (own )?e-?mail\b(?!\s*(address\s*)?:)|\b(use|keep) this (e-?mail|mail|mailbox|one)\b|"
    r"\b(use|keep) my (own )?e-?mail\b,?\s*(this one|the one i.m (writing|using))\b|"
    # the address the firm already has: "keep the address you have on file", "celle que vous avez"
    r"the (address|one|e-?mail) you (already )?have|(celle|l.adresse) que vous (avez|possedez|connaissez)|"
    # "Vous avez mon mail" (not "mon mail de l'ancienne société", nor "mon adresse postale")
    r"(?=vous )(?<!lesquels )(?<!lesquelles )(?<!lequel )(?<!laquelle )(?<!dont )(?<!que )(?<!ou )(?<!si )"
    r"\bvous (l.)?avez (deja |bien )?(mon|notre) (e-?mail|mail|courriel)\b(?!\s*(:|suivante|ci-dessous|perso|pro\b|de |d.|du ))|"
    r"(sur|a|dans) ma boite (e-?)?mail\b|"
    r"\bok\b|\bokay\b|d.accord|c.est note|bien note|ca me va|cela me va|ca nous va|cela nous va|"
    r"\bparfait\b|tres bien|aucun (souci|probleme)|pas de (souci|probleme)|sans (souci|probleme)|"
    r"\bj.accepte|\bnous acceptons|\bj.approuve|\bvalide\b|favorable|\bvolontiers\b|avec plaisir|"
    r"\bc.est bon\b|\bbonne adresse\b|c.est la bonne|\bagreed\b|\bfine\b|no problem|sounds good|"
    r"\byes\b|(?<!repondez )(?<!repondre )(?<!tapez )\boui\b|go ahead|that works|is correct|est correcte?|tout a fait|"
    # agreement in a word ("Je confirme.", "Entendu.", "Nickel", "Ça me convient", "Of course")
    rf"\b({AGREEMENT})\b|(^|\n)\W*({AGREEMENT_OPENING})\b|"
    r"(mon|notre) adresse (e-?mail |mail )?n.a pas change|(a )?quest.indirizzo|(a )?questo indirizzo|the (e-?mail )?address of this (e-?mail|mail|message)\b|(a |en )?esta direccion|(a |en )?este correo|(a |en )?aquesta adreca|(a |en )?aquest correu|"
    r"nichts an diese (e-?mail-?|mail)?adresse[^.!?\n]{0,30}\b(ausser|außer|bis auf) (den |die )?rechnungen|"
    r"(?<!nicht )(?<!nichts )(?<!nicht mehr )an diese (e-?mail-?|mail)?adresse|diese (e-?mail-?)?adresse (ist|passt)|einverstanden|in ordnung|\bja\b|passt (so|gut)|"
    # Dutch owners ("U kunt de facturen naar dit adres sturen", "dat is prima", "akkoord") and more German ("kein Problem")
    r"(?<!niet )\b(naar|op|aan) (dit|deze) (e-?mail-?|mail)?adres\b|\b(dit|deze) (e-?mail-?|mail)?adres (is|mag|kunt|kan)\b|"
    r"(?<!niet )\bakkoord\b|(^|\n)\W*(dat|dit|das) (is |ist )?(prima|goed|in orde)\b|\bkein problem\b|\bgeht (in ordnung|klar)\b|"
    r"(envoy|adress|transmet)\w*[^.?!\n@]{0,40}(?<!d.)\bici\b|c.est bien l.adresse|"
    # "Par mail à moi, avec copie à mon comptable", "envoyez à nous deux : à moi et à ma femme"
    r"(par (e-?)?mail|envoy\w*|adress(ez|er))[^.?!\n@]{0,20}\ba moi\b(?! seule?)|(^|\n|, )\W*a moi et a\b|"
    r"\b(je vous|nous vous|je te) (donne|communique|transmets|transmet|indique|laisse) (mon|notre|ma) "
    r"(adresse|e-?mail|mail|courriel)\b(?!\s*(:|suivante|ci-dessous|plus tard))|"
    r"(a|sur) cette adresse|(voici|voila|here is|here.s) (mon|notre|my|our) (adresse (e-?mail|mail|courriel|electronique)|e-?mail|mail|courriel|address)\b|(la |a la )?presente adresse|"
    r"adresse (qui )?(apparait|figure|s.affiche|indiquee?) comme expedit|"
    r"(qui )?(apparait|figure|s.affiche) (comme|en) \W{0,3}(envoye par|de la part de|expedi)|"
    r"(prenez|utilisez|gardez|choisissez|prendre|utiliser|garder|conserver|conservez) (plutot |donc |desormais |dorenavant |simplement )?(mon|notre) (adresse|e-?mail|mail|courriel)\b|"
    r"(^|\n)\W*(ca|cela) (va|marche|convient)\b|(^|\n)\W*va (bien|tres bien)\b|\bca marche\b|"
    r"(adresse|celle|boite)( e-?mail| mail)? (qui )?(apparait|figure|s.affiche|est indiquee?|indiquee?) (comme|en|en tant qu.)\s*expedit|"
    r"(ecris|ecrit|reponds|envoie) depuis (la|cette|notre|ma) (boite|adresse)|"
    r"(pouvez|pourrez|merci de|continuer a|continuez a) (tout |directement |desormais |dorenavant |a l.avenir )?(m.|me |nous )(les |tout )?"
    r"(envoyer|adresser|transmettre|faire parvenir)( directement)?( ici\b)?|"
    r"\b(peuvent|pourront|peut|pourra) (m|nous).etre (envoyees?|adressees?|transmises?)\b|(envoyez|adressez)[- ](les[- ])?(moi|nous)\b)")
_NEGATED_CONFIRM = re.compile(r"\b(pas|plus) (ok|d.accord)\b|\b(plutot qu|au lieu d|rather than|instead of)\W*(a |de |sur |to )?(celle|cette|ce|this)\b|\bnon\b(?! merci)(?!,? (pas de (souci|probleme)|aucun (souci|probleme)))|\b(pas|plus|not) (a |sur |avec |to |on )?"
                              r"(cette|ce|this|celle|celui)\b|\bautre adresse|another address|other address|\b(pas|non|not) (la mienne|mine)\b|"
                              r"\b(pas|plus|jamais|not|never) (l.adresse|the (address|one|e-?mail))\b|\b(don.t|do not|never) "
                              r"(use|keep) (the|this|that)\b|"
                              r"\bpas (les |la |l.|me |nous |leur |lui )?(envoy|adress|transmet|mett)\w*\s+(sur|a)\s+(mon|ma|notre)\b|"
                              rf"\b(pas|not|jamais|never|ni) (tout )?(par|en|by|via) {_MAIL}")
# "merci de ne pas utiliser cette adresse", "please do not send invoices to this mailbox": further back
_POSTAL = r"\b(adresse|boite) postale\b"
_THE_POST_HERE = re.compile(_POSTAL + r"|\b(je recois|nous recevons) (vos|les) courriers\b")
# "Je reçois vos courriers ici, à l'adresse postale habituelle": the post, not this mailbox
_POSTAL_HERE = re.compile(r"[^.!?\n@]{0,30}" + _POSTAL)
# "l'adresse que vous avez sur votre fichier est obsolète"
_OBSOLETE_AFTER = re.compile(r"[^.!?\n@]{0,30}\b(est|sont) (obsolete|perimee|fausse|erronee|plus (valable|bonne|a jour|utilisee|active))\b")
_NEGATED_POINTER = re.compile(r"\b(pas|plus|jamais|not|never)\s+(\w+\s+){0,3}(cette|ce|this|celle)\s+(adresse|address|mailbox|boite|mail)")


def _negated(folded: str, m: re.Match) -> bool:
    """Whether the agreement or pointer ``m`` is denied ("pas d'accord", "ne pas utiliser cette adresse")."""
    return bool(_NEGATED_CONFIRM.search(folded[max(0, m.start() - 16):m.end()])
                or _NEGATED_POINTER.search(folded[max(0, m.start() - 40):m.end()])
                # "Non mandate le fatture a questo indirizzo"
                or re.search(r"\bnon (mandate|inviate|usate|utilizzate|mandare|inviare|usare)\b", folded[max(0, m.start() - 40):m.start()])
                or _OBSOLETE_AFTER.match(folded, m.end()) or _POSTAL_HERE.match(folded, m.end()))

# "Un ami m'a donné cette adresse", "j'ai trouvé cette adresse sur votre site", "cette adresse m'a été
# transmise": the address the writer was given is the firm's, the one written to, not a designation
_RECEIVED_BEFORE = re.compile(r"\b(m.a|m.ont|on m.a|nous a|nous ont|j.ai|nous avons|i was|we were|i got|i found|someone gave me)"
                              r"( \w+)? (donne|transmis|communique|indique|conseille|passe|refile|trouve|recupere|given|found)"
                              r"\w*\s*$|"
                              # "c'est ma fille qui m'a fait cette adresse": someone made it for the writer
                              r"\b(m.a|m.ont|on m.a) (fait|cree|ouvert|installe|configure)"
                              r"\w*\s*$|"
                              # "Je profite de cette adresse (vue sur la facture) car je n'arrive pas à joindre M. X"
                              r"\b(je profite|nous profitons|j.en profite) de\s*$|"
                              # "Je me permets d'écrire à cette adresse car c'est la seule que j'ai trouvée": the firm's
                              # (not "je vous écris à cette adresse, c'est celle qu'il faut utiliser")
                              r"\b(je|nous) (me|nous) permet\w* (de vous |d.y )?(d.)?ecrire( (a|sur))?\s*$")
# where the writer saw the firm's mailbox: "(vue sur la facture)"
_SEEN_ON = r"(vue?|trouvee?|lue?|notee?|indiquee?) (sur|dans) (la|le|votre|vos|les) (factures?|courriers?"
_SEEN_ON_INVOICE = re.compile(rf"\b{_SEEN_ON})")
_RECEIVED_AFTER = re.compile(r"\s*(m.a|nous a|m.ont|nous ont) (ete )?(donne|transmis|communique|indique|conseille|passe)\w*"
                             r"|\s*(sur|dans) (votre|le) (site|annuaire|pages jaunes)"
                             rf"|\W*{_SEEN_ON}|memo|site|papier)")
_COPY_BEFORE = re.compile(r"(\bcopie|\bcc\b|\bcci\b|ainsi qu|egalement|de meme qu|\baussi\b|en plus|\bkopie|auch an|"
                          r"\bcopy\b|as well|also to|and also|\bet a\b|\bpour info(rmation)? (a|au|aux)\b)[^@]{0,80}$")
# A line that asks for a copy and ends with a colon, the address on the next line
_COPY_LABEL = re.compile(r"\b(une |en )?copie (a|au|pour)\b|\ben (copie|cc)\b|\bcopy (to|for)\b")
# "(l.blanchard@x) souhaite être en copie"
_COPY_AFTER = re.compile(r"^[ \t>),.]*((\(?en\s+)?(copie|cc|copy|in copy)\b|"
                         r"(souhaite|voudrait|veut|aimerait|doit) (aussi |egalement )?(etre|recevoir)( mise?)? (aussi |egalement )?(en )?(copie|cc)\b)")
_THIS_MESSAGES_COPY = re.compile(r"^[ \t>),.]*\(?en\s+copie (de|du) (ce|present) (message|mail|courriel)\)?\W*(\n|$)")
_HANDED_OVER_HERE = re.compile(r"\b(envoy|adress|transmet)\w*\b[^.!?\n@]{0,80}\bfactures?\b[^.!?\n@]{0,80}(:|\b(a|sur))\s*$")
# "… ET à compta@x (les deux en destinataires svp, pas de copie)", "ajoutez aussi y@, en destinataire aussi": main too
_AS_RECIPIENT = re.compile(r"^[^@.!?\n]{0,40}\b(en destinataires?|pas (de|en) copie|as (a )?(main )?recipients?)\b")
_OLD = re.compile(r"(\b(et|mais) non( pas)?\W*$|\bne (tenez|tenir) (pas|plus) compte (de|d.)[^@]{0,25}$|\boubliez (l.adresse|cette adresse|le mail|l.e-?mail)\b[^@]{0,20}$|\b(ce n.est|c.est) pas\s*$|\bplus (sur|a|vers) (l.adresse(?! postale)|la boite|le mail)\b(?![^@;]*\bmais\b)[^@;]{0,40}$|"
                  r"\b(n.ai|n.avons|n.a) plus acces a\b[^@;]{0,40}$|\b(mon|ma|notre|votre|le|la|son|sa) (vieux|vieil|vieille) (mail|adresse|boite|e-?mail|compte|messagerie)\b|\bet (non )?plus\b|\bet\s+non\s+plus\b|\bmais plus\b|\bpas (sur|a|vers)\s*$|(?<!de )(?<!en )\bplus (sur|a|vers)\s*$|ne plus|the old one|the previous one|my old|our old|"
                  r"\bne (souhaite|souhaitons|veux|voulons|voudrais|desire)\w* pas (que|qu.)(?:(?!envoy|adress|mett|utilis)[^@.!?,;:]){0,50}$|"
                  r"nicht mehr(?![^@]*\b(bitte an|sondern|stattdessen|neue adresse)\b)|nicht an|alte adresse|n.utilise[rz]? plus|plus utiliser|ancienne|ancien|au lieu de|plutot qu|"
                  r"a la place d|instead of|no longer|\bold address|remplace[rz]?|plus valide|"
                  r"n.existe plus|ne fonctionne plus|obsolete|previous|former|supprime[rz]?|retire[rz]?|"
                  r"plus a jour|ne pas utiliser|n.envoyez plus|ne plus envoyer|cesse[rz]?|"
                  r"\b(ne|n.)\s*(m.|nous\s+|me\s+)?(envoy|adress|transmet|utilis)\w*\s+(rien|pas|plus|jamais|aucune?)\b|"
                  # "merci de ne pas m'envoyer mes factures sur x@": the infinitive's negation comes first
                  r"(?<!pour )\bne (pas|jamais) (m.|me |nous |lui |leur |les )?(envoy|adress|transmet)\w*\b(?![^@]*\b(mais|plutot|uniquement|seulement|courr?ier|papier|poste)\b)|"
                  # "ne lui envoyez rien sur mon adresse x@", "ne les envoyez pas sur x@"; not "ne les envoyez pas
                  # par courrier, mais à x@"
                  r"\bne (lui|leur|les) (envoy|adress|transmet)\w* (pas|plus|jamais|rien|plus rien) (sur|a|au|chez)\b"
                  r"(?![^@]*\b(mais|envoy\w*|plutot|adresse postale)\b)|"  # (the address comes next, nothing else between)
                  r"\bne (rien|plus|jamais) (m.|nous |me |leur |lui )?(envoy|adress|transmet|utilis)\w*|"
                  # "je ne souhaite rien recevoir sur x@", "nous ne voulons plus rien recevoir à x@"
                  r"\b(ne|n.)\s*(souhait|veu|voul|desir|ti[e]?n|compt)\w*\s+(plus\s+)?(rien|pas|plus|jamais|aucune?)\s+"
                  r"(\w+\s+){0,2}(recevoir|avoir|envoy|adress|transmet|utilis)\w*|"
                  # "JE NE VEUX PAS DE FACTURES SUR x@", "I don't want any invoices at x@"
                  r"\b((ne|n.)\s*(souhait|veu|voul|desir)\w*\s+|^\W*|[.!]\s*)(pas|plus|aucune?)\s+(de |d.|les )?(factures?|mails?|e-?mails?|"
                  r"courriels?)(\s+par (e-?)?mail)?\s+(sur|a|au)\s+((mon|ma|cette|l.)\s*(adresse|boite|messagerie)( perso\w*| mail)?\s*)?(?=$)|\b(do not|don.t) want (any |the )?(invoices?|bills?|e-?mails?) (at|to|on|sent to)\s*(?=$)|"
                  r"\btoute autre adresse|any other address|\b(est|sont) (fausse|erronee|errone|mauvaise|incorrecte|inexacte)s?\b|"
                  r"\bsurtout pas\b|\bjamais (sur|a)\b|(pas la peine|inutile|plus besoin|pas besoin) d.(utiliser|ecrire|envoyer)|"
                  r"\bne (souhaite|veu[xt]|voudrai\w*|desire) pas (que vous )?(m.|nous |me )?(envoy|adress|utilis|ecri|recev|recoi)|"
                  r"\bne (se )?sert plus|ne s.en sert plus|\bpas (sur|a) (l.adresse|mon adresse|notre adresse)|"
                  r"\b(do not|don.t|never) (send|use)\b|\bet (surtout )?(non|pas) (pas )?(a|sur|to)\s*$)[^@]{0,60}$")
_OLD_AFTER = re.compile(r"^[\s>),.:(…–—-]*+("
                        # "L'indirizzo montgenevre@x è solo per il cantiere, non per le fatture", "x@ est uniquement pour
                        # les commandes": kept for other work (set44 XG033, dev)
                        r"(e|est|is|sert)\s+(solo|soltanto|seulement|uniquement|only)\s+(per|pour|for|a|aux?)\b"
                        r"(?!\s*(moi|nous|me|us|mi|noi)\b)"
                        # (not "…uniquement pour les commandes, mais vous pouvez aussi y envoyer vos factures")
                        r"(?![^@]{0,160}?(?<!non per le )(?<!pas pour les )(?<!not for )(?<!not for the )"
                        r"\b(factur|fattur|invoice|compta|contabil|honorair))|"
                        r"(non|pas|not) (per|pour|for) (le |les |the )?(fatture|factures|invoices)\b"
                        r"(?!\s*(cartace|di carta|papier|en papier|sur papier|paper|on paper))|"
                        # "L'adresse x@ était celle de M. Tournier, elle est fermée" (set44 XH037, dev)
                        r"(etait|was) (celle|l.adresse|the (address|one)) (de|d.|of)\b[^!?@\n]{0,60}\b(elle|it) (est|a ete|is|has been) "
                        r"(fermee|close|closed|supprimee|desactivee|resiliee)\b|"
                        r"pardon\b|oups\b|je veux dire|erratum\b|rectificatif\b|correctif\b|entschuldigung|tippfehler|sorry,? typo|non,? (pardon|plutot|en fait|oubliez)|en fait,? (mettez|utilisez|plutot)|"
                        # a change of mind: "x@. Non finalement, plutôt y@", "x@... en fait non, mettez y@"
                        r"((ah|oh|euh),? )?(non|enfin|euh|ah)[,.]?\s*(finalement|en fait|reflexion faite|tout compte fait|apres reflexion)\b|"
                        r"(ah|oh|euh),? non\b,?[^!?@\n]{0,100}\bplutot\b|mais\b[^.!?@\n]{0,60}\bplutot\b|non\b,?[^.!?@\n]{0,50}\bplutot\b|"  # "Ah non ma femme me dit de mettre plutôt la sienne"
                        r"(ne|n.) (sera|seront|est|sont) plus (consultee|lue|relevee|utilisee|active|ouverte)s?|"
                        r"(finalement|en fait|reflexion faite|tout compte fait|apres reflexion)[,.]?\s*(non\b|plutot\b)|"
                        r"actually,? (no\b|use\b|make it\b|send)|on second thought|sorry,? i meant|"
                        # "Die Adresse office@x bitte nicht mehr für Rechnungen verwenden" (set48 BH031, dev)
                        r"(bitte )?nicht (mehr )?(fur|fuer|for) (die )?rechnungen\b|(bitte )?nicht mehr (verwenden|benutzen|nutzen)\b|"
                        # "Die Adresse info@x ist nicht mehr gültig" (review 18c)
                        r"(ist|wird) (nicht mehr (gue?ltig|aktiv|genutzt|gelesen|abgerufen)|ungue?ltig|abgeschaltet|geschlossen)\b|"
                        r"existiert nicht mehr\b|"
                        r"n.est plus|ne (fonctionne|marche|sert|existe)\w* plus|[)\s,]*(va|vont) (bientot )?(fermer|disparaitre|etre (fermee|supprimee|desactivee|cloturee))|[)\s,]*will (soon )?(close|be closed|shut down|stop working)|[)\s]*(should|must|is) not (to )?be used\b|[)\s,]*ne (doit|doivent) pas (etre )?(utilisee?s?|servir)\b|\W{0,3}(que vous (utilisiez|aviez)\b)|"
                        r"[.)]*\s*(je|nous) ne (l.|la |le )(utilise|consulte|lis|ouvre|releve|regarde)\w* (plus|(presque |quasi(ment)? )?jamais)\b(?![^.!?\n]{0,30}\bmais\b)|\(?\s*(ne sert|n.est) pas (pour|a) (les |la |le )?(factur|compta)|"
                        r"(est|sera) (desactivee|fermee|supprimee|obsolete)|is no longer|no longer|ancienne|a ne plus utiliser|old\b|"
                        r"(\(?\s*)?(mais |but )?(pas|non|not|jamais|surtout pas)\s+(pour|for)\s+(les |la |the )?"
                        r"(factur|invoice|compta|billing)|(\(?\s*)?(merci de )?ne pas l.utiliser pour (les |la )?(factur|compta)|(\(?\s*)?(uniquement|seulement|only)\s+(pour|for)\s+(les |la |le |the )?"
                        r"(commande|devis|livraison|order|quote|sav|rdv|rendez|technique|commercial|planning|chantier))")
# "je reste joignable au 06 45 18 92 07 ou à cette adresse", "you can reach me at this address"
_REACHABLE_BEFORE = re.compile(r"\b(joignable|me joindre|me contacter|nous joindre|nous contacter|reach me|reach us|contact me)\b"
                               r"(?![^.!?\n@]{0,40}\b(factur|invoice))[^.!?\n@]{0,40}$")
# The sentence after a question that names an address answers it: "C'est celle-là qu'il faut utiliser"
_THAT_ONE_AFTER = re.compile(r"\s*(oui,? )?(c.est|c est) (bien )?(celle-?\s?la|celle-?\s?ci|cette adresse|elle)\b(?! (que|qui) (je|nous) ne)"
                             r"[^.?!\n]{0,30}\b(faut|utiliser|la bonne|convient)", re.IGNORECASE)
_FOR_YOUR_SENDINGS = re.compile(r"\bpour (vos|les) (envois|prochains envois)\b|\bpour vos (factures|courriers|prochaines factures)\b")
_REACH_ME = re.compile(r"me joindre|me contacter|joignable|reach me|contact me")
_THE_LAST_ONE = re.compile(r"^[^@]{0,80}\b(c.est|utilisez|prenez|gardez)\b[^@.]{0,20}\b(cette|la) derniere\b(?! fois)")
_REACHED_THERE = re.compile(r"\b(vous (la|le|les) (joindrez|trouverez|contacterez)|(son|leur) (adresse|mail|e-?mail)( est| :|,)|"
                            r"(elle|il) est joignable)\s*(sur|a|:)?\s*$")
_TO_A_RELATIVE = re.compile(r"\b(envoy|adress|transmet)\w*[^.?!\n@]{0,60}\b(factur|tout)\w*[^.?!\n@]{0,60}\ba (mon|ma|notre) "
                            r"(mari|femme|epouse|epoux|fils|fille|belle-s(oe|œ)ur|beau-frere|s(oe|œ)ur|frere|comptable|associee?|secretaire|"
                            r"assistante?|gendre|belle-fille|neveu|niece)\b")
# The sentence above an address alone on its line hands it over
_HANDED_ABOVE = re.compile(r"\b(je vous|nous vous) (donne|donnons|communique|communiquons|transmets|transmettons|laisse|laissons) "
                           r"(le |la |l.|mon |ma |notre |son |sa )?(mail|adresse|e-?mail|courriel|coordonnees)\b[^@]*$|"
                           r"\b(here is|here.s|please find) (the|my|our|his|her) (e-?mail|address)\b[^@]*$")
# The address a correction puts in place of a wrong one: "ce n'est pas x@ mais y@", "not x@ but y@"
_CORRECTED_TO = re.compile(r"\b(ce n.est pas|c.est pas|not|pas)\s+[\w.+'-]+@[\w.-]+\s*,?\s*(mais|but)\s+(bien\s+|plutot\s+|rather\s+)?$")
# After the last address, an apology for the slip before it, not a correction of this one
_APOLOGY = re.compile(r"^[\s>),.:(…-]*(pardon|oups|desolee?|sorry)\b[^@]*$")
# After an address, the writer changes her mind: "Réflexion faite, …", "Je reprends mon message avant de l'envoyer"
_TO_PAPER_AFTER_ALL = re.compile(r"\b(reflexion faite|tout compte fait|apres reflexion|finalement|en fait non|je reprends mon "
                                 r"message|on second thought|actually,? no)\b")
# … not for another file: "x@ pour la SARL. Finalement, pour la SCI, on garde le papier"
_FOR_ANOTHER = re.compile(r"\b(pour|for) (la|le|l.|les|mes|mon|ma|notre|nos|son|sa|ses|leur|the|my|our)\b")
_ANOTHER_FILE = re.compile(_FOR_ANOTHER.pattern + r"|"
                           r"\b(sci|scev|scea|earl|gfa|gaec|sarl|sas|eurl|societe|holding|dossier|autre|pere|mere|parents|fils|"
                           r"fille|mari|femme|associee?|father|mother|husband|wife|other|bulletins?|paie)\b")
# Between an address and the next: "x@ ... non attendez, ma femme me dit que c'est elle qui fait les
# papiers, mettez plutôt y@" (a change of mind longer than the words _OLD_AFTER reads)
_MIND_CHANGED = re.compile(r"^[\s>),.:(…-]*+(non,? )?(attendez|attends|wait|hold on)\b(?!-)"
                           r"(?![^@]{0,120}\b(aussi|egalement|also|copie|copy|cc)\b)[^@]{0,120}\b(plutot|rather|instead)\b|"
                           # "x@. Je viens d'en parler avec mon fils : ... Donc finalement, mettez plutôt y@" (not "Finalement
                           # nous préférons le mail plutôt que le papier. Pour la SCI : y@", two files)
                           r"^(?![^@]*\b(aussi|egalement|also|copie|copy|cc|papier|courrier)\b)"
                           r"(?![^@]*\bpour (la|le|l.|les|mes|mon|ma|notre|nos) (sci|scev|scea|earl|gfa|gaec|sarl|sas|societe|dossier|"
                           r"factures? perso\w*)\b)"
                           r"(?=[^@]*\b(mettre|mettez|envoyer|envoyez|utiliser|utilisez|adresser|adressez|use|send)\b)"
                           r"[^@]{0,300}\b(finalement|tout compte fait|reflexion faite|apres reflexion|en fin de compte|"
                           r"on second thought)\b[^@]{0,80}\b(plutot|rather|instead|a la place)\b")
# Later in the address's own sentence, whatever comes between: no longer for invoices
_NO_LONGER_FOR_INVOICES = re.compile(r"\b(n.est|ne sont|ne sera|ne seront) (plus|pas) (traitee?|utilisee?|lue?|relevee?|consultee?|"
                                     r"valable|active)s? pour (les |la |nos |vos )?(factur|compta)|no longer (used|read) for invoices|"
                                     # "atelier@x (merci de ne pas y envoyer de factures)"
                                     r"\bne (pas|jamais) y (envoy|adress|transmet|mettre)\w* (de |les |des |vos )?factures")
# ... said of something else than the address ("le courrier postal n'est plus utilisé pour la comptabilité")
_OTHER_SUBJECT = re.compile(r"\b(courr?ier|papier|ancienne|anciennes|autre|autres|boite|postale?|fax)\b")
_SENTENCE_STOP = re.compile(r"[.!?](\s|$)|\n")
# Later in the address's own sentence: "fougeres@x.fr, que vous a donnée Aurélie, ne doit plus servir"
_OLD_LATER = re.compile(r"(ne (vous )?(en |la |l.|les |y )?serv\w* (pas|plus|jamais)|ne (doit|doivent) plus (servir|etre utilise\w*|les recevoir|rien recevoir|recevoir (de |les |des )?factures)|ne sai(t|s|vent) (plus|pas) (s.en|la|l.|les) ?(servir|utiliser|lire|ouvrir)|"
                        r"ne (plus|pas) (l.|y )?(utiliser|servir|envoyer)|ne sert plus|"
                        r"ne (l.|les |la |y )?(utilis|envoy|ecri)\w* (plus|pas|jamais)(?! en (entier|clair|toutes lettres))|"
                        r"(va|vont) (bientot )?etre (fermee?s?|supprimee?s?|desactivee?s?|cloturee?s?)\b|"
                        # "votre mail envoyé à x@ a dû vous revenir : cette boîte est fermée"
                        r"^\W*(a|ont) du vous revenir|^\s*(est|sont|a ete) (fermee?s?|supprimee?s?|desactivee?s?|cloturee?s?)\b|"
                        r"\b(boite|adresse|messagerie|compte|mailbox|elle|celle-ci|celle-la) (est|a ete) (fermee|supprimee|desactivee|cloturee)\b|"
                        r"qui (va|vont) (bientot )?(fermer|disparaitre)\b|will (soon )?be (closed|deleted|deactivated|shut)|"
                        r"n.est plus (valable|utilisee|lue|a jour|active)|ne (sont|est) pas lues?|a ne plus utiliser|"
                        r"(ne|n.) (la|les) (lis|lit|lisons|consulte|regarde)\w* (plus|pas|jamais)|is no longer|not (read|used)|"
                        r"^\W*(n.existe|ne (fonctionne|marche)) plus|\b(elle|adresse|boite|messagerie|celle-ci|qui) (n.existe|ne (fonctionne|marche)) plus)")
# "Je vous avais donné x@y en janvier ... mettez plutôt z@w": an address given before, then replaced
_GIVEN_BEFORE = re.compile(r"\b(je vous|on vous|vous) (avais|avait|ai|avions|avons|aviez) (deja )?(donne|indique|communique|"
                           r"transmis|envoye)\w*( [a-z]+)?( l.adresse)?\s*:?\s*$|"
                           # a manager: "il m'a d'abord donné x@, puis ... finalement y@"
                           r"\bd.abord (donne|indique|communique|transmis|dit|propose)\w*( [a-z]+)?( l.adresse)?\s*:?\s*$|"
                           # "je vous ai répondu hier en vous donnant x@, mais … faute de frappe"
                           r"\ben vous (donnant|indiquant|communiquant)( l.adresse)?\s*:?\s*$")
_FORM_PAPER = re.compile(r"(^|\n)\s*(factures?|facturation|envoi des factures|invoices?)\s*:\s*(par |en |by )?"
                         r"(courr?ier|papier|la poste|poste|voie postale|post|paper)\b")
# A form's line for something else than invoices, or for a person to contact
# (not "pas de factures sur papier mais sur mail :", "pas de factures à la maison :": the paper is refused, not the address)
_NOT_FOR_INVOICES = re.compile(r"\b(pas|non|not|never|jamais)\b[^:\n]{0,20}\b(factur|invoice)(?![^:\n]*\b(papier|courr?ier|poste|maison|mais)\b)|"
                               r"\binterlocut|"
                               r"personne a contacter|\bvotre contact\b")
_SENDING_AGAIN = re.compile(r"\b(et|mais|puis|and|but)\s+(d.|de\s+|to\s+)?(plutot\s+|rather\s+|instead\s+)?"
                            r"(envoy|adress|transmet|utilis|mett|send|use|write)\w*")
_REPLACED = re.compile(r"\b(plutot|finalement|a la place|desormais|dorenavant|remplace|au lieu|faute de frappe|"
                       r"la bonne( adresse)? est|je me suis trompee?)\b")
_NOW = re.compile(r"[,;)]\s*(desormais|dorenavant|maintenant|a partir de maintenant|from now on|now)\b")
_CONTRAST = re.compile(r"(\b(l.)?ancienne (adresse|boite)|\bet plus\b|\bnicht (an|auf|mehr)\b|\bthe [\w-]+ (address|mailbox|inbox)\b|"
                       r"\b(l.adresse|la boite|son adresse|sa boite|leur adresse) (sfr|orange|wanadoo|free|gmail|hotmail|"
                       r"laposte|yahoo|t-online|gmx|outlook|icloud|bbox|numericable|neuf)\b|\bl.autre adresse|\bthe old address|\bnot (my|the|to|on)\b|\bpas (ma|mon|la mienne|sur ma|sur mon|a ma|a mon|celle)\b|\bet non\b|"
                       r"\bplutot que\b|\binstead of\b|\bau lieu d|"
                       # "x@, celle de l'EARL on ne la regarde plus": what follows is another mailbox's
                       r"\bcelle (de|du|des|d.)\s?(?!(ce|cet|cette|mon|ma|ce mail|ce message)\b)(l.|la |le |les )?[a-z])")
# "sur mon adresse perso plutôt que celle-ci (c'est celle du travail) : y@": what is replaced is the pointer's
_REPLACES_A_POINTER = re.compile(r"(plutot qu|au lieu d|instead of|rather than)\w*\W+(a |de |sur |to )?(celle-?\s?ci|celle-?la|cette adresse|this one|"
                                 r"this address|l.adresse (de ce|de cet|du present) (mail|e-?mail|message|courriel)|celle de ce (mail|message))\b"
                                 # "plutôt que l'adresse de ce mail, utilisez y@"
                                 r"[^@]*(:|\b(utilisez|prenez|envoyez|mettez|use|send (them )?to)\b[^@:]{0,20})\s*$")
# "l'adresse que vous avez est l'ancienne, la nouvelle est y@", "ne plus envoyer sur l'ancienne adresse, mais sur y@"
_THE_NEW_ONE = re.compile(r"\b(la|ma|notre|une|the|my|our) (nouvelle|new)\b|\bmais (sur|a|vers|plutot|bien)\b|\bbut (to|at|on)\b|"
                          r"\bsondern\b")  # "nicht an diese Adresse, sondern an meine eigene: y@" (set48 BG015, dev)
# What an "old" cue sets aside is the post, not a mailbox (review 17)
_THE_POST = re.compile(r"[^,;:@.!?\n]{0,40}?\b(courriers? (papier|postal)|courrier\b(?!\W*(electronique|e-?mail))|poste\b|papier|voie postale|"
                       r"post\b|paper|postal mail|regular mail|snail mail)")
# After the post set aside, a new clause or a verb of sending that the address belongs to, and no more setting aside
_GOVERNED_ANEW = re.compile(r"([,:;]|\b(utilis|envoy|adressez|adresser|mett|ecri|transmet|use|send|write)\w*)"
                            r"(?![^@]*\b(ou|ni|et non|plutot|au lieu|instead|rather|or)\b)[^@]*$")
_NEW_AFTER_REPLACE = re.compile(r"\b(par|with|by|pour)(\s+(celle|l.adresse|la boite|the one|the address)[^@,:;]{0,30})?[\s,:]*$")
_QUESTION_WORDS = re.compile(r"^(pouvez|pourriez|pourrait|pourquoi(?! pas\b[^?]*$)|comment|quand|combien|est-ce|est ce|"
                             r"faut-il|dois-je|devons-nous|quel|quelle|ou\b(?!,? plutot)|could you|can you|why|how|when|"
                             r"what|do i|should i|is it|est-il|avez-vous|serait-il)")
# The message is about invoices / the e-mail address (else addresses in it are not designations).
_BILLING = re.compile(r"(factur|fattur|invoice|billing|accounts payable|\bbill|compta|comptab|accounting|dematerialis|paperless|contabilidad|comptabilitat|"
                      r"(mes|nos|vos) references|references? client|code client|"
                      # the memo's client reference written ("réf client 13008": not any "réf." of an order or invoice), a
                      # yes to the e-mail, the address above approved ("mon adresse ci-dessus convient")
                      r"\b(ref|reference)\.?\s*(client|dossier)\s*(n.\s*)?:?\s*[a-z]{0,3}[-/ .]?\d{3,}|"
                      # a file named by its legal form, answered for: "Pour la SCI Jean Mauriac, vous pouvez utiliser ce
                      # mail", "For SCI Brise Marine you can use my email", "Je vous réponds pour la SCM du cabinet : x@"
                      r"\b(pour|for) (la |le |l.|the |our |my |notre |ma |mon )?(sci|sarl|sas|sasu|eurl|scm|scp|selarl|earl|gaec|"
                      r"scea|scev|gfa)\b(?=[^.!?\n]{0,80}(\b(utiliser|use|garder|keep)\b|:\s*[\w.+-]+@))|"
                      r"\b(ok|oui|d.accord) pour (le |les )?(e-?)?mails?\b"
                      # (not "ok pour le mail, envoyez-moi le bon de commande": another document by e-mail)
                      r"(?![^.!?\n]{0,80}\b(commande|devis|livraison|contrat|documents?|bulletins?|releves?|attestations?|bilan)\b)|"
                      r"(mon|notre) adresse( e-?mail| mail)?( ci-dessus| actuelle| habituelle)? (convient|suffit|va)\b|"
                      r"(mon|notre|ma) (adresse|boite)( e-?mail| mail)?,? (c.est|est|sera)\b|"
                      r"(vous pouvez|pouvez-vous|merci de|veuillez) (bien )?(mettre|utiliser|prendre|noter|enregistrer)\s+[^\s@]+"
                      r"(@|\s+arr?obase\b|\s*[\[({]at[\])}])|"
                      r"\b(please|you can|you may|kindly) (use|send (them |it |everything |these )?to)\b[^.?!\n@]{0,40}?[^\s@]+@|"
                      r"rechnung|faktur|buchhaltung|e-?mail-?adresse|per e-?mail|diese adresse|"
                      r"(utilise|prendre|prenez|garde)\w*[^.?!\n]{0,40}adresse|adresse habituelle|celle de ce (mail|message)|"
                      r"adresses? (e-?mail|mail|electronique|courriel)|e-?mail address|adresse de (messagerie|courriel)|"
                      r"par (e-?)?mail|by e-?mail|courriel|celle-?\s?ci\b|cette (meme )?adresse|meme adresse|this address|\bmettez\b[^?!\n]{0,40}(@|\bchez\b|\barr?obase\b)|"
                      # "c'est boulangerie.x@gmail.com pour la boulangerie": an address handed over for a business
                      r"\b(c.est|it.?s|it is) [\w.+-]+@[\w.-]+ (pour|for) (le|la|l.|les|notre|nos|mon|ma|mes|the|our|my)\b|"
                      # "envoyez plutôt sur son adresse à elle : x@", "merci d'envoyer désormais à x@" (not
                      # "envoyez vos coordonnées bancaires à x@", a spam's request)
                      r"\benvoy\w*+(?![\s-]+(moi\s+)?(vos|votre)\s+(?!factur))(?:[^.?!\n]|\.(?=\w)){0,60}(@|\badresse\b|\barr?obase\b)|(pour|for) (le |l.|the )?(e-?mail|mail|courriel)\s*:|"
                      # "Pour le kebab Bosphore à Vendenheim : kebab.bosphore[at]gmail.com": a business's address
                      r"(^|\n)\W*((bonjour|bonsoir|hello|salut)\W+)?(pour|for) (le|la|l.|les|notre|nos|mon|ma|mes|the|our|my)\b[^.?!\n:]{0,60}:"
                      r"\s*[^?!\n:]{0,40}?(@|\[at\]|\(at\)|\barr?obase\b)|"
                      # round 12: "Pour Faure Paysage : x@" (a name, no article), "Pour la SCI, utilisez x@ svp"
                      r"(^|\n)\W*(pour|for) (?!info\b|information|rappel|toute|tout |memo|reminder)[^.?!\n:]{2,60}:\s*[\w.+-]+@|"
                      r"\b(utilisez|prenez|notez|gardez|use)\b[^.?!\n@]{0,20}[\w.+-]+@|"
                      r"(^|\n)\W*(e-?)?mail,? (ok|oui)\W*($|\n|merci)|"
                      # "je vous donne mon adresse : x@", "Mon adresse : x@"
                      r"\b(mon|ma|notre) (nouvelle )?adresse( e-?mail| mail)?\s*:\s*[\w.+-]+@)")
# "(la mienne ou celle de la comptabilité)": one of two, not chosen yet
_ALTERNATIVE = re.compile(r"(?:\s*+,)?\s++(ou|or)\s")
# "si c'est payant, je garderai le papier": paper on a condition still open
_IF_THEN_PAPER = re.compile(r"\bsi\b[^.?!\n]{0,60}\b(je|nous|on) (garderai|garderons|gardera|resterai|resterons|restera|"
                            r"continuerai|continuerons|prefererai|prefererons)\b")
_CONDITIONAL = re.compile(r"\bsi\b[^.?!]{0,60}\bce serait\b|\bce serait\b[^.?!]{0,80}\bsinon\b|\b(if so|if yes|si oui)\b")
# "Si c'est un PDF joint, pas de souci pour cette adresse" under a question: agreed on a condition
_IF_FIRST = re.compile(r"^\W*(si|if)\b|\b(if so|if yes|si oui|si c.est le cas)\b")
_NOTED = re.compile(r"c.est note|bien note")
_PRE_ANSWER = re.compile(r"avant de (vous )?(repondre|decider|confirmer|choisir|trancher|donner|communiquer)|"
                         r"avant (que|qu.)\s*(on|nous|je) (ne )?(vous )?(donne|communique|confirme|reponde|decide)|"
                         r"before (i |we )?(answer|decid|confirm|giv|send)|before (i|we) (give|send|answer|decide)")
# "est-ce obligatoire ? j'aime bien garder mes factures papier": a doubt asked, not a decision
_MANDATORY_ASKED = re.compile(r"(obligat|oblige|force|compulsory|mandatory|must i|do i have to|have to|dois-je|suis-je)[^.!?\n]{0,80}\?")
# A sentence that hands over an address says so.
_DESIGNATE = re.compile(r"(factur|fattur|inviat|mandat|indirizzo|invoice|\bbill|compta|accounting|envo|adress|transmet|send|utilis|\buse\b|\bmett|"
                        r"\benvi[aeé]|direccion|adreca|\butilic|\bfeu servir|"
                        r"rechnung|schick|verwend|benutz|kunftig|ab sofort|\bstuur|\bsturen|\bgebruik|voortaan|\bgraag\b|"
                        r"ecri|write|copie|\bcopy\b|\bcc\b|adresse|address|faute|erreur|coquille|typo|corrig|rectif|e-?mail|\bmail|courriel|desormais|dorenavant|"
                        r"nouvelle|\bnew\b|plutot|rather|instead|voici|here is|here's|:\s*$|a compter|a partir|parvenir|recevoir|"
                        r"expedi|receive|me les|nous les|donner|donne\b|give|\bsur (ma|mon|notre) (boite|adresse|messagerie)\b|remplace[rz]? par|replace (it |them )?(with|by)|erratum|\binvers|\bnon,? en fait\b|\bedit\s*:|\bc.est\b|\bvoila\b|\bthat.s\b|\bit.s\b|\bsvp\b|s.il vous plait|"
                        r"\bplease\b|\bbitte\b|^\W*its\b|^\W*donc\b|\bgo with\b|\bis best\b|\bpren(ez|dre)\b|\bchoisi(ssez|r)\b|\b(right|correct|best) one\b|\bla bonne\b|\bdepos|\bce sera\b|\bca sera\b|\bwill be\b|"
                        # "nous avons créé une boîte exprès, <factures@x>, que je relève"
                        r"\b(cree|ouvert)e?s? (une |la |notre |ma )?(boite|adresse|messagerie) (expres|dediee|pour (les|vos|nos) factures))")
# Contact blocks (a signature nobody marked): "Tél. : ... / E-mail : ... / www..."
# Not a signature's label: a request ("merci d'utiliser : x@") or a file named in a list ("GAEC : x@", "EI Louis Bertin :
# y@", "SCI du Lavoir : z@") of a reply about invoices
_REQUEST_OR_FILE_LABEL = re.compile(r"^(merci (de |d.)|veuillez |svp )?(utilise[rz]?|envoye[rz]|adresse[rz]|mette[zr]|prene[zr]|"
                                    r"note[zr]|ecrire|ecrivez|remplace[rz])( (les|la|le|tout|plutot|desormais|dorenavant|a|sur|par))*\s*$|"
                                    r"\b(corrig|rectif|erratum|edit\b|en fait|plutot|pardon)|^(ei|eurl|earl|gaec|sci|sarl|sas|sasu|selarl|scea|scm|scp|sel|gfa|"
                                    r"ste|ets|societe|holding)\b")
# "Atelier : x@y", "Facturation : x@y": the label of a labelled address (the word just before its colon)
_LABEL_BEFORE = re.compile(r"(?:^|[\n–—|,;(]|\s-\s)\s*([a-z][a-z' -]{1,30}?)(?: \d{4})?\s*:\s*$")  # "(perso : x@)" too  # "Réservations stages 2032 :"
_BILLING_LABEL = re.compile(r"(factur|invoice|billing|compta|comptab|accounting|paiement|reglement|payable|"
                            r"e-?mail|\bmail\b|courriel|adresse|address|nouvelle|new\b|^pour\b|^for\b|^(en )?cop(ie|y)\b|^cc\b)")
# A document other than the invoices, sent somewhere
_OTHER_DOCUMENT = re.compile(r"(envoy|transmet|adress|fai\w* parvenir|send)\w*[- ]?(moi |nous |leur |lui )?"
                             r"(l.|la |le |les |une |un |mon |ma |mes |notre |nos |the |my |our )(attestation|bilan|liasse|releve|"
                             r"document|contrat|devis|rib|fiche|bulletin|declaration|dossier|statuts|kbis|certificate|statement)")
# A yes, and the address beside it ("ok x@y", "oui pour le mail. x@y")
_YES_ALONE = re.compile(r"\W*(ok|okay|oui|yes|d.accord|parfait|tres bien|oui pour (le )?(e-?)?mail|ok pour (le )?(e-?)?mail)\b"
                        r"[\W]*(merci\W*)?")
# "voici celle du bureau : x@y": a sentence handing the address over, not a label
_HANDING = re.compile(r"(voici|voila|c.est|celle|plutot|here|it.?s|prenez|utilisez|mettez|envoyez|notre|ma|mon|la nouvelle|"
                      # "Elle m'a dicté : x@", "il me donne : x@" (a relative's address passed on)
                      r"(elle|il|ils|elles) (m.a|nous a|m.ont|nous ont|me|nous) (dicte|donne|communique|epele)e?s?|"
                      r"les deux|both|please (send|use|e-?mail)|send (them|the invoices|invoices|it)( to)?|use|our|my|"
                      # "…, sondern an meine eigene:" (set48 BG015, dev)
                      r"(sondern )?an (meine|unsere|die)( \w+)?|meine|unsere|hier ist|bitte an)\b")
_CONTACT_LINE = re.compile(r"^\s*(t[ée]l|tel|fax|mob|mobile|portable|gsm|phone|www\.|http|site|p\.?\s?iva|siret|siren|"
                           r"rcs|tva|vat|adresse postale|\+?\d[\d .()/-]{7,}$)", re.IGNORECASE)
# A form's line for a person or a role, not for invoices ("Contact direction :", "Gérant :")
_PERSON_LABEL = re.compile(r"((adresse )?(e-?mail |mail )?(du |de la |de l.|des )?)?(contact|direction|gerante?|gerance|president|dirigeant|responsable|directeur|directrice)s?"
                           r"( (?!factur|compta)[a-z]+)?")
# ... beside a line labelled for invoices ("Adresse factures :", "Facturation :")
_INVOICES_LINE = re.compile(r"(^|\n)\s*((adresse|e-?mail|mail|courriel) ){0,2}((de |pour |des )?(les )?)factur\w*( [a-z]+)?\s*:"
                            r"[^\n@]*@")
_LABEL_LINE = re.compile(r"^\s*(e-?mail|mail|courriel|email|adresse (e-?)?mail)\s*:", re.IGNORECASE)

_NOT_DESIGNATION = re.compile(r"(pour toute (question|reclamation|demande|information)|en cas de (question|probleme|litige)|"
                              r"(message-id|in-reply-to|references|return-path|received|x-[a-z-]+)\s*:\s*<?\s*$|me joindre|me contacter|nous contacter|joignable|"
                              r"(?<!depuis )(?<!de )mon (portable|telephone|mobile)[^,;]{0,25}$|nous joindre|reach me|reach us|contact me|pour le reste|contactez|contact\s*:\s*$|contact us|"
                              r"prendre contact|notaire|succession|"
                              r"service client|support|\bsav\b|ecrivez-nous|voyez avec|(?<!rien a )(?<!viens de )(?<!vient de )(?<!venons de )voir avec|demandez a|see with|\bask\b|talk to|"
                              r"bonne personne|standard\s*:\s*$|rgpd|gdpr|donnees personnelles|exercer vos droits|"
                              r"desinscri|desabonn|unsubscribe|"
                              r"accueil\s*:\s*$|autres? (demandes?|questions?)|for anything else|"
                              r"(^|\n)\s*(commandes?|devis|livraisons?|sav|rdv|planning|chantiers?|orders?|quotes?|reservations?|"
                              r"bookings?|technique|commercial)\s*:\s*$|"
                              r"(pour|for|adresse|address)\s+(les |la |le |nos |vos |the )?(commandes?|devis|livraisons?|orders?|"
                              r"quotes?|sav|rdv|rendez-vous|planning|chantiers?|technique|commercial|rh|paie)"
                              r"(\s*/\s*[a-z]+)?(\s+(uniquement|seulement|only))?\s*:?\s*$|"
                              r"(^|\n)\s*contacts?\s*:[^\n@]*$)")
_UNDECIDED_WORDS = (r"pas encore (decide|choisi|tranche|arrete)|before deciding|avant de (me |nous )?decider|"
                     r"wait for your (answer|reply)|attends? votre reponse|not decided|"
                     # "je ne peux pas encore vous donner de réponse : mon mari préfère le papier, on en rediscute"
                     r"ne (peux|pouvons) pas encore vous (donner|repondre|dire)")
# "Je vous rappelle", "je reviens vers vous": no answer yet, the client will come back.
_DEFER = re.compile(r"(\bje vous (repondrai|ferai (un )?retour|reviendrai)\b(?! (sur|au sujet|a propos))|\bje reviendrai vers vous\b|"
                    # "je vous confirme la semaine prochaine": a yes to come, not one given
                    r"\bje vous (le |la )?confirme(rai)? (la semaine prochaine|demain|plus tard|bientot|sous peu|"
                    r"des que possible|d.ici (lundi|la fin de la semaine|quelques jours))\b|"
                    r"\bvous (donnera|donneront|communiquera|communiqueront|enverra|enverront|indiquera|indiqueront) "
                    r"(la |l.|une |son |sa |leur |notre )(bonne |nouvelle |future )?adresse|je (vous )?rappel|je reviens vers vous(?! (comme (promis|convenu)\s*(:|,\s*(voici|voila))|au sujet|concernant|suite|a propos|pour vous (dire|confirmer|repondre)|pour (le |la |les |l.)?(dossier|dossiers|sci|societe|trois|deux|quatre|mes|nos)\b))|nous revenons vers vous|"
                    # "Je lui transmets votre message et il vous répondra à son retour", "c'est lui qui décidera de l'adresse"
                    r"\bc.est (lui|elle|eux) qui (decidera|decideront|choisira|choisiront|tranchera)\b|"
                    r"je (lui|leur) (transmets|ai transmis|fais suivre)\b[^.!?\n]{0,60}\b(il|elle|ils) vous (repondra|repondront) "
                    r"(a|des|a partir de) (son|leur) retour\b|je vous recontact|"
                    r"je vous tiens au courant|je vous tiendrai|nous en (discuterons|parlerons|reparlerons)\b|vous tiendrons (informes|au courant)|"
                    r"\b(we will|we.ll) discuss (it|this)\b|\brevert to you\b|\bon verra (ca|cela)\b|a (mon|notre) retour\b|de vive voix|je verrai avec (lui|elle|eux|mon|ma|mes)\b|je vous (reecri(s|rai)|ecrirai)\b|\bi will (look at|deal with|see to|answer|reply to) (this|it)\b[^.?!\n]{0,30}\b(when|once|after)\b|\bje vois avec (mon|ma|mes|notre|nos) \w+|et je vous (dis|redis)\b|je dois (d.abord )?(en parler|voir|verifier|demander|consulter|"
                    r"reflechir)|(je |nous )?(prefere|preferons) attendre|avant de vous (confirmer|repondre|donner)|"
                    r"je vous (re)?donne(rai)? (une |ma |la )?reponse|je m.en occupe|je m.en charge|je transmets|je fais suivre|qui vous (communiquera|donnera|indiquera|transmettra|enverra|repondra|"
                    r"contactera|recontactera|confirmera)|"
                    # "pour les factures je vous laisse voir avec notre DAF … Il vous répondra"
                    r"je vous laisse (voir|regler|traiter|gerer) (ca |cela |ceci )?avec\b|"
                    r"je vous (envoie|enverrai|communique|communiquerai|transmettrai|"
                    r"donne|donnerai|confirme|confirmerai) (plus tard|demain|rapidement|des que|au plus vite)|"
                    r"je vous (enverrai|communiquerai|transmettrai|donnerai|confirmerai) (la bonne|l.adresse|une adresse|la nouvelle)|"
                    # (not "je vous confirme l'adresse à utiliser pour les factures : c'est bien celle de ce mail")
                    r"je vous (envoie|communique|donne|confirme) (la bonne|l.adresse|une adresse|la nouvelle)(?![^.!?\n]{0,60}:)|"
                    # "d'accord sur le principe mais il faut que je demande à mon mari quelle adresse utiliser"
                    r"\b(d.accord|ok|oui) sur le principe\b|\bil faut (d.abord )?que je (demande|voie|verifie|regarde)\b|je vous redis|je reviendrai vers vous|"
                    r"get back to you|(?<!to )let you know|will come back|(i|we).?ll revert once|will revert once|je fais le point avec (chacun|eux|mes clients)|"
                    r"je vous (reponds|repondrai) (client par client|un par un|au cas par cas|pour chacun)|je regarde (ca|cela)|laissez-moi|"
                    r"(je|nous) vous (re)?donne\w* des nouvelles|" + _UNDECIDED_WORDS + "|"
                    r"je vous (communique|communiquerai|donnerai|transmettrai) (la|notre|ma) (decision|reponse)|"
                    r"je vous (la|le|les) (re)?(donne|donnerai|communique|communiquerai|transmets|transmettrai|envoie|enverrai)\b|"
                    # "Je suis en rdv je vous réponds ce soir"
                    r"je vous (reponds|repondrai|rappelle|ecris) (ce soir|cet apres-midi|tout a l.heure|des que possible)\b(?!\s*:)|"
                    # "nous vous communiquerons la bonne adresse mail après l'AG"
                    r"nous vous (donnerons|communiquerons|enverrons|indiquerons|transmettrons) (la|l.|une|notre) (bonne |nouvelle |future )?adresse|"
                    r"je vous (reponds|repondrai) (apres|des|quand|plus|debut|fin|en |la semaine|dans|lundi|mardi|mercredi|"
                    r"jeudi|vendredi)|il faut que j.en parle|je ne peux pas decider|j.en parle a|"
                    r"(je|nous) ne (pouvons|peux) pas (encore )?(decider|repondre)|"
                    r"vi (faccio|faro|faremo) sapere|vi rispondo|vi rispondero|ci penso|"
                    r"\b(les|os|le) (dire|dire mas adelante|confirmare|contestare)\b|\bya (les|os|le) (digo|dire|confirmo)|"
                    r"\bus ho (confirmo|confirmare|dire)|\bus (dire|direm|confirmare)\b|"
                    r"ich melde mich|gebe ihnen (noch )?bescheid|ich (muss|werde) (das )?(noch )?(nachfragen|klaren|prufen)|"
                    # "je vous dirai", "je dois en discuter avec ma femme", "ma fille va m'ouvrir une boîte mail",
                    # "mon associé vous répondra", "let me think about it", "je voudrais d'abord savoir si"
                    r"je vous (le |la )?dirai|(je|nous) (vais|dois|devons|allons) (d.abord )?(en )?(discuter|parler|voir|demander)|"
                    # "il veut en parler avec sa femme et nous redira" (a manager relaying a call)
                    r"\b(il|elle|ils|elles) (nous|vous|me) (redira|rediront)\b|"
                    # "leur petit-fils doit leur en créer une, il nous l'enverra à ce moment-là" (set53 IF021, dev)
                    r"\b(il|elle|ils|elles) (nous|vous) (l.|la |les )?(enverra|enverront|envera|donnera|donneront|communiquera|"
                    r"communiqueront|transmettra|transmettront)\b|"
                    # "… sur la boîte de la société que je vous donnerai", "c'est mon comptable qui décide", "je réfléchis"
                    r"\bque je vous (donnerai|communiquerai|enverrai|transmettrai|indiquerai)\b|"
                    r"\bc.est (mon|ma|notre|nos) [a-z]+ qui (decide|decident|decidera|choisit|choisira|tranche|tranchera)\b|"
                    r"\b(je|on|nous) (y )?(reflechis|reflechit|reflechissons)\b|"
                    # "je lui montre votre papier ce soir et on vous dit s'il préfère le mail ou le courrier"
                    r"\b(on|nous) vous (le |la )?(dit|dira|redit|redira|dirons|redirons)\b(?! que)|"
                    r"\b(veut|veulent|voudrait|souhaite) en parler (avec|a) (sa|son|ses|ma|mon|mes) (femme|mari|epouse|epoux|fils|"
                    r"fille|enfants|associee?|frere|soeur|comptable)\b|"
                    # "je préfère vous confirmer ça après les fêtes", "pas encore pu en parler avec mon frère"
                    r"(prefere|preferons|vais|allons|pourrai|pourrons) vous (le |la |les |en )?(confirmer|dire|donner|communiquer|"
                    r"indiquer|repondre)( ca| cela| tout ca)? (apres|plus tard|des que|quand(?! meme)|debut|fin|la semaine|en janvier|"
                    r"en fevrier|en mars)|pas encore (pu )?(en )?parler|"
                    r"\ben discuter\b|on en (parle|reparle)|(creer|ouvrir|faire) une (adresse|boite|messagerie)|"
                    r"je vous envoie (ca|cela|ceci|l.adresse) (des que|plus tard|bientot|rapidement|au plus vite)|"
                    r"let me think|think about it|d.abord savoir|je (ne )?comprends? pas (bien )?(votre|ce|le|cette) (message|courrier|mot|memo|mail|demande|note)|"
                    r"(je|nous) vous (donnerai|donnerons|communiquerai|communiquerons|enverrai|enverrons|transmettrai|"
                    r"transmettrons|indiquerai|indiquerons|ferai parvenir|ferons parvenir) (leur|son|sa|notre|mon|ma)\b)")
# "Mon associé vous répondra": someone else will answer (for this file, unless the reply settles it)
_WILL_ANSWER = r"(vous )?(repondra|repondront|ecrira|ecriront|recontactera|contactera|donnera|communiquera|dira|rappellera|confirmera|confirmeront)\b"
_OTHERS_ANSWER = re.compile(rf"\b(mon|ma|notre|nos) [a-z]+ {_WILL_ANSWER}|"
                            # "c'est mon fils Sébastien qui s'occupe de tout maintenant. Il vous répondra"
                            rf"\b(mon|ma|notre) (fils|fille|mari|femme|epouse|associee?|frere|soeur|comptable|gendre|neveu|niece|"
                            r"secretaire|assistante?|collegue|collaboratrice|collaborateur)\b"
                            r"[^?!\n]{0,80}\b(il|elle|qui) (vous )?(repondra|ecrira|recontactera)\b")
_PROVIDERS = "gmail|hotmail|icloud|yahoo|orange|free|wanadoo|laposte|sfr|outlook|live"
# Another file for which the mailbox written from is the one, beside an address given for a first file:
# "c'est x@ pour le cabinet. pour la SCI vous pouvez laisser sur mon yahoo", "- SCI Lecocq Kévin : sur mon
# adresse perso, celle de ce mail"
_SENDER_FOR_ANOTHER = re.compile(r"(\bpour (la|le|l.|les|mes|mon|ma|notre|nos) (sci|scev|scea|earl|gfa|gaec|sarl|sas|eurl|societe|"
                                 r"cabinet|entreprise|dossier|exploitation|factures? perso\w*|moi)\b|"
                                 r"(^|\n)\s*[-•*]?\s*(sci|scev|scea|earl|gfa|gaec|sarl|sas|eurl)\b[^\n@]{0,60}:)[^.!?\n@]{0,60}"
                                 rf"\b(sur|a|vers|laisser|laissez|garder|gardez|keep|to) (sur )?(mon|ma|my) "
                                 rf"(adresse (perso|personnelle)|{_PROVIDERS}|personal (address|e-?mail))\b|"
                                 # "- CHAUVE03 (moi) et CHAUVE02 (la SCI) : gardez mon adresse gmail, celle d'où je vous écris"
                                 rf"(^|\n)\s*[-•*]\s*[^\n@]{{0,80}}:[^\n@]{{0,40}}(\b(gardez|garder|laissez|laisser|keep|sur|a|to)\s+"
                                 rf"(mon|ma|my) (adresse(?! postale)|{_PROVIDERS}|mail|e-?mail|address)\b|"
                                 # "- Scierie X (0084/88) et SCI Y : l'adresse d'où part ce message" (not "… sera fermée")
                                 r"\b(l.adresse|celle) (d.ou|depuis laquelle|de ce (message|mail))(?![^\n]{0,60}\b(fermee|fermer|"
                                 r"supprimee|n.est plus|ne sera plus)\b))")
# The writer's own file, for which the mailbox written from is the one ("pour moi à titre perso, vous
# pouvez garder mon gmail")
_MINE_FOR_ME = re.compile(r"\ba la fois a moi\b|\bfactures? (de la|du|de l.|des) [^.,;@]{2,30} a moi\b|"
                          r"(pour moi|pour mes factures (personnelles|perso)|pour mon dossier (personnel|perso)|"
                          r"a titre (perso|personnel|prive)|for me personally|for my (personal|own|private) (tax )?(file|invoices|account))"
                          r"[^.?!\n@]{0,60}(cette adresse|celle-?\s?ci|mon (gmail|hotmail|icloud|adresse|mail)\b|"
                          r"this (gmail |hotmail |icloud |e-?mail )?address|my (gmail|address|email)\b)|"
                          # "Pour nous (réf. DIG.1680) vous pouvez continuer sur cette adresse. Par contre pour notre
                          # fils …, x@", "Pour la ferme auberge c'est ok par mail sur cette adresse" (set44 XG027, XH019)
                          r"\bpour (nous|la|le|l.|notre)\b[^!?\n@]{0,60}\b(ok|continuer|continuez|gardez|garder|conservez|"
                          r"laissez)\b[^.!?\n@]{0,30}\b(sur|a) cette adresse\b(?!\s*postale)(?!\s*:?\s*\d)|"
                          # "… to Fiona at fiona@x, and ours (the personal file) to me at this address" (set53 IF007, dev)
                          r"\b(ours|mine|our own|my own|les notres|les miennes)\b[^.!?\n@]{0,60}\b((to me at|at|to) this "
                          r"(e-?mail )?address|here)\b|\b(les notres|les miennes)\b[^.!?\n@]{0,60}\b((a|sur) cette adresse|ici)\b")
# Someone else will answer, and nothing asks the firm to send anywhere
_THEY_WILL_ANSWER = re.compile(rf"\b(il|elle|ils|elles|qui) {_WILL_ANSWER}|"
                               # "le gérant regardera ça après les fêtes et vous donnera la bonne adresse"
                               rf"\b(le|la) (gerante?|patronn?e?|directeur|directrice|comptable|responsable|president|presidente)"
                               rf"\b[^.?!\n]{{0,60}}\b{_WILL_ANSWER}")
_SENDING = re.compile(r"\b(envoy\w*|adresse[rz]|utilise[rz]|mette[zr]|transmet\w*|send|use|garde[rz]|prene?z|prendre|recevoir)\b")
# Explicitly undecided: words that look like a refusal are the client's doubts, not a decision.
_UNDECIDED = re.compile(f"({_UNDECIDED_WORDS})")
_COPY_ME = re.compile(r"(copying me|copy me\b|(a )?copy to me\b|\b(je (veux|voudrais|souhaite|souhaiterais|aimerais)|j.aimerais) (bien |aussi |egalement )?etre (mise? )?en copie\b|cc.?(ing)? me\b|with me in (copy|cc)|me mettre (aussi |egalement )?en copie|"
                      r"me mettant en copie|moi en copie|et moi[- ]meme en copie|mettez-moi (aussi |egalement )?en copie)")
# "Inutile de me mettre en copie", "pas besoin de me mettre en copie"
_COPY_ME_DENIED = re.compile(r"\b(inutile|pas (la peine|besoin|necessaire)|sans|ne pas|no need|don.t|do not|not)\b[^.!?\n]{0,12}$")
# "mettez-moi en copie sur ma boîte perso : x@": the copy is that mailbox
_COPY_ME_AT = re.compile(r"\s*(,\s*)?(sur|a|at|on|:|\()\s*(?:[^!?\n@.]|\.(?=\S)){0,40}@")
# "Pas besoin de me mettre en copie pour lui": no copy for that one file, the writer still in the loop for the others
_FOR_ONE_FILE = re.compile(r"\s*pour (lui|elle|eux|elles|ce dossier|celui-ci|celle-ci)\b")


def _copy_me(folded: str) -> bool:
    """Whether the writer asks to be in copy herself: not denied ("inutile de me mettre en copie"), not someone else's
    words quoted ("mon comptable m'a dit : « mettez-moi en copie »"), not her other mailbox ("mettez-moi en copie sur
    ma boîte perso x@": that one is the copy)."""
    for m in _COPY_ME.finditer(folded):
        before, after = folded[max(0, m.start() - 40):m.start()], folded[m.end():m.end() + 80]
        if _COPY_ME_DENIED.search(before) and not _FOR_ONE_FILE.match(after) or before.count("«") > before.count("»") \
                or _COPY_ME_AT.match(after):
            continue
        return True
    return False


_ALONE = re.compile(r"[\s,.:;!-]*((bonjour|hello|bonsoir|madame|monsieur|hi)[\s,.:;!-]*)*[<>()\s,.:;!-]*"
                    r"(merci|thanks|cordialement)?[\s,.:;!-]*")
# A question about the switch (not an unrelated dispute about an invoice amount).
_CAMPAIGN = re.compile(r"(e-?mail|\bmail|courriel|adresse|address|papier|paper|courrier|\bpost\b|dematerialis|"
                       r"\bpdf\b|electroni|\bformat\b|\benvoi\b|memo|reform|plateforme|platform|\binbox|e-?invoic)")
# The switch's own words ("courrier" and "envoi" are also any letter, any sending)
CAMPAIGN_WORDS = re.compile(r"(e-?mail|\bmail|courriel|adresse|address|papier|paper|dematerialis|\bpdf\b|electroni|"
                             r"memo|reform|plateforme|platform)")
_OTHER_TOPIC = re.compile(r"(je profite de (votre|ce|cet) (message|mail|e-?mail|courriel)|\bau passage\b|\bpar ailleurs\b|\bautre chose\s*:|"
                          r"autre sujet|sans rapport|rien a voir|\bby the way\b|on another (note|topic))")
_POLITE_REQUEST = re.compile(r"(pouvez|pourriez|voulez|voudriez|veuillez|can you|could you|would you|please|"
                             r"merci de|est-ce possible|serait-il possible|\btu peux|peux-tu|tu pourrais|pourrais-tu|"
                             r"\bpuoi\b|\bpotete\b|\bpotresti\b|\bpotreste\b|\bpuede\b|\bpuedes\b|\bpodria\b|"
                             r"\bkonnen sie\b|\bkonnten sie\b|\bkannst du\b)")
# The firm's other work a client asks about in passing ("ma déclaration de revenus", "un rendez-vous")
_OTHER_BUSINESS = re.compile(r"(declaration|impots?\b|bilan|liasse|\btva\b|rendez-vous|\brdv\b|fiche de paie|bulletin|"
                             r"salaire|urssaf|attestation|releve|avis d.imposition|taxe|cerfa|formulaire|dossier fiscal|"
                             r"\bcfe\b|\bmsa\b|cotisations?|revenus (professionnels|fonciers)|comptes annuels)")
# "est-ce obligatoire ?": a question about the switch even when no other word says so
# (not any "changé": "on a changé deux camions" is no switch)
_SWITCH_WORDS = re.compile(r"(obligat|oblige|compulsory|mandatory|\bimposee?s?\b|changement|\b(this|the) change\b|"
                           # "est-ce que ça change quelque chose ?", not "si ça change quelque chose pour la TVA"
                           r"\bca change\b(?![^.?!\n]{0,30}\b(tva|bilan|impots?|declaration|urssaf|taxe|vat)\b)|"
                           r"numerique|scan|imprim|print|"
                           # "est-ce que ça concerne aussi les cotisations MSA ?": how far the switch goes
                           r"\b(ca|cela|ceci) (concerne|s.applique)\w*\b)")
_PASSES_ON = re.compile(r"je transmets|je fais suivre")
_HAVE_ONE = re.compile(r"\b(j.ai|nous avons|on a|i have|we have)\b( bien| deja| aussi)? (une|un|an?) (adresse|e-?mail|mail|address)|"
                       # "est-ce obligatoire ? je n'ai que cette adresse et c'est ma petite-fille qui la regarde" (not
                       # "je n'ai que cette adresse, vous pouvez l'utiliser": handed over all the same)
                       r"\b(je n.ai|nous n.avons|on n.a) qu.?(e )?(cette|une|un|l|mon|ma|notre)\b ?(adresse|e-?mail|mail)"
                       r"(?![^.?!\n]*\b(vous pouvez|utilise\w*|envoy\w*|mett\w*|prene?z|gardez|ok|d.accord)\b)|"
                       r"\b(i|we) only have (this|one|an?) (address|e-?mail)(?![^.?!\n]*\b(you can|use|send|ok)\b)")
_INVOICE_WORDS = re.compile(r"(factur|invoice|billing|\bbills?\b|compta|comptab|accounting|reglement|accounts payable)")


@dataclass
class Decision:
    """What the own text says."""

    intent: str
    addresses: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    evidence: str = ""
    flags: list[str] = field(default_factory=list)
    reason: str = ""
    retired: list[str] = field(default_factory=list)  # named only to be retired or refused


@dataclass(frozen=True)
class AskedFile:
    """The client file an e-mailed request was for."""

    name: str
    legal_form: str = ""
    city: str = ""
    kind: str = ""  # "company", "private" (a private person's file) or "" (a sole trader's: either may be meant)
    street: str = ""  # its street as written after the number, folded ("rue de vesle")


# what a clause is about: an entity named ("pour la SCEA", "concernant le garage")
_ENTITY_SCOPE = re.compile(r"\b(pour|concernant|quant a) (le |la |l'|l’|les |notre |nos |mon |ma |mes |son |sa |ses |leurs |leur )"
                           # not a time, a document or a way of sending: "pour le moment", "pour les devis"
                           r"(?!(dossier|factures?|part|compte|moment|instant|reste|suite|avenir|coup|fois|annee|mois|"
                           r"devis|commandes?|relances?|tva|bilan|declarations?|liasse|paie|salaires?|impots?|courr?ier|"
                           r"papier|e-?mails?|mails?|adresses?|envois?|prochaine?s?|documents?)\b)([a-z][\w-]*)"
                           # its complement: "le garage de Lourdes", "la boutique de ma femme"
                           r"(?:\s+(?:(?:de|du|des)\s+|d['’]\s*)(?:la |le |l'|l’|les |mon |ma |mes |son |sa |ses |notre |nos )?"
                           r"([a-z][\w-]*))?")
# several files at once, the one asked among them ("pour les deux sociétés (…)", "pour toutes nos sociétés"): about
# no file in particular
_ALL_OF_THEM = re.compile(r"\b(pour|concernant) (les|nos|mes|ces|vos|leurs) (deux|trois|quatre|cinq|[2-5])\b|"
                          r"\b(pour|concernant) l.ensemble (de|des|du)\b")
# the writer's own private file ("j'en profite pour mon dossier personnel", "pour mes factures à moi"): the file
# asked when that is a private person's, another file when a company was asked
_PERSONAL_FILE = re.compile(r"\b(pour|concernant|quant a) (mon|ma|mes|notre|nos) (propre |propres )?(dossier|compte|situation|"
                            r"foyer|factures?|declarations?)s? (perso|personnel|personnelle|personnels|personnelles|prive|privee|"
                            r"a moi|a nous)\b|\b(pour|concernant|quant a) (mon|ma|mes) (propre|propres) (dossier|compte|factures?)\b|"
                            r"\bpour moi(-meme| personnellement| a titre (personnel|prive))\b")
# "pour les factures du garage", on the SCI's thread: the invoices of an entity
_INVOICES_OF = re.compile(r"\b(?:pour|concernant) (?:les|nos|mes|vos) factures (?:du |de la |de l'|de l’|des |de notre |de mon |"
                          r"de ma )([a-z][\w-]*)")
# "pour celui de Tarbes", or heading its sentence: "Celui de Tarbes, c'est M. Bergez qui décidera"
_THE_ONE_OF = re.compile(r"(?:\b(?:pour|concernant|quant a) |^\W*)(?:celui|celle|ceux|celles) (?:de|du|d'|d’)\s*([a-z][\w-]*)")
_FORM_NAMED = re.compile(r"\b(la|le|l'|l’|notre|nos|mon|ma|sa|son|leur) (sci|sarl|sas|sasu|eurl|earl|scea|gfa|gaec|scm|scp|"
                         r"selarl|snc|cuma|eirl)\b")
_ITEM = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d{1,2}[.)])\s+(.+)$")
_ITEM_LABEL = re.compile(r"^([^:@]{2,80}?)\s+:\s")
_TITLED = re.compile(r"(m|mme|mlle|mr|mrs|ms|dr|me|madame|monsieur|mademoiselle|docteur|maitre|maître)\b\.?\s", re.IGNORECASE)
_NOT_A_NAME = frozenset((  # a form's labels ("- Comptabilité : x@") name no file
    "pour", "les", "des", "aussi", "mon", "mes", "notre", "nos", "son", "ses", "leur", "sarl", "sas", "sasu", "eurl", "sci",
    "earl", "scea", "gfa", "gaec", "scm", "scp", "selarl", "association", "ste", "societe", "dossier", "factures",
    "facture", "facturation", "adresse", "mail", "e-mail", "email", "courriel", "idem", "pareil", "compta", "comptabilite",
    "direction", "contact", "tel", "telephone", "perso", "personnel", "personnelle", "pro", "professionnelle",
    "secretariat", "gerant", "gerante", "gerance", "president", "accueil", "standard", "service", "commandes", "devis",
    "paie", "achats", "ventes", "copie", "principale", "nouvelle", "ancienne"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]{3,}", text)) - _NOT_A_NAME


def _spaced(folded: str) -> str:
    """The words of folded text, one space between them ("saint-brieuc" → "saint brieuc")."""
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def _about_asked(clause: str, asked: AskedFile) -> bool | None:
    """Whether a folded clause is scoped to the file asked (True), to another file (False) or to none (None).

    "Pour moi" says nothing: "c'est bon pour moi" is a yes, and the writer may be the person asked, her heir, her
    spouse or her bookkeeper (read as the file asked, a never-read set was read worse)."""
    found: list[bool] = []
    name = _words(fold(asked.name))
    form = fold(asked.legal_form)
    # "la SCI Beau Site reste au courrier", on the Hôtel Beau Site's thread: a company of another legal form
    found += [False for m in _FORM_NAMED.finditer(clause) if form and m.group(2) != form]
    if asked.kind and re.search(r"\b(pour|concernant) (nous deux|nous-memes|notre couple)\b", clause):
        # "Pour nous deux, je vous réponds la semaine prochaine": the couple's file, not their SCI's
        found.append(asked.kind == "private")
    personal = _PERSONAL_FILE.search(clause)
    if personal and (asked.kind or "propre" in personal.group(0)):
        # ("pour mon propre dossier", set against the one asked, is another file even when a sole trader's was asked)
        found.append(asked.kind == "private")
    town = _words(fold(asked.city))
    town_phrase = _spaced(fold(asked.city))  # "saint brieuc", written "Saint-Brieuc" or "Saint Brieuc"
    if town_phrase and re.search(rf"\b(?:pour|concernant|quant a) {'[ -]'.join(map(re.escape, town_phrase.split()))}\b",
                                 clause):
        found.append(True)  # "Pour Lourdes, le nouveau chef d'atelier vous répondra", on the Lourdes garage's thread
    for m in _ENTITY_SCOPE.finditer(clause):
        if _ALL_OF_THEM.match(clause, m.start()):
            continue
        if asked.street and street_written(asked.street, clause[m.start():m.end() + 40]):
            found.append(True)  # "Oui pour la boutique rue de Vesle c'est bien cette adresse", on that shop's thread
            continue
        word, complement = m.group(4), m.group(5)
        if complement and complement in town:
            found.append(True)  # "pour la boulangerie de Tarbes", on the Tarbes bakery's thread
        elif complement and complement not in name:
            found.append(False)  # "pour le garage de Lourdes", on the Tarbes garage's thread
        else:
            found.append(word == form or bool(_words(word.replace("-", " ")) & name))
    for m in _INVOICES_OF.finditer(clause):
        words = _words(m.group(1).replace("-", " "))
        if words or m.group(1) == form:  # ("les factures de la société" name no file)
            found.append(m.group(1) == form or bool(words & name) or m.group(1) in town)
    for m in _THE_ONE_OF.finditer(clause):  # "pour celui de Tarbes", "Celui de Saint-Brieuc, …"
        found.append(bool(town_phrase) and _spaced(m.group(1)) in (town_phrase, *town))
    return True if any(found) else False if found else None


@dataclass
class Parts:
    """A reply that speaks apart for several files, cut by whom each part is about."""

    asked: str  # the sentences or list items about the file asked
    unscoped: str  # those about no file in particular ("Bonjour, ok.", "Voici pour nos sociétés :")
    others: str = ""  # those about other files
    own_file_only: bool = False  # every one of those is the writer's own private file ("mon dossier personnel")


def parts_for(text: str, asked: AskedFile) -> Parts | None:
    """The parts of a reply that decides apart for several files ("Pour la SCEA on garde le courrier. Pour le GFA
    envoyez à x@", on the SCEA's thread; a bookkeeper's list, one item per client) about the file a request asked
    and about no file: None when no part is scoped to another file."""
    mine: list[str] = []
    unscoped: list[str] = []
    theirs: list[str] = []
    others = False
    named: list[tuple[float, str]] = []  # list items labelled by a name: how much of it is the file asked's
    asked_words = _words(fold(asked.name))
    for line in rejoined(text).split("\n"):
        item = _ITEM.match(line)
        label = _ITEM_LABEL.match(item.group(1)) if item else None
        if label and _TITLED.match(label.group(1)):
            label = None  # "- M. Esquerre : en copie si possible": a person, not a file
        if item and label:
            folded = fold(label.group(1))
            about = _about_asked(folded, asked)
            if about is not None:
                (mine if about else theirs).append(item.group(1))
                others = others or not about
                continue
            words = _words(folded)
            if words:  # "- Tapas y Vinos (Javier Morales) : OK sur mon adresse"
                named.append((len(words & asked_words) / len(words), item.group(1)))
                continue
        for clause in (c for sentence in sentences(line) for c in clauses(sentence)):
            about = _about_asked(fold(clause), asked)
            (mine if about else unscoped if about is None else theirs).append(clause)
            others = others or about is False
    best = max((share for share, _ in named), default=0.0)
    if best > 0 and [share for share, _ in named].count(best) == 1:
        # the item the file asked's name fills most ("Kermarec Location", beside "Garage Kermarec")
        mine += [item for share, item in named if share == best]
    theirs += [item for _, item in named if item not in mine]
    others = others or len(named) > 1
    own_file_only = asked.kind == "company" and bool(theirs) and all(_PERSONAL_FILE.search(fold(t)) for t in theirs)
    return Parts(" ".join(mine), " ".join(unscoped), " ".join(theirs), own_file_only) if others else None


def refusal_cue(text: str) -> str | None:
    """The sentence of ``text`` that refuses e-mail (keep paper), if one does and is not hedged."""
    folded = fold(text)
    unwrapped = unwrap(folded)
    cue = _refusal(folded) or _refusal(unwrapped)
    if cue is None:
        return None
    at = unwrapped.find(cue)
    sentence = sentence_at(unwrap(text), max(at if at >= 0 else folded.find(cue), 0))
    return None if _HEDGED.search(fold(sentence)) else sentence


def _refusal(folded: str) -> str | None:
    """The refusal cue found in ``folded`` own text, if any."""
    flat = unwrap(folded)  # same length: "adressées par e-mail\nou par courrier ne peuvent plus" is one sentence
    for pattern in _REFUSE:
        for m in pattern.finditer(folded):
            if _NEGATED_WISH.search(folded, max(0, m.start() - 8), m.start()):
                continue  # "je ne souhaite pas garder le papier": the wish is negated
            sentence_start = max(flat.rfind(c, 0, m.start()) for c in ".!?\n")
            context = flat[sentence_start + 1: m.end() + 40]
            sentence_end = min([i for i in (flat.find(c, m.end()) for c in ".!?\n") if i >= 0] or [len(flat)])
            if _NOT_REFUSAL.search(context) or _NOT_REFUSAL_HERE.search(flat[sentence_start + 1:sentence_end]):
                continue
            if _ON_CONDITION.search(flat[sentence_start + 1:m.start()]):
                continue  # "Sous réserve que vous continuiez à m'envoyer le récapitulatif papier, je suis d'accord pour …"
            if flat[sentence_end:sentence_end + 1] == "?":
                continue  # "vous les envoyez déjà par mail, non ?" asks, it does not refuse
            if _PAPER_FOR_OTHER.match(flat, m.end()) or _for_other_before(flat, m.start()):
                continue  # "je préfère le papier pour ma déclaration": another document's paper
            return m.group(0)
    return None


_PAPER_FOR_OTHER = re.compile(r"[^.!?\n]{0,15}?\bpour (ma|la|mes|les|le|mon|notre|nos) (declaration|liasse|bilan|attestation|"
                              r"releves?|documents?|contrat|lettre de mission|signature|avis|impots?|bulletins?|fiches? de paie|salaires?)")
# "Par contre pour les courriers officiels (impôts, etc.) je préfère toujours le papier"
_PAPER_FOR_OTHER_BEFORE = re.compile(r"\bpour (ma|la|mes|les|le|mon|notre|nos) (courriers? (officiels?|administratifs?|fiscaux)|"
                                     r"declarations?|liasses?|bilans?|attestations?|releves?|contrats?|lettres? de mission|"
                                     r"impots?|autres? (courriers?|documents?))\b")
def _for_other_before(flat: str, at: int) -> bool:
    """Whether the last "pour les …" before a wish for paper names another document ("pour les courriers officiels
    (impôts, etc.) je préfère le papier"), not the invoices ("… pour les bilans, mais pour les factures je préfère le
    papier")."""
    # a sentence of its own that names the invoices: "… c'est mon petit-fils qui me l'a créée pour les impôts. Je
    # préfère continuer à recevoir mes factures par courrier" prefers paper for the invoices (set46 ZE015, dev); not
    # "… pour les impôts. Je préfère le papier pour ces documents-là" (review 18)
    stops = [m.end() for m in _SENTENCE_END.finditer(flat, max(0, at - 80), at)]
    start = max(flat.rfind("\n", 0, at) + 1, at - 80)
    if stops and _INVOICES_HERE.match(flat, stops[-1]):
        start = max(start, stops[-1])
    said = [m for m in _FOR_THE.finditer(flat, start, at)]
    return bool(said) and _PAPER_FOR_OTHER_BEFORE.match(flat, said[-1].start()) is not None


_SENTENCE_END = re.compile(r"(?<!\betc)(?<!\bex)[.!?]\s")
_INVOICES_HERE = re.compile(r"[^.!?\n]*\b(mes|nos|les|vos) factures\b")


_FOR_THE = re.compile(r"\bpour (ma|la|mes|les|le|mon|notre|nos) ")
_CLOSING_DOWN = re.compile(r"[^!?\n]{0,80}?\b(va fermer|vont fermer|(est|sera) (fermee|supprimee|desactivee|cloturee)|n.existe plus|"
                           r"ne (fonctionne|marche)\w* plus|n.est plus (valide|active|utilisee|consultee|relevee))")
# "We'll let you know if that changes", "si je change d'avis je vous l'écrirai": the decision stands until then
_IF_IT_CHANGES = re.compile(r"\bif (that|this|it|anything) changes\b|\bsi (ca|cela|quelque chose) change\b|"
                            r"\bsi (un jour )?(je|nous|on) change\w* d.avis|\bif (we|i) change (our|my) minds?\b")
_NEGATED_WISH = re.compile(r"(\bne |\bn'|\bpas |\bplus |\bjamais )$")
_ON_CONDITION = re.compile(r"\b(sous reserve (que|qu.|de|d.)|a condition (que|qu.|de|d.)|pourvu (que|qu.)|provided that)")
MAX_ADDRESSES = 50
_PLAIN_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")
_SEPARATORS = re.compile(r"[\s\-–—|/,;·•<>()\[\]]+")


def _in_contact_block(text: str, f: Found) -> bool:
    """True when the address sits in a block of contact lines (phone, fax, web): a signature."""
    lines = text.split("\n")
    index = text.count("\n", 0, f.start)
    line = lines[index] if index < len(lines) else ""
    near = lines[max(0, index - 3):index] + lines[index + 1:index + 4]
    contact = sum(1 for x in near if _CONTACT_LINE.match(x.strip()))
    bare = _LABEL_LINE.match(line) or line.strip().strip("<>()[]") == text[f.start:f.end].strip("<>()[]") \
        or not _SEPARATORS.sub("", _PLAIN_ADDRESS.sub("", line))  # "fanny@x.eu - contact@x.eu"
    addressless = _PLAIN_ADDRESS.sub(" ", line)
    introduced = index > 0 and lines[index - 1].rstrip().endswith(":")  # "… de la personne qui gère :\nclaire@x 06 …"
    if not introduced and _PHONE_IN_LINE.search(addressless) and not _SEPARATORS.sub("", _PHONE_IN_LINE.sub("", addressless)):
        return True  # "compta.x@gmail.com - 06 31 47 82 05": an address and a phone alone on a line, a signature's
    return contact >= 1 and bool(bare)


_PHONE_IN_LINE = re.compile(r"(t[ée]l\.?|tel|mob\.?|port\.?|gsm)?\s*:?\s*(?<![\w@.-])\+?\d[\d .()/-]{7,}\d(?![\w@-])", re.IGNORECASE)


# An address that does not exist yet: announced, to be confirmed (the reply defers)
_NOT_YET = re.compile(r"\b(allons|vais|va|allez|devons|doit|comptons|pensons) (bientot |prochainement )?"
                      r"(creer|ouvrir|mettre en place|activer)\b|\b(sera|seront) (bientot )?(creee?s?|ouvertes?|activee?s?|"
                      r"operationnelle?s?|en place)\b|n.existe pas encore|pas encore (creee?|ouverte|active|en place|"
                      r"operationnelle)|\bwill (create|set up|open)\b|(is|isn.t) not (yet )?(set up|active|live)|not (yet )?(set up|live)")


def _designated(text: str, folded: str, f: Found, unwrapped: str) -> bool:
    """True when the sentence around the address (or the line before it, ending with ':') hands it over.

    ``unwrapped``: ``text`` with wrapped lines joined ("merci d'envoyer les factures à\nadmin@x.fr"
    is one sentence; a blank line still ends it; same length, so positions stay valid).
    """
    sentence = fold(sentence_at(unwrapped, f.start))
    if _ALONE.fullmatch(folded.replace(fold(f.address), "", 1)):
        return True  # the reply is the address and nothing else
    if re.search(r"\b(hesit\w*|on balance) entre\b|\bcan.t decide between\b", sentence):
        return False  # "Nous hésitons entre x@ et y@. Laquelle nous conseillez-vous ?"
    if _CORRECTED_TO.search(folded[max(0, f.start - 160):f.start]):
        return True  # "je me suis trompée : ce n'est pas x@ mais y@"
    twin = next((g for g in find_addresses(text[max(0, f.start - 300):f.start]) if _near(g.address, f.address)
                 and g.address != f.address), None)
    if twin is not None and _CORRECTS.search(folded[max(0, f.start - 300) + twin.end:f.start]):
        return True  # "x@outlok.fr. Enfin outlook.fr bien sûr, x@outlook.fr": the slip corrected
    if _REACHED_THERE.search(sentence[:sentence.find(fold(f.address))]) and \
            _TO_A_RELATIVE.search(folded[max(0, f.start - 400):f.start]):
        return True  # "adressez tout ce qui est facturation à ma belle-sœur, Corinne. Vous la joindrez sur x@"
    line_start = folded.rfind("\n", 0, f.start) + 1
    line_end = folded.find("\n", f.end)
    if not folded[line_start:f.start].strip(" \t<([-–•*") and not folded[f.end:line_end if line_end >= 0 else None].strip(" .,;)>]") \
            and (_HANDED_ABOVE.search(folded[max(0, line_start - 300):line_start]) or ANSWERS_BELOW.search(folded[:line_start])):
        return True  # "je vous donne le mail de mon neveu qui fait mes papiers\n\nSEBASTIEN.ROYER@GMAIL.COM"
    asked = re.search(r"\?(\s|$)", sentence[sentence.find(fold(f.address)):])
    if asked and _THAT_ONE_AFTER.match(fold(unwrapped[unwrapped.find("?", f.end) + 1:][:120])):
        return True  # "Vous avez bien x@ ? C'est celle-là qu'il faut utiliser."
    if asked and (not _POLITE_REQUEST.search(sentence) or _PRE_ANSWER.search(folded)):
        # "faut-il vous donner compta@x ou la mienne ?": asked, not given; "avant de vous répondre :
        # est-ce possible d'envoyer à x@ et y@ ?" asks before answering
        return False
    if _OTHER_DOCUMENT.search(sentence) and not _INVOICE_WORDS.search(sentence):
        return False  # "pouvez-vous envoyer l'attestation à ma banque : x@y ?": another document, elsewhere
    if _CONDITIONAL.search(sentence):
        return False  # "si c'est possible, ce serait sur x@, sinon je préfère attendre": offered, not given
    if _NOT_YET.search(sentence):
        return False  # "nous allons créer compta@x d'ici octobre, je vous confirme dès que c'est en place"
    rest = sentence.replace(fold(f.address), " ")
    if _YES_ALONE.fullmatch(rest) or not rest.strip(" .,;:!<>()") and len(folded) < 160 and _YES_ALONE.match(folded):
        return True  # "ok x@y", "oui pour le mail. x@y": the yes hands the address over
    label = _LABEL_BEFORE.search(folded[max(0, f.start - 60):f.start])
    line = folded[max(0, f.start - 80):f.start].rsplit("\n", 1)[-1]
    if ":" in line and _NOT_FOR_INVOICES.search(line):
        return False  # "Adresse d'exploitation (PAS pour les factures) : x@", "Interlocutrice comptable : Mme R. – r@"
    if label and _PERSON_LABEL.fullmatch(label.group(1)) and _INVOICES_LINE.search(folded):
        return False  # "Adresse factures : compta@x / Contact direction : d@x": the form's invoices line says which
    if label and not _BILLING_LABEL.search(label.group(1)) and not _HANDING.match(label.group(1)) \
            and not re.search(r"\b(copie|cc|copy)\b", label.group(1)) and not _REQUEST_OR_FILE_LABEL.search(label.group(1)) \
            and not _DESIGNATE.search(_LABEL_BEFORE.sub(" ", rest)) and not _THIS_ONE_SET_ASIDE.search(label.group(1)):
        return False  # "atelier : atelier.x@y" in a signature under "Bien reçu, merci": a label, not an answer
    if _DESIGNATE.search(rest):
        return True
    if _KEPT_ON_ITS_LINE.search(line) and not _KEPT_FOR_OTHER.search(rest):
        return True  # "- pour Pierre : vous gardez pj@x": that file keeps the address on file
    before = folded[:f.start].rstrip(" \t\n<([«\"")
    return before.endswith((":", "-", "=", "->", "=>", "→"))  # "EURL Picard Conseil -> x@"




# "Oui mais pas celle-ci : compta@x": the mailbox written from set aside for the one that follows (review 20b)
_THIS_ONE_SET_ASIDE = re.compile(r"\b(pas|non|not) (sur |a )?(celle-?\s?ci|cette adresse|celle-?\s?la|this one)$")
# "- pour Pierre (lafont p) : vous gardez x@": a line (or its label) that keeps the address, nothing negating it
_KEPT_ON_ITS_LINE = re.compile(r"(^|:)\s*(vous )?(gardez|conservez|keep)\s*$")
_KEPT_FOR_OTHER = re.compile(r"\bpour (les |le |la |l.|mes |me |nos )?(devis|commandes?|relances?|perso|reservations?|prevenir|"
                             r"contacter|joindre)|\ben (copie|cc)\b|\bin copy\b")


# An address kept for something other than invoices, right after it ("x@ pour les devis et les relances")
_SERVES_OTHER = re.compile(r"[\s,(]*(c.est |sert |uniquement |seulement |only )?(pour|for) (les |le |la |l.|mes |nos |the )?"
                           r"(devis|commandes?|relances?|reservations?|livraisons?|rendez-vous|rdv|planning|chantiers?|"
                           r"quotes?|orders?|bookings?|deliver\w*|convocations?|assemblees?)\b")
# ...or right before it, once the invoices' address is given ("(pour les réservations c'est y@)")
_FOR_OTHER_BEFORE = re.compile(r"\b(pour|for) (les |le |la |l.|mes |nos |the |our )?(demandes? de |questions? sur )?(devis|commandes?|"
                               r"reservations?|livraisons?|rendez-vous|rdv|planning|chantiers?|quotes?|orders?|bookings?|deliver\w*|"
                               r"documents? de travail|echanges|correspondance|questions?)\b[^.\n@]{0,100}$")
# An address stated as the writer's own, not as where invoices go ("My email is x@", "Mon mail : x@")
_CONTACT_GIVEN = re.compile(r"\b(mon|ma|notre|my|our) (adresse )?(e-?mail|mail|courriel|adresse( (e-?mail|mail))?|address|e-?mail address)"
                            r"( perso\w*| personnelle| pro\w*)?\s*(est|is|:|,|-|a change\s*:?|has changed\s*:?)")
# a hand-over in the same clause ("vous pouvez m'écrire à x@", "c'est x@ pour tout"): the address is given
_CONFIRM_SENDING = re.compile(r"\b(pouvez|pourrez|merci d|voici|voila|c.est|here|use|write|ecrire|ecrivez|mettez)\b")
_PAPER_WORD = re.compile(r"\b(papier|courr?ier|poste|postal|paper|post)\b")


_ELSEWHERE_LETTER = re.compile(_OTHER_BUSINESS.pattern[:-1] + r"|pieces|justificatifs?|saisie|pret\b|banque|conseill\w*|"
                               r"comptes\b|interlocut\w*|service comptable|comptable interne|"
                               # review 13e: orders, quotes, deliveries and newsletters under a subject of their own
                               r"livraison|lettre d.information|newsletter|abonnement|\bdevis\b|bon de commande)")
# another document by e-mail ("ok pour recevoir le devis par mail", "votre lettre d'information par mail"): no switch
_DOCUMENT_BY_MAIL = re.compile(r"\b(le|la|les|votre|vos|mon|ma|notre|nos) (devis|lettre d.information|newsletter|magazine|"
                               r"bon de commande|documents?|attestations?|releves?|bulletins?|contrats?)\b[^.!?\n]{0,20}"
                               r"\bpar (e-?)?mail\b")
# invoices named as such, or the switch to e-mail ("par mail", "en pdf", "plus de papier")
_INVOICES_SAID = re.compile(r"factur|invoice|billing|rechnung|fattur|honoraires|(?<!l.envoyer )(?<!la transmettre )par (e-?)?mail|"
                            r"by e-?mail|\bpdf\b|papier|"
                            r"dematerialis|courrier postal|par la poste")


_LINE_FILLER = re.compile(r"^(\s*[-•*]?\s*[^:\n@]{2,80}?\s:\s*)(?:à nous|a nous|chez nous|pareil|idem|de même|de meme|"
                          r"même chose|meme chose)\s*[,:]?\s*(?=<?[\w.+-]+@)", re.IGNORECASE | re.MULTILINE)


def analyse(own: str, sender: str, secretariat: str, domains: list[str], subject: str = "",
            about_invoices: bool = False) -> Decision:
    """Decide the intent of the sender's own text and the addresses it designates.

    ``about_invoices``: the message answers the firm's question (quoted) or its memo's QR code, so
    a terse "c'est x@y.fr" is about invoices even when no word says so.
    """
    # "- Garage Lemaire (Douzy) : pareil, x@" / "… : à nous, x@": a file's line handing over the address after a word
    text = _LINE_FILLER.sub(r"\1", own.strip())
    folded = fold(text)
    if not text:
        return Decision(OTHER, flags=["empty_text"])
    folded_subject = fold(subject)
    billing = about_invoices or bool(_BILLING.search(folded) or _BILLING.search(folded_subject))
    if billing and not about_invoices and (_ELSEWHERE_LETTER.search(folded) or _ELSEWHERE_LETTER.search(folded_subject)) \
            and not _INVOICES_SAID.search(_DOCUMENT_BY_MAIL.sub(" ", folded)) and not _INVOICES_SAID.search(folded_subject) \
            and not _CAMPAIGN.search(folded_subject):
        # a letter about the firm's other work under a subject of its own ("Changement d'interlocutrice": "vous pouvez
        # lui adresser vos demandes de pièces : x@"; "dossier prêt": "envoyez les bilans à la conseillère : x@"): its
        # addresses are for that work, not for the invoices
        billing = False
    # a reply designates a few addresses; thousands (a pasted list, an attack) would cost a quadratic walk
    found = [f for f in find_addresses(text) if not is_firm(f.address, secretariat, domains)][:MAX_ADDRESSES]
    if found and not billing:
        found = []
    for start, end in domain_corrections(text) if found else ():
        # "marie.roux@oragne.fr, pardon c'est @orange.fr et pas @oragne.fr": the address is read corrected; the
        # correction's "pas" refuses nothing (blanked, same length: positions stay valid)
        text = text[:start] + " " * (end - start) + text[end:]
        folded = folded[:start] + " " * (end - start) + folded[end:]
    starts = sorted(f.start for f in found)
    text_unwrapped = unwrap(text)
    found = [f for f in found if not _in_contact_block(text, f) and _designated(text, folded, f, text_unwrapped)]
    unwrapped = unwrap(folded)
    mains: list[tuple[str, Found]] = []
    copies: list[tuple[str, Found]] = []
    old: set[str] = set()
    previous_end = 0
    folded_refusal = _refusal(folded)  # read once: an address's clause and the decision below both ask
    for index, f in enumerate(found):
        line_start = _clause_start(folded, f.start)
        if line_start >= 2 and folded[line_start - 1] == "\n" and folded[line_start - 2] not in ".!?:;\n" \
                and f.start - line_start < 40:
            # a sentence wrapped at 72 columns: "ne m'envoyez\nrien sur x@y" is one sentence
            line_start = max(folded.rfind(c, 0, line_start - 1) for c in ".!?\n:") + 1
        lower = line_start
        if line_start >= 2 and folded[line_start - 2:line_start] == ":\n" and _NOT_DESIGNATION.search(
                folded[max(folded.rfind(c, 0, line_start - 2) for c in ".!?\n") + 1:line_start - 1]):
            # "Pour nous joindre :\ncomptabilite@x": the label on the line above says what the address is for
            lower = max(folded.rfind(c, 0, line_start - 2) for c in ".!?\n") + 1
        if folded[line_start - 1: line_start] == ":":
            # the label before a colon ("Adresse factures :\n x@"), not the sentence before it ("… n'existe
            # plus depuis des années. Mettez celle-ci : y@")
            lower = max(line_start - 200, max(folded.rfind(c, 0, line_start - 1) for c in ".!?") + 1)
        before = folded[max(previous_end, lower, f.start - 120):f.start]
        next_start = found[index + 1].start if index + 1 < len(found) else len(folded)
        after = unwrapped[f.end:min(next_start, f.end + 160)]  # "x@y est\nfermée": one sentence
        previous_end = f.end
        # the rest of its sentence: "fougeres@x, que vous a donnée Aurélie, ne doit plus servir"; a
        # list "(a@x, b@x) ne sont pas lues" speaks of both; "x@y, ne plus utiliser z@w" of z@w only
        window = unwrapped[f.end:f.end + 300]  # a sentence, not the rest of a 60 KB line
        stop = _SENTENCE_STOP.search(window)  # not the dots of an address
        end = f.end + (stop.start() if stop else len(window))
        following = next((s for s in starts if s > f.start), len(unwrapped))
        if following < end and "\n" in folded[f.end:following]:
            end = folded.index("\n", f.end)  # a form's line: "atelier@x (pas de factures ici)\nDirection : d@x"
        rest = unwrapped[f.end:end]
        no_longer = _NO_LONGER_FOR_INVOICES.search(rest) if following >= end else None
        if no_longer and not _OTHER_SUBJECT.search(rest[:no_longer.start()]):
            # "compta@x reste active pour les échanges courants mais n'est plus traitée pour les factures"
            old.add(f.address)
            continue
        contrast = _CONTRAST.search(rest)
        if contrast:
            rest = rest[:contrast.start()]  # "x@y - not my personal one, I never read it": of the other
            cue = _OLD_LATER.search(rest)
            if cue and not re.sub(r"\b(mon|ma|mes|notre|nos|son|sa|ses|leur|la|le|les|cette|ce|my|our|the)\b|\bl.", "",
                                  rest[cue.end():]).strip(" ,"):
                # "x@y. Merci de ne plus utiliser (mon) ancienne adresse": the cue's object is the other
                rest = ""
        if following < end and (_OLD.search(unwrapped[f.end:following]) or "\n" in folded[f.end:following]):
            rest = ""  # the cue is about the next address (on its own line in a form)
        given_before = _GIVEN_BEFORE.search(before) and _REPLACED.search(folded)
        old_cue = _OLD.search(before)
        if old_cue and (_NOW.search(before[old_cue.start():]) or _THE_NEW_ONE.search(before, old_cue.start())
                        or _REPLACES_A_POINTER.match(before, old_cue.start())):
            old_cue = None  # "ne plus utiliser x@sfr.fr (ancienne adresse), désormais envoyez tout à y@": y is the new one
        if old_cue and "(" in before[:old_cue.start()] and ")" in before[old_cue.start():] \
                and before.rfind("(") > before.rfind(")", 0, old_cue.start()):
            old_cue = None  # "envoyez à ma nouvelle adresse (je n'utilise plus celle-ci) : y@": an aside about the sender's
        post = _THE_POST.match(before, old_cue.start()) if old_cue else None
        if post and _GOVERNED_ANEW.search(before, post.end()) and not _PAPER_INVOICES.search(folded):
            # "plutôt que le courrier, utilisez x@", "je n'utilise plus la poste : x@": the post is set aside; not "plutôt
            # que le courrier ou x@, utilisez y@", "n'utilisez plus la poste ni x@", nor beside paper kept for the invoices
            # ("… envoyez les relevés à x@. Les factures, je les veux par courrier": review 18); a cue after it still counts
            old_cue = _OLD.search(before, post.end())
        if old_cue and _SENDING_AGAIN.search(before[old_cue.end(1):]):
            old_cue = None  # "ne plus utiliser son adresse et d'envoyer les factures à y@": y is where to send
        listed_with_old = index > 0 and found[index - 1].address in old and \
            re.fullmatch(r"[\s,;]*(et|ou|and|or|,)?[\s,;]*", folded[found[index - 1].end:f.start]) is not None
        apology = index + 1 == len(found) and _APOLOGY.match(after)  # "x@gmial, je veux dire y@gmail pardon"
        if old_cue and not _NEW_AFTER_REPLACE.search(before) or _OLD_AFTER.match(after) and not apology or given_before \
                or index + 1 < len(found) and _MIND_CHANGED.match(unwrapped[f.end:next_start]) \
                or _old_later(rest, f.address) or listed_with_old:  # "les anciennes adresses x@ et y@": both
            old.add(f.address)
            continue
        not_given = _NOT_DESIGNATION.search(before)
        if not_given and _BUT_INVOICES.search(before, not_given.end()):
            not_given = None  # "continuer à m'écrire ici pour le reste, mais pour les factures utilisez y@"
        if not_given and not (_FOR_YOUR_SENDINGS.search(before) and _REACH_ME.fullmatch(not_given.group(0))):
            continue  # ("Pour vos envois à venir, c'est plus simple de me joindre sur x@": where the firm sends)
        invoices_next = index + 1 < len(found) and _INVOICE_WORDS.search(folded[f.end:found[index + 1].start])
        if _FOR_OTHER_BEFORE.search(before) and not _INVOICE_WORDS.search(before) and (mains or invoices_next or folded_refusal):
            continue  # "Envoyez à compta@x (pour les réservations c'est resa@x)": the invoices' address came first
        if index + 1 < len(found) and _serves_other(folded, unwrapped, f, found[index + 1]):
            continue  # "Gardez x@ pour les devis et les relances, les factures vont à y@": x@ serves something else
        copy_cue = _COPY_AFTER.match(before) if index else None
        if copy_cue and _INVOICE_WORDS.search(before[copy_cue.end():]):
            before = before[copy_cue.end():]  # "Vous gardez x@ en copie, et les factures à y@": the cue was x@'s
        chained = bool(copies) and copies[-1][1].end == found[index - 1].end if index else False
        if chained:
            between = folded[found[index - 1].end:f.start]
            chained = "\n" not in between and bool(re.fullmatch(r"[\s,;]*(et|and|ainsi que|,)?[\s,;]*", between))
        label = folded[max(folded.rfind(c, 0, line_start - 2) for c in ".!?\n") + 1:line_start - 2] \
            if folded[line_start - 2:line_start] == ":\n" else ""  # "aussi une copie à mon épouse Margaret :\nx@"
        # "merci d'envoyer toutes les factures à notre service comptable : x@ (en copie de ce message)": the address
        # handed over is in this message's copy, not asked to be one
        this_messages_copy = _THIS_MESSAGES_COPY.match(after) is not None and _HANDED_OVER_HERE.search(before) is not None
        if (_COPY_BEFORE.search(before) or _COPY_AFTER.match(after) and not this_messages_copy or chained
                or _COPY_LABEL.search(label)) and not (mains and _AS_RECIPIENT.match(after)):
            copies.append((f.address, f))
        else:
            mains.append((f.address, f))
    refusal = folded_refusal or _refusal(unwrapped)  # a sentence hard-wrapped at 72 columns is one sentence
    form_paper = _FORM_PAPER.search(folded)
    if form_paper:
        # "Factures : PAR COURRIER svp / Devis : sav@x / Direction : d@x": the form's invoices line decides
        return Decision(REFUSAL, evidence=sentence_at(text, form_paper.start() + 1))
    decision = Decision(OTHER)
    copy_me = _copy_me(folded) and bool(sender) and not is_firm(sender, secretariat, domains)
    if copy_me:
        copies.append((sender, Found(sender, 0, 0, False)))
    if len(mains) >= 2:
        mains = _narrowed(mains, folded, old)
    if old:
        decision.flags.append("old_address_named")
        decision.retired = sorted(old)
    if len(mains) >= 2 and _THE_LAST_ONE.search(folded[mains[-1][1].end:]):
        mains = mains[-1:]  # "– RH : rh@x\n– factures fournisseurs : f@x\n\nC'est évidemment cette dernière qu'il faut utiliser"
    main_list = _unique([a for a, _ in mains if a not in old])
    if main_list and sender and sender not in main_list and not is_firm(sender, secretariat, domains) and (
            # "pour mes factures c'est l'adresse de ce mail. Par contre pour les bulletins de salaire, merci de les
            # envoyer à paie@": the given address serves other work, the invoices go where the text points
            _sender_meant(folded, [f for a, f in mains if a in main_list],
                          lambda said: _OTHER_PURPOSE.search(said) and not _INVOICE_WORDS.search(said),
                          _INVOICE_WORDS.search)
            # "OK pour le garage sur cette adresse. Vous pouvez faire de même pour mon autre société mais sur x@": the
            # address given is the writer's other company's; this one's invoices go to the mailbox written from
            or _sender_meant(folded, [f for a, f in mains if a in main_list], _ANOTHER_OF_MINE.search,
                             lambda said: not _ANOTHER_OF_MINE.search(said) and (about_invoices or _INVOICE_WORDS.search(said)))
            # "l'adresse hiver@ n'est relevée que pendant la saison. Envoyez plutôt les factures ici, sur l'adresse de ce
            # mail" (set58 NG039, dev): the mailbox named is set aside as little read, the one written from is meant
            or _sender_meant(folded, [f for a, f in mains if a in main_list], _LITTLE_READ.search, _REPLACED.search)):
        main_list = [sender]
    # ("vous pouvez envoyer à x@ [the sender] … non finalement plutôt à notre comptable (mettez-moi en copie quand même)":
    # retired as the main address, kept as the copy asked)
    copy_list = [a for a in _unique([a for a, _ in copies]) if a not in main_list and (a not in old or copy_me and a == sender)]
    if main_list or copy_list:
        if not main_list:
            # "envoyez aussi une copie à compta@x": that address is the one given
            # "Oui ça nous va. Mettez en copie la compta : x@y": the yes is for this mailbox, x@y is a copy
            explicit_copy = bool(copies) and (_COPY_BEFORE.search(folded[max(0, copies[0][1].start - 80):copies[0][1].start])
                                              or "copie" in fold(sentence_at(text, copies[0][1].start)))
            strong = any(_confirm_strong(m.group(0)) or explicit_copy for m in _CONFIRM.finditer(folded)
                         if not _negated(folded, m))
            if strong and sender and \
                    not is_firm(sender, secretariat, domains) and sender not in copy_list:
                main_list = [sender]
                # "La contact@ c'est très bien, mais mettez aussi Mme Ritter en copie : x@": the yes may choose among
                # addresses the firm's quoted question proposed
                decision.flags.append("copy_beside_yes")
            elif refusal and not _WEAK_REFUSAL.fullmatch(refusal) and not _WANTS_MAIL.search(refusal) \
                    and not _BY_MAIL.search(refusal) and _COPIED_ON_THIS_MAIL.search(folded):
                # "je mets mon fils en copie (x@) car il m'aide pour l'ordinateur, mais pour ma part je veux continuer à
                # recevoir les factures par la poste": paper, the copy only someone who reads along
                return Decision(REFUSAL, evidence=sentence_at(unwrap(text), max(folded.find(refusal), 0)),
                                flags=["copy_beside_refusal"])
            else:
                main_list, copy_list = copy_list[:1], copy_list[1:]
                decision.flags.append("copy_as_main")  # "la première, et mettez-moi en copie (x@)": the first may be resolved
        first = next((f for a, f in mains + copies if a == main_list[0]), None)
        said = fold(sentence_at(text, first.start)) if first else ""
        if _PRE_ANSWER.search(folded) and _is_question(folded) and not _SENDING.search(said):
            # "Avant de vous donner notre adresse, une question : … (c'est finance@x qui est branché dessus)"
            decision.intent = QUESTION
            decision.evidence = sentence_at(text, max(folded.find("?"), 0))
            return decision
        if first and _THEY_WILL_ANSWER.search(said) and not _SENDING.search(_TO_BE_USED.sub(" ", said)):
            # "c'est Emilie Gaborit (emilie@…) qui a repris, elle vous répondra": her contact, not an answer
            decision.intent = QUESTION
            decision.evidence = sentence_at(text, first.start)
            return decision
        mine = _MINE_FOR_ME.search(folded) or _SENDER_FOR_ANOTHER.search(folded)
        if mine and sender and not is_firm(sender, secretariat, domains) and sender not in main_list + copy_list \
                and sender not in old and not re.search(r"\b(pas|non|not|plus|rien|jamais)\b", mine.group(0)) \
                and not re.search(r"\b(pas|non|not|plus|rien|jamais|never)\b[^.!?\n]{0,20}$", folded[:mine.start()]) \
                and all(provider in sender.rsplit("@", 1)[-1]
                        for provider in re.findall(rf"\b({_PROVIDERS})\b", mine.group(0))):
            # "Pour la SELARL, sur dr.x@cabinet.fr. Pour mes factures personnelles, cette adresse gmail
            # convient": two files, two addresses, the second the sender's own
            main_list = main_list + [sender]
            decision.flags.append("sender_address_confirmed_too")
        last = max((f.end for _, f in mains + copies), default=0)
        if refusal and folded.find(refusal, last) > last and _TO_PAPER_AFTER_ALL.search(folded, last) \
                and not _ANOTHER_FILE.search(sentence_at(folded, folded.find(refusal, last))):
            # "vous pouvez envoyer à x@. … Réflexion faite, continuez plutôt à nous les envoyer par la
            # poste": the address was given, then taken back for paper
            decision.intent = REFUSAL
            decision.evidence = sentence_at(unwrap(text), folded.find(refusal, last))
            decision.flags.append("address_taken_back")
            return decision
        serving = [f for a, f in mains if a in main_list and _serves_only_other(folded, unwrapped, f)]
        unsaid = _ADDRESS_WRITTEN.sub(" ", folded)
        if main_list and not copy_list and len(serving) == len(main_list) and not _ALSO.search(unsaid) and (
                refusal and _paper_for_the_invoices(unsaid)
                or not refusal and not _INVOICE_WORDS.search(unsaid) and not _ABOUT_SENDING.search(unsaid)):
            # "utilisez x@ pour les relances uniquement, les factures restent en papier", "utilisez x@ pour les
            # convocations aux assemblées": the address serves other work; paper, or nothing, for the invoices
            decision.intent = REFUSAL if refusal else OTHER
            decision.evidence = sentence_at(unwrap(text), max(folded.find(refusal), 0)) if refusal else \
                sentence_at(text, serving[0].start)
            decision.flags.append("address_serves_other_work")
            return decision
        if refusal and first and not copy_list and not _WEAK_REFUSAL.fullmatch(refusal) and not _WANTS_MAIL.search(refusal) \
                and not _BY_MAIL.search(refusal) \
                and 0 <= folded.find(refusal) < first.start and _CONTACT_GIVEN.search(said) \
                and not _SENDING.search(said) and not _INVOICE_WORDS.search(said) \
                and not _refused_by_another(unwrapped, refusal):
            # "Keep sending them by post. My email is x@": paper for the invoices, the address to reach the writer
            decision.intent = REFUSAL
            decision.evidence = sentence_at(unwrap(text), folded.find(refusal))
            decision.flags.append("contact_address_with_refusal")
            return decision
        at = unwrapped.find(refusal, first.end) if refusal and first and len(main_list) == 1 and not copy_list else -1
        if refusal and first and at > 0 and not _WEAK_REFUSAL.fullmatch(refusal) and not _WANTS_MAIL.search(refusal) \
                and not _BY_MAIL.search(refusal) and not _SENTENCE_STOP.search(unwrapped[first.end:at]):
            lead = unwrapped[max(unwrapped.rfind(c, 0, first.start) for c in ".!?\n") + 1:at].replace(fold(first.address), " ")
            if not _SENDING.search(lead) and not _INVOICE_WORDS.search(lead) and not _CONFIRM_SENDING.search(lead):
                # "Mon petit-fils m'a créé x@ mais je ne sais pas m'en servir, gardez le papier": named, not handed over
                decision.intent = REFUSAL
                decision.evidence = sentence_at(unwrap(text), at)
                decision.flags.append("address_named_with_refusal")
                return decision
        if refusal and not copy_list and not _WEAK_REFUSAL.fullmatch(refusal) and not _WANTS_MAIL.search(refusal) \
                and (not _BY_MAIL.search(refusal) or re.search(r"\b(pas|not|never|jamais)\s+(par|by|en|via)\b", refusal)) \
                and not _refused_by_another(unwrapped, refusal) \
                and not _DEFER.search(unwrapped) and not _is_question(folded) \
                and not any(_handed_over(unwrapped, f) for a, f in mains + copies if a in main_list):
            # "Nous avons bien une adresse (x@) mais elle sert uniquement aux commandes. Pour la compta nous
            # préférons rester au papier", "Inutile de les envoyer à x@, personne ne la relève": paper is asked
            # for, and no sentence hands an address over
            decision.intent = REFUSAL
            decision.evidence = sentence_at(unwrap(text), max(folded.find(refusal), 0))
            decision.flags.append("address_not_handed_over_with_refusal")
            return decision
        if (_deferred_here(_DEFER, unwrapped) or _deferred_here(_OTHERS_ANSWER, unwrapped)
                or _deferred_here(_THEY_WILL_ANSWER, unwrapped)
                or _is_question(folded) and not _asks_elsewhere(unwrapped) and not _SEEKS_OK.search(folded)) \
                and not any(_handed_over(unwrapped, f) for a, f in mains + copies if a in main_list) \
                and not any(_confirm_strong(m.group(0)) and not _negated(folded, m)
                            and not _DEFER.search(sentence_at(unwrapped, m.start()))
                            for m in itertools.islice(_CONFIRM.finditer(folded), 50)):
            # "Je regarde ça avec ma femme et je vous réponds. Il se peut qu'on prenne son adresse (x@)", "est-ce
            # obligatoire ? Je n'utilise presque pas x@": named, asked about or put off, not handed over
            decision.intent = QUESTION
            decision.evidence = sentence_at(text, max(folded.find("?"), 0)) if "?" in folded else \
                sentence_at(text, first.start) if first else ""
            decision.flags.append("address_named_undecided")
            return decision
        decision.intent = ADDRESS
        decision.addresses = main_list
        decision.copies = copy_list
        decision.evidence = sentence_at(text, first.start) if first else ""
        if refusal:
            decision.flags.append("refusal_words_with_address")
        return decision
    flat = unwrapped  # "je\nvous donnerai la bonne adresse": one sentence
    if refusal and _refused_by_another(flat, refusal):
        # "pour moi et l'EARL, envoyez sur cette adresse. Mon père préfère garder le courrier, il vous le
        # dira": the writer decides for herself; the paper is someone else's, for a file of his own
        decision.flags.append("refusal_by_another")
        refusal = None
    refused = fold(sentence_at(flat, max(flat.find(refusal), 0))) if refusal and old else ""
    if refused and not _PAPER_WORD.search(flat) and any(fold(a) in refused for a in old) \
            and not re.search(r"\bni ailleurs\b|\bnulle part\b|\baucune (autre )?adresse\b|\bnor anywhere\b", refused):
        # "Je ne veux pas de factures sur x@, c'est ma boîte perso. Je vous envoie l'adresse pro demain": x@ is
        # set aside, no paper is asked for; what follows decides (an answer to come, a question)
        refusal = None
    if refusal and _IF_THEN_PAPER.search(sentence_at(flat, max(flat.find(refusal), 0))):
        decision.intent = QUESTION  # "Pas avant d'avoir votre réponse sur le coût : si c'est payant, je garderai le papier"
        decision.evidence = sentence_at(unwrap(text), max(flat.find(refusal), 0))
        return decision
    if refusal and _is_question(folded) or refusal and any(not _IF_IT_CHANGES.search(sentence_at(flat, m.start()))
                                                           for m in _DEFER.finditer(flat)):
        said = sentence_at(flat, max(flat.find(refusal), folded.find(refusal), 0))
        if _WEAK_REFUSAL.fullmatch(refusal) or _HEDGED.search(said) or _UNDECIDED.search(folded) \
                or _PRE_ANSWER.search(folded) or _MANDATORY_ASKED.search(flat):
            # "est-on obligé ? on n'a pas d'ordinateur", "si non, on garde le papier", "gardez le courrier
            # en attendant": asks first or decides later, nothing is refused yet
            refusal = None
    if refusal and _WEAK_REFUSAL.fullmatch(refusal) \
            and all(_WEAK_REFUSAL.fullmatch(m.group(0)) for pattern in _REFUSE for m in pattern.finditer(folded)) \
            and any(_confirm_strong(m.group(0)) and not m.group(0).startswith("celle-")
                    and not _negated(folded, m)
                    for m in itertools.islice(_CONFIRM.finditer(folded), 50)):
        # "ma grand-mère n'a pas d'ordinateur ... envoyez ses factures sur mon adresse (celle d'où je
        # vous écris)": no computer is why someone else's mailbox is given, not a refusal
        refusal = None
    if refusal:
        position = folded.find(refusal)
        if position < 0:
            position = flat.find(refusal)  # found across a hard-wrapped line ("je préfère continuer\nà les recevoir")
        decision.intent = REFUSAL
        decision.evidence = sentence_at(unwrap(text), max(position, 0))  # the whole sentence, not its last line
        return decision
    # the first confirmation nothing negates ("Non, plus celle-là. ... celle de ce message")
    # "vous pouvez nous envoyer les factures ..., c'est-à-dire celle qui apparaît comme expéditeur": the
    # words that name the mailbox, soon after a polite request, weigh more than the request
    confirm = None
    for m in itertools.islice(_confirm_cues(folded), 50):
        if confirm is not None and m.start() > confirm.end() + 300:
            break
        if _negated(folded, m) \
                or _ALTERNATIVE.match(folded[m.end():m.end() + 8]) or _asked(flat, m.start()) \
                or _RECEIVED_BEFORE.search(folded[max(0, m.start() - 40):m.start()]) \
                or _RECEIVED_AFTER.match(folded[m.end():m.end() + 30]) or _CLOSING_DOWN.match(folded, m.end()):
            continue  # ("l'adresse que vous avez pour moi (x@) va fermer": that one is being retired)
        if _REACHABLE_BEFORE.search(folded[max(0, m.start() - 60):m.start()]):
            continue  # "je reste joignable au 06 … ou à cette adresse": where to reach the writer, not the invoices
        if not _confirm_strong(m.group(0)) and _THE_POST_HERE.search(folded):
            continue  # "Je reçois vos courriers ici, à l'adresse postale habituelle, et ça me va": the post suits
        if _WANTS_MAIL.fullmatch(m.group(0)) and _BUT.search(flat[m.end():m.end() + 200].split(".")[0]):
            continue  # "Zéro papier, c'est bien beau, mais je n'ai pas internet": the wish is someone else's, or moot
        if confirm is None or _confirm_strong(m.group(0)) and not _confirm_strong(confirm.group(0)):
            confirm = m
        if _confirm_strong(confirm.group(0)):
            break
    question = _is_question(folded) and not _asks_elsewhere(flat)
    if confirm and question and _IF_FIRST.search(sentence_at(folded, confirm.start())):
        confirm = None
    if confirm and question and _HAVE_ONE.search(sentence_at(folded, confirm.start())):
        confirm = None  # "est-ce obligatoire ? j'ai bien une adresse (celle-ci) mais pas d'imprimante"
    deferred = [m.group(0) for m in _DEFER.finditer(sentence_at(flat, confirm.start()))] if confirm else []
    if confirm and (_NOTED.fullmatch(confirm.group(0)) or not _confirm_strong(confirm.group(0))) \
            and any(not _PASSES_ON.fullmatch(m.group(0)) for m in _DEFER.finditer(flat)):
        # "Merci pour votre courrier, c'est noté. J'y réfléchis et je vous redis", "Oui j'ai reçu votre mail, merci. Je
        # regarde ça ce week-end": a yes that names no mailbox, then the answer put off
        deferred.append("noted")
    if any(not _PASSES_ON.fullmatch(d) for d in deferred):
        # "je fais suivre au gérant" passes the invoices on: it does not put the answer off
        confirm = None  # "je vous confirme cette adresse plus tard"; a defer about another company stays apart
    if confirm and not (question and not _confirm_strong(confirm.group(0))) and billing \
            and (not old or _confirm_strong(confirm.group(0)) and sender not in old) \
            and (len(folded) < 300 or _confirm_strong(confirm.group(0))):
        if sender and not is_firm(sender, secretariat, domains):
            decision.intent = ADDRESS
            decision.addresses = [sender]
            decision.evidence = sentence_at(text, confirm.start())
            decision.flags.append("sender_address_confirmed")
            if not _confirm_strong(confirm.group(0)):
                decision.flags.append("agreement_only")  # "Super merci !": agrees, names no mailbox
            if all(_NOTED.fullmatch(m.group(0)) for m in _confirm_cues(folded)):
                decision.flags.append("noted_only")  # "bien noté": an acknowledgement, unless it answers a question
            return decision
    # (an answer put off for another file, "Pour mon propre dossier, je vous répondrai séparément", leaves this one's)
    defer = _first_here(_DEFER, flat) or _first_here(_OTHERS_ANSWER, flat)
    # the subject of a reply to the firm speaks of invoices by e-mail, unless the text says it is
    # about something else ("je profite de votre message pour ...")
    # ("je profite de cette adresse (vue sur la facture)": where the writer found the mailbox, not the invoices' topic)
    other_business = _OTHER_BUSINESS.search(folded) and not _INVOICE_WORDS.search(_SEEN_ON_INVOICE.sub(" ", folded)) \
        and not _SWITCH_WORDS.search(folded)
    # ("Je peux passer déposer le papier jeudi": a document brought to the office, not the post: set50 DE019, dev)
    unposted = _PAPER_BROUGHT.sub(" ", folded)
    if question and not defer and not _CAMPAIGN.search(unposted) and \
            (_OTHER_TOPIC.search(folded) or not _CAMPAIGN.search(folded_subject) and not _SWITCH_WORDS.search(folded)
             or other_business) or \
            question and not defer and other_business and not CAMPAIGN_WORDS.search(unposted) \
            and not _CAMPAIGN.search(folded_subject):
        # "un courrier des impôts … Mme Vernay peut me rappeler ?": a letter, not the post
        decision.reason = "a question unrelated to invoices by e-mail"
        return decision
    if question and not defer and _asks_elsewhere(flat):
        # "Pour mon dernier bilan, est-ce qu'on peut prévoir un rendez-vous en novembre ?": every question is about
        # the firm's other work, whatever else the text says
        decision.reason = "a question unrelated to invoices by e-mail"
        return decision
    if question or defer:
        decision.intent = QUESTION
        if defer and not question:
            decision.evidence = sentence_at(text, defer.start())
            return decision
        decision.evidence = sentence_at(text, max(folded.find("?"), 0))
        return decision
    if old:
        decision.intent = OTHER
        return decision
    return decision


# what hands an address over in its sentence: a request to send or write there, "voici", "c'est", "factures : x@"
_HANDS_OVER = re.compile(r"\b(envoy\w*|adresse[rz]|utilise[rz]|mette[zr]|transmett\w*|send|sending|use|write|ecri\w*|"
                         r"prene?z|garde[rz]\W+(?:\w+\W+){0,3}@|voici|voila|here|c.est(?! (pour|seulement|uniquement|reserve|juste))|pouvez|pourrez|merci d|accept\w*|recevoir|receive|donne\w*|"
                         r"enviar\w*|envien|(nouvelle|new) (adresse|address)|adresse suivante|a l.adresse|confirm\w*|"
                         r"(je|nous) (veux|voulons) bien|par (e-?)?mail|by e-?mail|utilise (maintenant|desormais|dorenavant|exclusivement)|"
                         r"(aller|aill\w*|part\w*|arriv\w*|parven\w*) (a|sur|chez|vers)|"
                         r"(mon|ma|notre|l.) ?(nouvelle |seule |bonne )?(adresse|boite|mail|e-?mail)( e-?mail| mail| pro\w*| perso\w*)? (est|sera|c.est))\b|"
                         r"\b(factur\w*|invoices?|adresse( e-?mail| mail| de facturation)?|e-?mail)\s*:")
# ... unless the sentence turns it away ("inutile de les envoyer à", "ne mettez rien sur", "envoyées depuis x@")
_TURNED_AWAY = re.compile(r"\b(inutile|surtout pas|jamais|ne [^.!?;\n]{0,25}\b(pas|plus|rien|jamais)|n.[^.!?;\n]{0,25}\b(pas|plus|rien|jamais)|"
                          r"not|never|don.t|do not)\b")


# asks whether the address given suits the firm: a hand-over all the same ("x@, ça vous va ?")
_SEEKS_OK = re.compile(r"\b(ca|cela|elle|celle-ci|celle-la) vous (va|convient|irait)\b|\bvous convient(-elle)?\s*\?|\bc.est bon pour vous\b|\bok pour vous\b|\bdoes (that|this) work\b")


def _first_here(pattern: re.Pattern[str], unwrapped: str) -> re.Match[str] | None:
    """The first match of ``pattern`` (an answer put off, someone else's answer to come) in a sentence that is not
    about another file ("Pour la SCM, c'est mon associé qui vous répondra" leaves the writer's own answer whole)."""
    return next((m for m in pattern.finditer(unwrapped) if not _ABOUT_ANOTHER.match(sentence_at(unwrapped, m.start()))),
                None)


# "je lui demande dimanche", "je leur en parle": the person the file is will be asked (read only in a reply's parts)
_WILL_ASK_THEM = re.compile(r"\bje (lui|leur) (demande|demanderai|en parle|en parlerai|pose la question|poserai la question)\b")


def puts_off(text: str) -> bool:
    """Whether ``text`` puts its answer off ("je reviens vers vous avant la fin du mois", "je lui demande dimanche")."""
    folded = unwrap(fold(text))
    return bool(text) and (_DEFER.search(folded) is not None or _WILL_ASK_THEM.search(folded) is not None)


def _deferred_here(pattern: re.Pattern[str], unwrapped: str) -> bool:
    """Whether ``pattern`` is found in a sentence that is not about another file (see _first_here)."""
    return _first_here(pattern, unwrapped) is not None


_ABOUT_ANOTHER = re.compile(r"\W*(pour|quant a|concernant|for|as for)\s+((la|le|les|ma|mon|mes|notre|nos|ses|son|sa|the|our|my)\s+|l\W)?"
                            # (not the invoices themselves: "Pour les factures, c'est ma secrétaire qui vous répondra")
                            r"(?!(la |les |l.|votre |vos )?(question|sujet|autre sujet|factur|invoice|envoi|e-?mail|mail|"
                            r"adresse|courrier|papier|reste|demande|proposition|changement)\w*)"
                            r"[^,.:;!?]{0,60}[,:]|"
                            # "Mon dossier à moi, on en reparlera à mon rendez-vous": the writer's own file, a topic
                            r"\W*(mon|notre) (propre )?dossier( a moi| perso\w*| personnel| prive)\s*,|"
                            # "Pour mes autres dossiers je reviens vers vous à mon retour" (a bookkeeper's other clients)
                            r"\W*(pour|quant a|concernant|for|as for) (mes|nos|les|vos|my|our|the) autres (dossiers|clients|"
                            r"societes|entreprises|comptes|files|clients)\b")


def _handed_over(unwrapped: str, found: Found) -> bool:
    """Whether the sentence of ``found`` hands its address over (not only names it beside a wish for paper)."""
    start = max(unwrapped.rfind(c, 0, found.start) for c in ".!?;\n") + 1
    if not unwrapped[start:found.start].strip(" \t\n:-*>") or unwrapped[:start].rstrip().endswith(":"):
        # "merci d'envoyer les factures à :\n\nfactures@x": alone on its line, the sentence above hands it over
        start = max(unwrapped.rfind(c, 0, max(start - 1, 0)) for c in ".!?;") + 1
    stop = _SENTENCE_STOP.search(unwrapped, found.end)
    said = unwrapped[start:stop.start() if stop else len(unwrapped)].replace(unwrapped[found.start:found.end], " @ ")
    if re.search(r"\b(depuis|from)\W+(sa |son |ma |mon |notre |leur )?(boite |adresse )?\W*@", said):
        return False  # "envoyées depuis adm@", "depuis sa boîte (x@)": where mail comes from
    if _FOR_INVOICES_THERE.search(said):
        return True  # "Pour ma SELARL, les factures à x@ svp", "Pour mes factures à moi (Dr Huon) :\nx@"
    if _HEDGED_HAND_OVER.search(re.sub(r"\([^)]*\)", " ", said)):
        return False  # "ce sera sûrement x@ mais je dois vérifier", "merci de me dire si x@ est acceptée"
    for m in _HANDS_OVER.finditer(said):
        if not _TURNED_AWAY.search(said[max(0, m.start() - 40):m.start()]) \
                and not (re.search(r"\b(ne|n.)\s*$", said[max(0, m.start() - 4):m.start()])
                         and re.match(r"\s*(presque |vraiment |guere )?(pas|plus|jamais|rien)\b", said[m.end():m.end() + 20])):
            return True  # (not "je n'utilise presque pas x@")
    return False


_FOR_INVOICES_THERE = re.compile(r"\b(factur\w*|invoices?)\b(?![^.!?\n@]{0,60}\b(perdu\w*|spams?|lost|jamais|pas|plus)\b)"
                                 r"[^.!?\n@]{0,60}\b(a|sur|chez|vers|to|at)\s+@|"
                                 r"\b(factur|invoice|compta)\w*[^.!?\n@]{0,80}:\s*@|"
                                 # "Pour la SARL : x@": a label saying which file the address is for
                                 r"^\W*(pour|for) (?!info\b|information|rappel|toute|tout |memo|reminder)[^.!?\n:@]{1,60}:\s*@")
_HEDGED_HAND_OVER = re.compile(r"\b(surement|peut-etre|il se peut|pas sure?s?|avant que (je|nous) (vous )?(confirme|valide)|"
                               r"(quelle|laquelle) (adresse )?(utiliser|prendre|choisir)|je pense|pourra|pourrions|pourrait|ou bien|"
                               r"je ne sais pas|au cas ou|avant de decider|si c.est le cas|"
                               r"(je|nous) (dois|devons) (verifier|voir|demander)|(dire|savoir) si|va changer|vont changer|"
                               r"not sure|maybe|might)\b")


def invoice_line(text: str, address: str) -> bool:
    """True when the line that holds ``address`` speaks of invoices (for out-of-office notes)."""
    for line in text.split("\n"):
        if address in line.lower():
            return bool(_INVOICE_WORDS.search(fold(line)))
    return False


def _asked(flat: str, position: int) -> bool:
    """Whether the sentence at ``position`` asks ("est-ce qu'on peut mettre la sienne à la place de celle-ci ?"),
    not requests ("tu peux leur dire d'utiliser l'adresse de ce mail ?")."""
    stop = _SENTENCE_STOP.search(flat, position)
    if stop is not None and ";" in flat[position:stop.start()]:
        return False  # "oui, nous voulons bien vos factures par mail ; par contre le prélèvement, même compte ?"
    return stop is not None and flat[stop.start():stop.start() + 1] == "?" and \
        not _POLITE_REQUEST.search(sentence_at(flat, position))


# "la gmail", "l'adresse orange", "le hotmail": another mailbox named by its provider
_A_PROVIDER = re.compile(r"\s*(?:(?:la|le|l.|mon|ma|notre|votre|cette|son|sa)\s*)?(?:(?:adresse|boite|compte|mail|e-?mail)\s+)?"
                         r"(gmail|hotmail|orange|wanadoo|free|sfr|yahoo|laposte|outlook|live|icloud|bbox|aol|neuf|club-internet)\b")


def _old_later(rest: str, address: str = "") -> bool:
    """Whether the rest of an address's sentence retires it ("..., ne plus utiliser"), not the others
    ("merci de ne plus utiliser aucune autre adresse", "x@visser.fr, ne plus utiliser la gmail")."""
    match = _OLD_LATER.search(rest)
    if match is None:
        return False
    # "x@visser.fr, ne plus utiliser la gmail", "x@etxea.fr\nLa gmail de la Table ne sert plus": of the other mailbox
    provider = _A_PROVIDER.match(rest, match.end()) or _A_PROVIDER.search(rest, 0, match.start())
    if provider and provider.group(1) not in address.partition("@")[2]:
        return False
    return not re.match(r"\s*(aucune |toute |d.)?autres?\b|\s*any other|\s*(la mienne|mine|mon adresse|"
                                         r"celle de|l.ancienne|les anciennes|les autres|nos anciennes|vos anciennes|the old|"
                                         r"my own|cette (adresse|boite)|celle-?\s?ci|this (address|one)|"
                                         # "… et de ne plus utiliser l'adresse de M. Gilbert Dupraz": another's
                                         r"l.adresse (mail |e-?mail )?(de |du |d.)(?!ce |cette |la facturation|facturation))",
                                         rest[match.end():])


_TITLE_DOT = re.compile(r"\b(m|mme|mr|mrs|ms|dr|st|mlle|pr)\.$")


def _clause_start(folded: str, position: int) -> int:
    """Where the clause holding ``position`` starts: after the last ". ! ? : or line end before it, not
    the dot of a title ("please put in cc our ms. yuki tanaka (y.tanaka@…)" is one clause)."""
    end = position
    while True:
        at = max(folded.rfind(c, 0, end) for c in ".!?\n:")
        if at < 0 or folded[at] != "." or not _TITLE_DOT.search(folded[max(0, at - 5):at + 1]):
            return at + 1
        end = at


# (also after a name that scopes the sentence: "Pour Annaïg, elle préfère le papier", "- M. Lebreton (le taxi) : il
# préfère continuer à recevoir ses factures par courrier")
_ANOTHER_PERSON = re.compile(r"^\W*((par contre|en revanche|mais|cependant|toutefois|however|but)[ ,]+)?((pour|quant a|and|as for) ((m|mme|mr|mrs|monsieur|madame)\.? )?[a-z][\w-]*( [a-z][\w-]*)?"
                             r"( \([^()]{0,40}\))?\s*[:,]?\s+|((m|mme|mr|mrs|monsieur|madame)\.? )?[a-z][\w-]*( [a-z][\w-]*)?"
                             r"( \([^()]{0,40}\))?\s*[:,]\s+)?"
                             r"((pour|quant a|and|as for) )?((mon|ma|mes|notre|nos|my|our) (pere|mere|parents|mari|femme|epouse|"
                             r"epoux|fils|fille|frere|soeur|associee?|beau-pere|belle-mere|father|mother|husband|wife|partner)|"
                             r"(il|elle|ils|elles|lui|he|she))\b")


def _sender_meant(folded: str, given: list[Found], elsewhere: Callable[[str], object],
                  confirming: Callable[[str], object]) -> bool:
    """Whether every address ``given`` sits in a sentence about something else (``elsewhere``) while a sentence
    that ``confirming`` accepts confirms the mailbox written from ("cette adresse", "l'adresse de ce mail")."""
    return all(elsewhere(_own_sentence(folded, f)) for f in given) and any(
        _confirm_strong(m.group(0)) and _SENDERS_MAILBOX.search(m.group(0)) and not _negated(folded, m)
        and confirming(sentence_at(folded, m.start())) for m in itertools.islice(_CONFIRM.finditer(folded), 50))


def _refused_by_another(flat: str, refusal: str) -> bool:
    """The refusal's sentence speaks of another person's paper ("mon père préfère garder le courrier")
    while the writer plainly confirms an address of her own elsewhere in the reply."""
    position = flat.find(refusal)
    if position < 0:
        return False
    said = sentence_at(flat, position)
    if not _ANOTHER_PERSON.search(said) or re.search(r"\b(et moi|moi et|moi aussi|nous|me|myself)\b", said) \
            or _WRITING_FOR.search(flat):
        return False  # "je vous écris pour ma mère … elle préfère le papier": she is the client
    start = flat.find(said)
    if any(not start <= m.start() < start + len(said) and not _negated(flat, m) for m in _MY_PART_YES.finditer(flat)):
        return True  # "Oui pour moi. Ma mère préfère le papier": the writer's own yes, another's paper
    return any(_confirm_strong(m.group(0)) and not _negated(flat, m) and not start <= m.start() < start + len(said)
               and not re.search(r"\b(rien|pas|jamais|plus|ne|n.|recue?|arrivee?|parvenue?)\b[^.!?\n]{0,25}$",
                                 flat[max(0, m.start() - 30):m.start()])
               and _SENDING.search(sentence_at(flat, m.start()))
               for m in itertools.islice(_CONFIRM.finditer(flat), 50))


# the writer's yes for her own part, beside another person's paper ("Oui pour moi.", "Pour nous c'est d'accord")
_MY_PART_YES = re.compile(r"\b(oui|ok|okay|d.accord|ca me va|ca nous va|parfait|tres bien|c.est bon|pas de (souci|probleme)|"
                          r"yes|fine)[ ,!]*(pour|de|for|by) (moi|nous|ma part|notre part|me|us|my part)\b|"
                          r"\bpour (moi|nous|ma part|notre part)[ ,]*(c.est )?(oui|ok|d.accord|bon|parfait)\b")


_WRITING_FOR = re.compile(r"\b(ecris|ecrivons|reponds|repondons|write|writing|answer\w*) (pour|a la place d|au nom d|for|on behalf)|"
                          r"\bpour le compte d|\bde la part d")


_BUT = re.compile(r"\b(mais|but|however|cependant|par contre|sauf que|toutefois)\b")


def _serves_other(folded: str, unwrapped: str, f: Found, following: Found) -> bool:
    """"Gardez x@ pour les devis et les relances, les factures vont à y@", "x@ pour les devis, y@ pour les
    factures": the address's own clause keeps it for something else, the next address's is the invoices'.
    Not "envoyez les factures à x@ (pour les réservations c'est y@)" nor "x@ pour les commandes comme pour
    les factures"."""
    between = _kept_for_other(folded, unwrapped, f, following.start)
    if between is None:
        return False
    own_clause = re.split(r"[,;.\n]", between, maxsplit=1)[0]
    return bool(_INVOICE_WORDS.search(between[len(own_clause):]) or
                _INVOICE_WORDS.search(unwrapped[following.end:following.end + 40]))


def _kept_for_other(folded: str, unwrapped: str, f: Found, end: int) -> str | None:
    """The text after the address ``f`` (up to ``end``) when the address's own clause keeps it for other work ("x@
    pour les devis et les relances"), and neither that clause nor its sentence before it speaks of invoices, nor
    joins them ("x@ pour les commandes comme pour les factures"); None otherwise."""
    serves = _SERVES_OTHER.match(unwrapped, f.end)
    if serves is None or unwrapped[f.end:serves.end()].lstrip().startswith("("):
        return None
    clause_start = max(folded.rfind(c, 0, f.start) for c in ".!?\n:;") + 1
    between = unwrapped[serves.end():end]
    own_clause = re.split(r"[,;.\n]", between, maxsplit=1)[0]
    if _INVOICE_WORDS.search(folded[clause_start:f.start]) or _INVOICE_WORDS.search(own_clause) \
            or re.search(r"\b(comme|aussi|ainsi que|egalement)\b", own_clause):
        return None
    return between


# what rule "an address for other work" must not overrule (review 17): the invoices too ("les factures aussi", "pour
# tout le reste"), paper set aside ("et non en papier", "plutôt qu'en papier"), the switch spoken of ("fini le papier",
# "d'accord pour le mail", "les honoraires")
_ADDRESS_WRITTEN = re.compile(r"\S+@\S+")
_ALSO = re.compile(r"\b(aussi|egalement|pareil|idem|meme adresse|de meme|le reste|tout le reste|etc|too|as well)\b")
_PAPER_INVOICES = re.compile(r"\bfactures?\b[^.!?\n]{0,40}\b(restent|resteront|reste|continuent|continuez|toujours|gardez|garder|garde|"
                             r"conservez|que je (veux|souhaite|prefere)|je les (veux|voudrais|prefere|garde))\b[^.!?\n]{0,30}"
                             r"\b(papier|courr?ier|poste)\b|\bfactures?\s*:\s*(papier|courr?ier|poste)\b|"
                             r"\b(pas|non) pour les factures\b|\b(papier|courr?ier|poste)( postal)? pour (les|la) factures?\b|"
                             # "Factures papier", "les factures en papier", "je préfère recevoir les factures sur papier",
                             # "Pas de mail pour les factures", "continuer à nous envoyer les factures par courrier",
                             # "paper invoices", "Rechnungen bitte weiterhin auf Papier" (review 19)
                             r"\bfactures?\s+(en |sur |par )?(papier|courr?ier|la poste)\b|\bpas de (mail|e-?mail) pour les factures\b|"
                             r"\bcontinuer a (nous |me )?(envoyer|adresser|recevoir) (les |nos |mes )?factures (par|sur|en) "
                             r"(papier|courr?ier|la poste|poste)\b|\bpaper invoices?\b|"
                             r"\brechnungen\b[^.!?\n]{0,30}\b(auf papier|per post|postalisch)\b|"
                             r"\b(invoices?|factures?)\b[^.!?\n]{0,30}\bby post\b")
_NOT_PAPER = re.compile(r"\b(et non|plutot qu|plutot que|pas|fini|finis|zero|arreter?|arretez|sans) (d.|de |en |par |au |le |la )?"
                        r"(version |format |envois? )?(papier|la poste|poste|courr?ier)\b")
_ABOUT_SENDING = re.compile(r"papier|courr?ier|poste\b|e-?mail|\bmail\b|demat|honoraire|\bfact\b|reste|tout|post\b")


def _paper_for_the_invoices(unsaid: str) -> bool:
    """Whether the reply keeps paper for the invoices ("les factures restent en papier"), and sets the post aside only
    before that, for the rest ("Plutôt que le courrier, utilisez x@ pour les relances ; les factures restent en papier":
    review 18), not after it or for them ("x@ pour les relances, et non en papier")."""
    paper = _PAPER_INVOICES.search(unsaid)
    return paper is not None and all(m.end() <= paper.start() for m in _NOT_PAPER.finditer(unsaid))


def _serves_only_other(folded: str, unwrapped: str, f: Found) -> bool:
    """"Utilisez x@ pour les relances uniquement": the address's own clause keeps it for other work, and nothing in
    that clause or before it in its sentence speaks of invoices ("x@ pour les commandes comme pour les factures")."""
    rest = _kept_for_other(folded, unwrapped, f, len(unwrapped))
    if rest is not None and not re.search(r"\bet\b", re.split(r"[,;.\n]", rest, maxsplit=1)[0]):
        return True
    # "Je préfère le papier pour les factures, mais envoyez les relances à x@", "… ; pour les rappels et relances : x@"
    # (review 18): the clause before the address hands it over for other work
    sentence = re.split(r"[.!?\n;]", folded[:f.start])[-1]
    clause = re.split(r",|\bmais\b|\bbut\b|\ben revanche\b|\bpar contre\b", sentence)[-1]
    return any(_OTHER_WORK.search(words) is not None and not _INVOICE_WORDS.search(words) for words in (clause, sentence))


# the firm's other mail named in the clause that hands an address over ("les relances à x@", "les devis peuvent être
# envoyés à x@", "reminders can go to x@")
_OTHER_WORK = re.compile(r"\b(rappels?|relances?|devis|commandes?|reminders?|quotes?|mahnungen|angebote)\b")

# Between two addresses, the writer corrects the first: "x@, pardon, y@", "Correction : y@", "not x@ but y@"
_CORRECTS = re.compile(r"\b(pardon|oups|mince|zut|correction|rectif\w*|erratum|erreur|faute|typo|tippfehler|korrektur|"
                       r"je voulais (dire|ecrire|mettre)|je veux dire|il faut lire|la bonne (adresse )?(est|c.est)|scratch that|"
                       r"i meant|sorry|no wait|actually|attendez|je me suis trompee?|sondern|richtig ist|es muss|"
                       r"(ce n.est|c.est) plus\b|remplacee? par|au lieu de|plus maintenant|desormais|dorenavant|from now on|"
                       r"finalement|en fait|a la place|plutot|reflexion faite|tout compte fait|apres reflexion|je corrige|corrigee?|"
                       r"desolee?|enfin|edit)\b")
# A correction that crosses a paragraph or names a person: "Edit : non en fait à y@", "P.S. Rectification, c'est y@",
# "mais finalement ma fille reprend la gestion : merci d'envoyer à y@"
_CHANGE_OF_MIND = re.compile(r"\b(finalement|reflexion faite|tout compte fait|apres reflexion|en fait|plutot|je corrige|"
                             r"rectif\w*|erratum|edit)\b")
# ...or says both count: "les deux", "et à la mienne", "both"
_BOTH_COUNT = re.compile(r"(?<!j.ai )(?<!on a )(?<!nous avons )(?<!i have )\b(les deux|aux deux|toutes les deux|tous les deux|l.une (et|ou) l.autre|both|beide|"
                         r"ainsi qu|aussi|egalement|as well|en plus|et a (la mienne|moi)|and (to )?me|(deux|2) adresses|two addresses)\b")
_INVOICE_LABEL = re.compile(r"(factur|invoice|rechnung|billing|compta|comptab|accounts? payable|\bap\b|buchhaltung|fournisseurs|"
                            r"tresor|payables?)")
_OTHER_LABEL = re.compile(r"\b(commandes?|orders?|bestellung\w*|devis|quotes?|direction|gerante?|gerance|president\w*|paie|rh|tva|vat|"
                          r"payroll|personnel|perso|personnelle|private?|support|sav|commercial|sales|presse|press|reservations?|"
                          r"bookings?|planning|chantiers?|atelier|technique|interventions?|pieces|livraisons?|secretaire|"
                          r"geschaftsfuhrung|contact|standard|accueil|magasin|opticien)\b")


def _narrowed(mains: list[tuple[str, Found]], folded: str, old: set[str]) -> list[tuple[str, Found]]:
    """Of several addresses given, those meant for invoices: a first one corrected by the next ("x@gmial, pardon,
    x@gmail", near twins written in a row), and, when some sit on a line or in a clause labelled for invoices
    ("Factures : x@ | Commandes : y@"), those only. Both stay when the text says both count."""
    if any(_BOTH_COUNT.search(_own_sentence(folded, f)) for _, f in mains):
        return mains  # (the sentence of an address: "je vous signale aussi que l'école écrira depuis y@" counts nothing)
    kept = list(mains)
    for (a, fa), (b, fb) in zip(mains, mains[1:]):
        if a == b:
            continue  # "compta@x <mailto:compta@x>": one address written twice
        between = folded[fa.end:fb.start]
        near = _near(a, b)
        twins = near or a.split("@")[0] == b.split("@")[0]
        changed = _CHANGE_OF_MIND.search(between) and not _FOR_ANOTHER.search(between)
        if ("\n\n" in between and not twins or _ANOTHER_FILE.search(between)) and not changed:
            continue  # (a paragraph apart, or "… Pour la SCI : y@": another file's address)
        if _NOT_THIS_ONE.fullmatch(between):
            continue  # "x@hotmail.fr (et pas x@hotmail.com …)": the second is the one set aside
        if _CORRECTS.search(between) or (near and not _BUT.search(folded[max(0, fa.start - 40):fa.start])):
            if (a, fa) in kept:
                kept.remove((a, fa))
                old.add(a)
    if len(kept) < 2:
        return kept
    # "Utilisez x@, pas l'adresse de l'association (y@) que j'ai quittée": of several, the ones their own clause sets aside
    set_aside = [m for n, m in enumerate(kept) if _clause_sets_aside(folded, m[1], kept[n - 1][1].end if n else 0,
                                                                   kept[n + 1][1].start if n + 1 < len(kept) else len(folded))]
    if set_aside and len(set_aside) < len(kept):
        for a, _ in set_aside:
            old.add(a)
        kept = [m for m in kept if m not in set_aside]
    if len(kept) < 2:
        return kept
    def label(f: Found) -> str:
        line_start = folded.rfind("\n", 0, f.start) + 1
        # "devis à d@, factures à f@", "mon adresse pro c'est p@ et ma perso q@": from the previous address on
        clause = re.split(r"[|;•]|\s[–-]\s|\.\s|(?<!mailto:)\b[\w.+-]+@[\w.-]+", folded[line_start:f.start])[-1]
        return clause[-80:]
    labels = {f.start: label(f) for _, f in kept}
    invoice = [(a, f) for a, f in kept if _INVOICE_LABEL.search(labels[f.start]) and not _OTHER_LABEL.search(labels[f.start])]
    other = [(a, f) for a, f in kept if (_OTHER_LABEL.search(labels[f.start]) or _LABEL_BEFORE.search(folded[max(0, f.start - 60):f.start]))
             and not _INVOICE_LABEL.search(labels[f.start])]
    if invoice and other:
        kept = [m for m in kept if m not in other]  # "Factures : x@ | Commandes : y@ | Direction : z@"
        if len(kept) < 2:
            return kept
    pointer = _POINTS_AT_LABEL.search(folded, kept[-1][1].end)
    if pointer:
        # "mail du garage : g@ / mail perso : p@ / vous mettez sur celui du garage": the label the text points at
        chosen = [(a, f) for a, f in kept if re.search(rf"\b{pointer.group('word')}", labels[f.start])]
        if chosen and len(chosen) < len(kept):
            return chosen
    # round 12: "Pourriez-vous envoyer le bilan à ma conseillère ? Son adresse : b@. Et oui pour les factures, à
    # envoyer sur c@": the addresses whose sentence speaks of invoices, when each other one's names another purpose
    sentences_of = {f.start: _own_sentence(folded, f).replace(a, " ") for a, f in kept}
    about = [(a, f) for a, f in kept if _INVOICE_WORDS.search(sentences_of[f.start])]
    if about and len(about) < len(kept) and all(_OTHER_PURPOSE.search(sentences_of[f.start]) for a, f in kept
                                                 if (a, f) not in about):
        return about
    return kept


# A confirmation that points at the sender's mailbox ("l'adresse de ce mail", "celle-ci", "celle d'où je vous écris")
_SENDERS_MAILBOX = re.compile(r"\b(ce|cet|cette|present)\b|celle-?\s?ci|d.ou\b|laquelle|\bici\b|\bthis\b")
_BUT_INVOICES = re.compile(r"\b(mais|par contre|en revanche|but|however)\b[^@]{0,40}\b(factur|invoice)")
# "qui vous confirmera l'adresse à utiliser": a noun's complement, no request to send there
_TO_BE_USED = re.compile(r"\ba (utiliser|retenir|prendre|garder)\b")
# the writer copies someone on this very message ("je mets mon fils en copie"), not a copy of the invoices asked for
_COPIED_ON_THIS_MAIL = re.compile(r"\bje (le |la |les |vous )?(mets|met|ai mis|mettrai|ajoute|ai ajoute)\b[^.!?@\n]{0,40}\ben (copie|cc)\b")
_NOT_THIS_ONE = re.compile(r"[\s(,;]*(et |mais )?(pas|non|not|surtout pas|jamais|ni)( pas)?[\s:]*")
_POINTS_AT_LABEL = re.compile(r"\b(factur\w*|mettez|envoyez|utilisez|prenez|gardez|envoyer|mettre|utiliser)\b[^.!?\n@]{0,30}?"
                              r"\b((sur|a|vers|avec) (la|le|l.|celle|celui|l.adresse)|celle|celui) ?(du |de la |de l.|de mon |de ma |de notre )?"
                              r"(?P<word>[a-z]{3,})\b")
# The writer's other business ("pour mon autre société (le contrôle technique) mais sur x@"), a relative's ("pour le
# magasin de ma femme vous pouvez envoyer à x@")
_ANOTHER_OF_MINE = re.compile(r"\b(mon|ma|notre|nos|l.) autres? (societes?|entreprises?|affaires?|activites?|structures?|boites?)\b|"
                              r"\bpour (?:(?:la |le |l.|les )[\w' -]{2,40}? (?:de |d.))?(?:mon|ma|mes|notre|nos) (fils|fille|"
                              r"enfants?|mari|femme|epouse|epoux|conjointe?|compagnon|compagne|frere|soeur|pere|mere|parents|"
                              r"beau-frere|belle-soeur|associee?)\b|"
                              # "Mon fils Kévin me demande de vous dire que pour son entreprise d'électricité …"
                              r"\b(mon|ma|notre) (fils|fille|mari|femme|epouse|epoux|frere|soeur|pere|mere|associee?)\b"
                              r"[^.!?\n]{0,80}\b(son|sa|leur) (entreprise|societe|affaire|activite|commerce|boutique|magasin|"
                              r"garage|atelier|cabinet|exploitation|restaurant)\b")
# A mailbox described as seldom read ("n'est relevée que pendant la saison", "on la consulte rarement")
_LITTLE_READ = re.compile(r"\bn.est (lue?|relevee?|consultee?|ouverte?|surveillee?|regardee?) qu|"
                          r"\b(lue?|relevee?|consultee?|ouverte?|surveillee?|regardee?) (que )?(pendant|en|durant) (la )?(saison|ete|hiver)\b|"
                          r"\b(rarement|peu|pas (tres |si )?souvent|jamais) (lue?|relevee?|consultee?|ouverte?|regardee?)\b|"
                          r"\b(lue?|relevee?|consultee?|regardee?|ouverte?) (rarement|peu|pas (tres |si )?souvent|de temps en temps)\b|"
                          r"\b(la |l.)?(consult|relev|regard|ouvr|li)\w* (tres )?(rarement|peu|pas souvent|de temps en temps)\b|"
                          r"\b(rarely|seldom|hardly ever) (read|checked|opened)\b")
# What an address beside the invoices' one is for, in its own sentence: a person or service for other work
_OTHER_PURPOSE = re.compile(r"\b(bilan|liasse|bulletins?|salaires?|paie|payroll|rh|hr|banque|bancaire|bank|conseill\w*|adviser|advisor|"
                            r"ecole|stages?|school|notaire|avocat|lawyer|assurance|insurance|cfo|closing|rendez-vous|rdv|"
                            r"documents?|pieces|releves?|declarations?|urssaf|impots?|devis|commandes?|orders?|reservations?|"
                            r"bookings?|patrimoine|wealth|planning|convention|contrat|courriers?)\b")


def _own_sentence(folded: str, f: Found) -> str:
    """The sentence holding address ``f`` (the line above too when the address stands alone on its line)."""
    start = max(folded.rfind(c, 0, f.start) for c in ".!?;\n") + 1
    lead = folded[start:f.start].strip()
    if not lead or len(lead.split()) <= 3 and lead.endswith(":") or folded[:start].rstrip().endswith(":"):
        # alone on its line, or "Son adresse : x@": the sentence before says whose and what for
        start = max(folded.rfind(c, 0, max(start - 1, 0)) for c in ".!?;\n") + 1
    stop = _SENTENCE_STOP.search(folded, f.end)
    return folded[start:stop.start() if stop else len(folded)]


_ASIDE_BEFORE = re.compile(r"(\b(pas|non|plus|jamais|not|never|nicht|kein\w*|sauf|except|hormis|ni)\b"
                           # (not the mailbox written from set aside for the one that follows: "Oui mais pas celle-ci :
                           # compta@x", review 20b)
                           r"(?!\s+(sur |a )?(celle-?\s?ci|cette adresse|celle-?\s?la|this one)\s*[:,-]?\s*(mais |plutot |but |rather )*"
                           r"(a |sur |to )?$)[^@.;]{0,40}|"
                           # "l'école de ma fille vous écrira depuis x@": where other mail will come from
                           r"\b(ecrira|ecriront|enverra|enverront|write|writes|will write)\b[^@.;]{0,20}\b(depuis|from)\s*|"
                           # (not "Les Amis du Vieux Port"): "vieille" of a mailbox only
                           r"\b(ancienne|ancien|old|previous|precedente|former|alte)\b[^@.;]{0,25}|"
                           r"\b(vieille|vieux) (adresse|boite|mail|e-?mail|compte|messagerie)\b[^@.;]{0,25})$")
_ASIDE_AFTER = re.compile(r"^[^@]{0,80}?\b((ne|n.)\s*(\w+\s+){0,2}(pas|plus|jamais|rien)\b|a eviter|que j.ai quittee?|en cours de fermeture|"
                          r"disparai\w*|est (morte|fermee|pleine|supprimee)|c.est mon (telephone|portable)|ne sert qu|"
                          r"reste (valable|active|la meme) pour|rien a voir|n.a pas besoin|not (to be )?used|should not|don.t use|"
                          r"nicht (an|fur|verwenden)|no longer|pour (les|mes|ses|nos) (autres|loisirs|courriers? perso)|"
                          r"pour (le reste|tout le reste|les devis|les commandes|la paie|les rendez-vous)|"
                          # "Moi c'est x@ si besoin de me joindre pour autre chose", "… (y@) sont à retirer de vos envois"
                          r"si besoin de me (joindre|contacter)|pour (me joindre|me contacter|autre chose)|"
                          r"(sont|est) a (retirer|supprimer|enlever|oublier))\b")


def _clause_sets_aside(folded: str, f: Found, previous_end: int, next_start: int) -> bool:
    """Whether the words around an address, up to its neighbours and within its sentence, set it aside."""
    start = max(previous_end, max(folded.rfind(c, 0, f.start) for c in ".!?\n") + 1)
    stop = _SENTENCE_STOP.search(folded, f.end)
    end = min(stop.start() if stop else len(folded), next_start)
    before, after = folded[start:f.start], folded[f.end:end]
    return bool(_ASIDE_BEFORE.search(before) or _ASIDE_AFTER.match(after))


def _near(a: str, b: str) -> bool:
    """Two addresses a slip apart (a letter, a dot, a domain's ending)."""
    la, da = a.split("@")
    lb, db = b.split("@")
    if la == lb:
        return da.split(".")[0] == db.split(".")[0] or Levenshtein.distance(da, db) <= 2
    # (a slip leaves most of the mailbox: "ap@" and "hr@" at one domain are two mailboxes, not one mistyped)
    return da == db and Levenshtein.distance(la, lb) <= min(2, (min(len(la), len(lb)) - 1) // 2)


def _confirm_cues(folded: str) -> Iterator[re.Match[str]]:
    """The confirmations of ``folded`` and its wishes for e-mail, in order (two patterns: the wishes inside
    _CONFIRM's alternation would cost that long pattern twice its time)."""
    return heapq.merge(_CONFIRM.finditer(folded), _WANTS_MAIL.finditer(folded), key=lambda m: m.start())


def _confirm_strong(cue: str) -> bool:
    """True when the cue names a mailbox ("cette adresse", "celle-ci", "ici"); a wish for e-mail names none."""
    return any(word in cue for word in ("adresse", "address", "celle", "celui", "mail", "ici", "a moi", "en-tete", "this one",
                                      "indirizzo", "direccion", "correo", "adreca")) \
        and not _WANTS_MAIL.fullmatch(cue)


def _asks_elsewhere(flat: str) -> bool:
    """True when every question of ``flat`` (folded, unwrapped) is about the firm's other work: the question,
    with the sentence before it, speaks of a tax return, an appointment, a form, and the question itself of
    neither e-mail, paper invoices nor the switch ("avec le papier" of the tax office is a document)."""
    said_ones = sentences(flat)
    asked = [n for n, s in enumerate(said_ones) if (re.search(r"\?(\s|$)", s) or _QUESTION_WORDS.match(s)
                                                     or _INDIRECT_QUESTION.search(s)) and not _REQUEST.match(s)]
    if not asked:
        return False
    for n in asked:
        said = _A_DOCUMENT.sub(" ", said_ones[n])
        window = " ".join(said_ones[max(0, n - 1):n + 1])
        if not _OTHER_BUSINESS.search(window) or CAMPAIGN_WORDS.search(said) or _INVOICE_WORDS.search(said) \
                or _SWITCH_WORDS.search(window):
            return False
    return True


_PAPER_BROUGHT = re.compile(r"\b(deposer|deposerai|apporter|apporterai|scanner|signer|remplir|rendre) "
                            r"(le|ce|un|mon|les|ces|mes) (papiers?|courriers?|documents?)\b")
_A_DOCUMENT = re.compile(r"\b(le|ce|un|mon|son|leur) (papier|courrier)\b(?! (pour|des|de mes|de nos) factures)")


def _is_question(folded: str) -> bool:
    """True when the own text asks something ("Pouvez-vous mettre ma femme en copie ?" asks for an
    action, not for an answer)."""
    return any((re.search(r"\?(\s|$)", s) or _QUESTION_WORDS.match(s) or _INDIRECT_QUESTION.search(s))
               and not _REQUEST.match(s) for s in sentences(unwrap(folded)))


# Asked in reported speech, without a question mark: "il demande si la facture par mail vaut original",
# "je voudrais savoir si ...", "she wants to know whether ..."
_INDIRECT_QUESTION = re.compile(r"\b((il|elle|ils|elles|on|client\w*) (me |nous |vous )?(demande\w*|se demande\w*)|"
                                r"(voudrai\w*|aimerai\w*|souhaite\w*|veu[tx]|voulons) savoir|"
                                r"(asks|asked|wonders|wondered|wants to know|would like to know|like to know))\s+"
                                r"(si(?! possible)|s.il|s.ils|comment|quand|pourquoi|combien|quel\w*|whether|if|how|why|when)\b")


_REQUEST = re.compile(r"((pour|concernant|quant a|for|as for) (nos|mes|les|vos|our|my|the) factures( \([^()]{0,80}\))?[ ,]*)?"  # "Pour nos factures (M. et Mme X) pourriez-vous …"
                      r"(and |et |also |so |alors |aussi )?(merci de |svp |please )?(pouvez|pourriez|pourrez|voudriez|veuillez|could|can|would|will)[- ]?"
                      r"(vous|you)?\s+(bien |aussi |egalement |also |please )*(me |nous |les |la |le |l.)?"
                      r"(mettre|envoyer|ajouter|utiliser|noter|enregistrer|adresser|transmettre|copier|inclure|garder|"
                      r"put|send|add|use|cc|copy|include|keep|note)\b[^?]*\??$")


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
