"""The [imap] section of campaign.toml: which mailbox, how to log in, what to read, what to change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from campaign.errors import ConfigError
from campaign.settings_model import Between, Filled, OneOf, at_key, read_section

SECURITY = ("ssl", "starttls", "plain")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
AUTH = ("password", "oauth2")


@dataclass
class ImapSettings:
    """The [imap] table of campaign.toml, checked."""

    host: Annotated[str, Filled()]
    username: Annotated[str, Filled()]
    security: Annotated[str, OneOf(SECURITY)] = "ssl"
    port: Annotated[int, Between(1, 65535)] = 993  # 143 unless security is ssl
    folders: Annotated[list[str], Filled()] = field(default_factory=lambda: ["INBOX"])
    auth: Annotated[str, OneOf(AUTH)] = "password"
    password_env: Annotated[str, Filled()] = "CAMPAIGN_IMAP_PASSWORD"
    token_env: Annotated[str, Filled()] = "CAMPAIGN_IMAP_TOKEN"
    client_id: str = ""       # Entra ID application (client) ID, for `campaign auth login`
    tenant: str = "organizations"
    ca_file: str = ""
    processed_folder: str = ""
    flag: str = ""
    batch_size: Annotated[int, Between(1, 5000)] = 500
    timeout: Annotated[float, Between(1, 3600)] = 60.0
    retries: Annotated[int, Between(0, 20)] = 3
    retry_delay: Annotated[float, Between(0, 600)] = 2.0

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
    if "password" in raw:
        raise password_in_file(path)
    out = read_section(path, "imap", raw, ImapSettings, trim=True)
    out.tenant = out.tenant or "organizations"
    if "port" not in raw:
        out.port = 993 if out.security == "ssl" else 143
    if out.security == "plain" and out.host.lower() not in LOCAL_HOSTS:
        raise ConfigError(f"{where} security = \"plain\" sends the password unencrypted: it is allowed only "
                          f"for 127.0.0.1/localhost; use ssl or starttls for {out.host}")
    if out.processed_folder and out.processed_folder in out.folders:
        raise ConfigError(f"{where} processed_folder '{out.processed_folder}' is also in folders: pick another folder")
    return out
