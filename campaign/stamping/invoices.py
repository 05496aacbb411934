"""Which pages belong to which invoice, and whose invoice it is, from the pages' text.

A batch file exported by the management software holds many invoices back to back. A new
invoice starts on a page whose text shows an invoice number or client code different from the
previous page's; pages that show neither (continuation pages) belong to the invoice before.

Pages without any text (scans) say nothing about boundaries. In a file whose other pages name
invoices they are read as continuation pages (a scanned annex); in a file that names none, each
is its own invoice: a stack of scanned invoices then gets a memo on every one, and a scanned
two-page invoice gets one memo too many, which tells nobody anything wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from campaign.clients.codes import code_key


@dataclass
class PageKeys:
    """What one page's text says about its invoice."""

    client: str | None
    invoice: str | None
    words: bool = True  # False on a page without a letter or digit of text (a scan)


@dataclass
class Invoice:
    """A run of pages (0-based, in order) that make one invoice."""

    pages: list[int] = field(default_factory=list)
    client: str | None = None
    number: str | None = None
    text_pages: list[int] = field(default_factory=list)  # its pages that have text (not scanned annexes)

    def targets(self, which: str) -> list[int]:
        """The pages to stamp: ``last``, ``first`` or ``all``.

        Only pages with text when it has some: a scanned page taken as this invoice's annex may be
        another client's invoice, and must not carry this client's memo.
        """
        pages = self.text_pages or self.pages
        if which == "all":
            return list(pages)
        return [pages[0]] if which == "first" else [pages[-1]]


class KeyReader:
    """Finds the client code and invoice number in a page's text.

    A value is taken only if it can be one: an invoice number has a digit (a table header such as
    "Facture n° | Date" must not make DATE an invoice number), and a client code without a digit
    only when the client file has it (``known``): "Code client | Date" must never put DATE in a
    memo as the client's reference. Otherwise the next match on the page is tried.
    """

    def __init__(self, client_pattern: str, invoice_pattern: str, case_sensitive_codes: bool = False,
                 known: Callable[[str], bool] = lambda code: False) -> None:
        self.client = re.compile(client_pattern, re.IGNORECASE)
        self.invoice = re.compile(invoice_pattern, re.IGNORECASE)
        self.case_sensitive_codes = case_sensitive_codes
        self.known = known

    def read(self, text: str) -> PageKeys:
        """The first client code (as its code_key) and invoice number (upper-cased) on the page, if any."""
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        client = _first(self.client, text, lambda v: _has_digit(v) or self.known(v))
        invoice = _first(self.invoice, text, _has_digit)
        return PageKeys(client=code_key(client, self.case_sensitive_codes) if client else None,
                        invoice=invoice.upper() if invoice else None,
                        words=any(ch.isalnum() for ch in text))


def _has_digit(value: str) -> bool:
    return any(ch.isdigit() for ch in value)


def _first(pattern: re.Pattern[str], text: str, acceptable: Callable[[str], bool]) -> str | None:
    for match in pattern.finditer(text):
        value = next((g for g in match.groups() if g), None)
        value = value.strip().rstrip(".,;:") if value else None
        if value and acceptable(value):
            return value
    return None


def split_invoices(pages: list[PageKeys]) -> list[Invoice]:
    """Group consecutive pages into invoices (see the module's note on pages without text)."""
    named = any(keys.client or keys.invoice for keys in pages)
    invoices: list[Invoice] = []
    current: Invoice | None = None
    for index, keys in enumerate(pages):
        new = current is None or (not named and not keys.words) or (
            (keys.invoice is not None and current.number is not None and keys.invoice != current.number)
            or (keys.client is not None and current.client is not None and keys.client != current.client)
        )
        if new:
            current = Invoice()
            invoices.append(current)
        assert current is not None
        current.pages.append(index)
        if keys.words:
            current.text_pages.append(index)
        current.client = current.client or keys.client
        current.number = current.number or keys.invoice
    return invoices
