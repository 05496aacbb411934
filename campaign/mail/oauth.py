"""OAuth2 tokens for Microsoft 365 mailboxes: sign in once with the device-code flow (msal), keep
msal's token cache in the system keyring, and get a fresh access token silently at each harvest.

The token cache holds a refresh token: it is a secret, so it lives in the keyring (service
``campaign-imap-oauth2-cache``, entry ``user@host``), never in campaign.toml or the database.
"""

from __future__ import annotations

from typing import Any, Callable

from campaign.errors import CampaignError, ConfigError
from campaign.mail.imap_settings import ImapSettings
from campaign.mail.secrets import keyring_user, load_keyring_value, store_keyring_value

CACHE_SERVICE = "campaign-imap-oauth2-cache"
SCOPES = ["https://outlook.office.com/IMAP.AccessAsUser.All"]  # msal adds offline_access itself
HTTP_CLIENT: Any = None  # an msal-compatible HTTP client; None = requests (tests put a fake IdP here)


def _check(settings: ImapSettings) -> None:
    if settings.auth != "oauth2" or not settings.client_id:
        raise ConfigError(f"{settings.host}: campaign auth login needs [imap] auth = \"oauth2\" and client_id "
                          f"(the Application ID of the app registered in Entra ID; see docs/imap.md)")


def _application(settings: ImapSettings, cache: Any) -> Any:
    import msal

    kwargs: dict[str, Any] = {"authority": f"https://login.microsoftonline.com/{settings.tenant}",
                              "token_cache": cache}
    if HTTP_CLIENT is not None:
        kwargs["http_client"] = HTTP_CLIENT
    try:
        return msal.PublicClientApplication(settings.client_id, **kwargs)
    except ValueError as exc:  # msal raises ValueError when the tenant cannot be discovered
        raise ConfigError(f"{settings.host}: Microsoft sign-in unavailable for tenant '{settings.tenant}' "
                          f"({' '.join(str(exc).split())[:200]})") from None


def _cache(settings: ImapSettings) -> Any:
    import msal

    cache = msal.SerializableTokenCache()
    saved = load_keyring_value(CACHE_SERVICE, keyring_user(settings.username, settings.host))
    if saved:
        cache.deserialize(saved)
    return cache


def _save(settings: ImapSettings, cache: Any) -> None:
    if cache.has_state_changed:
        store_keyring_value(CACHE_SERVICE, keyring_user(settings.username, settings.host), cache.serialize())


def device_login(settings: ImapSettings, say: Callable[[str], None], scopes: list[str] | None = None) -> str:
    """Run the device-code flow (the user signs in in a browser); returns the account signed in.
    ``scopes``: what to consent to (default the IMAP scope; with [smtp] xoauth2, SMTP.Send as well)."""
    _check(settings)
    cache = _cache(settings)
    app = _application(settings, cache)
    flow = app.initiate_device_flow(scopes=scopes or SCOPES)
    if "user_code" not in flow:
        raise CampaignError(f"Microsoft sign-in could not start: {flow.get('error_description') or flow.get('error')}")
    say(flow["message"])
    result = app.acquire_token_by_device_flow(flow)  # waits until the user has signed in
    if "access_token" not in result:
        raise CampaignError(f"Microsoft sign-in failed: {result.get('error_description') or result.get('error')}")
    _save(settings, cache)
    claims = result.get("id_token_claims") or {}
    return str(claims.get("preferred_username") or settings.username)


def silent_token(settings: ImapSettings, scopes: list[str] | None = None) -> str | None:
    """A valid access token for ``scopes`` (default IMAP) from the saved sign-in (refreshed if needed),
    or None if never signed in."""
    if not settings.client_id:
        return None
    cache = _cache(settings)
    if not list(cache.search(cache.CredentialType.REFRESH_TOKEN)):
        return None
    app = _application(settings, cache)
    accounts = app.get_accounts(username=settings.username) or app.get_accounts()
    result = app.acquire_token_silent(scopes or SCOPES, account=accounts[0]) if accounts else None
    if not result or "access_token" not in result:
        detail = (result or {}).get("error_description") or "no usable refresh token"
        raise ConfigError(f"{settings.host}: the saved Microsoft sign-in for {settings.username} no longer works "
                          f"({' '.join(str(detail).split())[:200]}); run `campaign auth login` again")
    _save(settings, cache)
    return result["access_token"]
