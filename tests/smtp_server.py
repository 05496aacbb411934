"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, in a thread of the test process, delivering
into a Maildir (``maildir``) as a mail server would, and keeping each message with its envelope.

Plain, STARTTLS or implicit TLS (a throw-away CA made by tests.dovecot.make_certificates, not
trusted by the system), with or without a password. Every message it accepts is kept whole, with
the envelope, in ``messages``; ``refuse`` maps recipient addresses to the reply their RCPT TO gets
("550 5.1.1 no such user", "451 4.3.0 try later").
"""

from __future__ import annotations

import email
import mailbox
import ssl
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.dovecot import free_port, make_certificates

USER, PASSWORD = "secretariat@cabinet-exemple.fr", "s3cret-smtp-Passw0rd"
TOKEN = "eyJ0eXAiOiJKV1Qi.test-access-token"  # what a Microsoft sign-in would give, for XOAUTH2


@dataclass
class Received:
    """One message as the server got it."""

    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        # read as text: a header in UTF-8 (an address with accents, sent with SMTPUTF8) reads as written
        return email.message_from_string(self.raw.decode("utf-8", "replace"), policy=policy.default)  # type: ignore[return-value]


@dataclass
class Handler:
    messages: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    refuse_sender: str = ""  # the reply MAIL FROM gets instead of 250 ("553 5.7.1 not owned by user")
    refuse_data: str = ""    # the reply the end of DATA gets instead of 250 ("554 5.2.0 SendAsDenied")
    logins: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    maildir: mailbox.Maildir | None = None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: ANN001, N802
        if self.refuse_sender:
            return self.refuse_sender
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, N802
        answer = self.refuse.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def auth_XOAUTH2(self, server, args):  # noqa: ANN001, N802  (aiosmtpd: a mechanism of the handler)
        """XOAUTH2 as Microsoft 365 and Gmail speak it: one initial response, user and bearer token."""
        import base64

        said = base64.b64decode(args[1]).decode() if len(args) > 1 else ""
        ok = said == f"user={USER}\x01auth=Bearer {TOKEN}\x01\x01"
        if ok:
            self.logins.append("XOAUTH2")
        return AuthResult(success=ok, handled=False)

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
        if self.refuse_data:
            return self.refuse_data
        with self.lock:
            raw = bytes(envelope.original_content)
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), raw))
            if self.maildir is not None:
                self.maildir.add(raw)
        return "250 Message accepted for delivery"


class Authenticator:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    def __call__(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER \
            and auth_data.password.decode() == PASSWORD
        if ok:
            self.handler.logins.append(mechanism)
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


class SmtpServer:
    """Started with :func:`start_smtp`; ``stop()`` when done."""

    def __init__(self, folder: Path, *, security: str = "plain", auth: bool = False, utf8: bool = True) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.handler = Handler(maildir=mailbox.Maildir(folder / "Maildir", create=True))
        self.port = free_port()
        self.security = security
        self.ca_file, cert, key = make_certificates(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        kwargs: dict = {"hostname": "127.0.0.1", "port": self.port, "enable_SMTPUTF8": utf8}
        server_kwargs: dict = {}
        if auth:
            # PLAIN only: aiosmtpd 1.4 leaves a failed LOGIN exchange hanging until the client times out
            server_kwargs.update(authenticator=Authenticator(self.handler), auth_require_tls=security == "starttls",
                                 auth_exclude_mechanism=["LOGIN"])
        if security == "ssl":
            kwargs["ssl_context"] = context
        elif security == "starttls":
            server_kwargs.update(tls_context=context, require_starttls=True)
        self.controller = Controller(self.handler, **kwargs, **server_kwargs)

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def settings(self, **more: object) -> dict:
        """The [smtp] table for campaign.toml that reaches this server."""
        table: dict = {"host": "127.0.0.1", "port": self.port, "security": self.security, "per_minute": 0}
        table.update(more)
        return table

    def stop(self) -> None:
        self.controller.stop()


def start_smtp(folder: Path, **kwargs: object) -> SmtpServer:
    server = SmtpServer(folder, **kwargs)  # type: ignore[arg-type]
    server.controller.start()
    return server
