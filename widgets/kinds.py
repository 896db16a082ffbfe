"""The registry of activity kinds: everything the package knows about each kind, in one place.

An activity id starts with its kind (``rate.trust.pre``, ``check.roles_policy``, ``relmap``); an
answer is stored under ``<activity>/<item>``. For each kind this module names its id scheme, the
course tables it reads, the shape of its answers (checked on write by the views and on read by
the cohort loader), its logic and view modules, and — where it has them — its cohort reader,
synthetic-answer writer, grader, content check, progress counter (the contents page) and the
minutes it takes (the time each notebook states). The
cohort loader, ``synth``, ``grading.points``, ``commonground check-data``, ``widgets.__init__``,
the contents page and the browser tests' drivers all dispatch from here, so adding a kind means
adding one entry (and its modules), not editing each of them.

Everything is named as ``"module:attribute"`` and imported only when used, so ``import widgets``
stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any


class AnswerShapeError(ValueError):
    """A saved or about-to-be-saved answer that does not have its kind's shape (one sentence)."""


@dataclass(frozen=True)
class CohortTable:
    """The tidy table a kind's answers fill in the cohort loader, and the reader that fills it.

    ``reader(activity, item, value, person, course)`` returns a row (a tuple in ``columns``
    order) or a list of rows, ``None`` for bookkeeping items, or raises the loader's
    ``Dropped``/``BadFile``.
    """

    name: str
    columns: tuple[str, ...]
    unique: tuple[str, ...]  # a person's later answer to the same thing replaces the earlier
    reader: str
    integer: str | None = None  # a column stored as int16
    # the kind's own chart in the cohort report: "module:fn(context) -> Numbers", drawn when the
    # table has rows (the self-ratings' charts, by timepoint and framework, are the report's own)
    chart: str | None = None


@dataclass(frozen=True)
class Kind:
    name: str  # the activity id's first part
    widget: str  # the notebook call: widgets.<widget>(...)
    ids: str  # the id scheme, for people
    tables: tuple[str, ...]  # course tables the kind reads (each must exist in tables.TABLES)
    logic: str  # the logic module
    view: str  # "module:factory" of the notebook call
    shape: Callable[[str, Any], str | None]  # (item, value) -> None, or what is wrong
    cohort: CohortTable | None = None  # None: never read for analysts (free text, plans)
    synth: str | None = None  # "module:fn(store, ident, timepoint, person, correct, rng)"
    grader: str | None = None  # "module:fn(activity, out_of, folder) -> Earned"
    # check-data: ("module:ids(folder)", "module:load(id, folder)"); each id must load cleanly
    content: tuple[str, str] | None = None
    bookkeeping: tuple[str, ...] = field(default=())  # activity ids of the kind's own records
    # the contents page: "module:fn(saved, id, timepoint, profile) -> Tally | None" (None: the
    # call is not meant for this profile); see widgets.logic.progress
    progress: str | None = None
    # the time a notebook states (widgets.timing): minutes per unit, and what a unit is:
    # "module:fn(arg, role, jurisdiction) -> units in one call" (None: one unit per call)
    minutes: float = 1.0
    units: str | None = None


# answer shapes: cheap structural checks, no course tables needed -------------------------------
def _is_int(value: Any) -> bool:
    return type(value) is int


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _rating_shape(item: str, value: Any) -> str | None:
    return None if _is_int(value) else "a rating must be a whole number"


def _check_shape(item: str, value: Any) -> str | None:
    if item == "answer":
        ok = (
            isinstance(value, str)
            or _strings(value)
            or (isinstance(value, dict) and all(isinstance(v, str) for v in value.values()))
        )
        return None if ok else "an answer must be an option id, a list of ids or pairs of ids"
    if item == "attempts":
        return None if _is_int(value) and value >= 0 else "attempts must be a whole number"
    if item == "checked":
        return None if isinstance(value, bool) else "checked must be true or false"
    return f"a knowledge check has no item {item!r}"


def _path_shape(item: str, value: Any) -> str | None:
    if item != "path":
        return f"a scenario has no item {item!r}"
    return None if _strings(value) else "a path must be a list of choice ids"


def _text_shape(item: str, value: Any) -> str | None:
    return None if isinstance(value, str) else "a reflection must be text"


def _sorter_shape(item: str, value: Any) -> str | None:
    if not isinstance(value, dict) or not isinstance(value.get("choice", ""), str | None):
        return "a sorted item must be a choice with a reason"
    return None


def _map_shape(item: str, value: Any) -> str | None:
    if item == "high_water":  # relmap.ids bookkeeping
        return None if _is_int(value) else "the highest entry number must be a whole number"
    if not isinstance(value, dict) or not isinstance(value.get("category"), str):
        return "a relationship map entry must name its category"
    for name in ("importance", "quality"):
        if value.get(name) is not None and not _is_int(value[name]):
            return f"the {name} of a relationship must be a whole number"
    return None


def _plan_shape(item: str, value: Any) -> str | None:
    return None if _strings(value) else "a plan part must be a list of text"


def _ranking_shape(item: str, value: Any) -> str | None:
    if item != "order":
        return f"a ranking has no item {item!r}"
    if not _strings(value) or len(set(value)) != len(value):
        return "a ranking must be a list of different item ids"
    return None


# the registry -----------------------------------------------------------------------------------
PERSON = ("pseudonym", "cohort", "role", "jurisdiction")
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "rate",
            "questionnaire",
            "rate.<framework>.<timepoint>/<statement id> = rating on the framework's scale",
            ("frameworks", "scales"),
            "widgets.logic.questionnaire",
            "widgets.views.questionnaire:questionnaire",
            _rating_shape,
            CohortTable(
                "ratings",
                (*PERSON, "timepoint", "framework", "area", "item", "rating"),
                ("pseudonym", "framework", "timepoint", "item"),
                "widgets.cohort.loader:_rating",
                integer="rating",
            ),
            synth="widgets.synth:rate_questionnaire",
            grader="widgets.grading:_grade_rating",
            progress="widgets.logic.progress:count_ratings",
            minutes=0.3,  # per statement
            units="widgets.timing:statements",
        ),
        Kind(
            "check",
            "knowledge_check",
            "check.<check id>/answer (option id, ids, or {left: right}), /attempts, /checked",
            ("checks", "check_options"),
            "widgets.logic.knowledge_check",
            "widgets.views.knowledge_check:knowledge_check",
            _check_shape,
            CohortTable(
                "checks",
                (*PERSON, "check", "score", "outcome"),
                ("pseudonym", "check"),
                "widgets.cohort.loader:_check",
                chart="widgets.cohort.numbers:knowledge_checks",
            ),
            synth="widgets.synth:answer_check",
            grader="widgets.grading:_grade_check",
            content=(
                "widgets.logic.knowledge_check:check_ids",
                "widgets.logic.knowledge_check:load_check",
            ),
            progress="widgets.logic.progress:count_check",
            minutes=1.5,
        ),
        Kind(
            "scenario",
            "scenario",
            "scenario.<scenario id>/path = the choice ids taken, in order",
            ("scenarios", "scenario_steps", "scenario_choices"),
            "widgets.logic.scenario",
            "widgets.views.scenario:scenario",
            _path_shape,
            CohortTable(
                "paths",
                (*PERSON, "scenario", "path", "qualities", "finished"),
                ("pseudonym", "scenario"),
                "widgets.cohort.loader:_scenario",
                chart="widgets.cohort.numbers:scenario_paths",
            ),
            synth="widgets.synth:answer_scenario",
            grader="widgets.grading:_grade_scenario",
            content=("widgets.logic.scenario:scenario_ids", "widgets.logic.scenario:load_scenario"),
            progress="widgets.logic.progress:count_scenario",
            minutes=1.5,  # per step on the longest route: read, choose, read the guidance
            units="widgets.timing:longest_route",
        ),
        Kind(
            "reflect",
            "reflection",
            "reflect.<prompt id>/text = the participant's words (never read for analysts)",
            ("reflections",),
            "widgets.logic.reflection",
            "widgets.views.reflection:reflection",
            _text_shape,
            synth="widgets.synth:answer_reflection",
            progress="widgets.logic.progress:count_reflection",
            minutes=5.0,
        ),
        Kind(
            "sort",
            "sorter",
            "sort.<sorter id>/<item id or own-N> = {choice, reason[, text]}",
            ("sorters", "sorter_items"),
            "widgets.logic.sorter",
            "widgets.views.sorter:sorter",
            _sorter_shape,
            synth="widgets.synth:answer_sorter",
            progress="widgets.logic.progress:count_sorter",
            minutes=0.75,  # per item: choose, and often write a reason
            units="widgets.timing:sort_items",
        ),
        Kind(
            "relmap",
            "relationship_map",
            "relmap/<entry id> = {role, category, importance, quality, action}; "
            "relmap.ids/high_water = the highest entry number given out",
            ("relationship_categories", "scales"),
            "widgets.logic.relationship_map",
            "widgets.views.relationship_map:relationship_map",
            _map_shape,
            CohortTable(
                "relmap",
                (*PERSON, "entry", "category", "importance", "quality"),
                ("pseudonym", "entry"),
                "widgets.cohort.loader:_relmap",
                chart="widgets.cohort.numbers:relationship_patterns",
            ),
            bookkeeping=("relmap.ids",),
            progress="widgets.logic.progress:count_map",
            minutes=10.0,
        ),
        Kind(
            "rank",
            "ranking",
            "rank.<ranking id>/order = the item ids, the one most wanted first",
            ("rankings",),
            "widgets.logic.ranking",
            "widgets.views.ranking:ranking",
            _ranking_shape,
            CohortTable(
                "rankings",
                (*PERSON, "ranking", "item", "position"),
                ("pseudonym", "ranking", "item"),
                "widgets.logic.ranking:cohort_rows",
                integer="position",
                chart="widgets.cohort.numbers:ranking",
            ),
            synth="widgets.logic.ranking:synth_answer",
            grader="widgets.logic.ranking:grade",
            progress="widgets.logic.progress:count_ranking",
            minutes=0.25,  # per item: the statements were read (and rated) just before
            units="widgets.logic.ranking:timing_units",
        ),
        Kind(
            "plan",
            "development_plan",
            "plan/start, plan/keep, plan/stop = lists of text; plan/options = option ids",
            ("catalogue",),
            "widgets.logic.development_plan",
            "widgets.views.development_plan:development_plan",
            _plan_shape,
            progress="widgets.logic.progress:count_plan",
            minutes=10.0,
        ),
    )
}


@dataclass(frozen=True)
class Grouped:
    """A notebook call, without an id, that shows several activities of one kind together.

    Named here once so that synth answers each part, timing counts the call, and grading marks
    the one part the participant is graded on, without each knowing the call by name.
    """

    widget: str  # the notebook call: widgets.<widget>()
    kind: str  # the kind (``KINDS`` key) of every activity it shows
    ids: str  # "module:fn() -> the ids of the activities it shows"
    minutes: float  # per call (widgets.timing)
    graded: str  # the grading id of the part that is marked ...
    grader: str  # ... and "module:fn(out_of, folder) -> Earned" that marks it


GROUPED: dict[str, Grouped] = {
    g.widget: g
    for g in (
        # every council's statutory-officers question, the reader's own first; only that is
        # marked and timed (the others are optional reading)
        Grouped(
            "statutory_checks",
            "check",
            "widgets.logic.statutory:statutory_check_ids",
            minutes=1.5,
            graded="check.statutory",
            grader="widgets.grading:statutory_points",
        ),
    )
}


def expand(widget: str) -> list[tuple[str, str]]:
    """``(kind's widget, id)`` for each activity a grouped call shows."""
    grouped = GROUPED[widget]
    return [(KINDS[grouped.kind].widget, ident) for ident in resolve(grouped.ids)()]


def kind_of(activity: str) -> Kind | None:
    """The kind of an activity id (``rate.trust.pre`` → rate), or None for one no kind has."""
    return KINDS.get(activity.partition(".")[0])


def by_widget() -> dict[str, Kind]:
    """Each kind by the name of its notebook call (``questionnaire`` → rate)."""
    return {kind.widget: kind for kind in KINDS.values()}


def resolve(target: str) -> Any:
    """Import ``"module:attribute"`` (or a module, without ``:``)."""
    module, _, attribute = target.partition(":")
    loaded = import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


def content_problems(folder: Any = None) -> list[str]:
    """Every piece of course content that cannot be used (a scenario that never ends, a check
    that cannot be marked), one sentence each, for ``commonground check-data``."""
    problems = []
    for kind in KINDS.values():
        if kind.content is None:
            continue
        ids, load = (resolve(target) for target in kind.content)
        for ident in ids(folder):
            try:
                load(ident, folder)
            except ValueError as err:
                problems.append(str(err))
    return problems


def shape_problem(activity: str, item: str, value: Any) -> str | None:
    """What is wrong with one answer's shape, in words, or None (``None`` values remove)."""
    kind = kind_of(activity)
    if kind is None:
        return f"there is no kind of activity called {activity.partition('.')[0]!r}"
    if value is None:
        return None
    return kind.shape(item, value)


def check_shape(activity: str, values: Mapping[str, Any]) -> None:
    """Raise :class:`AnswerShapeError` naming the first answer that has the wrong shape."""
    for item, value in values.items():
        problem = shape_problem(activity, item, value)
        if problem:
            raise AnswerShapeError(f"The answer '{activity}/{item}' is damaged: {problem}.")
