"""Benchmark: `campaign` IMAP harvest vs a bare imapclient loop, side by side, on a local Dovecot.

Starts a throw-away Dovecot (tests/dovecot.py; needs root and Debian's dovecot-imapd), seeds
one mailbox per size with MULTIAPPEND, then for each size runs, alternately and each in a fresh
process:

- bare: connect, EXAMINE, SEARCH, fetch the same UIDs in the same batches with BODY.PEEK[]
  and drop the bodies (the fastest a harvest could go);
- campaign: ``harvest_imap`` into a fresh campaign (parse headers, hash, compress, store,
  one transaction per batch).

Reports messages/second for both, their ratio, and peak memory: ru_maxrss of the worker
process (VmHWM: includes the interpreter and imports) and, in a separate run, the tracemalloc peak
of the harvest itself. Memory should not grow with the mailbox size.

    .venv/bin/python bench/harvest_imap.py                 # 5,000 and 10,000 messages
    .venv/bin/python bench/harvest_imap.py --sizes 10000 20000 --rounds 3 --tls
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BATCH = 500  # the harvest default


def make_message(n: int, rng: random.Random) -> bytes:
    """A synthetic client reply of a realistic size (1-6 KB), some with a quoted memo."""
    quote = "".join(f"> Ligne {i} du courrier d'information envoyé aux clients du cabinet.\r\n"
                    for i in range(rng.randint(5, 80)))
    return (
        f"From: =?utf-8?q?Soci=C3=A9t=C3=A9_{n}?= <compta{n}@client{n % 997}.example.fr>\r\n"
        f"To: secretariat@cabinet-exemple.fr\r\nSubject: Re: Factures par e-mail - client {n}\r\n"
        f"Date: Tue, 3 Nov 2026 {n % 24:02d}:{n % 60:02d}:00 +0100\r\n"
        f"Message-ID: <bench-{n}-{rng.getrandbits(48):x}@client{n % 997}.example.fr>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"Bonjour,\r\nVous pouvez envoyer nos factures à compta{n}@client{n % 997}.example.fr.\r\n"
        f"Bien cordialement\r\n\r\nLe {n % 28 + 1} oct. 2026 à 10:12, Cabinet a écrit :\r\n{quote}"
    ).encode("utf-8")


def seed(server, user: str, count: int) -> None:
    rng = random.Random(count)
    imap = server.client(user)
    try:
        for start in range(0, count, 500):
            imap.multiappend("INBOX", [make_message(n, rng) for n in range(start, min(count, start + 500))])
        assert imap.select_folder("INBOX", readonly=True)[b"EXISTS"] == count
    finally:
        imap.logout()


# -- workers (run in their own process so ru_maxrss is theirs alone) -------------------------

def worker_bare(port: int, user: str, password: str, batch: int, trace: bool, ca_file: str | None) -> dict:
    import ssl

    from imapclient import IMAPClient

    if trace:
        import tracemalloc
        tracemalloc.start()
    start = time.perf_counter()
    if ca_file:
        imap = IMAPClient("127.0.0.1", port, ssl=True, ssl_context=ssl.create_default_context(cafile=ca_file),
                          timeout=60)
    else:
        imap = IMAPClient("127.0.0.1", port, ssl=False, timeout=60)
    imap.login(user, password)
    imap.select_folder("INBOX", readonly=True)
    uids = sorted(imap.search(["UID", "1:*"]))
    count = size = 0
    for i in range(0, len(uids), batch):
        data = imap.fetch(uids[i:i + batch], ["BODY.PEEK[]"])
        for item in data.values():
            count += 1
            size += len(item[b"BODY[]"])
    imap.logout()
    seconds = time.perf_counter() - start
    return _result(count, size, seconds, trace)


def worker_campaign(port: int, user: str, password: str, batch: int, trace: bool, ca_file: str | None) -> dict:
    from campaign.mail.harvest import harvest_imap
    from campaign.mail.imap_source import ImapSettings
    from campaign.workspace import init_campaign

    folder = Path(tempfile.mkdtemp(prefix="bench-campaign-")) / "c"
    campaign = init_campaign(folder, firm="Cabinet Bench", secretariat="secretariat@cabinet-exemple.fr",
                             switch_date=dt.date(2027, 3, 1))
    settings = ImapSettings(host="127.0.0.1", port=port, security="ssl" if ca_file else "plain", username=user,
                            batch_size=batch, ca_file=ca_file or "")
    os.environ[settings.password_env] = password
    if trace:
        import tracemalloc
        tracemalloc.start()
    start = time.perf_counter()
    with campaign.open_store() as store:
        # The issue compares the harvest (fetch + store) with a bare fetch loop; --stages adds the
        # reply-understanding stage that `campaign harvest` runs afterwards, for the end-to-end rate.
        report = harvest_imap(store, settings, run_stages=os.environ.get("BENCH_STAGES") == "1")
        size = store.conn.execute("SELECT COALESCE(SUM(size), 0) FROM messages").fetchone()[0]
    seconds = time.perf_counter() - start
    assert report.added == report.seen and not report.problems, report.problems
    db_bytes = (folder / "campaign.db").stat().st_size
    result = _result(report.added, size, seconds, trace)
    result["db_mb"] = round(db_bytes / 1e6, 1)
    shutil.rmtree(folder.parent, ignore_errors=True)  # one campaign a round: not left in the temp folder
    return result


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: on Linux ru_maxrss survives
    exec, so a worker would report its parent's (the benchmark's) peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _result(count: int, size: int, seconds: float, trace: bool) -> dict:
    out = {"messages": count, "mb": round(size / 1e6, 1), "seconds": round(seconds, 3),
           "rate": round(count / seconds), "maxrss_mb": peak_rss_mb()}
    if trace:
        import tracemalloc
        out["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    return out


def run_worker(kind: str, port: int, user: str, password: str, batch: int, trace: bool = False,
               ca_file: str | None = None) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--port", str(port), "--user", user,
           "--password-env", "BENCH_IMAP_PASSWORD", "--batch", str(batch)] + (["--trace"] if trace else [])
    if ca_file:
        cmd += ["--ca-file", ca_file]
    env = dict(os.environ, BENCH_IMAP_PASSWORD=password)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--worker", choices=["bare", "campaign"])
    parser.add_argument("--port", type=int)
    parser.add_argument("--user")
    parser.add_argument("--password-env")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--ca-file")
    parser.add_argument("--tls", action="store_true", help="Both over the SSL port (certificate verified).")
    parser.add_argument("--stages", action="store_true",
                        help="Also run the pipeline stages (reply understanding) inside the timed harvest.")
    args = parser.parse_args()
    if args.stages:
        os.environ["BENCH_STAGES"] = "1"
    if args.worker:
        func = worker_bare if args.worker == "bare" else worker_campaign
        print(json.dumps(func(args.port, args.user, os.environ[args.password_env], args.batch, args.trace,
                              args.ca_file)))
        return

    from tests.dovecot import dovecot_available, remove, start_dovecot

    if not dovecot_available():
        sys.exit("needs root and Debian's dovecot-imapd (apt-get install dovecot-imapd)")
    server = start_dovecot()
    try:
        port = server.ssl_port if args.tls else server.plain_port
        ca = str(server.ca_file) if args.tls else None
        print(f"Dovecot on 127.0.0.1:{port} ({'TLS' if args.tls else 'plain'}), batch {args.batch}, "
              f"{args.rounds} rounds, {os.cpu_count()} CPUs")
        for size in args.sizes:
            user = f"bench{size}"
            t = time.perf_counter()
            seed(server, user, size)
            print(f"\n{size} messages seeded with MULTIAPPEND in {time.perf_counter() - t:.1f} s")
            bare, camp = [], []
            for _ in range(args.rounds):  # alternate so both see the same conditions
                bare.append(run_worker("bare", port, user, server.password, args.batch, ca_file=ca))
                camp.append(run_worker("campaign", port, user, server.password, args.batch, ca_file=ca))
            b_rate = statistics.median(r["rate"] for r in bare)
            c_rate = statistics.median(r["rate"] for r in camp)
            print(f"  bare imapclient loop : {b_rate:>7.0f} msg/s  (rounds: {[r['rate'] for r in bare]}), "
                  f"{bare[0]['mb']} MB fetched, peak RSS {max(r['maxrss_mb'] for r in bare)} MB")
            print(f"  campaign harvest     : {c_rate:>7.0f} msg/s  (rounds: {[r['rate'] for r in camp]}), "
                  f"peak RSS {max(r['maxrss_mb'] for r in camp)} MB, campaign.db {camp[0]['db_mb']} MB")
            print(f"  ratio campaign/bare  : {c_rate / b_rate:.2f} (issue 15's target: >= 0.80)")
            tb = run_worker("bare", port, user, server.password, args.batch, trace=True, ca_file=ca)
            tc = run_worker("campaign", port, user, server.password, args.batch, trace=True, ca_file=ca)
            print(f"  tracemalloc peak     : bare {tb['traced_peak_mb']} MB, campaign {tc['traced_peak_mb']} MB")
    finally:
        remove(server)


if __name__ == "__main__":
    main()
