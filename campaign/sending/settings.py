"""The [smtp] and [requests] sections of campaign.toml: which server sends the firm's requests and
how to log in to it, how fast to send; what the requests say about a client's silence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.settings_model import Between, Filled, OneOf, at_key, read_section
from campaign.mail.imap_settings import LOCAL_HOSTS, SECURITY, password_in_file

AUTH = ("password", "xoauth2")
DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "plain": 25}


@dataclass
class SmtpSettings:
    """The [smtp] table of campaign.toml, checked."""

    host: str = ""
    port: Annotated[int, Between(0, 65535)] = 0  # 0: the usual port of ``security`` (465, 587, 25)
    security: Annotated[str, OneOf(SECURITY)] = "ssl"  # ssl | starttls | plain (plain only to this computer)
    auth: Annotated[str, OneOf(AUTH, aliases=(("oauth2", "xoauth2"),))] = "password"  # [imap] spells it oauth2
    username: str = ""                    # empty: no authentication (a local relay)
    password_env: Annotated[str, Filled()] = "CAMPAIGN_SMTP_PASSWORD"
    token_env: Annotated[str, Filled()] = "CAMPAIGN_SMTP_TOKEN"
    ca_file: str = ""                     # a CA to trust besides the system's (an on-premise server)
    timeout: Annotated[float, Between(1, 3600)] = 60.0
    per_minute: Annotated[int, Between(0, 10000)] = 30  # rate cap: providers throttle bursts (0: no cap)
    batch_size: Annotated[int, Between(1, 10000)] = 50  # messages per connection
    sent_folder: str = ""                 # IMAP folder to keep a copy of each message in ("" = none)

    @property
    def account(self) -> str:
        """``user@host:port`` (or ``host:port`` without authentication), for messages."""
        return f"{self.username + '@' if self.username else ''}{self.host}:{self.port}"


@dataclass
class RequestSettings:
    """The [requests] table of campaign.toml."""

    # true: the request says "unless you tell us otherwise", and a client who was asked, whose request
    # did not bounce and who has not answered by the switch date is exported with the address written to
    silence_means_consent: bool = False


def smtp_settings(settings: Settings) -> SmtpSettings:
    """Check the [smtp] table; every error names the file and the key."""
    raw: dict[str, Any] = settings.section("smtp")
    path = settings.path
    where = f"{path}: [smtp]"
    if not raw or not raw.get("host"):
        raise ConfigError(f"{where} host is missing: set host, security and username in [smtp] to "
                          "send requests (see docs/sending.md), or use --preview DIR to write them to a folder")
    if "password" in raw:
        raise password_in_file(path, "smtp")
    out = read_section(path, "smtp", raw, SmtpSettings, trim=True)
    if not out.host:
        raise ConfigError(f"{at_key(path, 'smtp', 'host')} [smtp] host is empty: write the server's name "
                          "(see docs/sending.md), or use --preview DIR to write the requests to a folder")
    if out.security == "plain" and out.host.lower() not in LOCAL_HOSTS:
        raise ConfigError(f"{where} security = \"plain\" sends mail and password unencrypted: it is allowed only "
                          f"for 127.0.0.1/localhost; use ssl or starttls for {out.host}")
    if out.auth == "xoauth2" and not out.username:
        raise ConfigError(f"{where} auth = \"xoauth2\" needs username (the mailbox that sends)")
    out.port = out.port or DEFAULT_PORTS[out.security]
    return out


def request_settings(settings: Settings) -> RequestSettings:
    """Check the [requests] table."""
    return read_section(settings.path, "requests", settings.section("requests"), RequestSettings)


def ca_path(settings: SmtpSettings, base: Path) -> str | None:
    """The CA file to trust, relative paths read from the campaign folder (None: the system's)."""
    if not settings.ca_file:
        return None
    path = Path(settings.ca_file)
    return str(path if path.is_absolute() else base / path)
