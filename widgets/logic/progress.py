"""How far a participant has got with each topic, worked out from the answers file.

The contents page lists every topic as "Not started", "In progress (7 of 11 answered)" or "Done".
What a topic asks is read from its own notebook (the ``widgets.<call>("id")`` cells the participant
sees), so a new activity needs no second list kept by hand. Each call is counted by its kind's
counter, named in the registry (:mod:`widgets.kinds`, ``progress``), through the kind's own logic
(a questionnaire's ``progress``, a scenario's ``walk``, a check's ``validate_answer``). Only what
this profile is meant to answer counts: statements for the other role, a check or scenario about
the other country's councils, or a statutory-officer question for another type of council are
left out, as their views mark them "for someone else".

One unit is one thing to answer: a rating statement, a sorted task, a knowledge check, a finished
scenario, a reflection, a ranking, a relationship map with an entry, a plan with an action.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..activities import (
    check_activity,
    map_activity,
    plan_activity,
    rating_activity,
    reflection_activity,
    scenario_activity,
    sorter_activity,
)
from ..errors import NotForYou
from ..navigation import Topic, course_topics
from ..profile import Profile

# The answers of one activity by item id (``AnswerStore.activity``).
Saved = Callable[[str], Mapping[str, Any]]

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
DONE = "Done"


@dataclass(frozen=True)
class Tally:
    """What one widget call asks of this participant: units answered, out of how many, and
    whether anything at all is saved (a half-played scenario is started, not answered)."""

    answered: int
    total: int
    started: bool = False


@dataclass(frozen=True)
class TopicProgress:
    topic: Topic
    answered: int
    total: int
    started: bool

    @property
    def status(self) -> str:
        if self.total and self.answered >= self.total:
            return DONE
        return IN_PROGRESS if self.started or self.answered else NOT_STARTED

    @property
    def text(self) -> str:
        """The status in words: "In progress (7 of 11 answered)"."""
        if self.status == IN_PROGRESS:
            return f"{IN_PROGRESS} ({self.answered} of {self.total} answered)"
        return self.status


@dataclass(frozen=True)
class CourseProgress:
    topics: list[TopicProgress]
    notes: list[str]  # plain sentences: a damaged answers file, a profile not filled in


# reading a topic's activities ------------------------------------------------------------------
def widget_calls(path: Path) -> list[tuple[str, str | None, str | None]]:
    """``(call, id, timepoint)`` of every ``widgets.<call>(...)`` in a notebook's code cells."""
    found: list[tuple[str, str | None, str | None]] = []
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        try:
            tree = ast.parse("".join(source) if isinstance(source, list) else source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "widgets"
            ):
                continue
            args = [_text(a) for a in node.args]
            words = {k.arg: _text(k.value) for k in node.keywords}
            ident = args[0] if args else None
            timepoint = words.get("timepoint") or (args[1] if len(args) > 1 else None)
            found.append((node.func.attr, ident, timepoint))
    return found


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


# counters, one per kind (named in widgets.kinds) -----------------------------------------------
# Each is ``(saved, id, timepoint, profile) -> Tally``, or None when the call is not for this
# profile. An incomplete profile counts everything, as the views then show everything.
def count_ratings(
    saved: Saved, ident: str, timepoint: str | None, profile: Profile
) -> Tally | None:
    from .questionnaire import load_questionnaire, progress

    try:
        content = load_questionnaire(ident, profile.role or None, profile.jurisdiction or None)
    except NotForYou:
        return None
    answered, total = progress(content, saved(rating_activity(ident, timepoint or "pre")))
    return Tally(answered, total, answered > 0)


def count_check(saved: Saved, ident: str, timepoint: str | None, profile: Profile) -> Tally | None:
    from .knowledge_check import load_check, missing, validate_answer
    from .statutory import is_for

    check = load_check(ident)
    row = {"jurisdiction": check.jurisdiction, "council_types": list(check.council_types)}
    if profile.jurisdiction and not is_for(row, profile.jurisdiction, profile.council):
        return None
    values = saved(check_activity(ident))
    try:
        answer = validate_answer(check, values.get("answer"))
    except ValueError:  # no longer fits the question: the view asks for it again
        answer = None
    done = answer is not None and missing(check, answer) == 0
    return Tally(int(done), 1, answer is not None)


def count_scenario(
    saved: Saved, ident: str, timepoint: str | None, profile: Profile
) -> Tally | None:
    from .scenario import load_scenario, walk

    scenario = load_scenario(ident)
    if profile.jurisdiction and scenario.jurisdiction not in ("all", profile.jurisdiction):
        return None
    walked = walk(scenario, saved(scenario_activity(ident)).get("path"))
    return Tally(int(walked.finished), 1, bool(walked.taken))


def count_reflection(saved: Saved, ident: str, timepoint: str | None, profile: Profile) -> Tally:
    text = saved(reflection_activity(ident)).get("text")
    written = isinstance(text, str) and bool(text.strip())
    return Tally(int(written), 1, written)


def count_sorter(saved: Saved, ident: str, timepoint: str | None, profile: Profile) -> Tally:
    from .sorter import CHOICES, sorter_items

    values = saved(sorter_activity(ident))
    items = sorter_items(ident)
    chosen = [values.get(item["id"]) for item in items]
    answered = sum(1 for v in chosen if isinstance(v, Mapping) and v.get("choice") in CHOICES)
    return Tally(answered, len(items), answered > 0)


def count_ranking(saved: Saved, ident: str, timepoint: str | None, profile: Profile) -> Tally:
    from .ranking import load_ranking, ranking_activity, read_order

    ranking = load_ranking(ident)
    order = saved(ranking_activity(ident)).get("order")
    _, complete = read_order(ranking, order)
    begun = isinstance(order, list) and bool(set(ranking.ids).intersection(map(str, order)))
    return Tally(int(complete), 1, begun)


def count_map(saved: Saved, ident: str | None, timepoint: str | None, profile: Profile) -> Tally:
    from .relationship_map import load_entries

    entries, _ = load_entries(saved(map_activity()))
    return Tally(int(bool(entries)), 1, bool(entries))


def count_plan(saved: Saved, ident: str | None, timepoint: str | None, profile: Profile) -> Tally:
    from .development_plan import saved_plan

    actions, options, _ = saved_plan(saved(plan_activity()))
    planned = any(actions.values()) or bool(options)
    return Tally(int(planned), 1, planned)


def count_profile(
    saved: Saved, ident: str | None, timepoint: str | None, profile: Profile
) -> Tally:
    """00 Start here asks for the profile, which lives in the participant's home, not the file."""
    return Tally(int(profile.complete), 1, profile.complete)


def count_statutory_checks(
    saved: Saved, ident: str | None, timepoint: str | None, profile: Profile
) -> Tally | None:
    """05's statutory-officer questions, shown together in one call: each counted as a check."""
    from .statutory import statutory_checks

    tallies = [
        tally
        for row in statutory_checks()
        if (tally := count_check(saved, row["id"], None, profile)) is not None
    ]
    if not tallies:
        return None
    return Tally(
        sum(t.answered for t in tallies),
        sum(t.total for t in tallies),
        any(t.started for t in tallies),
    )


# not activity kinds: the profile form of 00 Start here, 05's statutory-officer questions
OTHER_COUNTERS: dict[str, Callable[..., Tally | None]] = {
    "profile_form": count_profile,
    "statutory_checks": count_statutory_checks,
}


def _counters() -> dict[str, Callable[..., Tally | None]]:
    from ..kinds import by_widget, resolve

    counters = {call: resolve(kind.progress) for call, kind in by_widget().items() if kind.progress}
    return counters | OTHER_COUNTERS


# topics and the course ---------------------------------------------------------------------------
def topic_progress(topic: Topic, folder: Path, saved: Saved, profile: Profile) -> TopicProgress:
    """One topic's units for this profile, counted from its notebook in ``folder``."""
    counters = _counters()
    answered = total = 0
    started = False
    for call, ident, timepoint in widget_calls(folder / topic.file):
        counter = counters.get(call)
        if counter is None:  # reading, not answering: diagrams, "for my council" boxes
            continue
        tally = counter(saved, ident, timepoint, profile)
        if tally is None:
            continue
        answered += min(tally.answered, tally.total)
        total += tally.total
        started = started or tally.started
    return TopicProgress(topic, answered, total, started)


def course_progress(folder: Path, saved: Saved, profile: Profile) -> list[TopicProgress]:
    """Every topic notebook in ``folder``, in course order, with this participant's progress."""
    return [topic_progress(t, folder, saved, profile) for t in course_topics(folder)]


def read_progress(store: Any, profile: Profile, folder: Path | None = None) -> CourseProgress:
    """The course's progress from ``store`` (an :class:`~widgets.store.AnswerStore`; a damaged
    file is salvaged by the store, which says so in ``problem``), with sentences to show first."""
    folder = Path(folder) if folder is not None else store.folder
    store.load()
    notes = [store.problem] if store.problem else []
    if not profile.complete:
        notes.append(
            "Your profile is not filled in yet, so every topic counts everything in it; fill it "
            "in with the Start here notebook to count only what is meant for your role and council."
        )
    topics = course_progress(folder, store.activity, profile)
    if not topics:
        notes.append(
            f"There are no topic notebooks in {folder.name or 'this folder'} beside this page, "
            "so there is no progress to show."
        )
    return CourseProgress(topics, notes)
