"""The requests and follow-ups as e-mail messages: words from the jinja2 templates in memo_templates/
(request.LANG.txt.j2, follow-up.LANG.txt.j2), headers that make the client's reply come back threaded.

The subject carries the client's reference as the stamped memo's QR code does ("... - ref. C0231"),
so that even a reply stripped of its threading headers (a manager's forward) names the client.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

import jinja2

from campaign import clock
from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.letters import ClientInfo, format_switch_date
from campaign.resources import bundled
from campaign.sending.smtp import deliverable
from campaign.outbox import FOLLOW_UP, REQUEST, RequestRow
from campaign.vocabulary import SUBJECTS

_REMINDER = {"fr": "Rappel : ", "en": "Reminder: "}
_WROTE = {"fr": "Le {date}, {firm} <{secretariat}> a écrit :", "en": "On {date}, {firm} <{secretariat}> wrote:"}


@dataclass
class Letter:
    """One message to one client, ready to be recorded and sent."""

    code: str
    to: str
    kind: str
    subject: str
    text: str
    header_id: str                   # its Message-ID, without <>
    parent: RequestRow | None = None  # the request a follow-up quotes


def subject_for(language: str, code: str) -> str:
    """The request's subject: the memo's mailto subject, with the client's reference."""
    return " ".join(f"{SUBJECTS.get(language, SUBJECTS['en'])} - ref. {code}".split())  # one line, whatever the code


def new_header_id(secretariat: str) -> str:
    """A Message-ID on the secretariat's domain, without <>: 80 random bits, short enough that the
    header stays on one line (some bounce reports quote it unfolded, some cut it)."""
    return f"{secrets.token_hex(10)}.campaign@{secretariat.rsplit('@', 1)[-1].lower()}"  # lower-case: see outbox.by_header


def _local_date(stamp: str, language: str) -> str:
    """A stored UTC moment as the day the firm saw it ("8 décembre 2026" for 00:30 in Paris)."""
    from babel.dates import format_date

    moment = clock.local(stamp)
    return format_date(moment.date() if moment else dt.date.fromisoformat(stamp[:10]), "long", locale=language)


class Composer:
    """Writes the campaign's requests and follow-ups in its language."""

    def __init__(self, settings: Settings, *, silence: bool) -> None:
        self.settings = settings
        self.language = settings.language
        self.silence = silence
        folder = bundled("memo_templates")
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=False,
                                 undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
        try:
            self._templates = {kind: env.get_template(f"{kind}.{self.language}.txt.j2") for kind in (REQUEST, FOLLOW_UP)}
        except jinja2.TemplateError as exc:
            raise ConfigError(f"{folder}: request template cannot be read ({exc})") from None

    def _render(self, kind: str, client: ClientInfo, address: str, **more: str) -> str:
        template = self._templates[kind]
        try:
            text = template.render(firm=self.settings.firm, secretariat=self.settings.secretariat,
                                   switch_date=format_switch_date(self.settings.switch_date, self.language),
                                   address=address, silence=self.silence, client=client, language=self.language,
                                   **more)
        except jinja2.TemplateError as exc:
            raise ConfigError(f"{template.filename}: request template failed ({exc})") from None
        return text.strip() + "\n"

    def request(self, client: ClientInfo, to: str) -> Letter:
        """The first request to ``client`` at the address on file ``to``."""
        return Letter(client.code, to, REQUEST, subject_for(self.language, client.code),
                      self._render(REQUEST, client, to), new_header_id(self.settings.secretariat))

    def follow_up(self, client: ClientInfo, first: RequestRow) -> Letter:
        """A follow-up to ``first`` (sent, unanswered), quoting it as a mail program would."""
        sent = _local_date(first.sent_at or first.prepared_at, self.language)
        text = self._render(FOLLOW_UP, client, first.to_address, first_date=sent)
        wrote = _WROTE[self.language].format(date=sent, firm=self.settings.firm, secretariat=self.settings.secretariat)
        quoted = "\n".join(f"> {line}".rstrip() for line in self._render(REQUEST, client, first.to_address).splitlines())
        return Letter(client.code, first.to_address, FOLLOW_UP, _REMINDER[self.language] + first.subject,
                      f"{text}\n{wrote}\n{quoted}\n", new_header_id(self.settings.secretariat), parent=first)

    def message(self, letter: Letter, *, name: str = "", now: dt.datetime | None = None) -> EmailMessage:
        """``letter`` as a message from the secretariat (Reply-To the secretariat too)."""
        msg = EmailMessage()
        # names come from the client file, where a cell may hold line breaks: one line in a header
        name, firm = " ".join(name.split()), " ".join(self.settings.firm.split())
        msg["From"] = formataddr((firm, self.settings.secretariat))
        # a name that looks encoded ("=?utf-8?b?...?=") is shown as written, not decoded by mail programs
        local, _, domain = deliverable(letter.to).rpartition("@")
        msg["To"] = Address(display_name=name.replace("=?", "= ?"), username=local, domain=domain)
        msg["Reply-To"] = self.settings.secretariat
        msg["Subject"] = letter.subject
        msg["Date"] = format_datetime(now or dt.datetime.now().astimezone())
        msg["Message-ID"] = f"<{letter.header_id}>"
        if letter.parent is not None:
            msg["In-Reply-To"] = f"<{letter.parent.header_id}>"
            msg["References"] = f"<{letter.parent.header_id}>"
        # Exchange and Microsoft 365 mailboxes then send no out-of-office notice back to the secretariat
        msg["X-Auto-Response-Suppress"] = "OOF"
        msg.set_content(letter.text, charset="utf-8")
        msg["Content-Language"] = self.language  # after set_content, which replaces the Content-* fields
        return msg
