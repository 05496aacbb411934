"""Progress counts per engagement manager, answers per week, and `campaign status` showing them.

The campaign is built through the library: a client file imported, memos recorded as stamps rows,
replies harvested from .eml files (understanding + matching link them), decisions recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from campaign.clients.importer import import_client_file
from campaign.mail.harvest import harvest_files
from campaign.progress import answers_per_week, collect_progress, is_to_call, switch_text, week_label
from campaign.review.decisions import Decision, record
from campaign.client_states import ClientState, client_states
from campaign.status import collect_status
from campaign.synthetic import SyntheticClient, write_csv
from campaign.workspace import Campaign
from campaign.cli import app
from typer.testing import CliRunner
from tests.test_matching_store import mail, run  # mail: a reply .eml with a passing DMARC verdict

CLAIRE, LEA = "Claire Fontaine", "Léa Perrot"


def client(code: str, name: str, email: str, manager: str, phone: str = "01 23 45 67 89") -> SyntheticClient:
    return SyntheticClient(code, name, "SARL", "", "1 rue Pasteur", "75011", "Paris", phone, email, manager,
                           "direction@cabinet-exemple.fr" if manager else "")


CLIENTS = [
    client("C0001", "Dupont Plomberie", "contact@dupont-plomberie.example", CLAIRE),      # confirmed
    client("C0002", "Martin Menuiserie", "compta@martin-menuiserie.example", CLAIRE),    # refusal proposed
    client("C0003", "Garage Lefèvre", "garage@lefevre-auto.example", "claire FONTAINE"),  # silent
    client("C0004", "Boulangerie Roux", "roux@boulangerie-roux.example", LEA),           # asked a question
    client("C0005", "=HYPERLINK(\"http://evil.example\",\"x\")", "", "LEA PERROT", phone="+33 6 12 34 56 78"),  # chase
    client("C0006", "Fleurs Bernard", "", LEA),                                          # refused by phone
    client("C0007", "@SUM(A1:A9)", "", ""),                                              # no manager, silent
]


def stamp(store, codes: list[str | None], when: str) -> None:
    """Record memos as the stamper does (one run, one stamps row per invoice)."""
    with store.transaction() as conn:
        run_id = conn.execute("INSERT INTO stamp_runs (started_at, out_dir, pages_rule) VALUES (?, 'out', 'last')",
                              (when,)).lastrowid
        for number, code in enumerate(codes):
            conn.execute("INSERT INTO stamps (run_id, client_code, invoice_number, source_file, output_file, page,"
                         " stamped_at) VALUES (?, ?, ?, 'in.pdf', 'out.pdf', 1, ?)", (run_id, code, f"F{number}", when))


def build(campaign: Campaign, tmp_path: Path) -> None:
    """The campaign the progress and reminder tests count on (see CLIENTS)."""
    with campaign.open_store() as store:
        import_client_file(store, write_csv(tmp_path / "clients.csv", CLIENTS))
        stamp(store, ["C0001", "C0002", "C0003", "C0004"], "2026-10-20T09:00:00+00:00")
        stamp(store, ["C0001", "C0006", "Z9999", None], "2026-10-27T09:00:00+00:00")  # again, unknown, generic
        box = tmp_path / "mail"
        mail(box, "c1", "Bonjour, c'est bien cette adresse pour nos factures.",
             sender="contact@dupont-plomberie.example", date="Mon, 02 Nov 2026 10:00:00 +0100")
        mail(box, "c2", "Je préfère recevoir mes factures par courrier.",
             sender="compta@martin-menuiserie.example", date="Wed, 04 Nov 2026 10:00:00 +0100")
        mail(box, "c4", "Pouvez-vous m'expliquer la réforme de la facture électronique ?",
             sender="roux@boulangerie-roux.example", date="Wed, 18 Nov 2026 10:00:00 +0100")
        report = harvest_files(store, box)
        assert report.pipeline.failed == 0
        linked = {r[0] for r in store.conn.execute("SELECT client_code FROM match_candidates WHERE linked = 1")}
        assert linked == {"C0001", "C0002", "C0004"}, linked   # the set-up itself, before any count
        c1 = store.conn.execute("SELECT id FROM messages WHERE message_id LIKE '%c1@%'").fetchone()[0]
        with store.transaction():
            record(store, Decision("C0001", "confirmed", "sec1", "cli", address="contact@dupont-plomberie.example",
                                   message_id=c1, decided_at="2026-11-05T09:00:00+00:00"))
            record(store, Decision("C0005", "remind", "sec1", "cli", comment="rappeler après le 15",
                                   decided_at="2026-11-06T09:00:00+00:00"))
            record(store, Decision("C0006", "refused", "sec2", "cli", comment="au téléphone",
                                   decided_at="2026-11-07T09:00:00+00:00"))


def counts(row) -> tuple:
    return (row.clients, row.told, row.answered, row.confirmed, row.refused, row.to_review, row.pending, row.to_call)


def test_counts_per_manager_and_overall(campaign, tmp_path):
    build(campaign, tmp_path)
    with campaign.open_store() as store:
        progress = collect_progress(store, campaign.settings, today=dt.date(2026, 11, 20))
        states = {s.code: s for s in client_states(store)}
    assert states["C0002"].status == "proposed" and states["C0004"].status == "no_answer"
    by_name = {row.manager: row for row in progress.managers}
    # case and accents do not split a manager; the most used spelling names it; no manager comes last
    assert [row.manager for row in progress.managers] == [CLAIRE, LEA, ""]
    #                                  clients told answered confirmed refused review pending to_call
    assert counts(by_name[CLAIRE]) == (3, 3, 2, 1, 0, 1, 1, 1)
    assert counts(by_name[LEA]) == (3, 2, 2, 0, 1, 0, 2, 2)
    assert counts(by_name[""]) == (1, 0, 0, 0, 0, 0, 1, 1)
    assert counts(progress.total) == (7, 5, 4, 1, 1, 1, 4, 4)
    assert abs(by_name[LEA].covered - 1 / 3) < 1e-9 and abs(progress.total.covered - 2 / 7) < 1e-9
    for row in progress.managers:       # the four groups cover every client exactly once
        assert row.confirmed + row.refused + row.to_review + row.pending == row.clients
    assert progress.stamped_unknown == 1                         # Z9999; the generic memo names nobody
    assert progress.days_left == (dt.date(2027, 3, 1) - dt.date(2026, 11, 20)).days
    weeks = [(w.week, w.monday, w.replies, w.new_clients, w.clients_total) for w in progress.weeks]
    assert weeks == [("2026-W45", dt.date(2026, 11, 2), 2, 2, 2), ("2026-W46", dt.date(2026, 11, 9), 0, 0, 2),
                     ("2026-W47", dt.date(2026, 11, 16), 1, 1, 3)]


def test_answers_per_week_across_the_new_year_and_without_dates():
    answers = [("A", 1, dt.date(2026, 12, 31)), ("A", 2, dt.date(2027, 1, 5)), ("B", 2, dt.date(2027, 1, 5)),
               ("C", 3, None), ("D", 4, dt.date(2027, 1, 1))]
    weeks = answers_per_week(answers)
    assert [(w.week, w.replies, w.new_clients, w.clients_total) for w in weeks] == [
        ("2026-W53", 2, 2, 2), ("2027-W01", 1, 1, 3)]              # one message for two clients counts once
    assert [w.week for w in answers_per_week(answers, {"B"})] == ["2027-W01"]
    assert answers_per_week([("C", 3, None)]) == []


def test_switch_date_wording():
    assert switch_text(12) == "12 days left" and switch_text(1) == "1 day left" and switch_text(0) == "today"
    assert switch_text(-3) == "switch date passed 3 days ago" and switch_text(-1) == "switch date passed 1 day ago"


def test_status_shows_the_progress_table(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    with campaign.open_store() as store:
        section = next(s for s in collect_status(campaign, store, today=dt.date(2027, 3, 11)) if s.title == "Progress")
    lines = dict(section.lines)
    assert lines["Switch date"] == "01/03/2027: switch date passed 10 days ago"
    assert lines["Clients told (memo or e-mail)"] == "5 of 7" and lines["To call (`campaign remind`)"] == "4"
    assert lines["Answers this week"] == "0 (week of 08/03/2027)"
    with campaign.open_store() as store:
        section = next(s for s in collect_status(campaign, store, today=dt.date(2026, 11, 6)) if s.title == "Progress")
    assert dict(section.lines)["Answers this week"] == "2 (week of 02/11/2026)"
    assert dict(section.lines)["Switch date"] == "01/03/2027: 115 days left"
    assert section.rows[-1] == ["All", "7", "5", "4", "1", "1", "1", "4", "4", "29%"]
    result = run(campaign_dir, "status")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.search(r"01/03/2027: (\d+ days? left|today|switch date passed \d+ days? ago)", out)
    table = out[out.index("Manager"):]
    assert "Claire Fontaine" in table and "Léa Perrot" in table and "(no manager)" in table
    lea = next(line for line in table.splitlines() if line.startswith("Léa Perrot"))
    assert lea.split()[2:] == ["3", "2", "2", "0", "1", "0", "2", "2", "33%"]


def test_told_counts_a_real_stamp_run_whatever_the_case_of_the_codes(campaign, campaign_dir, tmp_path,
                                                                   before_switch):
    """The stamper stores codes upper-cased as read on the invoice; a file code 'ab-12' is told too."""
    from tests import pdf_factory as f

    with campaign.open_store() as store:
        import_client_file(store, write_csv(tmp_path / "clients.csv", [
            client("ab-12", "Atelier Bleu", "atelier@bleu.example", CLAIRE),
            client("C0002", "Martin Menuiserie", "compta@martin-menuiserie.example", CLAIRE),
            client("C0003", "Garage Lefèvre", "", LEA)]))
    invoices = f.write(tmp_path / "inv.pdf", f.invoice_pdf([
        f.InvoiceSpec("F-1", "AB-12"), f.InvoiceSpec("F-2", "ab-12"), f.InvoiceSpec("F-3", "ZZ999"),
        f.InvoiceSpec("F-4", None)]))
    result = run(campaign_dir, "stamp", str(invoices), "--out", str(tmp_path / "print"))
    assert result.exit_code == 0, result.output
    with campaign.open_store() as store:
        assert store.conn.execute("SELECT COUNT(*) FROM stamps").fetchone()[0] == 4
        progress = collect_progress(store, campaign.settings)
    by_name = {row.manager: row for row in progress.managers}
    assert (by_name[CLAIRE].told, by_name[LEA].told, progress.total.told) == (1, 0, 1)
    assert progress.stamped_unknown == 1                       # ZZ999


def test_who_to_call_silent_chased_and_turned_down():
    assert is_to_call(ClientState("A"))                                                  # no answer yet
    assert is_to_call(ClientState("B", status="decided", decision="remind"))             # "À relancer"
    assert is_to_call(ClientState("C", status="decided", decision="rejected"))           # proposal refused
    assert not is_to_call(ClientState("D", status="decided", decision="confirmed", mode="email"))
    assert not is_to_call(ClientState("E", status="proposed", mode="email"))             # waits for review


def test_weeks_are_read_as_the_week_of_their_monday():
    assert week_label(dt.date(2026, 11, 2)) == "semaine du 02/11/2026"
    assert week_label(dt.date(2026, 11, 2), "en") == "week of 2026-11-02"


def test_status_at_80_columns_local_dates_names_on_one_line_distinct_invoices(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    with campaign.open_store() as store:  # the same four invoices stamped again, into another folder
        stamp(store, ["C0001", "C0002", "C0003", "C0004"], "2026-11-03T09:00:00+00:00")
        store.conn.execute("UPDATE clients SET manager = 'Anne-Sophie Delacroix-Morel' WHERE manager = ?", (LEA,))
        store.conn.commit()
    result = CliRunner().invoke(app, ["--campaign", str(campaign_dir), "status"],
                                env={"CAMPAIGN_DIR": None, "COLUMNS": "80", "CAMPAIGN_NOW": "2026-11-20T10:00:00+01:00"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, [line for line in lines if len(line) > 80]
    assert "+00:00" not in result.stdout and "-W4" not in result.stdout
    assert "First memo" in result.stdout and "20/10/2026 11:00" in result.stdout        # UTC 09:00 in Paris
    assert "week of 16/11/2026" in result.stdout
    assert any(line.startswith("Anne-Sophie Delacroix-Morel ") for line in lines), result.stdout  # not wrapped
    assert "Cov." in result.stdout and "Cov. covered" in " ".join(result.stdout.split())
    memos = {line[:40].strip(): line[40:].strip() for line in lines if line.startswith("  ")}
    # 12 rows; distinct (number, client): run 1's four, run 2's F1 C0006, F2 Z9999 and F3 (generic)
    assert memos["Invoices stamped"] == "7", result.stdout
    assert memos["Stamped again (counted once)"].startswith("5 copies"), result.stdout


def test_match_show_speaks_english_with_local_dates_unless_asked_for_french(campaign, campaign_dir, tmp_path):
    build(campaign, tmp_path)
    with campaign.open_store() as store:
        message = store.conn.execute("SELECT id FROM messages WHERE message_id LIKE '%c1@%'").fetchone()[0]
    env = {"CAMPAIGN_DIR": None, "COLUMNS": "80"}
    shown = CliRunner().invoke(app, ["--campaign", str(campaign_dir), "match", "show", str(message)], env=env)
    assert shown.exit_code == 0, shown.output
    assert f"Message {message} of 02/11/2026 10:00" not in shown.stdout      # English dates on an English line
    assert f"Message {message} of 2026-11-02 10:00 from contact@dupont-plomberie.example" in shown.stdout
    assert "+00:00" not in shown.stdout and "is on file for this client" in shown.stdout
    assert "figure dans le fichier" not in shown.stdout
    french = CliRunner().invoke(app, ["--campaign", str(campaign_dir), "match", "show", str(message),
                                      "--language", "fr"], env=env)
    assert "figure dans le fichier" in french.stdout
