"""A throw-away Dovecot IMAP server on 127.0.0.1 for the integration tests and the benchmark.

Debian's ``dovecot-imapd`` runs from a temporary folder with its own configuration: a static
passdb (any user name, one password, which also serves as the XOAUTH2 token so OAuth2 logins
can be tested offline), maildir storage under the folder, a plain listener and an SSL listener
whose certificate is signed by a throw-away CA made here with ``cryptography``.

The folder must not be mode 0700 (pytest's tmp_path is): Dovecot's unprivileged processes
could not reach the maildirs and every login would fail.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "s3cret-pass"


def dovecot_available() -> bool:
    """True when the Dovecot binary is installed and we may run it (it needs root here)."""
    return os.path.exists(DOVECOT) and os.geteuid() == 0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA certificate and a server certificate for 127.0.0.1/localhost signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    import ipaddress

    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "campaign test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_path.write_bytes(ca_cert.public_bytes(pem))
    cert_path.write_bytes(cert.public_bytes(pem))
    key_path.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return ca_path, cert_path, key_path


_CONFIG = """\
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{dir}/server.pem
ssl_key = <{dir}/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={dir}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
auth_failure_delay = 0
"""


@dataclass
class Dovecot:
    """A running (or stopped) throw-away Dovecot; ``start()``, ``stop()``, ``restart()``."""

    folder: Path
    plain_port: int = 0
    ssl_port: int = 0
    password: str = PASSWORD
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def ca_file(self) -> Path:
        """The CA that signed the server certificate (not trusted by the system)."""
        return self.folder / "ca.pem"

    def setup(self) -> None:
        """Write the configuration, certificates and folders."""
        self.folder.chmod(0o755)
        self.plain_port = self.plain_port or free_port()
        self.ssl_port = self.ssl_port or free_port()
        make_certificates(self.folder)
        for sub in ("run", "state", "home"):
            (self.folder / sub).mkdir(exist_ok=True)
        shutil.chown(self.folder / "home", "nobody", "nogroup")
        (self.folder / "dovecot.conf").write_text(_CONFIG.format(
            dir=self.folder, password=self.password, plain_port=self.plain_port, ssl_port=self.ssl_port))

    def start(self, timeout: float = 10.0) -> None:
        """Start the master in the foreground and wait until both ports accept connections."""
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.folder / "dovecot.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + timeout
        for port in (self.plain_port, self.ssl_port):
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"dovecot exited: {self.process.stderr.read().decode(errors='replace')}"
                                       f" {self.log()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"dovecot did not listen on {port}: {self.log()}") from None
                    time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM the master, wait, then kill what is left of its process group (open sessions)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            try:  # the group is this server's own session (start_new_session): nothing else is in it
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.process and self.process.stderr:
            self.process.stderr.close()
        self.process = None
        # a killed session may leave its imap child for a moment; wait until the port is free
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.plain_port), timeout=0.2).close()
                time.sleep(0.05)
            except OSError:
                break

    def restart(self) -> None:
        """Stop and start again on the same ports and maildirs."""
        self.stop()
        self.start()

    def log(self) -> str:
        """The server's log so far (for failure messages)."""
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def client(self, user: str, *, ssl: bool = False):
        """A logged-in imapclient connection as ``user`` (plain port unless ``ssl``)."""
        import ssl as ssl_lib

        from imapclient import IMAPClient

        if ssl:
            context = ssl_lib.create_default_context(cafile=str(self.ca_file))
            imap = IMAPClient("127.0.0.1", self.ssl_port, ssl=True, ssl_context=context, timeout=30)
        else:
            imap = IMAPClient("127.0.0.1", self.plain_port, ssl=False, timeout=30)
        imap.login(user, self.password)
        return imap


def start_dovecot(parent: Path | None = None) -> Dovecot:
    """Create a temp folder (mode 755), configure and start a Dovecot in it."""
    folder = Path(tempfile.mkdtemp(prefix="campaign-dovecot-", dir=parent))
    server = Dovecot(folder)
    server.setup()
    server.start()
    return server


def remove(server: Dovecot) -> None:
    """Stop the server and delete its folder."""
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


# -- pytest fixture -------------------------------------------------------------------------

try:
    import pytest
except ImportError:  # the benchmark imports this module without pytest
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture(scope="module")
    def dovecot():
        """A Dovecot for the whole test module; skipped without Dovecot unless $CI is set."""
        if not dovecot_available():
            message = f"Dovecot not runnable here ({DOVECOT} missing or not root): apt-get install dovecot-imapd"
            if os.environ.get("CI"):
                pytest.fail(message + " (CI is set, so this is a failure, not a skip)")
            pytest.skip(message)
        server = start_dovecot()
        yield server
        remove(server)
