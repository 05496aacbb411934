"""The full demo on the bundled sample data: every output real, and a second run changes nothing."""

from __future__ import annotations

import csv
import json
import datetime as dt
import hashlib
import io
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

from campaign.demo import run_demo
from campaign.resources import bundled
from campaign.review.decisions import history
from campaign.client_states import client_states
from campaign.review.workbook import KEYS
from campaign.workspace import load_campaign

TODAY = dt.date(2026, 11, 29)


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    originals = fingerprint(bundled("data") / "invoices")
    folder = tmp_path_factory.mktemp("demo") / "cabinet"
    lines: list[str] = []
    out = run_demo(folder, today=TODAY, say=lines.append)
    assert fingerprint(bundled("data") / "invoices") == originals  # the printed invoices are never touched
    return out, lines


def message_of(store, file_name: str) -> int:
    return store.conn.execute("SELECT id FROM messages WHERE file_name LIKE ?", (f"%{file_name}",)).fetchone()[0]


def test_every_step_reports_and_every_output_exists(demo):
    out, lines = demo
    assert [line.split(".")[0] for line in lines[1:]] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert "60 added" in lines[1] and "switch date 2027-02-27" in lines[0]
    for path in (out.settings, out.database, out.stamp_report, out.review, out.reviewed, out.export, *out.reminders):
        assert path is not None and path.is_file() and path.stat().st_size > 0, path
    assert out.reminders and all(p.parent == out.folder / "reminders" for p in out.reminders)


def test_stamped_invoices_carry_the_memo(demo):
    out, _ = demo
    stamped = sorted(out.stamped.glob("*.pdf"))
    assert [p.name for p in stamped] == sorted(p.name for p in (bundled("data") / "invoices").glob("*.pdf"))
    pdf = pdfium.PdfDocument(stamped[0])
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "27 février 2027" in text and "secretariat@cabinet-exemple.fr" in text


def test_the_simulated_review_decides_like_a_careful_secretary(demo):
    out, _ = demo
    campaign = load_campaign(out.folder)
    with campaign.open_store() as store:
        states = {s.code: s for s in client_states(store)}
        decided = {h["client_code"]: h for h in history(store)}
        spoof = message_of(store, "10-usurpation.eml")
        verdicts = store.conn.execute("SELECT client_code, verdict FROM link_decisions WHERE message_id = ?",
                                      (spoof,)).fetchall()
    assert (states["C0004"].decision, states["C0004"].mode) == ("confirmed", "email")    # automatic link accepted
    assert (states["C0011"].decision, states["C0011"].mode) == ("refused", "paper")      # "keep posting"
    assert [tuple(v) for v in verdicts] == [("C0015", "reject")]                        # forged sender set aside
    assert states["C0015"].mode == "pending" and "C0015" not in decided
    assert {"C0023", "C0053"} & {c for c, h in decided.items() if h["decision"] == "remind"}  # namesakes: call
    assert all(h["decided_by"] == "secretariat (demo)" for h in decided.values())
    sheet = openpyxl.load_workbook(out.reviewed)["Revue"]
    comments = [row[KEYS.index("comment")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Expéditeur usurpé (DMARC) : adresse écartée après appel au client" in comments


def test_the_export_is_the_management_softwares_import_file(demo):
    out, _ = demo
    raw = out.export.read_bytes()
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("cp1252")), delimiter=";"))
    assert rows[0][:4] == ["Code client", "Raison sociale", "SIREN", "Mode d'envoi"]
    by_code = {r[0]: r for r in rows[1:]}
    assert len(by_code) == 12                      # decided clients only: an update import leaves the others alone
    assert by_code["C0004"][3:5] == ["email", "contact@henry-pharmacie-fils.example"]
    assert by_code["C0011"][3] == "papier" and "C0015" not in by_code


def test_the_requests_reach_the_local_server_and_the_reply_to_one_is_linked_to_its_client(demo):
    out, lines = demo
    assert "Requests e-mailed to 45 clients" in lines[3]
    with load_campaign(out.folder).open_store() as store:
        asked = store.conn.execute("SELECT client_code, header_id, to_address FROM requests WHERE state = 'sent'"
                                   " ORDER BY id").fetchall()
        reply = message_of(store, "reply-to-request.eml")
        linked = store.conn.execute("SELECT client_code FROM match_candidates WHERE message_id = ? AND linked = 1",
                                    (reply,)).fetchall()
        said = store.conn.execute("SELECT addresses FROM replies WHERE message_id = ? AND current = 1",
                                  (reply,)).fetchone()[0]
    assert len(asked) == 45
    code, header_id, written_to = asked[-1]
    assert f"<{header_id}>" in (out.folder / "demo-mailbox" / "reply-to-request.eml").read_text()
    assert [tuple(r) for r in linked] == [(code,)]          # from another address than the one written to
    assert json.loads(said) == [written_to]                 # "oui, c'est la bonne adresse": the one written to


def test_reminders_list_the_clients_still_silent(demo):
    out, _ = demo
    listed = set()
    for path in out.reminders:
        listed |= {row[0] for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True)
                   if row and row[0]}
    assert "C0001" in listed and "C0004" not in listed


def test_running_the_demo_again_changes_no_decision(demo):
    out, _ = demo
    with load_campaign(out.folder).open_store() as store:
        before = len(history(store))
    lines: list[str] = []
    again = run_demo(out.folder, today=TODAY, say=lines.append)
    assert "Reusing" in lines[0] and "Requests e-mailed to 0 clients" in lines[3]
    assert "0 new, 15 already read" in lines[4]
    assert "0 decisions recorded" in lines[6]
    with load_campaign(again.folder).open_store() as store:
        assert len(history(store)) == before
