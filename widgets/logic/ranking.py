"""Ranking: put a framework's items in the order you most want to improve them.

The answer is ``rank.<ranking id>/order``, the item ids with the one most wanted first. A ranking
is complete when every item has a place; the first ``feeds_plan`` items go into the development
plan. This module also holds the ranking kind's cohort reader, synthetic-answer writer and grader,
which the registry (``widgets.kinds``) names, so the kind lives in two files: this one and its view.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tables import items as framework_items
from ..tables import row_by_id, table


@dataclass(frozen=True)
class RankItem:
    id: str
    name: str  # a short name ("Be transparent")
    statement: str


@dataclass(frozen=True)
class Ranking:
    id: str
    framework: str
    title: str
    instructions: str
    feeds_plan: int
    items: tuple[RankItem, ...]
    source: str

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.items]

    def item(self, item_id: str) -> RankItem:
        return next(i for i in self.items if i.id == item_id)


def ranking_activity(ranking_id: str) -> str:
    return f"rank.{ranking_id}"


def ranking_ids(folder: Path | None = None) -> list[str]:
    return [r["id"] for r in table("rankings", folder)]


def load_ranking(ranking_id: str, folder: Path | None = None) -> Ranking:
    """One ranking and its items; an unknown id is a plain KeyError naming the known ones."""
    row = row_by_id("rankings", ranking_id, "ranking", folder)
    rows = [r for r in framework_items(row["framework"], folder=folder) if r.get("rated") != "no"]
    items = tuple(
        RankItem(r["id"], str(r.get("name") or r["statement"]), r["statement"]) for r in rows
    )
    return Ranking(
        row["id"],
        row["framework"],
        row["title"],
        row["instructions"],
        int(row["feeds_plan"]),
        items,
        row["source"],
    )


def read_order(ranking: Ranking, saved: Any) -> tuple[list[str], bool]:
    """The order to show from a saved answer, and whether the saved answer was complete.

    Known ids keep their saved places; items not in it (new ones, or none saved) follow in the
    table's order; ids the ranking no longer has are left out.
    """
    known = ranking.ids
    chosen = [i for i in dict.fromkeys(saved) if i in known] if isinstance(saved, list) else []
    complete = isinstance(saved, list) and set(chosen) == set(known) and len(saved) == len(known)
    return chosen + [i for i in known if i not in chosen], complete


def move(order: Sequence[str], item_id: str, step: int) -> list[str]:
    """``order`` with ``item_id`` moved ``step`` places (negative: up), kept within the list."""
    new = list(order)
    at = new.index(item_id)
    to = max(0, min(len(new) - 1, at + step))
    new.insert(to, new.pop(at))
    return new


def top(ranking: Ranking, order: Sequence[str], count: int | None = None) -> list[RankItem]:
    """The first ``count`` items (default: the number that feed the plan)."""
    n = ranking.feeds_plan if count is None else count
    return [ranking.item(i) for i in order[:n] if i in ranking.ids]


def plan_priorities(answers: dict[str, dict[str, Any]]) -> list[tuple[Ranking, list[RankItem]]]:
    """Every completed ranking's top items, for the development plan (``{activity: items}``)."""
    found = []
    for ranking_id in ranking_ids():
        saved = answers.get(ranking_activity(ranking_id), {}).get("order")
        ranking = load_ranking(ranking_id)
        order, complete = read_order(ranking, saved)
        if complete:
            found.append((ranking, top(ranking, order)))
    return found


# the kind's parts that the registry names ------------------------------------------------------
def cohort_rows(activity: str, item: str, value: Any, person: tuple, course: Any) -> list[tuple]:
    """The cohort loader's reader: one row per ranked item (its position, 1 = most wanted)."""
    from ..cohort.loader import Dropped

    if item != "order":
        return []
    try:
        ranking = load_ranking(activity.partition(".")[2])
    except KeyError as err:
        raise Dropped(f"unknown item dropped: there is no ranking {activity!r}") from err
    order, complete = read_order(ranking, value)
    if not complete:
        raise Dropped(f"unknown item dropped: the ranking {activity!r} does not fit this course")
    return [(*person, ranking.id, item_id, n) for n, item_id in enumerate(order, start=1)]


def synth_answer(store, ident: str, timepoint, person, correct: bool, rng: random.Random) -> None:
    """A synthetic participant's ranking: every item placed (``correct``) or only half."""
    ids = load_ranking(ident).ids
    rng.shuffle(ids)
    store.update(ranking_activity(ident), {"order": ids if correct else ids[: len(ids) // 2]})


def grade(activity: str, out_of: float, folder: str | Path | None = None):
    """Points for completing a ranking (every item given a place), never for the order chosen."""
    from ..grading import NothingAnswered, activity_answers, for_completion, read_answers

    ranking = load_ranking(activity.partition(".")[2])
    saved = activity_answers(read_answers(folder), activity).get("order")
    if not isinstance(saved, list) or not saved:
        raise NothingAnswered(f"{ranking.title} was not put in order, so it earns no points.")
    placed = len([i for i in dict.fromkeys(saved) if i in ranking.ids])
    rule = "Points are for putting every one in order, never for the order you chose."
    return for_completion(placed, len(ranking.ids), out_of, "put {} in order", rule)


def timing_units(ranking_id: str | None, role: str, jurisdiction: str) -> int:
    """How many items one ranking call asks the participant to place (``widgets.timing``)."""
    return len(load_ranking(ranking_id).ids) if ranking_id else 1
