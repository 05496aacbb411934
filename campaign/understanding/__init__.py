"""Reply understanding: what a client's reply says (intent, billing addresses, evidence).

``understand(raw, FirmContext(...))`` reads one raw message; ``campaign.understanding.stage``
runs it as the ``understanding`` pipeline stage and stores the result in table ``replies``.
"""

from campaign.understanding.reply import INTENTS, FirmContext, Understanding, understand

__all__ = ["INTENTS", "FirmContext", "Understanding", "understand"]
