"""Every key of campaign.toml checked when a command starts, not only those of the sections it
reads: a key misspelt in [memo] is refused by `campaign status` as by `campaign stamp`, with its
line and the key meant (settings_model.unknown_key), before anything is done ([firm], [campaign]
and [files] are read whole by config.load_settings, before this). Each section is read as its
settings dataclass says (campaign.settings_model: the field's type and its rules), the same reading
the section's parser starts from, so this check and the parser cannot disagree. What depends on
the disk or on several keys (a memo template that exists) is checked by the section's parser when a
step reads it: a memo template that moved stops the stamping, not the harvest.
"""

from __future__ import annotations

from campaign.clients.codes import ClientSettings
from campaign.config import Settings
from campaign.export import settings as export
from campaign.mail.imap_settings import ImapSettings, password_in_file
from campaign.matching.settings import OLD_KEYS, MatchingSettings
from campaign.sending.settings import RequestSettings, SmtpSettings
from campaign.stamping.settings import MemoSettings
from campaign.settings_model import Filled, check_names, check_table
from campaign.understanding.settings import UnderstandingSettings

MODELS: dict[str, type] = {"clients": ClientSettings, "memo": MemoSettings, "imap": ImapSettings,
                           "understanding": UnderstandingSettings, "matching": MatchingSettings,
                           "smtp": SmtpSettings, "requests": RequestSettings, "export": export.ExportTable}
ALSO: dict[str, tuple[str, ...]] = {"matching": OLD_KEYS}  # old key names, read by the section's parser

# tables inside a section whose keys are names the program knows ([export.headers] fax = "Fax")
NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("export", "headers"): tuple(export.HEADERS["en"]),
    ("export", "modes"): tuple(export.MODE_WORDS["en"]),
}


def check_keys(settings: Settings) -> None:
    """ConfigError (one line) at the first key a section does not have, a value of the wrong kind or
    one its field's rules refuse, or a password in the file."""
    for section, model in MODELS.items():
        table = settings.section(section)
        if section in ("imap", "smtp") and "password" in table:
            raise password_in_file(settings.path, section)
        check_table(settings.path, section, table, model, also=ALSO.get(section, ()), skip=(Filled,))
    for (section, inner), known in NAMES.items():
        names = settings.section(section).get(inner)
        check_names(settings.path, f"{section}.{inner}", names if isinstance(names, dict) else (), known)
