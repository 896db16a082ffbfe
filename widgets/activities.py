"""How answers are keyed: one naming scheme shared by widgets, hidden tests, synth and analysts."""

from __future__ import annotations

TIMEPOINTS = ("pre", "post", "follow-up")

# The frameworks a participant rates in the pre- and post-workshop self-assessments.
SELF_ASSESSMENT = ("trust", "health_check", "challenge")
ROLE_FRAMEWORK = {"officer": "nos_sfjc21", "councillor": "councillor_skills"}
ASSIGNMENT_FOR_TIMEPOINT = {"pre": "pre_workshop", "post": "post_workshop"}


def rating_activity(framework: str, timepoint: str) -> str:
    """The activity id of a self-rating, e.g. ``rate.trust.pre``."""
    if timepoint not in TIMEPOINTS:
        raise ValueError(f"'{timepoint}' is not a timepoint; use one of {', '.join(TIMEPOINTS)}.")
    return f"rate.{framework}.{timepoint}"


def parse_rating_activity(activity: str) -> tuple[str, str] | None:
    """``(framework, timepoint)`` for a rating activity id, else None."""
    kind, _, rest = activity.partition(".")
    framework, _, timepoint = rest.rpartition(".")
    if kind != "rate" or not framework or timepoint not in TIMEPOINTS:
        return None
    return framework, timepoint


def self_assessment_frameworks(role: str) -> tuple[str, ...]:
    return (*SELF_ASSESSMENT, ROLE_FRAMEWORK[role])


# Activity ids of the other widgets (item ids inside each are described beside them):
def map_activity() -> str:
    """Relationship map: item = entry id, value = {role, category, importance, quality, action}."""
    return "relmap"


def map_ids_activity() -> str:
    """Relationship map bookkeeping: item ``high_water`` = the highest entry number ever given out,
    so an id removed before a restart is never given to a different relationship."""
    return "relmap.ids"


def sorter_activity(sorter: str) -> str:
    """Sorter: item = item id (own items ``own-N``), value = {choice, reason[, text]}."""
    return f"sort.{sorter}"


def scenario_activity(scenario: str) -> str:
    """Scenario: item ``path`` = list of chosen choice ids, in order."""
    return f"scenario.{scenario}"


def check_activity(check: str) -> str:
    """Knowledge check: item ``answer`` (option id, list of ids, or {left id: right id}),
    item ``attempts`` (int), item ``checked`` (true once the saved answer has been marked)."""
    return f"check.{check}"


def reflection_activity(prompt: str) -> str:
    """Reflection: item ``text`` = the participant's words (free text never reaches analysts)."""
    return f"reflect.{prompt}"


def plan_activity() -> str:
    """Development plan: items ``start``/``keep``/``stop`` (lists of text), ``options`` (ids)."""
    return "plan"
