"""campaign.toml: writing, reading back, and one-line errors for bad values."""

from __future__ import annotations

import re

import datetime as dt

import pytest

from campaign.config import load_settings, write_new_config
from campaign.errors import ConfigError, UsageError
from campaign.workspace import find_folder


def test_written_config_reads_back(tmp_path) -> None:
    path = write_new_config(tmp_path, "Cabinet Exemple", "Secretariat@Cabinet-Exemple.FR", dt.date(2027, 3, 1), "en")
    settings = load_settings(path)
    assert settings.firm == "Cabinet Exemple"
    assert settings.secretariat == "Secretariat@cabinet-exemple.fr"
    assert settings.switch_date == dt.date(2027, 3, 1)
    assert settings.language == "en"
    assert settings.firm_domains == ["cabinet-exemple.fr"]
    assert set(settings.sections) == {"memo", "imap", "smtp", "requests", "matching", "export", "files"}
    assert settings.files_mode == "private"
    text = path.read_text()
    assert 'mode = "private"' in text and '"group"' in text   # the setting is shown, with its choices
    assert "# the mailbox clients answer to" in text and "password" not in text.split("\n", 2)[2].lower()


def test_init_takes_the_language_by_the_rule_the_file_is_read_by(tmp_path) -> None:
    path = write_new_config(tmp_path, "A", "a@b.fr", dt.date(2027, 3, 1), " EN ")
    assert 'language = "en"' in path.read_text() and load_settings(path).language == "en"
    with pytest.raises(ConfigError, match="^--language must be one of fr, en, not 'de'$"):
        write_new_config(tmp_path / "other", "A", "a@b.fr", dt.date(2027, 3, 1), "de")


def test_refuses_to_overwrite(tmp_path) -> None:
    write_new_config(tmp_path, "A", "a@b.fr", dt.date(2027, 3, 1), "fr")
    with pytest.raises(ConfigError, match="already exists"):
        write_new_config(tmp_path, "A", "a@b.fr", dt.date(2027, 3, 1), "fr")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[firm\nname=", "not valid TOML"),
        ('[firm]\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n', r"\[firm\] name is missing"),
        ('[firm]\nname = "X"\nsecretariat = "nope"\n[campaign]\nswitch_date = 2027-03-01\n',
         r"line 3: \[firm\] secretariat must be a valid e-mail address, not 'nope'"),
        ('[firm]\nname = 3\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n',
         r"line 2: \[firm\] name must be a text in quotes, not a number \(3\)"),
        ('[firm]\nname = "  "\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n',
         r"line 2: \[firm\] name must not be empty"),
        ('[firm]\nname = "X"\nsecretariat = "a@b.fr"\ndomains = "b.fr"\n[campaign]\nswitch_date = 2027-03-01\n',
         r"line 4: \[firm\] domains must be a list of texts"),
        ('[firm]\nname = "X"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 12:00:00\n',
         r"line 5: \[campaign\] switch_date must be a date written YYYY-MM-DD, not time"),
        ('[firm]\nname = "X"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = "1 mars"\n',
         r"line 5: \[campaign\] switch_date must be a date written YYYY-MM-DD, not '1 mars'"),
        ('[firm]\nname = "X"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\nlanguage = "de"\n',
         r"line 6: \[campaign\] language must be one of fr, en, not 'de'"),
        ('imap = 3\n[firm]\nname = "X"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n',
         r"imap must be a \[imap\] table"),
        ('[firm]\nname = "X"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n[files]\nmode = "public"\n',
         r"line 7: \[files\] mode must be \"private\" .* or \"group\" .*not 'public'"),
        ('[firm]\nname = "X"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n[files]\numask = "022"\n',
         r"line 7: \[files\] unknown key 'umask': the keys are mode"),
        # a misspelt section would be silently ignored: its line and the likely one
        ('[firm]\nname = "X"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n[matchng]\nauto_link_confidence = 0.95\n',
         r"line 6: unknown section \[matchng\]: did you mean \[matching\]\?"),
        ('[firm]\nname = "X"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n[zzz]\n',
         r"unknown section \[zzz\]: the sections are \[firm\]"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "campaign.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_core_tables_read_as_their_models_say(tmp_path) -> None:
    path = tmp_path / "campaign.toml"
    path.write_text('[firm]\nname = " Cabinet X "\nsecretariat = "Compta@Cabinet-X.FR"\ndomains = [" Cabinet-X.fr ", ""]\n'
                    '[campaign]\nswitch_date = 2027-03-01T08:00:00\nlanguage = " EN "\n[files]\nmode = "Group"\n')
    settings = load_settings(path)
    assert (settings.firm, settings.secretariat, settings.firm_domains) == ("Cabinet X", "Compta@cabinet-x.fr",
                                                                           ["cabinet-x.fr"])
    assert (settings.switch_date, settings.language, settings.files_mode) == (dt.date(2027, 3, 1), "en", "group")
    assert "firm" not in settings.sections and settings.section("files") == {"mode": "Group"}


def test_find_folder_order(tmp_path, monkeypatch) -> None:
    a, b, c = (tmp_path / name for name in "abc")
    for folder in (a, b, c):
        folder.mkdir()
        write_new_config(folder, "F", "s@f.fr", dt.date(2027, 3, 1), "fr")
    monkeypatch.setenv("CAMPAIGN_DIR", str(b))
    assert find_folder(a, cwd=c) == a.resolve()
    assert find_folder(None, cwd=c) == b.resolve()
    monkeypatch.delenv("CAMPAIGN_DIR")
    assert find_folder(None, cwd=c) == c.resolve()
    with pytest.raises(UsageError, match="no campaign in .* \\(the current folder\\).*campaign init"):
        find_folder(None, cwd=tmp_path)


def test_the_clock_can_be_fixed_and_shows_moments_in_the_firms_time(monkeypatch):
    import datetime as dt

    from campaign import clock

    monkeypatch.setenv(clock.ENV_VAR, "2027-01-12T23:30:00+00:00")
    assert clock.utc_now() == "2027-01-12T23:30:00+00:00"
    assert clock.today() == dt.date(2027, 1, 13)          # already the 13th in Paris
    assert clock.shown("2027-01-12T09:22:00+00:00") == "12/01/2027 10:22"
    assert clock.shown("2027-07-12T09:22:00+00:00", "en") == "2027-07-12 11:22"   # summer time
    assert clock.shown_date("2027-01-12T23:30:00+00:00") == "13/01/2027"
    assert clock.shown("") == "" and clock.shown("not a date") == "not a date"


_MINIMAL = '[firm]\nname = "Cabinet Étoile"\nsecretariat = "a@b.fr"\n[campaign]\nswitch_date = 2027-03-01\n'


def test_a_config_saved_by_notepad_with_a_bom_is_read(tmp_path) -> None:
    path = tmp_path / "campaign.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (_MINIMAL + '[files]\nmode = "group"\n').encode("utf-8"))
    settings = load_settings(path)
    assert settings.firm == "Cabinet Étoile" and settings.files_mode == "group"


@pytest.mark.parametrize(("data", "message"), [
    (_MINIMAL.encode("utf-16"), "saved as UTF-16"),
    (_MINIMAL.encode("cp1252"), r"not UTF-8 \(byte \d+\); save it again as UTF-8 \(Notepad"),
])
def test_a_config_in_another_encoding_says_how_to_save_it(tmp_path, data: bytes, message: str) -> None:
    path = tmp_path / "campaign.toml"
    path.write_bytes(data)
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_a_bad_files_mode_stops_a_command_with_one_line_and_exit_2(campaign_dir) -> None:
    from typer.testing import CliRunner

    from campaign.cli import app

    path = campaign_dir / "campaign.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('mode = "private"', 'mode = "everyone"'),
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["--campaign", str(campaign_dir), "review", "export"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "[files] mode must be" in lines[0]


def _status_with(campaign_dir, section: str, line: str):
    """`campaign status` once ``line`` is written first in ``section`` of campaign.toml (added when missing);
    the result and the line's number in the file."""
    from typer.testing import CliRunner

    from campaign.cli import app
    toml = campaign_dir / "campaign.toml"
    text = toml.read_text(encoding="utf-8")
    if section not in text:
        text += f"\n{section}\n"
    head = next(row for row in text.splitlines() if row.startswith(section))
    toml.write_text(text.replace(head, f"{head}\n{line}", 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["--campaign", str(campaign_dir), "status"], env={"CAMPAIGN_DIR": None})
    number = next(n for n, row in enumerate(toml.read_text(encoding="utf-8").splitlines(), 1) if row == line)
    return result, number


@pytest.mark.parametrize("section, line, message", [
    # a misspelt key, anywhere
    ("[memo]", "margin = 5", r"line \d+: \[memo\] unknown key 'margin': did you mean margin_mm\?"),
    ("[firm]", 'nam = "X"', r"line \d+: \[firm\] unknown key 'nam': did you mean name\?"),
    ("[matching]", "auto_link_confidenc = 0.9", r"did you mean auto_link_confidence\?"),
    ("[imap]", 'password = "secret"', r"line \d+: \[imap\] password must not be in the file"),
    ("[export]", "modes = {paperr = \"papier\"}", r"\[export.modes\] unknown key 'paperr': did you mean paper\?"),
    # a value of the wrong kind: a number in quotes stops `campaign status` as it would stop the step reading it
    ("[matching]", 'auto_link_confidence = "high"', r'\[matching\] auto_link_confidence must be a number, not a text \("high"\)'),
    ("[memo]", 'qr = "yes"', r'\[memo\] qr must be true or false, not a text \("yes"\)'),
    ("[memo]", 'skip = "blank"', r'\[memo\] skip must be a list of texts, such as \["a", "b"\], not a text'),
    ("[understanding]", 'authserv_ids = ["mx.example", 3]', r"\[understanding\] authserv_ids must be a list of texts"),
    ("[imap]", 'port = true', r"\[imap\] port must be a whole number, not true/false \(true\)"),
    ("[clients]", 'case_sensitive_codes = 1', r"\[clients\] case_sensitive_codes must be true or false, not a number"),
    # a value its field does not allow: out of range, not one of the choices, a pattern that does not compile
    ("[memo]", "margin_mm = 99", r"\[memo\] margin_mm must be between 0 and 30, not 99"),
    ("[matching]", "name_cutoff = 20", r"\[matching\] name_cutoff must be between 50 and 100, not 20"),
    ("[matching]", "max_proposals = 0", r"\[matching\] max_proposals must be at least 1, not 0"),
    ("[imap]", 'security = "tls"', r"\[imap\] security must be one of ssl, starttls, plain, not 'tls'"),
    ("[smtp]", "per_minute = -1", r"\[smtp\] per_minute must be between 0 and 10000, not -1"),
    ("[memo]", 'skip = ["everyone"]', r"\[memo\] skip must be a list drawn from \['confirmed', 'refused'\]"),
    ("[memo]", 'client_pattern = "Code ("', r"\[memo\] client_pattern is not a valid regular expression"),
    ("[export]", 'format = "pdf"', r"\[export\] format must be one of csv, xlsx, not 'pdf'"),
])
def test_every_command_refuses_a_misspelt_key_or_a_wrong_kind_of_value_with_its_line(campaign_dir, section, line,
                                                                                       message):
    result, number = _status_with(campaign_dir, section, line)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and re.search(message, result.output), result.output
    assert section == "[export]" or f"line {number}:" in result.output  # no line for an inline table's key


def test_numbers_in_their_other_toml_spelling_are_accepted(campaign_dir):
    assert _status_with(campaign_dir, "[matching]", "auto_link_confidence = 1")[0].exit_code == 0


def test_the_start_check_leaves_to_the_step_what_needs_the_disk_or_another_section(campaign_dir):
    # [imap] without host, or with it left empty, is fine until a harvest reads it; a template that
    # moved stops only the stamping
    assert _status_with(campaign_dir, "[imap]", 'username = "u"')[0].exit_code == 0
    assert _status_with(campaign_dir, "[imap]", 'host = ""')[0].exit_code == 0
    assert _status_with(campaign_dir, "[memo]", 'template = "moved.j2"')[0].exit_code == 0


def test_a_misspelt_required_key_is_a_misspelling_not_a_key_to_add(campaign_dir):
    toml = campaign_dir / "campaign.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("\nname = ", "\nnmae = ", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line \d+: \[firm\] unknown key 'nmae': did you mean name\?"):
        load_settings(toml)


def test_a_section_written_twice_says_where_both_are(campaign_dir):
    toml = campaign_dir / "campaign.toml"
    text = toml.read_text(encoding="utf-8")
    first = text.splitlines().index("[firm]") + 1
    toml.write_text(text + '\n[firm]\nname = "Autre"\n', encoding="utf-8")
    last = len(toml.read_text(encoding="utf-8").splitlines()) - 1
    with pytest.raises(ConfigError, match=rf"line {last}: section \[firm\] appears twice \(first at line {first}\); "
                                          "merge them into one"):
        load_settings(toml)
