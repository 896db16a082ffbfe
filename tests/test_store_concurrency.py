"""Concurrent writers, damaged files and recovery: the store never loses an answer.

Two ``AnswerStore`` objects on one folder stand for two browser tabs (each with its own kernel):
each has its own cached view of the file, loaded before the other wrote.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from widgets import reading
from widgets.store import (
    ANSWERS_FILENAME,
    CONFLICT_NOTE,
    AnswerStore,
    good_copies,
    merge_text,
    read_answers_file,
    salvage,
)

WHO = {"id": "p1", "role": "officer", "jurisdiction": "england"}


def two_tabs(folder: Path) -> tuple[AnswerStore, AnswerStore]:
    first, second = AnswerStore(folder, WHO), AnswerStore(folder, WHO)
    first.load(), second.load()  # both pages loaded before either wrote
    return first, second


def test_two_tabs_adding_entries_get_different_ids_and_both_are_kept(tmp_path: Path) -> None:
    a, b = two_tabs(tmp_path)
    (first,) = a.add_entries("relmap", "e", [{"role": "Chief executive"}])
    (second,) = b.add_entries("relmap", "e", [{"role": "Leader"}])
    assert first != second
    saved = AnswerStore(tmp_path).activity("relmap")
    assert {v["role"] for v in saved.values()} == {"Chief executive", "Leader"}


def test_entry_ids_stay_above_the_high_water_mark_so_a_removed_id_is_never_reused(
    tmp_path: Path,
) -> None:
    a, b = two_tabs(tmp_path)
    ids = a.add_entries("relmap", "e", [{"n": 1}, {"n": 2}], high_water=("relmap.ids", "hw"))
    assert ids == ["e1", "e2"]
    a.set("relmap", "e2", None)  # removed
    assert b.add_entries("relmap", "e", [{"n": 3}], high_water=("relmap.ids", "hw")) == ["e3"]
    assert AnswerStore(tmp_path).get("relmap.ids", "hw") == 3


def test_two_tabs_editing_one_list_keep_each_others_items(tmp_path: Path) -> None:
    a, b = two_tabs(tmp_path)
    a.edit_list("plan", "start", add=["Meet the monitoring officer"])
    b.edit_list("plan", "start", add=["Read the constitution"])
    saved = b.edit_list("plan", "start", add=["read the CONSTITUTION"], same=str.casefold)
    assert saved == ["Meet the monitoring officer", "Read the constitution"]
    a.edit_list("plan", "start", remove=["Meet the monitoring officer"])
    assert AnswerStore(tmp_path).get("plan", "start") == ["Read the constitution"]


def test_text_added_in_two_tabs_is_merged(tmp_path: Path) -> None:
    a, b = two_tabs(tmp_path)
    a.save_text("reflect.c2", "text", "We meet weekly.", "")
    base = "We meet weekly."
    a_saved = a.save_text("reflect.c2", "text", base + " Tab A adds this.", base)
    b_saved = b.save_text("reflect.c2", "text", base + " Tab B adds that.", base)
    assert not a_saved.conflict and not b_saved.conflict
    text = AnswerStore(tmp_path).get("reflect.c2", "text")
    assert text == "We meet weekly. Tab A adds this. Tab B adds that."
    assert b_saved.text == text  # the view is told what is saved now, to show it


def test_text_rewritten_in_two_tabs_keeps_both_and_says_so(tmp_path: Path) -> None:
    a, b = two_tabs(tmp_path)
    a.save_text("reflect.c2", "text", "First draft", "")
    a.save_text("reflect.c2", "text", "Tab A rewrote it", "First draft")
    outcome = b.save_text("reflect.c2", "text", "Tab B rewrote it too", "First draft")
    assert outcome.conflict
    saved = AnswerStore(tmp_path).get("reflect.c2", "text")
    assert "Tab A rewrote it" in saved and "Tab B rewrote it too" in saved
    assert CONFLICT_NOTE in saved


def test_a_text_field_of_a_dict_answer_merges_and_keeps_the_other_fields(tmp_path: Path) -> None:
    a, b = two_tabs(tmp_path)
    a.save_text("sort.c1", "c1-01", "Because", "", field="reason", fields={"choice": "officer"})
    b.save_text("sort.c1", "c1-01", "", "", field="reason", fields={"choice": "joint"})
    assert AnswerStore(tmp_path).get("sort.c1", "c1-01") == {"choice": "joint", "reason": "Because"}


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged", "both"),
    [
        ("a", "a", "ab", "ab", False),
        ("a", "ab", "a", "ab", False),
        ("a", "ab", "ab", "ab", False),
        ("a", "abc", "ab", "abc", False),
        ("", "mine", "theirs", f"mine\n\n{CONFLICT_NOTE}\ntheirs", True),
        ("x", "", "y", "y", False),  # I deleted what they changed: their words stay
        ("We", "We met.", "We", "We met.", False),
    ],
)
def test_merge_text_never_drops_a_word(base, mine, theirs, merged, both) -> None:
    assert merge_text(base, mine, theirs) == (merged, both)


# damaged files -------------------------------------------------------------------------------
def _answers_text(store: AnswerStore, count: int) -> bytes:
    for n in range(count):
        store.set("rate.trust.pre", f"TB{n}", n % 5 + 1)
    return store.path.read_bytes()


def test_a_truncated_file_keeps_every_answer_before_the_cut(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path, WHO)
    whole = _answers_text(store, 8)
    for copy in good_copies(store.path):
        copy.unlink(missing_ok=True)  # no good copy: what is read back is all there is
    store.path.write_bytes(whole[: whole.index(b'"rate.trust.pre/TB6"')] + b'"rate.tr')
    again = AnswerStore(tmp_path, WHO)
    assert again.activity("rate.trust.pre") == {f"TB{n}": n % 5 + 1 for n in range(6)}
    assert "was damaged (it was cut short)" in again.problem
    assert "kept the 6 answers" in again.problem
    note = again.recovery_note()
    assert note["read_back"] == 6 and note["restore_point"] is None
    assert "Traceback" not in again.problem


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b.replace(b'"rate.trust.pre/TB3"', b"\xff\xfe\x00garbage\x00", 1),
        lambda b: b[:200] + os.urandom(64) + b[264:],
        lambda b: b"\x00" * 50 + b,
    ],
)
def test_garbage_in_a_file_loses_only_what_it_covers(tmp_path: Path, damage) -> None:
    store = AnswerStore(tmp_path, WHO)
    whole = _answers_text(store, 30)
    for copy in good_copies(store.path):
        copy.unlink(missing_ok=True)
    damaged = damage(whole)
    store.path.write_bytes(damaged)
    again = AnswerStore(tmp_path, WHO)
    kept = again.activity("rate.trust.pre")
    assert len(kept) >= 27
    assert all(kept[k] == int(k[2:]) % 5 + 1 for k in kept)  # nothing half-read is taken
    (backup,) = tmp_path.glob(ANSWERS_FILENAME + ".unreadable-*")
    assert backup.read_bytes() == damaged


def test_the_newest_good_copy_fills_in_what_the_damage_lost_and_restore_goes_back(
    tmp_path: Path,
) -> None:
    store = AnswerStore(tmp_path, WHO)
    _answers_text(store, 5)
    store.path.write_bytes(b"this is not json at all")
    again = AnswerStore(tmp_path, WHO)
    assert again.activity("rate.trust.pre") == {f"TB{n}": n % 5 + 1 for n in range(5)}
    assert "Restore my last good copy" in again.problem
    again.set("rate.trust.pre", "TB9", 2)  # answered after the damage
    again.set("rate.trust.pre", "TB0", 5)
    sentence = again.restore()
    assert "back as they were before the damage" in sentence
    restored = AnswerStore(tmp_path).activity("rate.trust.pre")
    assert restored["TB9"] == 2 and restored["TB0"] == 5 and restored["TB4"] == 5
    assert again.recovery_note() is None  # the banner goes
    assert (tmp_path / (ANSWERS_FILENAME + ".salvaged")).exists()  # nothing thrown away


def test_good_copies_rotate_and_stay_few(tmp_path: Path, monkeypatch) -> None:
    store = AnswerStore(tmp_path, WHO)
    copies = good_copies(store.path)
    for n in range(6):
        store.set("a", "n", n)
        old = time.time() - 3600
        os.utime(copies[0], (old, old))  # as if the newest copy were an hour old
    assert [read_answers_file(c).answers["a/n"].value for c in copies] == [5, 4, 3]
    assert len(list(tmp_path.glob(ANSWERS_FILENAME + ".good-*"))) == 3


def test_temporary_files_a_killed_writer_left_are_removed_on_the_next_write(
    tmp_path: Path,
) -> None:
    orphan = tmp_path / f".{ANSWERS_FILENAME}.k1ll3d.tmp"
    orphan.write_text("half a file")
    AnswerStore(tmp_path, WHO).set("a", "b", 1)
    assert not orphan.exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_salvage_ignores_lookalikes_that_are_not_answers() -> None:
    raw = b'{"answers": {"x": {"value": 1}, "a/b": {"value": 2, "at": "t"}, "c/d": [1]'
    found = salvage(raw)
    assert {k: a.value for k, a in found.answers.items()} == {"a/b": 2}


# reading choices -----------------------------------------------------------------------------
def test_reading_choices_are_remembered_outside_the_answers_file(tmp_path: Path) -> None:
    tmp_path = tmp_path / "course"
    store = AnswerStore(tmp_path, WHO)
    store.set("a", "b", 1)
    assert reading.remember("for_my_council.codes.other", True, tmp_path)
    assert reading.recall("for_my_council.codes.other", False, tmp_path) is True
    assert reading.recall("for_my_council.codes.other", False, tmp_path / "elsewhere") is False
    assert "for_my_council" not in store.path.read_text()
    assert not reading.reading_path().is_relative_to(tmp_path)


# many processes at once ----------------------------------------------------------------------
STRESS = textwrap.dedent(
    """
    import json, random, sys
    from widgets.store import AnswerStore
    folder, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = AnswerStore(folder, {"id": "p1", "role": "officer"})
    rng = random.Random(name)
    text, done = store.get("reflect.c2", "text"), []  # as the page loaded it
    for n in range(count):
        kind = rng.choice(["entry", "list", "text", "rating"])
        tag = f"{name}-{n}"
        if kind == "entry":
            (entry_id,) = store.add_entries("relmap", "e", [{"role": tag}])
        elif kind == "list":
            store.edit_list("plan", "start", add=[tag])
        elif kind == "text":
            text = store.save_text("reflect.c2", "text", f"{text} {tag}.", text).text
        else:
            store.set("rate.trust.pre", tag, n % 5 + 1)
        done.append([kind, tag])
    print(json.dumps(done))
    """
)


@pytest.mark.slow
def test_four_processes_doing_a_thousand_operations_lose_nothing(tmp_path: Path) -> None:
    workers, each = 4, 250
    AnswerStore(tmp_path, WHO).save_text("reflect.c2", "text", "Start.", "")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STRESS, str(tmp_path), f"w{i}", str(each)],
            stdout=subprocess.PIPE,
        )
        for i in range(workers)
    ]
    done = []
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0
        done += json.loads(out)
    assert len(done) == workers * each == 1000
    final = AnswerStore(tmp_path)
    roles = [v["role"] for v in final.activity("relmap").values()]
    plan = final.get("plan", "start")
    text = final.get("reflect.c2", "text")
    ratings = final.activity("rate.trust.pre")
    for kind, tag in done:
        if kind == "entry":
            assert roles.count(tag) == 1, tag
        elif kind == "list":
            assert plan.count(tag) == 1, tag
        elif kind == "text":
            assert text.count(f" {tag}.") == 1, tag
        else:
            assert tag in ratings, tag
    assert len(roles) == sum(kind == "entry" for kind, _ in done)  # no entry twice, none extra
    assert CONFLICT_NOTE not in text  # appends merge cleanly, with no false conflict
    assert not list(tmp_path.glob(".*.tmp"))
    assert not list(tmp_path.glob(ANSWERS_FILENAME + ".unreadable-*"))


def test_a_damaged_file_that_cannot_be_repaired_is_still_read_as_far_as_it_can_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnswerStore(tmp_path, WHO)
    whole = _answers_text(store, 4)
    store.path.write_bytes(whole[:-30])

    def read_only(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("widgets.store.write_atomically", read_only)
    again = AnswerStore(tmp_path, WHO)
    assert len(again.activity("rate.trust.pre")) >= 3
    assert "could not be repaired (Read-only file system)" in again.problem
    assert store.path.read_bytes() == whole[:-30]  # left exactly as it was
