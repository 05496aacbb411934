"""campaign: switch an accounting firm's clients from posted to e-mailed invoices."""

__version__ = "0.1.0"
