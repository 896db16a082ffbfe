"""Reflection rules: the prompts, the word count, the notes, and when the debouncer saves."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from widgets.logic import reflection as logic

CHALLENGES = {"challenge2": "2", "challenge3": "3", "challenge4": "4"}
CHALLENGES |= {"challenge7": "7", "challenge8": "8", "challenge9": "9"}
INDUCTION = ["induction_q1", "induction_q2", "induction_q3", "induction_q4"]


def test_all_ten_prompts_exist_with_their_challenge_number_and_source():
    assert set(logic.prompt_ids()) >= set(CHALLENGES) | set(INDUCTION)
    for prompt_id, number in CHALLENGES.items():
        row = logic.reflection_prompt(prompt_id)
        assert row["challenge"] == number
        assert row["source"] == "001" and row["source_section"].startswith(f"Challenge {number} ")
        assert row["title"] and row["prompt"][-1] in "?."
    for prompt_id in INDUCTION:
        row = logic.reflection_prompt(prompt_id)
        assert row["source"] == "003" and row["source_section"] == "Questions and notes"
        assert row["prompt"].rstrip().endswith("?")


def test_unknown_prompt_is_a_plain_sentence_naming_the_known_ones():
    with pytest.raises(KeyError) as caught:
        logic.reflection_prompt("challenge5")
    message = caught.value.args[0]
    assert "no reflection called 'challenge5'" in message and "challenge2" in message


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("— … !! ?? -- 🙂", 0),
        ("Hello, world!!!", 2),
        ("Don't stop — it's well-being, café naïve!", 6),
        ("don’t ‘quote’ me", 3),
        ("We met at 14:02 and agreed 3.5 actions (e.g. a protocol).", 11),
        ("Привет мир, Γειά σου κόσμε", 5),
        ("line one\nline two\n\nline three", 6),
        ("snake_case", 2),
    ],
)
def test_word_count_of_unicode_and_punctuation(text, count):
    assert logic.word_count(text) == count


@pytest.mark.parametrize(
    ("count", "text"), [(0, "0 words"), (1, "1 word"), (87, "87 words"), (5001, "5,001 words")]
)
def test_word_count_text(count, text):
    assert logic.word_count_text(count) == text


def test_long_text_note_only_over_five_thousand_words():
    assert logic.long_text_note(5000) is None
    note = logic.long_text_note(5001)
    assert note is not None and "5,001 words" in note and "saved" in note
    assert note.count(".") == 2  # two short plain sentences, no jargon


def test_saved_note_today_and_on_an_earlier_day():
    moment = datetime(2027, 3, 3, 14, 2, 59)
    assert logic.saved_note(moment, today=date(2027, 3, 3)) == "Saved at 14:02"
    assert logic.saved_note(moment, today=date(2027, 3, 4)) == "Saved on 3 March at 14:02"


def test_local_time_reads_the_store_stamp():
    moment = logic.local_time("2027-03-03T14:02:00.000+00:00")
    assert moment is not None
    assert moment.astimezone(UTC).hour == 14 and moment.minute == 2
    assert logic.local_time("not a time") is None
    assert logic.local_time(None) is None  # type: ignore[arg-type]


class Recorder:
    def __init__(self) -> None:
        self.saved: list[str] = []

    def __call__(self, text: str) -> None:
        self.saved.append(text)


def test_a_burst_of_pushes_is_saved_once_after_the_pause():
    save = Recorder()
    debouncer = logic.Debouncer(save, delay=1.0)
    for now, text in [(0.0, "I"), (0.3, "I think"), (0.6, "I think so")]:
        debouncer.push(text, now)
        assert not debouncer.poll(now)
    assert debouncer.pending
    assert debouncer.remaining(1.0) == pytest.approx(0.6)
    assert not debouncer.due(1.5) and not debouncer.poll(1.5)  # 0.9 s after the last push
    assert save.saved == []
    assert debouncer.due(1.6) and debouncer.poll(1.6)
    assert save.saved == ["I think so"]
    assert debouncer.saves == 1 and not debouncer.pending
    assert not debouncer.poll(5.0) and debouncer.remaining(5.0) is None
    assert save.saved == ["I think so"]


def test_flush_saves_at_once_and_only_when_something_is_pending():
    save = Recorder()
    debouncer = logic.Debouncer(save, delay=1.0)
    assert not debouncer.flush()
    debouncer.push("closing now", 10.0)
    assert debouncer.flush()
    assert save.saved == ["closing now"]
    assert not debouncer.flush()
    assert not debouncer.poll(20.0)
    assert save.saved == ["closing now"]


def test_unchanged_text_is_not_written_again():
    save = Recorder()
    debouncer = logic.Debouncer(save, delay=1.0, saved_text="already saved")
    debouncer.push("already saved!", 0.0)
    debouncer.push("already saved", 0.5)  # typed then undone
    assert not debouncer.poll(2.0)
    assert save.saved == [] and not debouncer.pending
    debouncer.push("", 3.0)  # clearing the box is a change like any other
    assert debouncer.flush() and save.saved == [""]


def test_a_failed_save_keeps_the_text_pending_for_the_next_try():
    attempts: list[str] = []

    def flaky(text: str) -> None:
        attempts.append(text)
        if len(attempts) == 1:
            raise OSError("disk full")

    debouncer = logic.Debouncer(flaky, delay=1.0)
    debouncer.push("precious words", 0.0)
    with pytest.raises(OSError):
        debouncer.poll(1.0)
    assert debouncer.pending
    assert debouncer.flush()
    assert attempts == ["precious words", "precious words"]
    assert debouncer.saved_text == "precious words"


@pytest.mark.parametrize(
    ("used", "limit", "text"),
    [
        (0, 1000, "You have 1,000 characters remaining"),
        (199, 200, "You have 1 character remaining"),
        (200, 200, "You have 0 characters remaining"),
        (201, 200, "You have 1 character too many"),
        (1200, 1000, "You have 200 characters too many"),
    ],
)
def test_remaining_text_in_govuk_character_count_words(used, limit, text):
    assert logic.remaining_text(used, limit) == text
