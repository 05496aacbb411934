"""Whatever bytes a client file holds, reading and importing it ends in data or a clear refusal."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.clients.importer import import_client_file
from campaign.errors import CampaignError
from campaign.workspace import init_campaign

HEADER = "Code client;Raison sociale;SIRET;E-mail\r\n".encode("cp1252")
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
rows = st.lists(st.lists(cells, min_size=0, max_size=6), max_size=15)


def _try_import(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        campaign = init_campaign(folder / "c", firm="F", secretariat="s@f.example", switch_date=dt.date(2027, 3, 1))
        path = folder / "clients.csv"
        path.write_bytes(data)
        with campaign.open_store() as store:
            try:
                report = import_client_file(store, path)
            except CampaignError as exc:
                message = str(exc)
                assert "\n" not in message and str(path) in message
                assert store.conn.execute("SELECT COUNT(*) FROM clients").fetchone()[0] == 0
                return
            stored = store.conn.execute("SELECT COUNT(*) FROM clients").fetchone()[0]
            assert stored == len(report.added)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _try_import(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.sampled_from([";", ",", "\t"]), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_arbitrary_tables(table: list[list[str]], sep: str, encoding: str) -> None:
    header = HEADER.decode("cp1252").replace(";", sep)
    body = "".join(sep.join(f'"{c}"' if (sep in c or '"' in c or "\n" in c or "\r" in c) and '"' not in c else
                            c.replace(sep, " ").replace('"', "").replace("\n", " ").replace("\r", " ")
                            for c in row) + "\r\n" for row in table)
    _try_import((header + body).encode(encoding, errors="replace"))
