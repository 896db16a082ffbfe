"""The answer store: saves, restores, survives kills and concurrent writers, never loses data."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from widgets.journal import verify
from widgets.store import (
    ANSWERS_FILENAME,
    AnswerStore,
    answer_key,
    read_answers_file,
    split_key,
)

PARTICIPANT = {"id": "p1", "role": "councillor", "jurisdiction": "scotland", "cohort": "c1"}


def test_an_answer_is_on_disk_as_soon_as_it_is_given(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path, PARTICIPANT)
    store.set("rate.trust.pre", "TB1", 4)
    on_disk = json.loads((tmp_path / ANSWERS_FILENAME).read_text())
    assert on_disk["answers"]["rate.trust.pre/TB1"]["value"] == 4
    assert on_disk["answers"]["rate.trust.pre/TB1"]["at"].startswith("20")
    assert on_disk["participant"] == PARTICIPANT
    assert on_disk["synthetic"] is False


def test_a_new_store_on_the_same_folder_shows_saved_answers(tmp_path: Path) -> None:
    AnswerStore(tmp_path, PARTICIPANT).update("sort.roles", {"a": {"choice": "joint"}, "b": 2})
    again = AnswerStore(tmp_path)
    assert again.activity("sort.roles") == {"a": {"choice": "joint"}, "b": 2}
    assert again.get("sort.roles", "missing", "default") == "default"


def test_none_removes_an_answer_and_clear_removes_an_activity(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path, PARTICIPANT)
    store.update("check.q", {"answer": "o1", "attempts": 1})
    store.set("other", "x", 1)
    store.set("check.q", "answer", None)
    assert store.activity("check.q") == {"attempts": 1}
    store.clear("check.q")
    assert AnswerStore(tmp_path).activity("check.q") == {}
    assert AnswerStore(tmp_path).get("other", "x") == 1


def test_values_json_cannot_hold_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path, PARTICIPANT)
    store.set("a", "kept", 1)
    with pytest.raises(TypeError):
        store.set("a", "bad", object())
    assert AnswerStore(tmp_path).activity("a") == {"kept": 1}


@pytest.mark.parametrize(("activity", "item"), [("", "x"), ("a", ""), ("has/slash", "x")])
def test_keys_must_name_an_activity_and_an_item(activity: str, item: str) -> None:
    with pytest.raises(ValueError):
        answer_key(activity, item)


def test_item_ids_may_contain_the_separator() -> None:
    assert split_key(answer_key("relmap", "a/b")) == ("relmap", "a/b")


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe garbage", b'{"format": "something-else"}', b"", b'{"format": '],
)
def test_an_unreadable_file_is_kept_as_a_backup_and_explained(tmp_path: Path, content) -> None:
    path = tmp_path / ANSWERS_FILENAME
    path.write_bytes(content)
    store = AnswerStore(tmp_path, PARTICIPANT)
    assert store.activity("anything") == {}
    backups = list(tmp_path.glob(ANSWERS_FILENAME + ".unreadable-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == content  # moved aside, never deleted
    assert store.problem is not None
    assert backups[0].name in store.problem
    assert "Traceback" not in store.problem and store.problem.count(".") <= 4
    store.set("a", "b", 1)  # carries on with a fresh file
    assert read_answers_file(path).answers["a/b"].value == 1


def test_a_damaged_answer_entry_is_reported_not_half_read(tmp_path: Path) -> None:
    path = tmp_path / ANSWERS_FILENAME
    path.write_text(
        json.dumps({"format": "commonground-answers", "version": 1, "answers": {"k": 3}})
    )
    with pytest.raises(ValueError, match="damaged"):
        read_answers_file(path)


def test_two_stores_in_one_process_keep_each_others_answers(tmp_path: Path) -> None:
    first, second = AnswerStore(tmp_path, PARTICIPANT), AnswerStore(tmp_path, PARTICIPANT)

    def write(store: AnswerStore, prefix: str) -> None:
        for i in range(60):
            store.set("tab", f"{prefix}{i}", i)

    threads = [
        threading.Thread(target=write, args=(first, "a")),
        threading.Thread(target=write, args=(second, "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = AnswerStore(tmp_path).activity("tab")
    assert saved == {f"{p}{i}": i for p in "ab" for i in range(60)}


WRITER = textwrap.dedent(
    """
    import sys
    from widgets.store import AnswerStore
    folder, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = AnswerStore(folder, {"id": "p1", "role": "officer"})
    print("ready", flush=True)
    for i in range(count):
        store.set("notebook", f"{prefix}{i}", {"n": i, "padding": "x" * (i % 50) * 40})
    """
)


@pytest.mark.slow
def test_two_notebook_processes_writing_at_once_lose_no_answer(tmp_path: Path) -> None:
    count = 80
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), prefix, str(count)],
            stdout=subprocess.PIPE,
        )
        for prefix in ("lab-", "voila-")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    saved = AnswerStore(tmp_path).activity("notebook")
    assert len(saved) == 2 * count
    assert all(saved[f"{p}{i}"]["n"] == i for p in ("lab-", "voila-") for i in range(count))
    content = read_answers_file(tmp_path / ANSWERS_FILENAME)
    assert len(content.journal) == 2 * count  # one save each, in one chain, times in order
    assert verify(content.values(), content.journal, "p1") == ""


@pytest.mark.slow
def test_killing_the_writer_at_random_points_never_leaves_a_broken_file(tmp_path: Path) -> None:
    """Fault injection: SIGKILL the writing process at random moments, 40 times over.

    After every kill the file must be whole, and hold only answers that were really given, with the
    values they were given (never a mixture of two writes or a truncated value).
    """
    rng = random.Random(20261123)
    count = 10_000
    folder = tmp_path / "answers"
    kills_mid_run = 0
    for round_number in range(40):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), f"r{round_number}-", str(count)],
            stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills_mid_run += proc.returncode == -signal.SIGKILL
        path = folder / ANSWERS_FILENAME
        if not path.exists():
            continue
        content = read_answers_file(path)  # raises if the file is not whole
        for key, answer in content.answers.items():
            activity, item = key.split("/", 1)
            prefix, _, number = item.rpartition("-")
            assert activity == "notebook" and prefix.startswith("r")
            n = int(number)
            assert answer.value == {"n": n, "padding": "x" * (n % 50) * 40}
        assert not list(folder.glob(ANSWERS_FILENAME + ".unreadable-*"))
        assert verify(content.values(), content.journal, "p1") == ""  # the journal is whole too
    assert kills_mid_run >= 35  # the kills really landed while the writer was running
    final = read_answers_file(folder / ANSWERS_FILENAME)
    rounds_seen = {k.split("/", 1)[1].split("-")[0] for k in final.answers}
    assert len(rounds_seen) >= 10  # answers from earlier rounds survived later kills
