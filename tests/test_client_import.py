"""Importing and re-importing client files into a campaign database."""

from __future__ import annotations

import json

import openpyxl
import pytest

from campaign.clients.importer import import_client_file
from campaign.clients.listing import list_clients
from campaign.errors import InputRefused
from campaign.synthetic import EN_HEADERS, make_clients, write_csv, write_xlsx


def _snapshot(store) -> list[tuple]:
    return [tuple(row) for row in store.conn.execute("SELECT * FROM clients ORDER BY code")]


def test_first_import_adds_every_client(campaign, tmp_path) -> None:
    clients = make_clients(40, seed=1)
    path = write_csv(tmp_path / "clients.csv", clients)
    with campaign.open_store() as store:
        report = import_client_file(store, path)
        listed = list_clients(store)
    assert len(report.added) == 40 and report.warnings == [] and report.skipped == 0
    assert [c["code"] for c in listed] == [c.code for c in clients]
    by_code = {c["code"]: c for c in listed}
    for client in clients:
        assert by_code[client.code]["name"] == client.name
        assert by_code[client.code]["siret"] == client.siret.replace(" ", "")
        assert by_code[client.code]["emails"] == ([client.email] if client.email else [])


def test_reimport_reports_added_updated_unchanged_missing_and_keeps_history(campaign, tmp_path) -> None:
    clients = make_clients(30, seed=2)
    first = write_csv(tmp_path / "v1.csv", clients)
    changed = make_clients(30, seed=2)
    changed[0].email = "nouvelle.adresse@exemple-neuf.example"
    changed[1].name = changed[1].name + " Holding"
    del changed[5]                      # no longer in the file
    extra = make_clients(31, seed=99)[30]
    extra.code = "C9999"
    changed.append(extra)               # new client
    second = write_csv(tmp_path / "v2.csv", changed)

    with campaign.open_store() as store:
        import_client_file(store, first)
        # what later features learn about a client lives in other tables: it must survive
        store.conn.execute("CREATE TABLE learned (code TEXT REFERENCES clients(code), note TEXT)")
        store.conn.execute("INSERT INTO learned VALUES (?, 'replied')", (clients[5].code,))
        report = import_client_file(store, second)
        assert report.added == ["C9999"]
        assert sorted(report.updated) == sorted([clients[0].code, clients[1].code])
        assert report.unchanged == 27
        assert report.missing == [clients[5].code]
        gone = store.conn.execute("SELECT in_file, name FROM clients WHERE code = ?", (clients[5].code,)).fetchone()
        assert (gone["in_file"], gone["name"]) == (0, clients[5].name)
        assert store.conn.execute("SELECT note FROM learned").fetchone()[0] == "replied"
        change = store.conn.execute(
            "SELECT field, old_value, new_value FROM client_changes WHERE client_code = ?", (clients[0].code,)
        ).fetchall()
        assert [tuple(c) for c in change] == [
            ("emails", json.dumps([clients[0].email] if clients[0].email else []),
             json.dumps(["nouvelle.adresse@exemple-neuf.example"]))]

        # the same file again: nothing changes; the vanished client comes back with v1
        again = import_client_file(store, second)
        assert (again.added, again.updated, again.unchanged) == ([], [], 30)
        back = import_client_file(store, first)
        assert back.returned == [clients[5].code] and "C9999" in back.missing


def test_broken_file_changes_nothing(campaign, tmp_path) -> None:
    good = write_csv(tmp_path / "good.csv", make_clients(10, seed=3))
    no_code = tmp_path / "no_code.csv"
    no_code.write_bytes("Raison sociale;Ville\r\nDupont;Lyon\r\n".encode("cp1252"))
    header_only = tmp_path / "header_only.csv"
    header_only.write_bytes(b"Code client;Nom\r\n")
    with campaign.open_store() as store:
        import_client_file(store, good)
        before = _snapshot(store)
        imports_before = store.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0]
        with pytest.raises(InputRefused, match="no_code.csv: row 1: no client code column"):
            import_client_file(store, no_code)
        with pytest.raises(InputRefused, match="header_only.csv: no client rows"):
            import_client_file(store, header_only)
        assert _snapshot(store) == before
        assert store.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == imports_before


def test_dry_run_reports_but_changes_nothing(campaign, tmp_path) -> None:
    path = write_csv(tmp_path / "c.csv", make_clients(5, seed=4))
    with campaign.open_store() as store:
        report = import_client_file(store, path, dry_run=True)
        assert len(report.added) == 5 and report.import_id is None
        assert _snapshot(store) == []


def test_xlsx_with_english_headers_and_title_rows(campaign, tmp_path) -> None:
    clients = make_clients(12, seed=5)
    path = tmp_path / "export.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Customers"
    ws["A1"] = "Customer list — exported 2026-11-28"
    for col, header in enumerate(EN_HEADERS, start=1):
        ws.cell(row=3, column=col, value=header)
    for number, client in enumerate(clients, start=4):
        for col, value in enumerate(client.cells(), start=1):
            ws.cell(row=number, column=col, value=value)
    ws.cell(row=4, column=4, value=int(clients[0].siret.replace(" ", "")) if clients[0].siret else None)
    ws.cell(row=4, column=6, value=1000)  # a postcode stored as a number by Excel
    book.save(path)
    with campaign.open_store() as store:
        report = import_client_file(store, path)
        listed = {c["code"]: c for c in list_clients(store)}
    assert report.columns.header_row == 3 and len(report.added) == 12
    assert listed[clients[0].code]["postcode"] == "01000"
    assert listed[clients[0].code]["siret"] == clients[0].siret.replace(" ", "")
    assert listed[clients[3].code]["manager"] == clients[3].manager


def test_xlsx_written_by_the_synthetic_writer(campaign, tmp_path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", make_clients(7, seed=6))
    with campaign.open_store() as store:
        assert len(import_client_file(store, path, sheet="Clients").added) == 7


def _codes_csv(path, *rows: tuple[str, str]):
    path.write_bytes(("Code client;Raison sociale\r\n" + "".join(f"{c};{n}\r\n" for c, n in rows)).encode("cp1252"))
    return path


def test_codes_differing_only_in_case_are_one_client(campaign, tmp_path) -> None:
    path = _codes_csv(tmp_path / "c.csv", ("X0001", "Dupont"), ("x0001", "Usurpateur"), ("C0002", "Durand"))
    with campaign.open_store() as store:
        report = import_client_file(store, path)
        rows = store.conn.execute("SELECT code, name FROM clients ORDER BY code").fetchall()
    assert [tuple(r) for r in rows] == [("C0002", "Durand"), ("X0001", "Dupont")]
    assert report.skipped == 1 and report.added == ["X0001", "C0002"]
    assert [str(w) for w in report.warnings][0].startswith("row 3: client code x0001 differs from X0001 on row 2")


def test_reimport_with_a_code_in_another_case_updates_that_client(campaign, tmp_path) -> None:
    first = _codes_csv(tmp_path / "v1.csv", ("X0001", "Dupont"), ("C0002", "Durand"))
    second = _codes_csv(tmp_path / "v2.csv", ("x0001", "Dupont SARL"), ("C0002", "Durand"))
    with campaign.open_store() as store:
        import_client_file(store, first)
        report = import_client_file(store, second)
        rows = store.conn.execute("SELECT code, name, in_file FROM clients ORDER BY code").fetchall()
    assert [tuple(r) for r in rows] == [("C0002", "Durand", 1), ("X0001", "Dupont SARL", 1)]
    assert (report.added, report.updated, report.missing) == ([], ["X0001"], [])
    assert any("x0001 (row 2) for X0001" in str(w) for w in report.warnings)


def test_case_sensitive_codes_setting_keeps_two_clients(campaign, tmp_path) -> None:
    path = _codes_csv(tmp_path / "c.csv", ("X0001", "Dupont"), ("x0001", "Durand"))
    with campaign.open_store() as store:
        report = import_client_file(store, path, case_sensitive=True)
        again = import_client_file(store, path, case_sensitive=True)
    assert (report.added, report.skipped, report.warnings) == (["X0001", "x0001"], 0, [])
    assert (again.added, again.unchanged, again.missing) == ([], 2, [])


def test_a_database_holding_case_twins_settles_on_one(campaign, tmp_path) -> None:
    # imported before codes were compared without case: both spellings are in the database
    both = _codes_csv(tmp_path / "both.csv", ("X0001", "Dupont"), ("x0001", "Usurpateur"))
    with campaign.open_store() as store:
        import_client_file(store, both, case_sensitive=True)
        report = import_client_file(store, both)
        rows = store.conn.execute("SELECT code, in_file FROM clients ORDER BY code").fetchall()
    assert [tuple(r) for r in rows] == [("X0001", 1), ("x0001", 0)]
    assert report.missing == ["x0001"] and report.skipped == 1


def test_clients_section_of_campaign_toml(campaign) -> None:
    from campaign.clients.codes import client_settings
    from campaign.errors import ConfigError

    assert client_settings(campaign.settings).case_sensitive_codes is False
    campaign.settings.sections["clients"] = {"case_sensitive_codes": True}
    assert client_settings(campaign.settings).case_sensitive_codes is True
    campaign.settings.sections["clients"] = {"case_sensitive_codes": "yes"}
    with pytest.raises(ConfigError, match=r"campaign.toml: (line \d+: )?\[clients\] case_sensitive_codes must be true or false"):
        client_settings(campaign.settings)
    campaign.settings.sections["clients"] = {"case_sensitve_codes": False}
    with pytest.raises(ConfigError, match="unknown key 'case_sensitve_codes': did you mean case_sensitive_codes\\?"):
        client_settings(campaign.settings)


def test_the_steps_read_client_fields_through_one_reader(campaign, tmp_path) -> None:
    """client_fields / client_fields_of / client_counts: the steps' one way into the clients table."""
    from campaign.clients.listing import client_counts, client_fields, client_fields_of

    clients = make_clients(12, seed=5)
    with campaign.open_store() as store:
        import_client_file(store, write_csv(tmp_path / "v1.csv", clients))
        import_client_file(store, write_csv(tmp_path / "v2.csv", clients[:-2]))   # two leave the file
        current = client_fields(store, "code", "name")
        assert [r["code"] for r in current] == sorted(c.code for c in clients[:-2])
        assert len(client_fields(store, "code", current=False)) == 12
        gone = client_fields_of(store, clients[-1].code, "name", "in_file")
        assert (gone["name"], gone["in_file"]) == (clients[-1].name, 0)
        assert client_fields_of(store, "NOBODY", "name") is None
        counts = client_counts(store)
        assert (counts.known, counts.in_file) == (12, 10)
        assert counts.with_email == sum(1 for c in clients[:-2] if c.email)
        with pytest.raises(ValueError, match="not fields of the clients table"):
            client_fields(store, "code", "name; DROP TABLE clients")
