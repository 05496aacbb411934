"""The client file, indexed once for matching: by code, SIREN, address, company domain and name."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from campaign.matching.domains import company_domain, website_domain
from campaign.matching.names import Name, canonical_form, normalise_name

_PERSON_FORMS = frozenset(("", "ei", "eirl", "selarl", "selurl", "scm", "scp", "selas", "sel", "indivision"))


@dataclass
class ClientIndex:
    """Clients still in the file, with lookup tables built once per client file."""

    codes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)   # the name as written, for evidence
    names: list[Name] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)    # canonical legal form ('' when unknown)
    persons: list[bool] = field(default_factory=list)  # individuals and liberal professions
    domains: list[frozenset[str]] = field(default_factory=list)
    addresses: list[tuple[str, ...]] = field(default_factory=list)
    by_code: dict[str, int] = field(default_factory=dict)
    by_siren: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_address: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_domain: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_key: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    vocabulary: set[str] = field(default_factory=set)
    max_words: int = 1
    keys: list[str] = field(default_factory=list)      # name keys, aligned with codes (for cdist)

    def __len__(self) -> int:
        return len(self.codes)

    def add(self, code: str, name: str, first_name: str = "", legal_form: str = "", siren: str = "",
            siret: str = "", emails: Iterable[str] = (), website: str = "",
            firm_domains: tuple[str, ...] = ()) -> None:
        """Index one client."""
        i = len(self.codes)
        reduced = normalise_name(name, first_name)
        form = canonical_form(legal_form) or reduced.form
        self.codes.append(code)
        self.labels.append(" ".join(p for p in (name, first_name) if p))
        self.names.append(reduced)
        self.keys.append(reduced.key)
        self.forms.append(form)
        self.persons.append(bool(first_name) or form in _PERSON_FORMS)
        self.by_code[code.strip().upper()] = i
        siren = "".join(ch for ch in siren if ch.isdigit())
        siret = "".join(ch for ch in siret if ch.isdigit())
        for number in {siren[:9] if len(siren) == 9 else "", siret[:9] if len(siret) == 14 else ""} - {""}:
            self.by_siren[number].append(i)
        emails = tuple(dict.fromkeys(e.strip().lower() for e in emails if e and "@" in e))
        self.addresses.append(emails)
        domains = {company_domain(e, firm_domains) for e in emails}
        site = website_domain(website)
        domains.add(company_domain(f"www@{site}", firm_domains) if site else "")
        domains.discard("")
        self.domains.append(frozenset(domains))
        for address in emails:
            self.by_address[address].append(i)
        for domain in domains:
            self.by_domain[domain].append(i)
        if reduced.key:
            self.by_key[reduced.key].append(i)
            self.vocabulary.update(reduced.tokens)
            self.max_words = max(self.max_words, len(reduced.tokens))


def build_index(rows: Iterable[dict], firm_domains: Iterable[str] = ()) -> ClientIndex:
    """Index client rows (``clients`` table rows, ``emails`` as JSON text or a list)."""
    index = ClientIndex()
    firm = tuple(d.lower() for d in firm_domains)
    for row in rows:
        emails = row.get("emails") or []
        if isinstance(emails, str):
            emails = json.loads(emails or "[]")
        index.add(row["code"], row.get("name", ""), row.get("first_name", ""), row.get("legal_form", ""),
                  row.get("siren", ""), row.get("siret", ""), emails, row.get("website", ""), firm)
    return index
