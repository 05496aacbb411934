"""Handing messages to the firm's SMTP server: TLS verified (implicit or STARTTLS), a password or
an OAuth2 token (XOAUTH2, Microsoft 365), and what each failure means for the message.

A message's fate after a failure is one of three: refused (the server said no for good: not sent),
failed (the server said "later", or the connection could not even start: not sent) or uncertain
(the connection broke while the server had the message: it may have been delivered). Only the
last one is not retried automatically.
"""

from __future__ import annotations

import io
import os
import re
import smtplib
import ssl
from email import generator, policy
from email.message import EmailMessage

from email_validator import EmailNotValidError, validate_email
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


class Halted(CampaignError):
    """The server refused in a way that is not about one address (a sending quota, a policy, the right to
    send as the secretariat): nothing more should be tried this run; the message was not sent."""


class Unreachable(CampaignError):
    """No session could be opened (connection, TLS or login): nothing was sent."""


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {' '.join(text.split())}"[:300]
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


def _reply(code: int, text: bytes | str) -> str:
    return _one_line(smtplib.SMTPResponseException(code, text))


# Enhanced status codes that say the recipient's address itself is bad (RFC 3463): 5.1.x addressing,
# 5.2.1 mailbox disabled; a plain 550/551/553 without one is read the same way
_RECIPIENT_CODES = re.compile(r"^\s*5\.(1\.\d+|2\.1)\b")
_ENHANCED = re.compile(r"^\s*\d\.\d{1,3}\.\d{1,3}\b")


def _about_the_recipient(code: int, text: bytes | str) -> bool:
    """Whether a 5xx answer to RCPT TO is about that address (final) rather than the sending (a quota)."""
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    if _ENHANCED.match(words):
        return bool(_RECIPIENT_CODES.match(words))
    return code in (550, 551, 553)


def _flat(msg: EmailMessage, utf8: bool) -> bytes:
    """The message as bytes with CRLF line ends; headers in UTF-8 only for an address that needs it (the
    server then speaks SMTPUTF8): encoded words are not allowed in an address."""
    out = io.BytesIO()
    generator.BytesGenerator(out, policy=policy.SMTPUTF8 if utf8 else policy.SMTP).flatten(msg)
    return out.getvalue()


def deliverable(address: str) -> str:
    """The address as the server is given it: a domain with accents in its ASCII form (IDNA), so that only a
    mailbox name with accents needs a server that speaks SMTPUTF8."""
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return address
    return checked.ascii_email or checked.normalized


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
            if exc.verify_code == 62:  # X509_V_ERR_HOSTNAME_MISMATCH: a good certificate, for another name
                raise ConfigError(f"{s.host}:{s.port}: the server's certificate is for another host name "
                                  f"({exc.verify_message}); set [smtp] host to the name the provider gives") from None
            raise ConfigError(f"{s.host}:{s.port}: the server's certificate is not trusted ({exc.verify_message}); "
                              "set [smtp] ca_file for a private CA, never turn verification off") from None
        except UnicodeEncodeError:
            self.close()  # smtplib writes logins in ASCII
            raise ConfigError(f"{s.account}: the password or user name has accents or other non-ASCII characters, "
                              "which SMTP logins cannot carry; change the password (see docs/sending.md)") from None
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
        """Hand one message to the server for ``recipient``, step by step (MAIL, RCPT, DATA) so that a
        failure before DATA is known to have sent nothing; Refused, Failed, Halted or Uncertain otherwise."""
        smtp = self._smtp
        if smtp is None:
            raise Failed("no SMTP session")
        try:
            smtp.ehlo_or_helo_if_needed()
            utf8 = not (sender + recipient).isascii()
            data = _flat(msg, utf8)
            options = []
            if utf8:
                if not smtp.has_extn("smtputf8"):
                    raise Refused(f"{recipient}: the server cannot send to an address with accents or other non-ASCII "
                                  "characters (no SMTPUTF8); ask the client for another address")
                options += ["SMTPUTF8", "BODY=8BITMIME"]
            # where the server offers delivery status notifications, a bounce then names our message by its
            # envelope id too (RFC 3461), even when it returns none of its headers
            envid = str(msg["Message-ID"] or "").strip("<> ")
            if envid and smtp.has_extn("dsn"):
                options += [f"ENVID={envid}", "RET=HDRS"]
            code, text = smtp.mail(sender, options)
            if code != 250:
                self._reset()
                if code >= 500:
                    raise ConfigError(f"{self.settings.account}: the server refuses to send as {sender} "
                                      f"({_reply(code, text)}); the [smtp] account must be allowed to send as the "
                                      "secretariat address")
                raise Failed(f"sender {sender} refused for now: {_reply(code, text)}")
            code, text = smtp.rcpt(recipient)
            if code not in (250, 251):
                self._reset()
                if code >= 500 and _about_the_recipient(code, text):
                    raise Refused(f"{recipient}: {_reply(code, text)}")
                if code >= 500:  # the server refuses more than this address (quota, policy): stop
                    raise Halted(f"the server refused {recipient} for a reason that is not the address: "
                                 f"{_reply(code, text)}")
                raise Failed(f"{recipient}: {_reply(code, text)}")
        except (smtplib.SMTPServerDisconnected, OSError, smtplib.SMTPException) as exc:
            self._smtp = None  # before DATA: the server has nothing of this message
            raise Failed(f"{recipient}: the connection broke before the message was handed over ({_one_line(exc)})"
                         ) from None
        try:
            code, text = smtp.data(data)
        except (smtplib.SMTPServerDisconnected, OSError, smtplib.SMTPException) as exc:
            self._smtp = None  # the session is gone either way
            raise Uncertain(f"{recipient}: the connection broke while sending ({_one_line(exc)})") from None
        if code != 250:
            self._reset()
            if code >= 500:  # the message itself refused (a policy, the account's rights): so would the next be
                raise Halted(f"the server refused the message to {recipient}: {_reply(code, text)}")
            raise Failed(f"{recipient}: {_reply(code, text)}")

    def _reset(self) -> None:
        """RSET after a refusal, so that the session serves the next message; a session gone is dropped."""
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self._smtp = None

    def close(self) -> None:
        """End the session politely when it is still up."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
