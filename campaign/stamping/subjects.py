"""The subject the memo's QR code writes: the memo writes it, the understanding stage reads it."""

SUBJECTS = {"fr": "Adresse e-mail pour les factures", "en": "E-mail address for invoices"}
