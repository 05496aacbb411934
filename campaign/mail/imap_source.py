"""The connection to the mailbox: TLS verified, timeouts, login, and the sorting of failures
into transient ones (retry) and ones the user must fix (stop). The [imap] settings are read by
campaign.mail.imap_settings.

imapclient already verifies certificates; it has no timeout by default, so one is always set.
"""

from __future__ import annotations

import imaplib
import os
import socket
import ssl
from pathlib import Path

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, LoginError

from campaign.errors import CampaignError, ConfigError
from campaign.mail.imap_settings import ImapSettings
from campaign.mail.secrets import get_secret


class TransientFault(CampaignError):
    """The connection failed in a way a later attempt may not (refused, timeout, dropped)."""


class FolderMissing(CampaignError):
    """A configured folder does not exist on the server."""


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """A verifying TLS context: the system CAs, or only ``ca_file`` for a private CA."""
    if ca_file:
        if not Path(ca_file).is_file():
            raise ConfigError(f"{ca_file}: CA file not found (--ca-file / [imap] ca_file)")
        try:
            return ssl.create_default_context(cafile=ca_file)
        except ssl.SSLError as exc:
            raise ConfigError(f"{ca_file}: not a PEM CA certificate ({exc.reason or exc})") from None
    return ssl.create_default_context()


def describe_fault(exc: BaseException, settings: ImapSettings) -> CampaignError:
    """Turn a connection-level exception into a one-line error, transient or not."""
    where = f"{settings.host}:{settings.port}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ConfigError(f"{where}: TLS certificate not trusted ({exc.verify_message}); if the server uses "
                           f"a private CA, pass --ca-file CA.pem (or set [imap] ca_file)")
    if isinstance(exc, ssl.SSLError):
        return ConfigError(f"{where}: TLS handshake failed ({exc.reason or exc}); check [imap] port and "
                           f"security (ssl is usually port 993, starttls port 143)")
    if isinstance(exc, LoginError):
        secret = "token" if settings.auth == "oauth2" else "password"
        env = settings.token_env if settings.auth == "oauth2" else settings.password_env
        detail = server_text(exc)
        return ConfigError(f"{where}: login refused for {settings.username} ({detail}); check the username "
                           f"and the {secret} (${env} or the system keyring)")
    if isinstance(exc, ConnectionRefusedError):
        return TransientFault(f"{where}: connection refused (is the server running, the port right?)")
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return TransientFault(f"{where}: no answer within {settings.timeout:g} s (timeout)")
    if isinstance(exc, socket.gaierror):
        return TransientFault(f"{where}: host name not found ({exc.strerror})")
    if isinstance(exc, (IMAPClientAbortError, imaplib.IMAP4.abort, EOFError)):
        return TransientFault(f"{where}: the server dropped the connection ({server_text(exc)})")
    if isinstance(exc, OSError):
        return TransientFault(f"{where}: connection failed ({exc.strerror or exc})")
    if isinstance(exc, imaplib.IMAP4.error):
        return CampaignError(f"{where}: the server refused a command ({server_text(exc)})")
    return CampaignError(f"{where}: {type(exc).__name__}: {exc}")


def server_text(exc: BaseException) -> str:
    text = str(exc)
    if text.startswith(("b'", 'b"')):
        text = text[2:-1]
    return " ".join(text.split()) or type(exc).__name__


def _secret(settings: ImapSettings) -> str:
    """Password, or OAuth2 access token: environment, then saved sign-in (refreshed), then keyring."""
    if settings.auth != "oauth2":
        return get_secret(env_var=settings.password_env, username=settings.username, host=settings.host,
                          oauth2=False)
    if not os.environ.get(settings.token_env) and settings.client_id:
        from campaign.mail.oauth import silent_token

        try:
            token = silent_token(settings)
        except CampaignError:
            raise
        except Exception as exc:  # requests/msal network errors: the sign-in service is unreachable
            raise TransientFault(f"Microsoft sign-in service unreachable ({type(exc).__name__}: "
                                 f"{' '.join(str(exc).split())[:160]})") from None
        if token:
            return token
    return get_secret(env_var=settings.token_env, username=settings.username, host=settings.host, oauth2=True)


def connect(settings: ImapSettings, *, ca_file: str | None = None) -> IMAPClient:
    """Open, secure and log in; raises TransientFault or ConfigError with a one-line message."""
    secret = _secret(settings)
    context = tls_context(ca_file or settings.ca_file or None) if settings.security != "plain" else None
    client = None
    try:
        client = IMAPClient(settings.host, settings.port, ssl=settings.security == "ssl",
                            ssl_context=context, timeout=settings.timeout)
        if settings.security == "starttls":
            client.starttls(context)
        if settings.auth == "oauth2":
            client.oauth2_login(settings.username, secret)
        else:
            client.login(settings.username, secret)
        return client
    except Exception as exc:  # every failure becomes one line; the secret is never in it
        if client is not None:
            _close_quietly(client)
        raise describe_fault(exc, settings) from None


def _close_quietly(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except Exception:  # the connection may already be gone
        pass


def logout(client: IMAPClient) -> None:
    """Log out, ignoring a connection that is already gone."""
    try:
        client.logout()
    except Exception:
        _close_quietly(client)
