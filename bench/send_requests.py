"""Benchmark: `campaign send requests` to a local SMTP server, no rate cap (issue 16).

Makes a campaign of N synthetic clients, each with an e-mail on file, starts an aiosmtpd server
that accepts and drops every message in its own process (so that it does not share this
interpreter's lock with the sender), then runs the command as an administrator would, in a fresh
process, and reports messages per second, the wall time, and the command's peak memory (ru_maxrss
of the child: the interpreter and imports included). Each round uses a fresh campaign.

    .venv/bin/python bench/send_requests.py                   # 1,000 requests, 3 rounds
    .venv/bin/python bench/send_requests.py --clients 5000 --rounds 1
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SERVER = """
import sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
c = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
print("ready", flush=True)
sys.stdin.read()
c.stop()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_campaign(folder: Path, clients: int, port: int) -> None:
    import datetime as dt

    from campaign.synthetic import make_clients, write_csv
    from campaign.workspace import init_campaign

    init_campaign(folder, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                  switch_date=dt.date.today() + dt.timedelta(days=90), language="fr")
    rows = make_clients(clients, seed=16)
    for n, client in enumerate(rows):
        client.email = client.email or f"contact{n}@client{n}.example"
    path = write_csv(folder.parent / "clients.csv", rows)
    command = [sys.executable, "-m", "campaign", "--campaign", str(folder), "clients", "import", str(path)]
    subprocess.run(command, check=True, capture_output=True)
    import tomlkit

    doc = tomlkit.parse((folder / "campaign.toml").read_text(encoding="utf-8"))
    doc["smtp"] = {"host": "127.0.0.1", "port": port, "security": "plain", "per_minute": 0}
    (folder / "campaign.toml").write_text(tomlkit.dumps(doc), encoding="utf-8")


def one_round(clients: int) -> tuple[float, float, int]:
    """(seconds, messages/s, peak KB) of one `campaign send requests` on a fresh campaign."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "cabinet"
            make_campaign(folder, clients, port)
            env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "campaign", "--campaign", str(folder), "send", "requests"],
                                  capture_output=True, text=True, env=env)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if done.returncode != 0 or f"{clients} requests sent" not in done.stdout:
                raise SystemExit(f"send failed: {done.stdout}{done.stderr}")
            return seconds, clients / seconds, max(peak, before)
    finally:
        server.communicate("", timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results = [one_round(args.clients) for _ in range(args.rounds)]
    for n, (seconds, rate, peak) in enumerate(results, 1):
        print(f"round {n}: {args.clients} requests in {seconds:.2f} s = {rate:.0f} messages/s, peak {peak / 1024:.0f} MB")
    rates = [r for _, r, _ in results]
    print(f"{args.clients} requests, no rate cap: min {min(rates):.0f} / median {statistics.median(rates):.0f}"
          f" messages/s over {len(rates)} rounds (command in a fresh process, server in another)")


if __name__ == "__main__":
    main()
