"""Two people (or a person and the scheduled harvest) at once: one writer at a time, no traceback.

Commands run as child processes on one campaign folder. A command that writes waits for the
campaign lock with one line naming who holds it, and gives up after CAMPAIGN_LOCK_WAIT seconds
with one line; commands that only read do not wait.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time

import pytest

from campaign.lock import campaign_lock, holder
from tests.test_kills import REPLIES, check_messages, check_whole, cli, fresh, reply, reviewed, template  # noqa: F401

pytestmark = pytest.mark.integration


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "OperationalError" not in result.stderr, result.stderr


def in_thread(call) -> tuple[threading.Thread, list]:
    """Start ``call()`` in a thread; its result lands in the returned list."""
    box: list = []
    thread = threading.Thread(target=lambda: box.append(call()))
    thread.start()
    return thread, box


def test_a_writer_waits_for_the_lock_saying_for_whom_then_runs(template, tmp_path):
    folder = fresh(template, tmp_path)
    with campaign_lock(folder, "review import"):
        assert "`campaign review import` (process" in holder(folder)
        start = time.monotonic()
        thread, box = in_thread(lambda: cli(folder, "harvest", "--from", str(template.parent / "replies")))
        time.sleep(3)  # the child is up and waiting by now
        assert thread.is_alive() and not box
    thread.join(timeout=120)
    result = box[0]
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start >= 3
    waiting = [line for line in result.stderr.splitlines() if line.startswith("waiting for")]
    assert len(waiting) == 1 and "`campaign review import`" in waiting[0], result.stderr
    check_messages(check_whole(folder), REPLIES)


def test_a_writer_gives_up_in_one_line_when_the_wait_runs_out(template, tmp_path):
    folder = fresh(template, tmp_path)
    with campaign_lock(folder, "harvest"):
        result = cli(folder, "clients", "import", str(template.parent / "clients.csv"), CAMPAIGN_LOCK_WAIT="1")
        reader = cli(folder, "status")
    no_traceback(result)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "the campaign is busy: `campaign harvest`" in errors[0]
    assert "CAMPAIGN_LOCK_WAIT" in errors[0]
    assert reader.returncode == 0, reader.stderr  # reading never waits for a writer


def test_two_harvests_at_once_both_finish_and_store_each_message_once(template, tmp_path):
    folder = fresh(template, tmp_path)
    replies = str(template.parent / "replies")
    runs = [in_thread(lambda: cli(folder, "harvest", "--from", replies)) for _ in range(2)]
    for thread, _ in runs:
        thread.join(timeout=300)
    for _, (result,) in runs:
        no_traceback(result)
        assert result.returncode == 0, result.stderr
    conn = check_whole(folder)
    check_messages(conn, REPLIES)
    assert conn.execute("SELECT status FROM harvests").fetchall() == [("ok",), ("ok",)]


def test_a_review_import_during_a_harvest_both_finish(reviewed, tmp_path):  # noqa: F811
    source, workbook, after = reviewed
    folder = tmp_path / "cabinet"
    shutil.copytree(source, folder)
    more = tmp_path / "more"
    more.mkdir()
    for n in range(REPLIES, 2 * REPLIES):  # new messages, so the harvest has work to do
        (more / f"reply-{n}.eml").write_bytes(reply(n))
    thread, box = in_thread(lambda: cli(folder, "harvest", "--from", str(more)))
    time.sleep(1)
    review = cli(folder, "review", "import", str(workbook))
    thread.join(timeout=300)
    for result in (box[0], review):
        no_traceback(result)
        assert result.returncode == 0, result.stderr
    conn = check_whole(folder)
    check_messages(conn, 2 * REPLIES)
    assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] >= after["decisions"]


def test_the_lock_is_reentrant_in_one_process_and_forgets_its_holder_when_released(tmp_path):
    with campaign_lock(tmp_path, "harvest"):
        with campaign_lock(tmp_path, "match run"):  # the harvest's own matching: no self-deadlock
            assert "`campaign harvest`" in holder(tmp_path)
        assert "`campaign harvest`" in holder(tmp_path)  # still held by the outer command
    assert holder(tmp_path) == "another campaign command"
    assert not (tmp_path / "campaign.lock.json").exists()
