"""Self-rating questionnaires: which statements a participant rates, and what their ratings say.

Plain Python over the course tables so that the view, the development plan, hidden tests and
analysts all agree on the same rules: which items count, what a valid rating is, how far someone
has got, and which items stand out as strengths or as places to develop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import tables
from ..activities import TIMEPOINTS, parse_rating_activity
from ..errors import NotForYou

# Newest first: when a framework was rated at several timepoints, the latest counts by default.
_NEWEST_FIRST = tuple(reversed(TIMEPOINTS))
_RATED_BY = {"councillor": "councillors to rate", "officer": "council officers to rate"}


@dataclass(frozen=True)
class Point:
    """One point on a rating scale, e.g. 3 = "Fairly confident"."""

    value: int
    label: str
    meaning: str


@dataclass(frozen=True)
class Item:
    """One statement to rate; ``number`` is its place as shown (grouped by area), from 1."""

    id: str
    area: str
    statement: str
    number: int


@dataclass(frozen=True)
class Questionnaire:
    """Everything a participant needs to rate one framework: its scale and their items."""

    framework: str
    title: str
    points: tuple[Point, ...]
    items: tuple[Item, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(p.value for p in self.points)

    def label(self, value: int) -> str:
        return next(p.label for p in self.points if p.value == value)

    def areas(self) -> list[tuple[str, list[Item]]]:
        """The items grouped under their area, areas in the order they first appear."""
        groups: dict[str, list[Item]] = {}
        for item in self.items:
            groups.setdefault(item.area, []).append(item)
        return list(groups.items())


@dataclass(frozen=True)
class RatedItem:
    """One rating the participant gave, with what it means, for summaries and the plan."""

    framework: str
    framework_title: str
    item: Item
    value: int
    label: str
    timepoint: str
    # where the rating sits on its scale: 0 = lowest point, 1 = highest (scales differ in length)
    position: float


def area_title(area: str) -> str:
    """An area id as a heading: ``working with officers`` -> ``Working with officers``."""
    return area[:1].upper() + area[1:]


def known_frameworks(folder: Path | None = None) -> list[str]:
    return [row["id"] for row in tables.all_tables(folder)["frameworks"]]


def load_questionnaire(
    framework_id: str,
    role: str | None = None,
    jurisdiction: str | None = None,
    folder: Path | None = None,
) -> Questionnaire:
    """The scale and the rated items of one framework for one participant.

    Raises KeyError (unknown id) or ValueError (not rated, or nothing for this role), each with
    one plain sentence a participant can act on. Reads one snapshot of the tables (read-only),
    so opening the longest questionnaire stays cheap.
    """
    snapshot = tables.all_tables(folder)
    register = {row["id"]: row for row in snapshot["frameworks"]}
    info = register.get(framework_id)
    if info is None:
        rated = [f for f, row in register.items() if row["scale"]]
        raise KeyError(
            f"There is no questionnaire called '{framework_id}'; "
            f"the ones you can rate are {', '.join(rated)}."
        )
    if not info["scale"]:
        raise NotForYou(
            f"'{info['title']}' is not something you rate; read it in its notebook instead."
        )
    scale = sorted((p for p in snapshot["scales"] if p["scale"] == info["scale"]), key=_value)
    points = tuple(Point(int(p["value"]), p["label"], p["meaning"]) for p in scale)
    rows = [
        r
        for r in snapshot[framework_id]
        if r.get("rated", "yes") != "no"
        and (not role or r["applies_to"] in (role, "both"))
        and (not jurisdiction or r["jurisdiction"] in (jurisdiction, "all"))
    ]
    if not rows:
        who = _RATED_BY.get(info["rated_by"])
        if who:
            raise NotForYou(f"{info['title']} is for {who}, so there is nothing in it for you.")
        raise NotForYou(f"{info['title']} has nothing to rate for your role and council.")
    # shown grouped by area (areas in the order they first appear), numbered as shown
    areas = list(dict.fromkeys(r["area"] for r in rows))
    rows.sort(key=lambda r: areas.index(r["area"]))
    items = tuple(
        Item(r["id"], r["area"], r["statement"], number) for number, r in enumerate(rows, 1)
    )
    return Questionnaire(framework_id, info["title"], points, items)


def _value(point: Mapping[str, Any]) -> int:
    return int(point["value"])


def validate_rating(value: Any, questionnaire: Questionnaire) -> int:
    """The rating as an int on the scale, or ValueError with one plain sentence."""
    values = questionnaire.values
    if isinstance(value, bool) or not isinstance(value, int) or value not in values:
        raise ValueError(
            f"A rating here is a whole number from {values[0]} to {values[-1]}, "
            f"so {value!r} cannot be saved."
        )
    return value


def valid_answers(
    questionnaire: Questionnaire, saved: Mapping[str, Any]
) -> tuple[dict[str, int], list[str]]:
    """The saved ratings that are on the scale, and the ids of those that were not.

    A value outside the scale (an edited file, a changed table) is left out rather than shown
    wrongly or allowed to stop the questionnaire from opening.
    """
    good: dict[str, int] = {}
    bad: list[str] = []
    for item in questionnaire.items:
        if item.id not in saved:
            continue
        try:
            good[item.id] = validate_rating(saved[item.id], questionnaire)
        except ValueError:
            bad.append(item.id)
    return good, bad


def progress(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> tuple[int, int]:
    """How many of the questionnaire's items have a valid rating, out of how many."""
    good, _ = valid_answers(questionnaire, answers)
    return len(good), len(questionnaire.items)


def progress_text(answered: int, total: int) -> str:
    return f"{answered} of {total} answered"


def is_complete(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> bool:
    answered, total = progress(questionnaire, answers)
    return answered == total


def area_means(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> list[tuple[str, float, int]]:
    """``(area, mean rating, items rated)`` for each area with at least one rating, in order."""
    good, _ = valid_answers(questionnaire, answers)
    result = []
    for area, items in questionnaire.areas():
        values = [good[i.id] for i in items if i.id in good]
        if values:
            result.append((area, round(sum(values) / len(values), 2), len(values)))
    return result


def rated_items(
    questionnaire: Questionnaire, answers: Mapping[str, Any], timepoint: str = ""
) -> list[RatedItem]:
    """Every valid rating of this questionnaire, in questionnaire order."""
    good, _ = valid_answers(questionnaire, answers)
    low, high = questionnaire.values[0], questionnaire.values[-1]
    span = (high - low) or 1
    return [
        RatedItem(
            questionnaire.framework,
            questionnaire.title,
            item,
            good[item.id],
            questionnaire.label(good[item.id]),
            timepoint,
            (good[item.id] - low) / span,
        )
        for item in questionnaire.items
        if item.id in good
    ]


def strengths_and_gaps(
    questionnaire: Questionnaire, answers: Mapping[str, Any], count: int = 3
) -> tuple[list[RatedItem], list[RatedItem]]:
    """The ``count`` highest-rated items and the ``count`` lowest, never the same item twice.

    Ties go to the item that comes first in the questionnaire, so the answer never changes from
    one run to the next. Items rated the same as the strongest are never called gaps, and when
    every rating is the same nothing stands out, so both lists are empty.
    """
    ratings = rated_items(questionnaire, answers)
    if not ratings or len({r.value for r in ratings}) == 1:
        return [], []
    strengths = sorted(ratings, key=lambda r: (-r.value, r.item.number))[:count]
    top = strengths[0].value
    chosen = {r.item.id for r in strengths}
    gaps = [
        r
        for r in sorted(ratings, key=lambda r: (r.value, r.item.number))
        if r.item.id not in chosen and r.value < top
    ][:count]
    return strengths, gaps


def answers_by_activity(pairs: Iterable[tuple[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{activity: {item: value}}`` from a store's ``items()`` (key, answer) pairs."""
    from ..store import split_key

    grouped: dict[str, dict[str, Any]] = {}
    for key, answer in pairs:
        activity, item = split_key(key)
        grouped.setdefault(activity, {})[item] = getattr(answer, "value", answer)
    return grouped


def lowest_rated(
    store_answers: Mapping[str, Mapping[str, Any]],
    role: str | None = None,
    jurisdiction: str | None = None,
    timepoint: str | None = None,
    count: int = 5,
    folder: Path | None = None,
) -> list[RatedItem]:
    """The participant's lowest ratings across every questionnaire in one answers file.

    ``store_answers`` is ``{activity: {item: value}}`` (see :func:`answers_by_activity`). For each
    framework the ratings at ``timepoint`` are used when there are any, otherwise the newest
    timepoint rated. Ratings are compared by where they sit on their own scale, because a
    three-point checklist and a five-point scale differ; an item at the top of its scale is
    never a gap. Ties go to frameworks in register order, then to questionnaire order.
    """
    by_framework: dict[str, dict[str, Mapping[str, Any]]] = {}
    for activity, answers in store_answers.items():
        parsed = parse_rating_activity(activity)
        if parsed and isinstance(answers, Mapping):
            by_framework.setdefault(parsed[0], {})[parsed[1]] = answers
    order = {f: n for n, f in enumerate(known_frameworks(folder))}
    other_side = _about_the_other_side(role, folder)
    candidates: list[RatedItem] = []
    for framework_id, per_timepoint in by_framework.items():
        if framework_id not in order:
            continue
        try:
            questionnaire = load_questionnaire(framework_id, role, jurisdiction, folder)
        except (KeyError, ValueError):
            continue  # not rated, or nothing in it for this role: no gaps to propose
        preferred = [timepoint] if timepoint in per_timepoint else []
        chosen = (preferred + [t for t in _NEWEST_FIRST if t in per_timepoint])[0]
        candidates += [
            r
            for r in rated_items(questionnaire, per_timepoint[chosen], chosen)
            if r.position < 1 and (framework_id, r.item.id) not in other_side
        ]
    candidates.sort(key=lambda r: (r.position, order[r.framework], r.item.number))
    return candidates[:count]


def _about_the_other_side(role: str | None, folder: Path | None) -> set[tuple[str, str]]:
    """Health-check statements about the other role's behaviour: rated by everyone, but a low
    rating there is not a gap in the participant's own skills, so it never joins their plan."""
    if role not in ("councillor", "officer"):
        return set()
    return {
        ("health_check", row["id"])
        for row in tables.table("health_check", folder)
        if row["expected_of"] != role
    }
