"""Benchmark: import 50,000 clients (issue: under 10 s on the 2-core machine).

Usage: .venv/bin/python bench/import_clients.py [--clients 50000] [--xlsx]

Times, each in a fresh campaign folder: the first import of a Windows-1252 ';' CSV through the
installed `campaign` command (process start-up included), the same through the library, and a
re-import of the same file (all unchanged) and of a file with 5% changed rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from campaign.clients.importer import import_client_file
from campaign.synthetic import make_clients, write_csv, write_xlsx
from campaign.workspace import init_campaign


def _new_campaign(root: Path, name: str):
    return init_campaign(root / name, firm="Bench", secretariat="s@bench.example",
                         switch_date=dt.date(2027, 3, 1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--xlsx", action="store_true", help="also time an .xlsx file of the same clients")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        clients = make_clients(args.clients, seed=50)
        path = write_csv(root / "clients.csv", clients)
        changed = make_clients(args.clients, seed=50)
        for client in changed[:: 20]:
            client.city = client.city.upper()
        changed_path = write_csv(root / "changed.csv", changed)
        print(f"{args.clients} clients, {path.stat().st_size / 1e6:.1f} MB CSV (cp1252, ';', CRLF)")

        cli = _new_campaign(root, "cli")
        exe = Path(sys.executable).with_name("campaign")
        start = time.perf_counter()
        subprocess.run([str(exe), "--campaign", str(cli.folder), "clients", "import", str(path)],
                       check=True, capture_output=True)
        print(f"CLI first import (process included): {time.perf_counter() - start:.2f} s")

        lib = _new_campaign(root, "lib")
        with lib.open_store() as store:
            for label, file in (("library first import", path), ("re-import, all unchanged", path),
                                ("re-import, 5% changed", changed_path)):
                start = time.perf_counter()
                report = import_client_file(store, file)
                elapsed = time.perf_counter() - start
                print(f"{label}: {elapsed:.2f} s ({len(report.added)} added, {len(report.updated)} updated, "
                      f"{report.unchanged} unchanged)")

        if args.xlsx:
            xlsx = write_xlsx(root / "clients.xlsx", clients)
            other = _new_campaign(root, "xlsx")
            with other.open_store() as store:
                start = time.perf_counter()
                import_client_file(store, xlsx)
                print(f"library first import of .xlsx: {time.perf_counter() - start:.2f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MB")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
