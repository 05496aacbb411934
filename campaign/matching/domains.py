"""Which e-mail domains say something about a company, and the domain of an address or website."""

from __future__ import annotations

import re

from campaign.text import is_consumer

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


def company_domain(address: str, firm_domains: list[str] | tuple[str, ...] = ()) -> str:
    """The domain of ``address`` when it can point to a company: not consumer, not the firm's own."""
    domain = domain_of(address)
    if not domain or is_consumer(domain):
        return ""
    if any(domain == d or domain.endswith("." + d) for d in firm_domains):
        return ""
    return domain
