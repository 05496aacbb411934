"""Which e-mail domains say something about a company, and the domain of an address or website."""

from __future__ import annotations

import re

# Webmail and ISP domains (DOMAIN.md): anyone can have an address there, so they never point to a
# company. Families such as hotmail.* are matched on their first label, whatever the country.
CONSUMER_DOMAINS = frozenset((
    "gmail.com", "googlemail.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "cegetel.net",
    "laposte.net", "bbox.fr", "club-internet.fr", "numericable.fr", "noos.fr", "aliceadsl.fr", "alice.fr",
    "icloud.com", "me.com", "mac.com", "aol.com", "aol.fr", "msn.com", "gmx.fr", "gmx.com", "gmx.net",
    "protonmail.com", "proton.me", "pm.me", "tutanota.com", "mail.com", "ymail.com", "zoho.com", "yandex.com",
    "voila.fr", "tele2.fr", "dbmail.com", "9online.fr", "infonie.fr", "libertysurf.fr", "nordnet.fr",
    "outlook.com", "hotmail.com", "live.com", "yahoo.com", "hotmail.fr", "outlook.fr", "live.fr", "yahoo.fr",
))
CONSUMER_FAMILIES = frozenset(("hotmail", "outlook", "live", "yahoo", "gmx", "aol", "orange", "free"))

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


def domain_of(address: str) -> str:
    """The lower-cased domain of an e-mail address ('' when it has none)."""
    return address.rsplit("@", 1)[1].strip().lower().rstrip(".") if "@" in address else ""


def website_domain(url: str) -> str:
    """'https://www.Durand-BTP.fr/contact' -> 'durand-btp.fr' ('' when it is not a web address)."""
    url = url.strip().lower()
    if not url or " " in url or "@" in url:
        return ""
    host = _SCHEME.sub("", url).split("/", 1)[0].split(":", 1)[0].rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host if "." in host else ""


def is_consumer(domain: str) -> bool:
    """Whether ``domain`` is a webmail or ISP domain (it tells nothing about a company)."""
    domain = domain.lower()
    if domain in CONSUMER_DOMAINS:
        return True
    return domain.split(".", 1)[0] in CONSUMER_FAMILIES  # hotmail.co.uk, yahoo.es, outlook.be ...


def company_domain(address: str, firm_domains: list[str] | tuple[str, ...] = ()) -> str:
    """The domain of ``address`` when it can point to a company: not consumer, not the firm's own."""
    domain = domain_of(address)
    if not domain or is_consumer(domain):
        return ""
    if any(domain == d or domain.endswith("." + d) for d in firm_domains):
        return ""
    return domain
