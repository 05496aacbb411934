"""Handing messages to the firm's SMTP server: TLS verified (implicit or STARTTLS), a password or
an OAuth2 token (XOAUTH2, Microsoft 365), and what each failure means for the message.

A message's fate after a failure is one of three: refused (the server said no for good: not sent),
failed (the server said "later", or the connection could not even start: not sent) or uncertain
(the connection broke while the server had the message: it may have been delivered). Only the
last one is not retried automatically.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from email.message import EmailMessage
from typing import Callable

from campaign.errors import CampaignError, ConfigError
from campaign.mail.imap_source import tls_context
from campaign.mail.secrets import get_secret
from campaign.sending.settings import DEFAULT_PORTS, SmtpSettings

SMTP_SCOPES = ["https://outlook.office.com/SMTP.Send"]


class Refused(CampaignError):
    """The server refused this message for good (5xx): it was not sent; sending it again will not help."""


class Failed(CampaignError):
    """The server could not take this message now (4xx): it was not sent; a later run sends it."""


class Uncertain(CampaignError):
    """The connection broke while the server had the message: it may or may not have been delivered."""


class Unreachable(CampaignError):
    """No session could be opened (connection, TLS or login): nothing was sent."""


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {' '.join(text.split())}"[:300]
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


def secret(settings: SmtpSettings, token: Callable[[], str | None] = lambda: None) -> str:
    """The password, or with xoauth2 the access token (``token``: a saved Microsoft sign-in's)."""
    if settings.auth == "xoauth2":
        if not os.environ.get(settings.token_env):
            found = token()
            if found:
                return found
        return get_secret(env_var=settings.token_env, username=settings.username, host=settings.host, oauth2=True,
                          protocol="smtp")
    return get_secret(env_var=settings.password_env, username=settings.username, host=settings.host, oauth2=False,
                      protocol="smtp")


class Outgoing:
    """One SMTP session (a context manager): open, send messages one by one, close."""

    def __init__(self, settings: SmtpSettings, *, ca_file: str | None = None,
                 credential: Callable[[], str] | None = None) -> None:
        self.settings = settings
        self.ca_file = ca_file
        self._credential = credential or (lambda: secret(settings))
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Outgoing":
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        """Connect, secure and log in; Unreachable (or ConfigError for a login refused) otherwise."""
        s = self.settings
        context: ssl.SSLContext = tls_context(self.ca_file)
        try:
            if s.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=context)
            self._smtp = smtp
            if s.username:
                self._login(smtp)
        except ssl.SSLCertVerificationError as exc:
            self.close()
            raise ConfigError(f"{s.host}:{s.port}: the server's certificate is not trusted ({exc.verify_message}); "
                              "set [smtp] ca_file for a private CA, never turn verification off") from None
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise ConfigError(f"{s.account}: login refused ({_one_line(exc)}); check [smtp] username and the "
                              f"{'token' if s.auth == 'xoauth2' else 'password'} (see docs/sending.md)") from None
        except smtplib.SMTPNotSupportedError as exc:
            self.close()
            raise ConfigError(f"{s.account}: {_one_line(exc)}; check [smtp] security and port") from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise Unreachable(f"{s.host}:{s.port}: cannot open an SMTP session ({_one_line(exc)}); if this lasts, "
                              f"check [smtp] host, port and security ({s.security} usually goes with port "
                              f"{DEFAULT_PORTS[s.security]})") from None

    def _login(self, smtp: smtplib.SMTP) -> None:
        value = self._credential()
        if self.settings.auth == "xoauth2":
            # smtplib's auth() says no EHLO of its own (login() does): after STARTTLS the server would
            # answer "503 send EHLO first", which auth() takes for "already authenticated"
            smtp.ehlo_or_helo_if_needed()
            initial = f"user={self.settings.username}\x01auth=Bearer {value}\x01\x01"
            # on failure the server sends a JSON challenge; the client answers with an empty line
            smtp.auth("XOAUTH2", lambda challenge=None: initial if challenge is None else "", initial_response_ok=True)
        else:
            smtp.login(self.settings.username, value)

    def send(self, msg: EmailMessage, sender: str, recipient: str) -> None:
        """Hand one message to the server for ``recipient``; Refused, Failed or Uncertain otherwise."""
        if self._smtp is None:
            raise Failed("no SMTP session")
        # where the server offers delivery status notifications, a bounce then names our message by its
        # envelope id too (RFC 3461), even when it returns none of its headers
        envid = str(msg["Message-ID"] or "").strip("<> ")
        options = [f"ENVID={envid}", "RET=HDRS"] if envid and self._smtp.has_extn("dsn") else []
        try:
            refused = self._smtp.send_message(msg, from_addr=sender, to_addrs=[recipient], mail_options=options)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            error = smtplib.SMTPResponseException(code, text)
            raise (Refused if code >= 500 else Failed)(f"{recipient}: {_one_line(error)}") from None
        except smtplib.SMTPSenderRefused as exc:
            if exc.smtp_code < 500:
                raise Failed(f"sender {sender} refused for now: {_one_line(exc)}") from None
            raise ConfigError(f"{self.settings.account}: the server refuses to send as {sender} ({_one_line(exc)}); "
                              "the [smtp] account must be allowed to send as the secretariat address") from None
        except smtplib.SMTPDataError as exc:
            raise (Refused if exc.smtp_code >= 500 else Failed)(f"{recipient}: {_one_line(exc)}") from None
        except (smtplib.SMTPServerDisconnected, socket.timeout, OSError, smtplib.SMTPException) as exc:
            self._smtp = None  # the session is gone either way
            raise Uncertain(f"{recipient}: the connection broke while sending ({_one_line(exc)})") from None
        if refused:
            raise Refused(f"{recipient}: refused by the server")

    def close(self) -> None:
        """End the session politely when it is still up."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
