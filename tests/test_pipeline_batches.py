"""Matching a batch of messages in one call gives what matching them one at a time gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from campaign.clients.importer import import_client_file
from campaign.context import Context
from campaign.evaluation import outcomes_from_store
from campaign.mail import pipeline
from campaign.mail.harvest import harvest_files
from campaign.workspace import init_campaign

SET = Path(__file__).resolve().parent / "fixtures" / "matching"


def harvested(root: Path) -> dict[str, dict]:
    campaign = init_campaign(root, firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                             switch_date=dt.date(2027, 3, 1))
    with campaign.open_store() as store:
        import_client_file(store, SET / "clients.csv")
        report = harvest_files(store, SET / "replies")
        assert report.pipeline.failed == 0
        outcomes = outcomes_from_store(store)
        details = dict(store.conn.execute("SELECT message_id, detail FROM message_stages WHERE stage = 'matching'"))
    for outcome in outcomes.values():
        outcome["detail"] = details[outcome.pop("id")]
    return outcomes


def test_labelled_set_matched_in_batches_as_one_by_one(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "COMMIT_EVERY", 80)  # three batches: the later ones see the earlier ones' links
    batched = harvested(tmp_path / "batched")
    matching = next(s for s in pipeline.stages() if s.name == "matching")
    assert matching.batch is not None
    monkeypatch.setattr(matching, "batch", None)
    single = harvested(tmp_path / "single")
    assert batched == single
    assert sum(o["status"] == "linked" for o in batched.values()) > 100


def test_a_failing_batch_falls_back_to_one_message_at_a_time(tmp_path, monkeypatch):
    matching = next(s for s in pipeline.stages() if s.name == "matching")
    calls = []

    def broken(context, messages):
        calls.append(len(messages))
        raise RuntimeError("one message in this batch cannot be matched")

    monkeypatch.setattr(matching, "batch", broken)
    outcomes = harvested(tmp_path / "c")
    assert calls and all(n > 1 for n in calls)
    assert sum(o["status"] == "linked" for o in outcomes.values()) > 100  # every message matched alone


def test_a_message_not_understood_fails_alone_and_the_batch_goes_on(tmp_path, monkeypatch):
    from campaign.understanding import parallel, stage as understanding_stage

    real = understanding_stage.understand
    first = sorted((SET / "replies").iterdir())[0].read_bytes()

    def understand(raw, context):
        if raw == first:
            raise ValueError("this one cannot be read")
        return real(raw, context)

    monkeypatch.setattr(understanding_stage, "understand", understand)  # read alone
    monkeypatch.setattr(parallel, "understand", understand)  # read in a batch
    matching = next(s for s in pipeline.stages() if s.name == "matching")
    batches = []
    real_batch = matching.batch
    monkeypatch.setattr(matching, "batch", lambda context, messages: batches.append(d := real_batch(context, messages)) or d)
    campaign = init_campaign(tmp_path / "c", firm="Cabinet Exemple", secretariat="secretariat@cabinet-exemple.fr",
                             switch_date=dt.date(2027, 3, 1))
    with campaign.open_store() as store:
        import_client_file(store, SET / "clients.csv")
        report = harvest_files(store, SET / "replies")
        states = dict(store.conn.execute("SELECT state, COUNT(*) FROM messages GROUP BY state"))
        again = pipeline.run_pipeline(Context(store), [1, 2, 2, 1])
    assert report.pipeline.failed == 2  # understanding, then matching, of that one message
    assert any("no understanding yet" in e for e in report.pipeline.errors)
    assert states == {"failed": 1, "processed": len(list((SET / "replies").iterdir())) - 1}
    assert sum(len(d) for d in batches) == states["processed"]  # everything else matched in batches
    assert again.messages == 2  # an id given twice is processed once


def test_helper_processes_read_as_this_process_does(tmp_path, monkeypatch):
    from campaign.understanding import parallel

    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)  # helpers even on a one-core runner
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 2)
    monkeypatch.setattr(pipeline, "COMMIT_EVERY", 60)  # four batches: three read ahead
    claimed = []
    real_claim = parallel._claim
    monkeypatch.setattr(parallel, "_claim", lambda *a: claimed.append(r := real_claim(*a)) or r)
    try:
        with_helpers = harvested(tmp_path / "helpers")
        assert parallel._pool is not None  # the batches really went to spawned helpers
    finally:
        parallel.shutdown()
    # the later batches were sent to the helpers while the earlier were matched
    assert sum(c is not None for c in claimed) >= 150
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 10**9)
    here = harvested(tmp_path / "here")
    assert with_helpers == here
    assert {o["intent"] for o in here.values()} >= {"address", "refusal"}


def test_chunks_the_helpers_have_not_started_are_read_here_and_the_others_taken(monkeypatch):
    from concurrent.futures import Future

    from campaign.understanding import parallel
    from campaign.understanding.reply import FirmContext

    context = FirmContext(secretariat="secretariat@cabinet-exemple.fr", domains=["cabinet-exemple.fr"])
    raws = [f"From: c{n}@client.fr\r\nSubject: adresse\r\n\r\nfactures{n}@client.fr\r\n".encode() for n in range(4)]
    started, waiting = Future(), Future()
    started.set_running_or_notify_cancel()  # a helper has begun it: it cannot be taken back
    started.set_result(["read by a helper 0", "read by a helper 1"])
    monkeypatch.setattr(parallel, "_ahead", {10 + n: (started if n < 2 else waiting, n % 2, hash(raw), context)
                                             for n, raw in enumerate(raws)})
    results = parallel.understand_many(raws, context, [10, 11, 12, 13])
    assert results[:2] == ["read by a helper 0", "read by a helper 1"]
    assert waiting.cancelled() and [r.addresses for r in results[2:]] == [["factures2@client.fr"], ["factures3@client.fr"]]
    assert parallel._ahead == {}


def test_works_the_helper_has_not_started_are_taken_back_from_the_last():
    from concurrent.futures import Future

    from campaign.processes import take_back

    works = [Future() for _ in range(4)]
    works[0].set_running_or_notify_cancel()  # the helper's: started from the front
    order = []
    done = take_back(works, lambda place: order.append(place) or f"here {place}")
    assert done == {3: "here 3", 2: "here 2", 1: "here 1"} and order == [3, 2, 1]
    assert not works[0].cancelled() and all(w.cancelled() for w in works[1:])
    assert take_back([], lambda place: place) == {}
