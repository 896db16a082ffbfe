"""The sorter: who leads on each task — councillor, officer or both together.

Plain Python over the ``sorters`` and ``sorter_items`` tables, so the rules (what a valid answer is,
how own items are numbered, how a participant's view compares with the workbook's) are tested
without a browser. The view in :mod:`widgets.views.sorter` is a thin layer over these functions.

Answers are saved under :func:`widgets.activities.sorter_activity`; each item's value is
``{"choice": "councillor" | "officer" | "joint" | None, "reason": str}``, plus ``"text"`` for the
participant's own items (ids ``own-1``, ``own-2``, …). ``None`` means "not sorted yet", so a reason
typed before choosing is still kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tables import row_by_id, table

CHOICES = ("councillor", "officer", "joint")
CHOICE_LABELS = {"councillor": "Councillor", "officer": "Officer", "joint": "Joint"}
OWN_PREFIX = "own-"
MAX_OWN_TEXT = 300
MAX_REASON = 1000
_OWN_ID = re.compile(r"^own-(\d+)$")


# content ---------------------------------------------------------------------------------------
def sorter_info(sorter_id: str, folder: Path | None = None) -> dict[str, Any]:
    """One sorter's row (title, instructions); a plain KeyError names the known sorters."""
    return row_by_id("sorters", sorter_id, "sorting activity", folder)


def sorter_items(sorter_id: str, folder: Path | None = None) -> list[dict[str, Any]]:
    """The workbook's items of one sorter, in table order."""
    sorter_info(sorter_id, folder)
    return [r for r in table("sorter_items", folder) if r["sorter"] == sorter_id]


# answers ---------------------------------------------------------------------------------------
def validate_choice(choice: str | None) -> str | None:
    """A choice the store may hold: one of :data:`CHOICES`, or None for "not sorted yet"."""
    if choice in (None, ""):
        return None
    if choice not in CHOICES:
        raise ValueError(
            f"'{choice}' is not one of the choices; please pick Councillor, Officer or Joint."
        )
    return choice


def make_answer(choice: str | None, reason: str = "", text: str | None = None) -> dict[str, Any]:
    """The value saved for one item (own items also carry their ``text``)."""
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValueError(f"Please keep your reason to {MAX_REASON} characters or fewer.")
    value: dict[str, Any] = {"choice": validate_choice(choice), "reason": reason}
    if text is not None:
        value["text"] = text
    return value


def read_answer(value: Any) -> dict[str, Any]:
    """A saved value made safe to show: anything damaged becomes "not sorted, no reason"."""
    if not isinstance(value, Mapping):
        return {"choice": None, "reason": ""}
    choice = value.get("choice")
    reason = value.get("reason")
    answer: dict[str, Any] = {
        "choice": choice if choice in CHOICES else None,
        "reason": reason if isinstance(reason, str) else "",
    }
    if isinstance(value.get("text"), str):
        answer["text"] = value["text"]
    return answer


def is_own(item_id: str) -> bool:
    return _OWN_ID.match(item_id) is not None


def own_items(answers: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The participant's own items from their saved answers, oldest first."""
    found = []
    for item_id, value in answers.items():
        match = _OWN_ID.match(item_id)
        answer = read_answer(value)
        if match and answer.get("text"):
            found.append((int(match.group(1)), item_id, answer))
    return [(item_id, answer) for _, item_id, answer in sorted(found)]


def next_own_id(existing: Mapping[str, Any] | list[str]) -> str:
    """The next free own-item id: one more than the highest ever used, so ids are never reused."""
    numbers = [int(m.group(1)) for m in map(_OWN_ID.match, existing) if m]
    return f"{OWN_PREFIX}{max(numbers, default=0) + 1}"


def add_own_item(answers: Mapping[str, Any], text: str) -> tuple[str, dict[str, Any]]:
    """A new own item (its id and the value to save); empty or very long text is refused."""
    text = " ".join((text or "").split())
    if not text:
        raise ValueError("Please type a task in the box before adding it.")
    if len(text) > MAX_OWN_TEXT:
        raise ValueError(f"Please keep your task to {MAX_OWN_TEXT} characters or fewer.")
    return next_own_id(answers), make_answer(None, "", text)


def progress(answers: Mapping[str, Any], item_ids: list[str]) -> tuple[int, int]:
    """How many of the listed items have a choice: ``(sorted, total)``."""
    done = sum(1 for i in item_ids if read_answer(answers.get(i))["choice"])
    return done, len(item_ids)


def progress_text(done: int, total: int) -> str:
    if total == 0:
        return "There is nothing to sort yet."
    if done == total:
        return f"You have sorted all {total} items."
    return f"You have sorted {done} of {total} items."


# comparison ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ComparedItem:
    item_id: str
    statement: str
    choice: str
    suggested: str | None  # None for the participant's own items
    explanation: str
    agreed: bool

    @property
    def verdict(self) -> str:
        """What happened, in words (never only a colour)."""
        mine = CHOICE_LABELS[self.choice]
        if self.suggested is None:
            return f"You chose {mine}. This is your own task, so the workbook has no suggestion."
        theirs = CHOICE_LABELS[self.suggested]
        if self.agreed:
            return f"You agreed: you and the workbook both chose {mine}."
        return f"You chose {mine}; the workbook suggests {theirs}."


@dataclass(frozen=True)
class Comparison:
    items: list[ComparedItem]

    @property
    def agreements(self) -> int:
        return sum(1 for i in self.items if i.agreed)

    @property
    def compared(self) -> int:
        """Sorted items the workbook has a view on (own items are not counted)."""
        return sum(1 for i in self.items if i.suggested is not None)

    @property
    def summary(self) -> str:
        if not self.items:
            return "Sort at least one item first, then compare your view with the workbook's."
        if self.compared == 0:
            return "You have only sorted your own tasks, which the workbook has no view on."
        text = f"You agreed with the workbook on {self.agreements} of the {self.compared} "
        text += "item you sorted." if self.compared == 1 else "items you sorted."
        if self.agreements < self.compared:
            text += " Where you differ, there is often no single right answer: read why."
        return text


def compare(
    items: list[Mapping[str, Any]], answers: Mapping[str, Any], own: bool = True
) -> Comparison:
    """The participant's sorted items beside the workbook's suggestions (unsorted ones left out)."""
    compared = []
    for row in items:
        answer = read_answer(answers.get(row["id"]))
        if answer["choice"]:
            compared.append(
                ComparedItem(
                    row["id"],
                    row["statement"],
                    answer["choice"],
                    row["suggested"],
                    row["explanation"],
                    answer["choice"] == row["suggested"],
                )
            )
    if own:
        for item_id, answer in own_items(answers):
            if answer["choice"]:
                compared.append(
                    ComparedItem(item_id, answer["text"], answer["choice"], None, "", False)
                )
    return Comparison(compared)
