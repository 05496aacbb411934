"""What a client file is, for reading a reply to the request it was sent: a company's or a private person's, and
the street that is its own (the SCI owning the walls at the same number shares it: then it names neither)."""

from __future__ import annotations

import re

from campaign.clients.listing import addresses_at_postcode
from campaign.contacts import street_of
from campaign.names import TRADE_NAME, canonical_form
from campaign.store import Store
from campaign.text import fold

_PRIVATE_FORMS = frozenset(("particulier", "particuliers", "personne physique", "personne privee", "prive", "pp"))
# "FOURNIER Alain et Sylvie", "HANOT Gérard": a surname in capitals, then first names (no trade name is written so)
_PERSON_NAME = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý' -]+ [A-ZÀ-Ý][a-zà-ÿ]+(-[A-ZÀ-Ý][a-zà-ÿ]+)?( et [A-ZÀ-Ý][a-zà-ÿ]+(-[A-ZÀ-Ý][a-zà-ÿ]+)?)?")


def file_kind(name: str, legal_form: str, first_name: str) -> str:
    """"company", "private" (a private person's file) or "" (a sole trader's, or not said) for a client file."""
    form = canonical_form(legal_form)
    if form and form not in ("ei", "eirl", "indivision"):
        return "company"
    if form:
        return ""
    person_form = fold(legal_form).strip() in _PRIVATE_FORMS
    # ("SCI Dupont", "GARAGE Martin", with no form given, are no person's: a form or a trade in the name)
    named_like_one = _PERSON_NAME.fullmatch(name.strip()) and not canonical_form(name) and not TRADE_NAME.search(fold(name))
    return "private" if first_name or person_form or not legal_form.strip() and named_like_one else ""


def own_street(store: Store, code: str, address: str, postcode: str) -> str:
    """The client's street as written after the number ("rue de vesle"), '' when none or when another client of the
    file is at the same street and number."""
    street = street_of(address, postcode)
    if street is None:
        return ""
    others = (street_of(a, p) for a, p in addresses_at_postcode(store, street.postcode, code))
    return "" if any(other is not None and other.key == street.key for other in others) else street.phrase
