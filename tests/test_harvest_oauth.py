"""`campaign auth login` (msal device-code flow) and the silent token refresh at harvest time.

There is no Microsoft here: msal itself runs, against a small fake identity provider at its HTTP
layer (msal's documented ``http_client`` hook), and the keyring is an in-memory backend. The
access token the fake provider issues is the Dovecot password, which Dovecot accepts as an
XOAUTH2 token, so the harvest's OAuth2 login runs for real.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.parse
import uuid

import keyring
import pytest
from keyring.backend import KeyringBackend

from campaign.mail import oauth
from tests.dovecot import PASSWORD, dovecot  # noqa: F401  (fixture)
from tests.test_harvest_imap import cli, configure, seed, stored

TENANT = "cabinet-exemple.onmicrosoft.com"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.values.get((service, username))

    def set_password(self, service, username, password):
        self.values[(service, username)] = password

    def delete_password(self, service, username):
        self.values.pop((service, username), None)


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


class Response:
    def __init__(self, payload: dict, status: int = 200) -> None:
        self.status_code, self.text, self.headers = status, json.dumps(payload), {}

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise RuntimeError(self.status_code)


class FakeIdentityProvider:
    """OIDC discovery, device authorisation and token endpoints, as Entra ID answers them."""

    def __init__(self, user: str, access_token: str) -> None:
        self.user, self.access_token = user, access_token
        self.grants: list[str] = []
        self.base = f"https://login.microsoftonline.com/{TENANT}"

    def get(self, url, params=None, headers=None, **kwargs):
        if url.endswith("/.well-known/openid-configuration"):
            return Response({"authorization_endpoint": f"{self.base}/oauth2/v2.0/authorize",
                             "token_endpoint": f"{self.base}/oauth2/v2.0/token",
                             "device_authorization_endpoint": f"{self.base}/oauth2/v2.0/devicecode",
                             "issuer": f"{self.base}/v2.0"})
        return Response({"error": "not_found"}, 404)

    def post(self, url, params=None, data=None, headers=None, **kwargs):
        form = data if isinstance(data, dict) else dict(urllib.parse.parse_qsl(data or ""))
        if url.endswith("/devicecode"):
            return Response({"device_code": "dev-123", "user_code": "ABCD-EFGH", "expires_in": 900, "interval": 0,
                             "verification_uri": "https://microsoft.com/devicelogin",
                             "message": "To sign in, open https://microsoft.com/devicelogin and enter ABCD-EFGH"})
        if url.endswith("/token"):
            self.grants.append(form.get("grant_type", "").rsplit(":", 1)[-1])
            now = int(time.time())
            id_token = ".".join([_b64({"alg": "none"}), _b64({
                "iss": f"{self.base}/v2.0", "aud": CLIENT_ID, "iat": now, "exp": now + 3600, "tid": "tid",
                "oid": "oid", "preferred_username": self.user}), ""])
            return Response({"token_type": "Bearer", "scope": " ".join(oauth.SCOPES), "expires_in": 3600,
                             "access_token": self.access_token, "refresh_token": f"refresh-{uuid.uuid4().hex}",
                             "id_token": id_token, "client_info": _b64({"uid": "oid", "utid": "tid"})})
        return Response({"error": "not_found"}, 404)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_auth_login_then_harvest_with_refreshed_token(dovecot, campaign_dir, memory_keyring, monkeypatch):  # noqa: F811
    user = f"secretariat-{uuid.uuid4().hex[:8]}"
    seed(dovecot, user, [1, 2])
    configure(campaign_dir, dovecot, user, auth="oauth2", client_id=CLIENT_ID, tenant=TENANT)
    provider = FakeIdentityProvider(user, access_token=PASSWORD)
    monkeypatch.setattr(oauth, "HTTP_CLIENT", provider)

    login = cli(campaign_dir, "auth", "login", password="")
    assert login.exit_code == 0, login.output
    assert "enter ABCD-EFGH" in login.stdout and f"Signed in as {user}" in login.stdout
    cache_entry = memory_keyring.values[(oauth.CACHE_SERVICE, f"{user}@127.0.0.1")]
    assert "refresh-" in cache_entry and provider.grants == ["device_code"]

    first = cli(campaign_dir, "harvest", password="")          # no env token: the saved sign-in is used
    assert first.exit_code == 0, first.output
    assert "INBOX: 2 new" in first.output
    assert PASSWORD.encode() not in (campaign_dir / "campaign.db").read_bytes()

    # expire the cached access token: the next harvest must refresh it with the refresh token
    cache = json.loads(memory_keyring.values[(oauth.CACHE_SERVICE, f"{user}@127.0.0.1")])
    for token in cache["AccessToken"].values():
        token["expires_on"] = token["extended_expires_on"] = str(int(time.time()) - 10)
    memory_keyring.values[(oauth.CACHE_SERVICE, f"{user}@127.0.0.1")] = json.dumps(cache)
    seed(dovecot, user, [3])
    second = cli(campaign_dir, "harvest", password="")
    assert second.exit_code == 0, second.output
    assert "INBOX: 1 new" in second.output
    assert provider.grants == ["device_code", "refresh_token"]
    assert len(stored(campaign_dir)) == 3


def test_auth_login_needs_oauth2_and_client_id(campaign_dir, memory_keyring):
    configure_plain = {"host": "imap.exemple.fr", "username": "u", "security": "ssl"}
    import tomlkit

    path = campaign_dir / "campaign.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    for key, value in configure_plain.items():
        doc["imap"][key] = value
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    result = cli(campaign_dir, "auth", "login", password="")
    assert result.exit_code == 2
    assert "needs [imap] auth = \"oauth2\" and client_id" in result.stderr
