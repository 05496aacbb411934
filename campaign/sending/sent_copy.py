"""A copy of each message sent, kept in the secretariat mailbox's Sent folder over IMAP ([smtp]
sent_folder), as a mail program does: the secretaries then see the requests beside the replies.

Keeping the copy is a courtesy, not part of sending: a copy that cannot be written is reported and
the sending goes on (the message has already gone out).
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from typing import Any

from campaign.errors import CampaignError
from campaign.mail.imap_settings import ImapSettings
from campaign.mail.imap_source import connect, logout


class SentFolder:
    """Appends sent messages to one IMAP folder (opened on the first copy, kept for the run)."""

    def __init__(self, imap: ImapSettings, folder: str, *, ca_file: str | None = None) -> None:
        self.imap, self.folder, self.ca_file = imap, folder, ca_file
        self._client: Any = None

    def keep(self, msg: EmailMessage) -> None:
        """Append ``msg`` as read (\\Seen); CampaignError with one line when it cannot be."""
        try:
            if self._client is None:
                self._client = connect(self.imap, ca_file=self.ca_file)
                if not self._client.folder_exists(self.folder):
                    raise CampaignError(f"IMAP folder {self.folder!r} does not exist on {self.imap.host}: set [smtp] "
                                        "sent_folder to the mailbox's Sent folder (e.g. \"Sent\", \"Éléments envoyés\")")
            self._client.append(self.folder, msg.as_bytes(), flags=[b"\\Seen"], msg_time=dt.datetime.now(dt.timezone.utc))
        except CampaignError:
            self.close()
            raise
        except Exception as exc:  # the server said no, the connection broke: the next copy opens a new one
            self.close()
            raise CampaignError(f"copy not kept in {self.folder!r}: {' '.join(str(exc).split())[:200]}") from None

    def close(self) -> None:
        """Log out (quietly when the connection is already gone)."""
        client, self._client = self._client, None
        if client is not None:
            logout(client)
