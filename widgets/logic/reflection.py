"""Reflections: free-text answers to the workbook's reflective challenges, saved as you type.

Plain Python so the rules are unit-testable without a browser or real time: the prompts, the word
count, the "saved at" note and the :class:`Debouncer` that decides *when* to save. Writing the
answers file on every keystroke would mean hundreds of disk writes per paragraph, so the text is
saved once typing pauses (about a second) and always when the widget is closed. The debouncer is
given the time by its caller, so tests can drive it with a fake clock.

Answers are saved under :func:`widgets.activities.reflection_activity`, item ``text``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..tables import row_by_id, table

DEBOUNCE_SECONDS = 1.0
LONG_TEXT_WORDS = 5000
TEXT_ITEM = "text"

# A word: letters or digits in any script, joined by apostrophes, hyphens or full stops
# ("don't", "well-being", "e.g", "3.5"), or a colon between digits ("14:02"); punctuation, dashes
# and emoji on their own are not words.
_WORD = re.compile(r"[^\W_]+(?:(?:['’‘\-‐.]|(?<=\d):(?=\d))[^\W_]+)*")


# content ---------------------------------------------------------------------------------------
def reflection_prompt(
    prompt_id: str, folder: Path | None = None, role: str | None = None
) -> dict[str, Any]:
    """One prompt's row (title, prompt, optional hint) worded for ``role``; a plain KeyError names
    the known ones. An officer gets the officer's wording where the table has one, so no prompt
    ever asks the reader to swap words in their head."""
    row = dict(row_by_id("reflections", prompt_id, "reflection", folder))
    if role == "officer":
        for column in ("prompt", "hint"):
            if row.get(f"{column}_officer"):
                row[column] = row[f"{column}_officer"]
    return row


def prompt_ids(folder: Path | None = None) -> list[str]:
    return [r["id"] for r in table("reflections", folder)]


# what the participant sees ---------------------------------------------------------------------
def word_count(text: str) -> int:
    """Words as a reader would count them, in any language (punctuation alone is not a word)."""
    return len(_WORD.findall(text or ""))


def word_count_text(count: int) -> str:
    """``"87 words"``, ``"1 word"``, ``"5,001 words"``."""
    return f"{count:,} word" + ("" if count == 1 else "s")


def remaining_text(used: int, limit: int, unit: str = "character") -> str:
    """GOV.UK's character count wording: ``"You have 12 characters remaining"``, ``"You have 1
    character too many"``."""
    left = limit - used
    noun = unit + ("" if abs(left) == 1 else "s")
    return f"You have {abs(left):,} {noun} " + ("remaining" if left >= 0 else "too many")


def long_text_note(count: int) -> str | None:
    """One plain sentence when the text is very long (it is saved all the same), else None."""
    if count <= LONG_TEXT_WORDS:
        return None
    return (
        f"Your reflection is {count:,} words long, more than {LONG_TEXT_WORDS:,}. It is all saved, "
        "but a shorter note of your main points may be easier to come back to."
    )


def saved_note(moment: datetime, today: date | None = None) -> str:
    """``"Saved at 14:02"`` today, ``"Saved on 3 March at 14:02"`` on an earlier day."""
    today = today or datetime.now().date()
    clock = moment.strftime("%H:%M")
    if moment.date() == today:
        return f"Saved at {clock}"
    return f"Saved on {moment.day} {moment.strftime('%B')} at {clock}"


def local_time(stamp: str) -> datetime | None:
    """The store's UTC time stamp as local time, or None if it cannot be read."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return moment.astimezone() if moment.tzinfo else moment


# when to save ----------------------------------------------------------------------------------
class Debouncer:
    """Save the latest text once pushes pause for ``delay`` seconds, or at once on :meth:`flush`.

    Times are passed in (any monotonic clock), so the rule is tested without waiting. Thread-safe:
    a timer thread may call :meth:`poll` while the kernel thread calls :meth:`push`. Text equal to
    what was last saved is not written again.
    """

    def __init__(
        self,
        save: Callable[[str], str | None],
        delay: float = DEBOUNCE_SECONDS,
        saved_text: str | None = None,
    ) -> None:
        self._save = save
        self.delay = delay
        self.saved_text = saved_text
        self.saves = 0
        self._pending: str | None = None
        self._deadline: float | None = None
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def push(self, text: str, now: float) -> None:
        """New text: (re)start the quiet period that must pass before it is saved."""
        with self._lock:
            self._pending = text
            self._deadline = now + self.delay

    def remaining(self, now: float) -> float | None:
        """Seconds until the pending text is due (0 when due), or None when nothing is pending."""
        with self._lock:
            if self._pending is None or self._deadline is None:
                return None
            return max(0.0, self._deadline - now)

    def due(self, now: float) -> bool:
        wait = self.remaining(now)
        return wait is not None and wait <= 0

    def poll(self, now: float) -> bool:
        """Save if the quiet period has passed; True when a save happened."""
        with self._lock:
            if self._pending is None or self._deadline is None or now < self._deadline:
                return False
            return self._write()

    def flush(self) -> bool:
        """Save any pending text now (on blur, close or exit); True when a save happened."""
        with self._lock:
            if self._pending is None:
                return False
            return self._write()

    def _write(self) -> bool:
        text = self._pending
        assert text is not None
        if text == self.saved_text:
            self._pending = self._deadline = None
            return False
        saved = self._save(text)  # if this raises, the text stays pending and the next try saves it
        # a save may merge in what another tab wrote and return that: it is what is saved now
        self.saved_text = saved if isinstance(saved, str) else text
        self._pending = self._deadline = None
        self.saves += 1
        return True
