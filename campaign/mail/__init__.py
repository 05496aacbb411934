"""Mail side of the campaign: harvesting replies from IMAP or mail files, storing them, and the
pipeline of stages (reply understanding, matching) that later run over stored messages."""
