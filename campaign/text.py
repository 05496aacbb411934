"""Text rules every step shares, with no dependency of their own: folding French text for
comparison, the webmail domains that say nothing about a company, the spreadsheet formula guard, and
the characters a file name must not hold.
They sit below the steps so that none of them imports another step for a string function."""

from __future__ import annotations

import re
import unicodedata

# Characters Windows refuses in file names, and control characters (names made of a manager's name, a client code)
FILE_NAME_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


class _FoldTable(dict):
    """str.translate table that folds each character once (lower case, accents removed)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "\u00a0\u202f":
            folded = " "
        elif char in "\u2019\u02bc":
            folded = "'"
        else:
            decomposed = unicodedata.normalize("NFKD", char.lower())
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
            if len(folded) != 1:
                folded = char.lower() if len(char.lower()) == 1 else char  # keep positions aligned
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, accents removed, non-breaking spaces as spaces (for matching French text).

    One character in, one character out, so positions in the folded text are positions in the text.
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


# Webmail and ISP domains (DOMAIN.md): anyone can have an address there, so they never point to a
# company. Families such as hotmail.* are matched on their first label, whatever the country.
CONSUMER_DOMAINS = frozenset((
    "gmail.com", "googlemail.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "cegetel.net",
    "laposte.net", "bbox.fr", "club-internet.fr", "numericable.fr", "noos.fr", "aliceadsl.fr", "alice.fr",
    "icloud.com", "me.com", "mac.com", "aol.com", "aol.fr", "msn.com", "gmx.fr", "gmx.com", "gmx.net",
    "protonmail.com", "proton.me", "pm.me", "tutanota.com", "mail.com", "ymail.com", "zoho.com", "yandex.com",
    "voila.fr", "tele2.fr", "dbmail.com", "9online.fr", "infonie.fr", "libertysurf.fr", "nordnet.fr",
    "outlook.com", "hotmail.com", "live.com", "yahoo.com", "hotmail.fr", "outlook.fr", "live.fr", "yahoo.fr",
    # the foreign clients' ISPs (second homes, gîtes, cross-border workers): a Dutch family's ziggo.nl is no company
    "ziggo.nl", "kpnmail.nl", "kpnplanet.nl", "planet.nl", "home.nl", "hetnet.nl", "xs4all.nl", "chello.nl", "casema.nl",
    "upcmail.nl", "telfort.nl", "online.nl", "zonnet.nl", "quicknet.nl", "caiway.nl", "tele2.nl",
    "skynet.be", "telenet.be", "proximus.be", "belgacom.net", "scarlet.be", "voo.be", "pandora.be",
    "btinternet.com", "btopenworld.com", "sky.com", "virginmedia.com", "ntlworld.com", "blueyonder.co.uk", "talktalk.net",
    "tiscali.co.uk", "plus.net", "zen.co.uk", "o2.co.uk", "eircom.net",
    "web.de", "t-online.de", "freenet.de", "arcor.de", "posteo.de", "mailbox.org",
    "bluewin.ch", "sunrise.ch", "hispeed.ch", "pt.lu", "telefonica.net", "movistar.es", "sapo.pt",
    "libero.it", "virgilio.it", "tin.it", "alice.it", "tiscali.it", "fastwebnet.it",
))
CONSUMER_FAMILIES = frozenset(("hotmail", "outlook", "live", "yahoo", "gmx", "aol", "orange", "free"))


def is_consumer(domain: str) -> bool:
    """Whether ``domain`` is a webmail or ISP domain (it tells nothing about a company)."""
    domain = domain.lower()
    if domain in CONSUMER_DOMAINS:
        return True
    return domain.split(".", 1)[0] in CONSUMER_FAMILIES  # hotmail.co.uk, yahoo.es, outlook.be ...


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value: str) -> str:
    """``value`` with a leading "'" when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value
