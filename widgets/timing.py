"""How long each notebook takes, worked out from its words and its activities.

A stated time that nobody measured drifts as text is added: notebook 01 said 20–30 minutes when it
had grown to about 2,200 words, 24 sort items, four checks and three diagrams. Here the time is
counted instead. Reading runs at 150 words a minute (careful reading of new material), and each
activity has a cost of its own, from a minute for a diagram to ten for the relationship map. The
notebook states the estimate rounded to the nearest five minutes, as a ten-minute range
("About 35–45 minutes"); ``tests/notebooks/test_timing.py`` fails when the two part.

    .venv/bin/python -m widgets.timing      # the table of every notebook's count and time
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 150
# minutes per call of what is not an activity: each kind's and grouped call's are in widgets.kinds
OTHER_MINUTES = {
    "for_my_council": 1.0,
    "diagram": 1.0,
    "profile_form": 2.0,
}
_CALL = re.compile(r"widgets\.(\w+)\((?:\s*\"([^\"]+)\")?")
_CODE = re.compile(r"```\{code-cell\}(.*?)```", re.S)
_STATED = re.compile(r"\*\*About (\d+)(?:–(\d+))? minutes\.\*\*")


@dataclass(frozen=True)
class Timing:
    name: str
    words: int
    activities: dict[str, float]  # kind -> count (statements, items, steps or calls)
    minutes: float

    @property
    def stated(self) -> str:
        """The range to print: the estimate to the nearest five minutes, give or take five."""
        middle = max(5, 5 * round(self.minutes / 5))
        return f"{middle - 5}–{middle + 5}" if middle > 5 else "5–10"


PROFILES = [(r, j) for r in ("councillor", "officer") for j in ("england", "scotland")]


def statements(questionnaire: str | None, role: str, jurisdiction: str) -> int:
    """The statements a questionnaire shows this participant (0: not for their role)."""
    from .logic.questionnaire import load_questionnaire

    if not questionnaire:
        return 1
    try:
        return len(load_questionnaire(questionnaire, role, jurisdiction).items)
    except Exception:  # not for this role: it shows a short note instead
        return 0


def sort_items(sorter: str | None, role: str, jurisdiction: str) -> int:
    from .logic.sorter import sorter_items

    return len(sorter_items(sorter)) if sorter else 1


def longest_route(scenario_id: str | None, role: str, jurisdiction: str) -> int:
    """The steps on the scenario's longest route."""
    from .logic.scenario import load_scenario

    if not scenario_id:
        return 1
    scenario = load_scenario(scenario_id)

    def depth(step_id: str) -> int:
        nexts = [c.next_step for c in scenario.steps[step_id].choices if c.next_step]
        return 1 + max((depth(n) for n in nexts), default=0)

    return depth(scenario.start_step)


def _rates() -> dict[str, tuple[float, Callable[..., int] | None]]:
    """Each notebook call's minutes per unit and its unit counter (None: one per call)."""
    from .kinds import GROUPED, KINDS, resolve

    rates = {call: (minutes, None) for call, minutes in OTHER_MINUTES.items()}
    rates |= {call: (grouped.minutes, None) for call, grouped in GROUPED.items()}
    for kind in KINDS.values():
        rates[kind.widget] = (kind.minutes, resolve(kind.units) if kind.units else None)
    return rates


def estimate(text_path: Path) -> Timing:
    """The words a participant reads in one course text, its activities, and the minutes."""
    text = text_path.read_text(encoding="utf-8")
    rates = _rates()
    calls = [c for code in _CODE.findall(text) for c in _CALL.findall(code) if c[0] in rates]
    prose = _CODE.sub(" ", text)
    prose = re.sub(r"\]\([^)]*\)", "]", prose)
    words = len(re.findall(r"[A-Za-z0-9£']+", prose))
    best: tuple[float, dict[str, float]] = (-1.0, {})
    for role, jurisdiction in PROFILES:  # the longest of the four profiles' routes counts
        activities: dict[str, float] = {}
        for kind, arg in calls:
            count = rates[kind][1]
            units = count(arg or None, role, jurisdiction) if count else 1
            activities[kind] = activities.get(kind, 0) + units
        minutes = words / WORDS_PER_MINUTE + sum(rates[k][0] * n for k, n in activities.items())
        best = max(best, (minutes, activities), key=lambda pair: pair[0])
    return Timing(text_path.stem, words, best[1], best[0])


def stated_in(text_path: Path) -> str | None:
    """The time the notebook itself states, as "35–45" (or "10"), or None."""
    found = _STATED.search(text_path.read_text(encoding="utf-8"))
    if not found:
        return None
    return f"{found.group(1)}–{found.group(2)}" if found.group(2) else found.group(1)


def topics(root: Path = ROOT) -> list[Path]:
    return sorted((root / "course").glob("[0-9][0-9]_*.md"))


def main(argv: list[str] | None = None) -> int:
    print(f"{'notebook':38} {'words':>6} {'minutes':>8}  estimate  stated   activities")
    for path in topics():
        t = estimate(path)
        kinds = ", ".join(f"{k} {n:g}" for k, n in sorted(t.activities.items()))
        stated = stated_in(path)
        print(f"{t.name:38} {t.words:6} {t.minutes:8.1f}  {t.stated:8}  {stated!s:7}  {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
