"""Reply understanding: what a client's reply says (intent, billing addresses, evidence).

``understand(raw, FirmContext(...))`` reads one raw message; ``campaign.understanding.stage``
runs it as the ``understanding`` pipeline stage and stores the result in table ``replies``.
The names below are loaded when first used, so that importing one light module of this package
(its settings, its evidence patterns) does not load the whole reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from campaign.understanding.reply import INTENTS, FirmContext, Understanding, understand

__all__ = ["INTENTS", "FirmContext", "Understanding", "understand"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from campaign.understanding import reply

        return getattr(reply, name)
    raise AttributeError(f"module 'campaign.understanding' has no attribute {name!r}")
