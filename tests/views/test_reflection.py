"""The reflection widget: type through its text box, read the answers file back, rebuild."""

from __future__ import annotations

import threading

import pytest

import widgets
from widgets.activities import reflection_activity
from widgets.components import TextArea
from widgets.logic.reflection import reflection_prompt
from widgets.store import AnswerStore
from widgets.views.reflection import Reflection
from widgets.views.ui import Notice


def _saved(store, prompt_id):
    return AnswerStore(store.folder).activity(reflection_activity(prompt_id))


class FakeTimers:
    """Stands in for threading.Timer: records each timer so the test decides when it fires."""

    def __init__(self) -> None:
        self.started: list[FakeTimers.Timer] = []

    class Timer:
        def __init__(self, interval, function) -> None:
            self.interval, self.function, self.cancelled = interval, function, False

        def start(self) -> None:
            pass

        def cancel(self) -> None:
            self.cancelled = True

    def __call__(self, interval, function):
        timer = self.Timer(interval, function)
        self.started.append(timer)
        return timer

    def fire_last(self) -> None:
        self.started[-1].function()


@pytest.mark.parametrize("prompt_id", ["challenge2", "challenge9", "induction_q3"])
def test_typing_is_saved_and_shown_again_on_rebuild(store, prompt_id):
    w = widgets.reflection(prompt_id, store=store)
    assert isinstance(w, Reflection)
    w.text.value = "Briefings work well. Replies to casework could be quicker."
    assert w.text.count == "9 words" and not w.text.over  # no limit: the count alone
    assert w.flush()
    assert _saved(store, prompt_id) == {"text": w.text.value}
    assert "Saved at " in w.saved.value

    again = widgets.reflection(prompt_id, store=AnswerStore(store.folder))
    assert again.text.value == "Briefings work well. Replies to casework could be quicker."
    assert again.text.count == "9 words"
    assert "Saved " in again.saved.value  # when it was saved, from the answers file


def test_the_box_is_labelled_with_the_prompt(store):
    w = widgets.reflection("challenge7", store=store)
    row = reflection_prompt("challenge7")
    assert row["title"] in w.text.label
    assert isinstance(w.text, TextArea)  # GOV.UK textarea: body font, labelled, counted
    intro = w.children[0].value
    assert row["title"] in intro and "next year" in intro.lower()
    assert "Tip:" in intro  # the hint
    no_hint = widgets.reflection("induction_q1", store=store)
    assert "Tip:" not in no_hint.children[0].value


def test_a_burst_of_typing_is_saved_once_when_the_timer_fires(store):
    now = [0.0]
    timers = FakeTimers()
    saves = []
    w = Reflection("challenge3", store, clock=lambda: now[0], timer_factory=timers)
    original = w.debouncer._save
    w.debouncer._save = lambda text: (saves.append(text), original(text))

    for step, text in enumerate(["Open", "Open and", "Open and honest talks"]):
        now[0] = step * 0.3
        w.text.value = text
    assert len(timers.started) == 1  # one timer for the whole burst
    assert timers.started[0].interval == pytest.approx(1.0)
    assert "Not saved yet" in w.saved.value
    assert _saved(store, "challenge3") == {}

    now[0] = 1.0  # the first timer wakes 0.4 s after the last keystroke: not yet quiet long enough
    timers.fire_last()
    assert _saved(store, "challenge3") == {}
    assert len(timers.started) == 2 and timers.started[1].interval == pytest.approx(0.6)

    now[0] = 1.6
    timers.fire_last()
    assert saves == ["Open and honest talks"]
    assert _saved(store, "challenge3") == {"text": "Open and honest talks"}
    assert "Saved at " in w.saved.value


def test_closing_the_widget_saves_at_once(store):
    timers = FakeTimers()
    w = Reflection("challenge4", store, clock=lambda: 0.0, timer_factory=timers)
    w.text.value = "Co-opt two advocates."
    assert _saved(store, "challenge4") == {}
    w.close()
    assert timers.started[-1].cancelled
    assert _saved(store, "challenge4") == {"text": "Co-opt two advocates."}


def test_the_real_timer_saves_after_a_pause(store):
    saved = threading.Event()
    w = Reflection("challenge8", store, delay=0.01)
    original = w.debouncer._save
    w.debouncer._save = lambda text: (original(text), saved.set())
    w.text.value = "Speak to the chair after the meeting."
    assert saved.wait(timeout=10)
    assert _saved(store, "challenge8") == {"text": "Speak to the chair after the meeting."}


def test_word_count_follows_typing_with_unicode_and_punctuation(store):
    w = widgets.reflection("challenge2", store=store)
    assert w.text.count == "0 words"
    w.text.value = "Café — naïve? It’s well-being!"
    assert w.text.count == "4 words"
    w.text.value = "One"
    assert w.text.count == "1 word"
    w.flush()


def test_very_long_text_gets_a_sentence_and_is_still_saved_in_full(store):
    w = widgets.reflection("challenge9", store=store)
    long_text = "word " * 5200
    w.text.value = long_text
    w.flush()
    assert "5,200 words" in w.message.value and "saved" in w.message.value
    assert "Traceback" not in w.message.value
    assert _saved(store, "challenge9") == {"text": long_text}
    w.text.value = "Short now."
    w.flush()
    assert w.message.value == ""


def test_a_failed_save_is_one_sentence_and_the_words_stay(store, monkeypatch):
    w = widgets.reflection("challenge2", store=store)

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "save_text", refuse)  # a reflection's one write
    w.text.value = "Keep me"
    assert not w.flush()
    assert "could not be saved" in w.message.value and "No space left" in w.message.value
    assert w.text.value == "Keep me" and w.debouncer.pending
    monkeypatch.undo()
    assert w.flush()
    assert _saved(store, "challenge2") == {"text": "Keep me"}


def test_unknown_prompt_is_one_plain_sentence(store):
    result = widgets.reflection("challenge5", store=store)
    assert isinstance(result, Notice)
    assert "no reflection called 'challenge5'" in result.text


def test_default_store_is_the_answers_file_beside_the_notebook(councillor_scotland):
    w = widgets.reflection("induction_q2")
    w.text.value = "I will meet the monitoring officer."
    w.flush()
    store = AnswerStore(".")
    assert store.get(reflection_activity("induction_q2"), "text") == w.text.value
    assert store.load().participant["jurisdiction"] == "scotland"
