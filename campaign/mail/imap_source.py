"""The [imap] settings and the connection to the mailbox: TLS verified, timeouts, login, and the
sorting of failures into transient ones (retry) and ones the user must fix (stop).

imapclient already verifies certificates; it has no timeout by default, so one is always set.
"""

from __future__ import annotations

import imaplib
import os
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, LoginError

from campaign.errors import CampaignError, ConfigError
from campaign.mail.secrets import get_secret

SECURITY = ("ssl", "starttls", "plain")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
AUTH = ("password", "oauth2")


class TransientFault(CampaignError):
    """The connection failed in a way a later attempt may not (refused, timeout, dropped)."""


class FolderMissing(CampaignError):
    """A configured folder does not exist on the server."""


@dataclass
class ImapSettings:
    """The [imap] table of campaign.toml, checked."""

    host: str
    username: str
    security: str = "ssl"
    port: int = 993
    folders: list[str] = field(default_factory=lambda: ["INBOX"])
    auth: str = "password"
    password_env: str = "CAMPAIGN_IMAP_PASSWORD"
    token_env: str = "CAMPAIGN_IMAP_TOKEN"
    client_id: str = ""       # Entra ID application (client) ID, for `campaign auth login`
    tenant: str = "organizations"
    ca_file: str = ""
    processed_folder: str = ""
    flag: str = ""
    batch_size: int = 500
    timeout: float = 60.0
    retries: int = 3
    retry_delay: float = 2.0

    @property
    def account(self) -> str:
        """``user@host:port``: the key of this mailbox's high-water marks."""
        return f"{self.username}@{self.host}:{self.port}"

    @property
    def read_only(self) -> bool:
        """True unless a move or a flag has been configured."""
        return not (self.processed_folder or self.flag)


def parse_imap_settings(raw: dict[str, Any], path: Path | str) -> ImapSettings:
    """Check the [imap] table; every error names the file and the key."""
    where = f"{path}: [imap]"
    if not raw:
        raise ConfigError(f"{where} is empty: set at least host and username (see docs/imap.md)")
    known = set(ImapSettings.__dataclass_fields__) | {"password"}
    for key in raw:
        if key not in known:
            raise ConfigError(f"{where} has an unknown key '{key}' (known: {', '.join(sorted(known - {'password'}))})")
    if "password" in raw:
        raise ConfigError(f"{where} password must not be in the file: remove it and use the environment "
                          f"variable named by password_env or the system keyring (see docs/imap.md)")

    def text(key: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if value is None:
            raise ConfigError(f"{where} {key} is missing; add it")
        if not isinstance(value, str):
            raise ConfigError(f"{where} {key} must be a quoted string")
        return value.strip()

    def number(key: str, default: float, *, low: float, high: float, integer: bool = True) -> Any:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
            raise ConfigError(f"{where} {key} must be a {'whole ' if integer else ''}number")
        if not low <= value <= high:
            raise ConfigError(f"{where} {key} must be between {low:g} and {high:g}, not {value}")
        return value

    host = text("host")
    username = text("username")
    if not host or not username:
        raise ConfigError(f"{where} host and username must not be empty")
    security = text("security", "ssl").lower()
    if security not in SECURITY:
        raise ConfigError(f"{where} security must be one of {', '.join(SECURITY)}, not '{security}'")
    if security == "plain" and host.lower() not in LOCAL_HOSTS:
        raise ConfigError(f"{where} security = \"plain\" sends the password unencrypted: it is allowed only "
                          f"for 127.0.0.1/localhost; use ssl or starttls for {host}")
    port = number("port", 993 if security == "ssl" else 143, low=1, high=65535)
    folders = raw.get("folders", ["INBOX"])
    if isinstance(folders, str):
        folders = [folders]
    if not isinstance(folders, list) or not folders or not all(isinstance(f, str) and f.strip() for f in folders):
        raise ConfigError(f'{where} folders must be a list of folder names, e.g. ["INBOX"]')
    auth = text("auth", "password").lower()
    if auth not in AUTH:
        raise ConfigError(f"{where} auth must be password or oauth2, not '{auth}'")
    processed = text("processed_folder", "")
    if processed and processed in folders:
        raise ConfigError(f"{where} processed_folder '{processed}' is also in folders: pick another folder")
    return ImapSettings(
        host=host, username=username, security=security, port=port, folders=[f.strip() for f in folders],
        auth=auth, password_env=text("password_env", "CAMPAIGN_IMAP_PASSWORD"),
        token_env=text("token_env", "CAMPAIGN_IMAP_TOKEN"), ca_file=text("ca_file", ""),
        client_id=text("client_id", ""), tenant=text("tenant", "organizations") or "organizations",
        processed_folder=processed, flag=text("flag", ""),
        batch_size=number("batch_size", 500, low=1, high=5000),
        timeout=float(number("timeout", 60, low=1, high=3600, integer=False)),
        retries=number("retries", 3, low=0, high=20),
        retry_delay=float(number("retry_delay", 2.0, low=0, high=600, integer=False)),
    )


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
