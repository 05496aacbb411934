"""Which pages belong to which invoice, and whose invoice it is, from the pages' text.

A batch file exported by the management software holds many invoices back to back. A new
invoice starts on a page whose text shows an invoice number or client code different from the
previous page's; pages that show neither (continuation pages) belong to the invoice before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campaign.clients.codes import code_key


@dataclass
class PageKeys:
    """What one page's text says about its invoice."""

    client: str | None
    invoice: str | None


@dataclass
class Invoice:
    """A run of pages (0-based, in order) that make one invoice."""

    pages: list[int] = field(default_factory=list)
    client: str | None = None
    number: str | None = None

    def targets(self, which: str) -> list[int]:
        """The pages to stamp: ``last``, ``first`` or ``all``."""
        if which == "all":
            return list(self.pages)
        return [self.pages[0]] if which == "first" else [self.pages[-1]]


class KeyReader:
    """Finds the client code and invoice number in a page's text."""

    def __init__(self, client_pattern: str, invoice_pattern: str, case_sensitive_codes: bool = False) -> None:
        self.client = re.compile(client_pattern, re.IGNORECASE)
        self.invoice = re.compile(invoice_pattern, re.IGNORECASE)
        self.case_sensitive_codes = case_sensitive_codes

    def read(self, text: str) -> PageKeys:
        """The first client code (as its code_key) and invoice number (upper-cased) on the page, if any."""
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        client, invoice = _first(self.client, text), _first(self.invoice, text)
        return PageKeys(client=code_key(client, self.case_sensitive_codes) if client else None,
                        invoice=invoice.upper() if invoice else None)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if not match:
        return None
    value = next((g for g in match.groups() if g), None)
    return value.strip().rstrip(".,;:") if value else None


def split_invoices(pages: list[PageKeys]) -> list[Invoice]:
    """Group consecutive pages into invoices."""
    invoices: list[Invoice] = []
    current: Invoice | None = None
    for index, keys in enumerate(pages):
        new = current is None or (
            (keys.invoice is not None and current.number is not None and keys.invoice != current.number)
            or (keys.client is not None and current.client is not None and keys.client != current.client)
        )
        if new:
            current = Invoice()
            invoices.append(current)
        assert current is not None
        current.pages.append(index)
        current.client = current.client or keys.client
        current.number = current.number or keys.invoice
    return invoices
