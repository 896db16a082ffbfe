"""The reflection widget: a thin ipywidgets view over :mod:`widgets.logic.reflection`.

A labelled text box saved as the participant types: the :class:`~widgets.logic.reflection.Debouncer`
decides when, and :class:`TimerRunner` wakes it with a ``threading.Timer`` after typing pauses.
ipywidgets reports no "focus left the box" event to the kernel, so the timer is what saves after
the participant moves on; closing the widget or shutting the kernel down saves at once too.
"""

from __future__ import annotations

import atexit
import contextlib
import html
import threading
import time
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as ipw

from ..activities import reflection_activity
from ..logic.reflection import (
    DEBOUNCE_SECONDS,
    TEXT_ITEM,
    Debouncer,
    local_time,
    long_text_note,
    reflection_prompt,
    saved_note,
    word_count,
    word_count_text,
)
from ..profile import load_profile
from ..session import answers_store
from ..store import AnswerStore, answer_key
from .base import ActivityView, storage_problem
from .ui import VIEW_CLASS, WRAP_CSS, friendly, show

TimerFactory = Callable[[float, Callable[[], None]], Any]

_OPEN_RUNNERS: weakref.WeakSet[TimerRunner] = weakref.WeakSet()


class TimerRunner:
    """Wake a :class:`Debouncer` when its quiet period ends, using one timer thread at a time.

    ``clock`` and ``timer_factory`` are injectable so a test can fire the timer by hand.
    """

    def __init__(
        self,
        debouncer: Debouncer,
        clock: Callable[[], float] = time.monotonic,
        timer_factory: TimerFactory = threading.Timer,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.debouncer = debouncer
        self.clock = clock
        self.timer_factory = timer_factory
        self.on_error = on_error
        self._timer: Any = None
        self._lock = threading.Lock()
        _OPEN_RUNNERS.add(self)

    def push(self, text: str) -> None:
        self.debouncer.push(text, self.clock())
        with self._lock:
            if self._timer is None:  # a running timer re-checks the deadline when it fires
                self._start(self.debouncer.delay)

    def _start(self, wait: float) -> None:
        timer = self.timer_factory(wait, self._fire)
        if hasattr(timer, "daemon"):
            timer.daemon = True  # never keep a finished kernel alive
        self._timer = timer
        timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
            wait = self.debouncer.remaining(self.clock())
            if wait is not None and wait > 0:  # more typing since this timer started
                self._start(wait)
                return
        self._guarded(lambda: self.debouncer.poll(self.clock()))

    def flush(self) -> bool:
        """Save now whatever is pending (closing, shutting down, or a test that cannot wait)."""
        with self._lock:
            if self._timer is not None and hasattr(self._timer, "cancel"):
                self._timer.cancel()
            self._timer = None
        return bool(self._guarded(self.debouncer.flush))

    def _guarded(self, action: Callable[[], bool]) -> bool:
        try:
            return action()
        except OSError as err:  # the disk said no: the text stays on screen and pending
            if self.on_error is None:
                raise
            self.on_error(err)
            return False


@atexit.register
def _flush_all() -> None:  # pragma: no cover - runs when the kernel shuts down
    for runner in list(_OPEN_RUNNERS):
        with contextlib.suppress(Exception):
            runner.flush()


class Reflection(ActivityView):
    """One reflective prompt with a text box that saves itself, a word count and a saved note."""

    def __init__(
        self,
        prompt_id: str,
        store: AnswerStore,
        *,
        clock: Callable[[], float] = time.monotonic,
        timer_factory: TimerFactory = threading.Timer,
        delay: float = DEBOUNCE_SECONDS,
    ) -> None:
        # unknown id: a plain KeyError for ``friendly``; the wording follows the profile's role
        prompt = reflection_prompt(prompt_id, role=load_profile().role)
        self.prompt_id = prompt_id
        self.init_activity(reflection_activity(prompt_id), store)
        saved = store.get(self.activity, TEXT_ITEM, "")
        saved = saved if isinstance(saved, str) else ""

        self.text = ipw.Textarea(
            value=saved,
            description=f"Your thoughts on {prompt['title']}",
            placeholder="Type here. Your words are saved as you go.",
            rows=8,
            style={"description_width": "initial"},
            layout=ipw.Layout(width="100%"),
        )
        self.text.add_class("cg-stacked")
        self.word_count = ipw.HTML()
        self.saved = ipw.HTML(layout=ipw.Layout(margin="0 0 0 2em"))
        self.debouncer = Debouncer(self._save, delay=delay, saved_text=saved)
        self.runner = TimerRunner(self.debouncer, clock, timer_factory, self._save_failed)
        self.text.observe(self._typed, names="value")

        self._show_count(saved)
        self.last_saved = self._saved_stamp()
        self._show_saved(self.last_saved)
        if store.problem:
            show(self.message, store.problem, "problem")

        hint = f"<p><em>Tip:</em> {html.escape(prompt['hint'])}</p>" if prompt.get("hint") else ""
        intro = ipw.HTML(
            f"{WRAP_CSS}<h3>{html.escape(prompt['title'])}</h3>"
            f"<p>{html.escape(prompt['prompt'])}</p>{hint}"
        )
        status = ipw.HBox([self.word_count, self.saved])
        super().__init__([intro, self.text, status, self.message])
        self.add_class(VIEW_CLASS)

    # typing and saving -------------------------------------------------------------------------
    def _typed(self, change: dict[str, Any]) -> None:
        text = change["new"]
        self._show_count(text)
        self.runner.push(text)
        if text == self.debouncer.saved_text:  # e.g. typed then undone: nothing new to save
            self._show_saved(self.last_saved)
        elif self.saved.value != _PENDING:
            self.saved.value = _PENDING

    def _save(self, text: str) -> None:
        self.write({TEXT_ITEM: text})  # the debouncer keeps the text pending if this fails
        self.last_saved = datetime.now()
        self._show_saved(self.last_saved)
        note = long_text_note(word_count(text))
        show(self.message, note or "", "info")

    def _save_failed(self, err: OSError) -> None:
        show(self.message, storage_problem("Your words", err), "problem")

    def flush(self) -> bool:
        """Save what is typed now, without waiting for a pause."""
        runner = getattr(self, "runner", None)  # None if building the widget failed
        return runner.flush() if runner is not None else False

    def close(self) -> None:
        self.flush()
        super().close()

    # status ------------------------------------------------------------------------------------
    def _show_count(self, text: str) -> None:
        self.word_count.value = _note(word_count_text(word_count(text)))

    def _saved_stamp(self) -> datetime | None:
        answer = dict(self.store.items()).get(answer_key(self.activity, TEXT_ITEM))
        return local_time(answer.at) if answer is not None else None

    def _show_saved(self, moment: datetime | None) -> None:
        self.saved.value = _note(saved_note(moment)) if moment else ""


def _note(text: str) -> str:
    return f'<span style="color:#333">{html.escape(text)}</span>'


_PENDING = _note("Not saved yet: saving when you pause")


@friendly
def reflection(prompt_id: str, store: AnswerStore | None = None) -> Reflection:
    """Show a reflective prompt, e.g. ``widgets.reflection("challenge2")`` (one call in a cell)."""
    return Reflection(prompt_id, store if store is not None else answers_store())
