"""The secretaries' review: each client's state, decisions, the review workbook."""
