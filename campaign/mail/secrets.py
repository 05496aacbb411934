"""Where a mailbox password or OAuth2 access token comes from (IMAP for the harvest, SMTP for the
requests): an environment variable, then the system keyring. Never from campaign.toml, never
written to logs or the database."""

from __future__ import annotations

import os

from campaign.errors import ConfigError

KEYRING_SERVICE = "campaign-imap"
TOKEN_SERVICE = "campaign-imap-oauth2"


def keyring_user(username: str, host: str) -> str:
    """The keyring entry name for a mailbox: ``user@host``."""
    return f"{username}@{host}"


def load_keyring_value(service: str, name: str) -> str | None:
    """A value from the system keyring, or None (also when there is no usable keyring)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(service, name)
    except (KeyringError, RuntimeError, OSError):
        # no usable backend (headless server without Secret Service): the caller says what to do
        return None


def store_keyring_value(service: str, name: str, value: str, doc: str = "docs/imap.md") -> None:
    """Save a value in the system keyring; refuse plainly when there is none."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(service, name, value)
    except (KeyringError, RuntimeError, OSError) as exc:
        raise ConfigError(
            f"cannot save to the system keyring ({type(exc).__name__}: {' '.join(str(exc).split())}); "
            f"use an environment variable instead (see {doc})") from None


def get_secret(*, env_var: str, username: str, host: str, oauth2: bool, protocol: str = "imap") -> str:
    """The password (or access token with ``oauth2``) for ``username`` on ``host``.

    Looked up in ``env_var`` first, then in the system keyring under service
    ``campaign-imap`` (``campaign-imap-oauth2`` for tokens; ``campaign-smtp...`` for ``protocol``
    "smtp") and entry ``user@host``.
    """
    value = os.environ.get(env_var)
    if value:
        return value
    service = (TOKEN_SERVICE if oauth2 else KEYRING_SERVICE).replace("imap", protocol)
    value = load_keyring_value(service, keyring_user(username, host))
    if value:
        return value
    what = "OAuth2 access token" if oauth2 else "password"
    login = " or, for Microsoft 365, set [imap] client_id and run `campaign auth login`" if oauth2 else ""
    raise ConfigError(
        f"no {protocol.upper()} {what} for {keyring_user(username, host)}: set the environment variable {env_var} "
        f"or store it in the system keyring (keyring set {service} {keyring_user(username, host)}){login}"
    )


def store_secret(*, username: str, host: str, secret: str, oauth2: bool = False, protocol: str = "imap") -> None:
    """Save a password (or token) in the system keyring under ``user@host``."""
    service = (TOKEN_SERVICE if oauth2 else KEYRING_SERVICE).replace("imap", protocol)
    store_keyring_value(service, keyring_user(username, host), secret,
                        "docs/imap.md" if protocol == "imap" else "docs/sending.md")
