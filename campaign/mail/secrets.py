"""Where the IMAP password or OAuth2 access token comes from: an environment variable, then the
system keyring. Never from campaign.toml, never written to logs or the database."""

from __future__ import annotations

import os

from campaign.errors import ConfigError

KEYRING_SERVICE = "campaign-imap"
TOKEN_SERVICE = "campaign-imap-oauth2"


def keyring_user(username: str, host: str) -> str:
    """The keyring entry name for a mailbox: ``user@host``."""
    return f"{username}@{host}"


def _from_keyring(service: str, name: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        return keyring.get_password(service, name)
    except (KeyringError, RuntimeError, OSError):
        # no usable backend (headless server without Secret Service): fall through to the error
        return None


def get_secret(*, env_var: str, username: str, host: str, oauth2: bool) -> str:
    """The password (or access token with ``oauth2``) for ``username`` on ``host``.

    Looked up in ``env_var`` first, then in the system keyring under service
    ``campaign-imap`` (``campaign-imap-oauth2`` for tokens) and entry ``user@host``.
    """
    value = os.environ.get(env_var)
    if value:
        return value
    service = TOKEN_SERVICE if oauth2 else KEYRING_SERVICE
    value = _from_keyring(service, keyring_user(username, host))
    if value:
        return value
    what = "OAuth2 access token" if oauth2 else "password"
    raise ConfigError(
        f"no IMAP {what} for {keyring_user(username, host)}: set the environment variable {env_var} "
        f"or store it in the system keyring (keyring set {service} {keyring_user(username, host)})"
    )


def store_secret(*, username: str, host: str, secret: str, oauth2: bool = False) -> None:
    """Save a password (or token) in the system keyring; refuse plainly when there is none."""
    import keyring
    from keyring.errors import KeyringError

    service = TOKEN_SERVICE if oauth2 else KEYRING_SERVICE
    try:
        keyring.set_password(service, keyring_user(username, host), secret)
    except (KeyringError, RuntimeError, OSError) as exc:
        raise ConfigError(
            f"cannot save to the system keyring ({type(exc).__name__}: {exc}); "
            "use an environment variable instead") from None
