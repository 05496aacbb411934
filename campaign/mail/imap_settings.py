"""The [imap] section of campaign.toml: which mailbox, how to log in, what to read, what to change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campaign.config import at_key, check_names
from campaign.errors import ConfigError

SECURITY = ("ssl", "starttls", "plain")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
AUTH = ("password", "oauth2")


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


def password_in_file(path: Path | str, section: str = "imap") -> ConfigError:
    """The refusal of a password written in campaign.toml (secrets never go in the file)."""
    doc = "docs/imap.md" if section == "imap" else "docs/sending.md"
    return ConfigError(f"{at_key(path, section, 'password')} [{section}] password must not be in the file: remove it and use the "
                       f"environment variable named by password_env or the system keyring (see {doc})")


def parse_imap_settings(raw: dict[str, Any], path: Path | str) -> ImapSettings:
    """Check the [imap] table; every error names the file and the key."""
    where = f"{path}: [imap]"
    if not raw:
        raise ConfigError(f"{where} is empty: set at least host and username (see docs/imap.md)")
    known = set(ImapSettings.__dataclass_fields__)
    if "password" in raw:
        raise password_in_file(path)
    check_names(path, "imap", raw, known)

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
