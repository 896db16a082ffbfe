"""The journal of widget saves: honest saves always verify; every kind of forgery is named.

Each attack is what a participant could do to ``commonground_answers.json`` without running the
course's code: type it, copy it, edit a value, or touch the journal itself.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from widgets.journal import GENESIS, chain_intact, verify
from widgets.store import ANSWERS_FILENAME, AnswerStore, read_answers_file

WHO = {"id": "p1", "role": "officer", "jurisdiction": "england"}
LEAD = "The answers file was not written by the course's widgets: "


def answered(folder: Path) -> Path:
    store = AnswerStore(folder, WHO)
    store.set("check.roles_policy", "answer", "o2")
    store.update("rate.trust.pre", {"TB1": 3, "TB2": 4})
    store.set("check.roles_policy", "answer", "o1")  # changed their mind
    store.clear("rate.trust.pre")
    store.set("rate.trust.pre", "TB1", 5)
    return store.path


def verdict(path: Path, student: str = "p1", submitted: datetime | None = None) -> str:
    content = read_answers_file(path)
    return verify(content.values(), content.journal, student, submitted)


def rewrite(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_honest_saves_verify_and_every_save_is_one_chained_event(tmp_path: Path) -> None:
    path = answered(tmp_path)
    content = read_answers_file(path)
    assert [e.key.split("/")[1] for e in content.journal] == [
        "answer", "TB1", "TB2", "answer", "TB1", "TB2", "TB1"
    ]  # fmt: skip
    assert chain_intact(content.journal) is None
    assert verdict(path, submitted=datetime.now(UTC) + timedelta(seconds=5)) == ""


def test_a_hand_written_file_has_no_record(tmp_path: Path) -> None:
    path = answered(tmp_path)
    rewrite(path, lambda data: data.pop("journal"))
    assert verdict(path) == (
        LEAD + "there is no record of any of its 2 answers being entered (an answers file "
        "from before the course kept one, or one written by hand)."
    )


def test_an_answer_added_by_hand_has_no_record(tmp_path: Path) -> None:
    path = answered(tmp_path)
    stamp = {"value": "o1", "at": "2026-01-01T00:00:00+00:00"}
    rewrite(path, lambda data: data["answers"].update({"check.roles_staff/answer": stamp}))
    assert verdict(path) == LEAD + "1 answer has no record of being entered."


def test_a_value_edited_after_the_fact_is_named(tmp_path: Path) -> None:
    path = answered(tmp_path)
    rewrite(path, lambda data: data["answers"]["rate.trust.pre/TB1"].update(value=1))
    assert verdict(path) == (LEAD + "1 answer was changed after it was saved (rate.trust.pre/TB1).")


def test_a_copied_file_is_someone_elses(tmp_path: Path) -> None:
    path = answered(tmp_path)
    assert verdict(path, "p2") == (
        LEAD + "answers were entered by another participant ('p1'), not 'p2'."
    )


def test_a_broken_chain_a_dropped_event_or_a_moved_time_is_named(tmp_path: Path) -> None:
    path = answered(tmp_path)
    original = path.read_text(encoding="utf-8")
    for change in (
        lambda data: data["journal"].pop(1),
        lambda data: data["journal"][2].update(at="2026-01-01T00:00:00.000+00:00"),
        lambda data: data["journal"].reverse(),
        lambda data: data.update(journal="not a list"),
    ):
        path.write_text(original, encoding="utf-8")
        rewrite(path, change)
        assert "its record of saves was altered at save" in verdict(path)


def test_a_journal_rebuilt_with_times_out_of_order_or_after_submission_is_named(
    tmp_path: Path,
) -> None:
    """Even a correctly chained journal (which needs code to make) cannot claim impossible times."""
    from widgets.journal import append

    path = answered(tmp_path)
    content = read_answers_file(path)
    events: list = []
    for stamp in ("2026-01-02T00:00:00.000+00:00", "2026-01-01T00:00:00.000+00:00"):
        append(events, "check.roles_policy/answer", "o1", stamp, "p1")
    append(events, "rate.trust.pre/TB1", 5, "2027-01-01T00:00:00.000+00:00", "p1")
    content.journal = events
    path.write_text(json.dumps(content.to_json()), encoding="utf-8")
    submitted = datetime(2026, 6, 1, tzinfo=UTC)
    assert verdict(path, submitted=submitted) == (
        LEAD + "its saves are not in time order; it records saves made after the submission."
    )
    assert events[0].chain != GENESIS


def test_laundering_a_hand_written_file_through_a_salvage_is_named(tmp_path: Path) -> None:
    """A damaged hand-written file the store salvages keeps its answers, marked recovered."""
    path = tmp_path / ANSWERS_FILENAME
    path.write_text(
        '{"format": "commonground-answers", "version": 1, "answers": {"check.roles_policy/answer":'
        ' {"value": "o1", "at": "2026-01-01T00:00:00+00:00"}',
        encoding="utf-8",
    )
    store = AnswerStore(tmp_path, WHO)
    store.set("check.roles_staff", "answer", "o2")
    assert store.problem  # the participant was told about the damage
    assert verdict(path) == (
        LEAD + "1 answer was recovered from a damaged file with nothing to show they were entered."
    )


def test_a_salvage_or_restore_from_a_good_copy_keeps_an_honest_journal(tmp_path: Path) -> None:
    path = answered(tmp_path)
    path.write_bytes(path.read_bytes()[:60])  # cut short
    store = AnswerStore(tmp_path, WHO)
    store.load()
    assert store.problem and verdict(path) == ""
    store.set("check.roles_staff", "answer", "o2")
    assert "back as they were" in store.restore()
    assert verdict(path) == ""


def test_an_old_file_without_a_journal_still_reads_and_gains_one(tmp_path: Path) -> None:
    path = answered(tmp_path)
    rewrite(path, lambda data: data.pop("journal"))
    store = AnswerStore(tmp_path, WHO)
    assert store.get("rate.trust.pre", "TB1") == 5
    store.set("check.roles_staff", "answer", "o2")
    content = read_answers_file(path)
    assert [e.key for e in content.journal] == ["check.roles_staff/answer"]
    assert verdict(path) == LEAD + "2 answers have no record of being entered."


def test_a_long_journal_is_folded_to_each_answers_last_save_and_still_verifies(
    tmp_path: Path,
) -> None:
    from widgets.journal import COMPACT_AT

    store = AnswerStore(tmp_path, WHO)
    for n in range(3 * COMPACT_AT):  # a participant typing: many saves of few answers
        store.set("reflect.challenge2", "text", "word " * (n % 50))
        if n % 10 == 0:
            store.set("rate.trust.pre", f"TB{n % 8 + 1}", n % 5 + 1)
    content = read_answers_file(store.path)
    assert len(content.journal) <= COMPACT_AT + 1  # bounded, not 1,650 events
    assert chain_intact(content.journal) is None
    keys = [e.key for e in content.journal]
    assert len(keys) > len(set(keys))  # folded only when past the bound; saves since are kept
    assert verdict(store.path, submitted=datetime.now(UTC) + timedelta(seconds=5)) == ""
    # an edit by hand after folding is still caught
    rewrite(
        store.path,
        lambda data: data["answers"]["reflect.challenge2/text"].update(value="typed by hand"),
    )
    assert "was changed after it was saved (reflect.challenge2/text)" in verdict(store.path)


def test_a_broken_journal_is_never_folded_away(tmp_path: Path) -> None:
    from widgets.journal import COMPACT_AT

    store = AnswerStore(tmp_path, WHO)
    for n in range(COMPACT_AT):
        store.set("reflect.challenge2", "text", f"draft {n}")
    rewrite(store.path, lambda data: data["journal"][3].update(at="2020-01-01T00:00:00+00:00"))
    for n in range(COMPACT_AT):
        store.set("reflect.challenge2", "text", f"more {n}")
    content = read_answers_file(store.path)
    assert len(content.journal) == 2 * COMPACT_AT
    assert "altered at save 4" in verdict(store.path)
