"""Typing that a reload cut off comes back: the browser tab keeps it until the kernel has it.

ipywidgets sends typed text to the kernel one message at a time and holds newer text back until
the kernel answers, so a page reloaded (or a kernel lost) straight after typing used to lose the
last words. A :class:`~widgets.components.TextArea` with a draft key keeps each keystroke's text
in the tab's ``sessionStorage`` (never sent anywhere else, gone when the tab closes) until
``saved_value`` says the kernel saved it; the reloaded page sends it back, and here it is saved
through the box's own :class:`~widgets.views.autosave.TimerRunner`, merged as any save is.
"""

from __future__ import annotations

from collections.abc import Callable

from ..components import TextArea
from .autosave import TimerRunner


def keep_drafts(
    box: TextArea, runner: TimerRunner, key: str, recovered: Callable[[], None] | None = None
) -> None:
    """Let ``box`` keep unsaved typing across a reload, under ``key`` (unique on its page).

    ``runner`` saves the box's text; ``recovered`` runs after typing was handed back and saved.
    """
    box.draft_key = key
    box.saved_value = runner.debouncer.saved_text or ""
    after = runner.after

    def saved() -> None:
        if after is not None:
            after()
        box.saved_value = runner.debouncer.saved_text or ""

    runner.after = saved

    def handed_back(text: str, base: str) -> None:
        # merged against what was saved when it was typed, so another tab's words since are kept
        runner.debouncer.saved_text = base
        box.value = text  # the view's own observer counts it and queues the save
        runner.flush()
        box.saved_value = runner.debouncer.saved_text or ""
        if recovered is not None:
            recovered()

    box.on_draft(handed_back)
