"""The reflection widget: a thin ipywidgets view over :mod:`widgets.logic.reflection`.

A GOV.UK text box in the body font, with its word count under it (announced when typing pauses),
saved as the participant types: the :class:`~widgets.logic.reflection.Debouncer`
decides when, and :class:`TimerRunner` wakes it with a ``threading.Timer`` after typing pauses.
ipywidgets reports no "focus left the box" event to the kernel, so the timer is what saves after
the participant moves on; closing the widget or shutting the kernel down saves at once too.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as ipw

from ..activities import reflection_activity
from ..components import TextArea
from ..logic.reflection import (
    DEBOUNCE_SECONDS,
    TEXT_ITEM,
    Debouncer,
    local_time,
    long_text_note,
    reflection_prompt,
    saved_note,
    word_count,
)
from ..profile import load_profile
from ..session import answers_store
from ..store import AnswerStore, answer_key
from .autosave import TimerFactory, TimerRunner
from .base import ActivityView, storage_problem
from .drafts import keep_drafts
from .ui import VIEW_CLASS, WRAP_CSS, friendly, show, show_count


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

        self.text = TextArea(
            value=saved,
            label=f"Your thoughts on {prompt['title']}",
            hint="Your words are saved as you type.",
            rows=8,
        )
        self.saved = ipw.HTML()
        self.debouncer = Debouncer(self._save, delay=delay, saved_text=saved)
        self._merged: tuple[str, bool] | None = None
        self.runner = TimerRunner(
            self.debouncer, clock, timer_factory, self._save_failed, after=self._show_merged
        )
        self.text.observe(self._typed, names="value")
        keep_drafts(self.text, self.runner, answer_key(self.activity, TEXT_ITEM), self._recovered)

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
        super().__init__([intro, self.text, self.saved, self.message])
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

    def _save(self, text: str) -> str:
        """Save against the version this box last loaded or saved, so another tab's words are
        merged in rather than overwritten; returns what is now saved (the debouncer keeps the text
        pending if this raises)."""
        outcome = self.write_text(TEXT_ITEM, text, self.debouncer.saved_text or "")
        self.last_saved = datetime.now()
        self._show_saved(self.last_saved)
        if outcome.text != text:
            self._merged = (outcome.text, outcome.conflict)
        note = long_text_note(word_count(outcome.text))
        show(self.message, note or "", "info")
        return outcome.text

    def _show_merged(self) -> None:
        """After a save that merged another tab's words: show the box as it is saved (runs outside
        the debouncer's lock, because changing the box pushes to the debouncer)."""
        merged, self._merged = self._merged, None
        if merged is None:
            return
        text, both = merged
        self.text.value = text
        show(self.message, BOTH_KEPT if both else COMBINED, "info")

    def _save_failed(self, err: OSError) -> None:
        show(self.message, storage_problem("Your words", err), "problem")

    def _recovered(self) -> None:
        if not self.debouncer.pending and not self.message.value:
            show(self.message, DRAFT_KEPT, "info")

    def flush(self) -> bool:
        """Save what is typed now, without waiting for a pause."""
        runner = getattr(self, "runner", None)  # None if building the widget failed
        return runner.flush() if runner is not None else False

    def close(self) -> None:
        self.flush()
        super().close()

    # status ------------------------------------------------------------------------------------
    def _show_count(self, text: str) -> None:
        show_count(self.text, text)

    def _saved_stamp(self) -> datetime | None:
        answer = dict(self.store.items()).get(answer_key(self.activity, TEXT_ITEM))
        return local_time(answer.at) if answer is not None else None

    def _show_saved(self, moment: datetime | None) -> None:
        self.saved.value = _note(saved_note(moment)) if moment else ""


def _note(text: str) -> str:
    return f'<span style="color:#333">{html.escape(text)}</span>'


BOTH_KEPT = (
    "These words were also changed in another tab or window, so both versions are now in the "
    "box, yours first: please tidy them up."
)
DRAFT_KEPT = "The words you typed just before this page was reloaded have been saved."
COMBINED = "What you wrote in another tab or window has been added to these words."
_PENDING = _note("Not saved yet: saving when you pause")


@friendly
def reflection(prompt_id: str, store: AnswerStore | None = None) -> Reflection:
    """Show a reflective prompt, e.g. ``widgets.reflection("challenge2")`` (one call in a cell)."""
    return Reflection(prompt_id, store if store is not None else answers_store())
