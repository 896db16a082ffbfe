"""Knowledge checks: single-choice, multiple-choice and matching questions, and their marking.

Plain Python over the ``checks`` and ``check_options`` tables. The same marking serves the widget
(feedback in words) and nbgrader's hidden tests, which grade from the answers file through
:func:`score_check`, so a participant's score never depends on the browser.

Answers are saved under :func:`widgets.activities.check_activity`:

- item ``answer``: an option id (single), a list of option ids (multiple), or
  ``{left option id: right option id}`` (match, where the right option id names the row whose
  ``match`` label was chosen);
- item ``attempts``: how many times the participant pressed "Check my answer";
- item ``checked``: true while the saved answer is the one last checked, so a rebuilt widget shows
  its feedback again (an answer still being worked on shows none).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tables import row_by_id, table

KINDS = ("single", "multiple", "match")
Answer = str | list[str] | dict[str, str] | None


@dataclass(frozen=True)
class Option:
    """One row of ``check_options``: an answer option, or (match) a left label and its partner."""

    id: str
    label: str
    correct: bool | None
    match: str | None
    feedback: str


@dataclass(frozen=True)
class Check:
    id: str
    kind: str
    topic: str
    prompt: str
    jurisdiction: str
    options: tuple[Option, ...]
    source: str = ""
    source_section: str = ""
    council_types: tuple[str, ...] = ()  # empty: for every type of council

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


# building --------------------------------------------------------------------------------------
def build_check(row: Mapping[str, Any], option_rows: Iterable[Mapping[str, Any]]) -> Check:
    """A check from its table row and option rows (rows of other checks are ignored)."""
    check_id = str(row["id"])
    options = tuple(
        Option(
            id=str(o["id"]),
            label=str(o.get("label") or ""),
            correct=None if o.get("correct") in (None, "") else o.get("correct") == "yes",
            match=str(o["match"]) if o.get("match") else None,
            feedback=str(o.get("feedback") or ""),
        )
        for o in option_rows
        if o.get("check") == check_id
    )
    return Check(
        id=check_id,
        kind=str(row.get("kind") or ""),
        topic=str(row.get("topic") or ""),
        prompt=str(row.get("prompt") or ""),
        jurisdiction=str(row.get("jurisdiction") or "all"),
        options=options,
        source=str(row.get("source") or ""),
        source_section=str(row.get("source_section") or ""),
        council_types=tuple(row.get("council_types") or ()),
    )


def check_ids(folder: Path | None = None) -> list[str]:
    """The ids of every knowledge check in the course tables, in table order."""
    return [r["id"] for r in table("checks", folder)]


def load_check(check_id: str, folder: Path | None = None) -> Check:
    """One knowledge check from the course tables, checked; an unknown id is a plain KeyError."""
    found = row_by_id("checks", check_id, "knowledge check", folder)
    check = build_check(found, table("check_options", folder))
    validate_check(check)
    return check


def validate_check(check: Check) -> None:
    """Check a question can be answered and marked; raise ValueError naming the check."""
    name = f"The knowledge check '{check.id}'"
    if check.kind not in KINDS:
        raise ValueError(f"{name} has the kind '{check.kind}', not one of {', '.join(KINDS)}.")
    if len(check.options) < 2:
        raise ValueError(f"{name} needs at least two options.")
    if check.kind == "match":
        for option in check.options:
            if not option.match:
                raise ValueError(f"{name} has the row '{option.id}' with no partner to match.")
        if len({o.label for o in check.options}) != len(check.options):
            raise ValueError(f"{name} has two items with the same label to match.")
        if len({o.match for o in check.options}) < 2:
            raise ValueError(f"{name} needs at least two different partners to match.")
        return
    for option in check.options:
        if option.correct is None:
            raise ValueError(f"{name} has the option '{option.id}' with no yes/no in 'correct'.")
    right = sum(1 for o in check.options if o.correct)
    if check.kind == "single" and right != 1:
        raise ValueError(f"{name} is single-choice but has {right} correct options instead of 1.")
    if check.kind == "multiple" and right < 1:
        raise ValueError(f"{name} has no correct option.")


def right_choices(check: Check) -> list[tuple[str, str]]:
    """The right-hand labels of a match as ``(label, option id)``, shuffled the same way every time.

    The order is seeded by the check id, so every participant, every re-run and the tests see the
    same order, and it is never simply the order of the left-hand items.
    """
    first: dict[str, str] = {}
    for option in check.options:
        if option.match:
            first.setdefault(option.match, option.id)
    ordered = list(first.items())
    shuffled = ordered[:]
    random.Random(check.id).shuffle(shuffled)
    if shuffled == ordered and len(ordered) > 1:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


# answers ---------------------------------------------------------------------------------------
def _unknown(check: Check, option_id: Any) -> ValueError:
    return ValueError(
        f"'{option_id}' is not one of the options of this question, so the answer cannot be used."
    )


def validate_answer(check: Check, answer: Any) -> Answer:
    """The answer in its saved form, or ValueError with a plain sentence if it cannot be used.

    ``None`` (or an empty list or mapping) means "not answered yet" and comes back as ``None``.
    """
    if answer is None or answer == "" or answer == [] or answer == {}:
        return None
    if check.kind == "single":
        if not isinstance(answer, str):
            raise ValueError("An answer to this question must be a single option.")
        if check.option(answer) is None:
            raise _unknown(check, answer)
        return answer
    if check.kind == "multiple":
        if not isinstance(answer, list | tuple):
            raise ValueError("An answer to this question must be a list of options.")
        chosen: list[str] = []
        for option_id in answer:
            if not isinstance(option_id, str) or check.option(option_id) is None:
                raise _unknown(check, option_id)
            if option_id not in chosen:
                chosen.append(option_id)
        return chosen
    if not isinstance(answer, Mapping):
        raise ValueError("An answer to this question must pair each item with a match.")
    pairs: dict[str, str] = {}
    for left, right in answer.items():
        if not isinstance(left, str) or check.option(left) is None:
            raise _unknown(check, left)
        if right in (None, ""):
            continue
        if not isinstance(right, str) or check.option(right) is None:
            raise _unknown(check, right)
        pairs[left] = right
    return pairs or None


def missing(check: Check, answer: Answer) -> int:
    """How many parts still need answering before the answer can be checked (0 = ready)."""
    if check.kind == "match":
        given = answer if isinstance(answer, Mapping) else {}
        return sum(1 for o in check.options if o.id not in given)
    return 0 if answer else 1


def incomplete_message(check: Check, answer: Answer) -> str:
    """One plain sentence saying what is still needed, or "" when the answer is ready."""
    gap = missing(check, answer)
    if not gap:
        return ""
    if check.kind == "single":
        return "Please choose an answer before checking it."
    if check.kind == "multiple":
        return "Please tick at least one option before checking your answer."
    return (
        f"Please choose a match for every item before checking: "
        f"{gap} still {'has' if gap == 1 else 'have'} no match."
    )


# marking ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """The marking of one part: a chosen option, one option of a multiple, or one pair."""

    option: str
    label: str
    correct: bool
    text: str  # the feedback sentence the participant reads


@dataclass(frozen=True)
class Result:
    score: float  # 0 to 1
    parts: tuple[Part, ...]
    summary: str

    @property
    def all_correct(self) -> bool:
        return self.score == 1.0


def _verdict(correct: bool) -> str:
    return "correct" if correct else "not quite"


def mark(check: Check, answer: Any) -> Result:
    """Mark an answer: a score from 0 to 1, and every part marked with feedback in words.

    Single: 1 or 0. Multiple: the share of the options that apply which were ticked, less one
    share for each wrongly ticked option (never below 0), so ticking everything earns nothing.
    Match: the share of items given the right partner. An empty answer scores 0.
    """
    answer = validate_answer(check, answer)
    if check.kind == "single":
        return _mark_single(check, answer)
    if check.kind == "multiple":
        return _mark_multiple(check, answer if isinstance(answer, list) else [])
    return _mark_match(check, answer if isinstance(answer, dict) else {})


def _mark_single(check: Check, answer: Answer) -> Result:
    if not isinstance(answer, str):
        return Result(0.0, (), "You have not chosen an answer yet.")
    option = check.option(answer)
    assert option is not None  # validate_answer made sure
    good = bool(option.correct)
    part = Part(
        option.id,
        option.label,
        good,
        f"You chose '{option.label}': {_verdict(good)}. {option.feedback}",
    )
    summary = "Correct, well done." if good else "Not quite: read the feedback and try again."
    return Result(1.0 if good else 0.0, (part,), summary)


def _mark_multiple(check: Check, answer: list[str]) -> Result:
    parts = []
    for option in check.options:
        ticked = option.id in answer
        good = ticked == bool(option.correct)
        if ticked:
            lead = f"You ticked '{option.label}': {_verdict(good)}."
        elif option.correct:
            lead = f"You left '{option.label}' unticked: not quite, this one applies."
        else:
            lead = f"You left '{option.label}' unticked: correct."
        parts.append(Part(option.id, option.label, good, f"{lead} {option.feedback}"))
    applies = [o for o in check.options if o.correct]
    found = sum(1 for o in applies if o.id in answer)
    wrong = sum(1 for o in check.options if not o.correct and o.id in answer)
    score = max(0.0, (found - wrong) / len(applies)) if applies else 0.0
    if not answer:
        summary = "You have not ticked anything yet."
    elif found == len(applies) and not wrong:
        summary = "All correct, well done."
    else:
        summary = f"You found {found} of the {len(applies)} options that apply"
        summary += (
            f", and ticked {wrong} that {'does' if wrong == 1 else 'do'} not." if wrong else "."
        )
    return Result(score, tuple(parts), summary)


def _mark_match(check: Check, answer: dict[str, str]) -> Result:
    parts = []
    for option in check.options:
        chosen = check.option(answer[option.id]) if option.id in answer else None
        if chosen is None:
            parts.append(
                Part(
                    option.id,
                    option.label,
                    False,
                    f"{option.label}: no match chosen. {option.feedback}",
                )
            )
            continue
        good = chosen.match == option.match
        parts.append(
            Part(
                option.id,
                option.label,
                good,
                f"{option.label}: you chose '{chosen.match}', {_verdict(good)}. {option.feedback}",
            )
        )
    right = sum(1 for p in parts if p.correct)
    total = len(parts)
    score = right / total if total else 0.0
    if not answer:
        summary = "You have not matched anything yet."
    elif right == total:
        summary = "All correct, well done."
    else:
        summary = f"You matched {right} of the {total} items correctly."
    return Result(score, tuple(parts), summary)


def score_check(check_id: str, answer: Any, folder: Path | None = None) -> float:
    """The score (0 to 1) of an answer as saved in the answers file: what autograde calls.

    ``answer`` is the saved value of item ``answer`` (``None`` when the participant gave none,
    which scores 0). An unknown check id raises KeyError; an answer naming options the check does
    not have raises ValueError with a plain sentence.
    """
    return mark(load_check(check_id, folder), answer).score
