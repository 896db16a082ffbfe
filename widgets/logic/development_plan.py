"""The development plan: start/keep/stop actions, gaps from one's own answers, chosen options.

Plain Python so that the view, a facilitator's script and the tests build exactly the same plan
and the same exported files. The plan is made from ONE participant's answers file only and holds
their own words and ratings: it never reads anyone else's answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .. import tables
from ..activities import map_activity, plan_activity
from ..markup import clean_text
from . import relationship_map
from .questionnaire import RatedItem, lowest_rated

KINDS = ("start", "keep", "stop")
KIND_HEADINGS = {
    "start": "Things I will start doing",
    "keep": "Things I will keep doing",
    "stop": "Things I will stop doing",
}
MAX_ACTION_CHARS = 200
MAX_ACTIONS = 10
GAP_COUNT = 5
MARKDOWN_FILENAME = "my_development_plan.md"
HTML_FILENAME = "my_development_plan.html"

# A relationship that matters a lot and works badly is developed first (the relationship map).
# Development options that serve these frameworks also serve a relationship to develop first:
# both are about how councillors and officers work together day to day.
RELATIONSHIP_FRAMEWORKS = ("trust", "health_check")

_VAT = re.compile(r"(\+|plus|excl\w*\.?|exc\.?)\s*VAT", re.IGNORECASE)


@dataclass(frozen=True)
class Relationship:
    """One entry of the relationship map, in the participant's own words."""

    id: str
    role: str
    category: str
    importance: int
    quality: int
    action: str = ""

    @property
    def urgency(self) -> int:
        return self.importance - self.quality


@dataclass(frozen=True)
class Option:
    """One development option from the catalogue, with the gaps it was suggested for."""

    id: str
    title: str
    provider: str
    method: str
    duration: str
    hours: float | None
    cost: str
    cost_gbp: float | None
    serves: tuple[str, ...]
    summary: str
    reasons: tuple[str, ...] = ()

    @property
    def plus_vat(self) -> bool:
        return bool(_VAT.search(self.cost))


@dataclass(frozen=True)
class Totals:
    """What the chosen options add up to, and what the sums leave out."""

    count: int
    hours: float
    cost_gbp: float
    unknown_hours: tuple[str, ...]
    unknown_cost: tuple[str, ...]
    plus_vat: tuple[str, ...]


@dataclass
class Plan:
    """Everything one participant's plan holds; exported as Markdown or HTML."""

    start: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    stop: list[str] = field(default_factory=list)
    gaps: list[RatedItem] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    # (the ranking's question, the names of its top items), for every ranking completed
    priorities: list[tuple[str, list[str]]] = field(default_factory=list)
    made_on: str = field(default_factory=lambda: date.today().strftime("%d %B %Y").lstrip("0"))

    def actions(self, kind: str) -> list[str]:
        return getattr(self, kind)

    @property
    def totals(self) -> Totals:
        return totals(self.options)


# actions ---------------------------------------------------------------------------------------
def add_action(actions: Sequence[str], text: str, kind: str = "start") -> list[str]:
    """The list with one more action, or ValueError with one plain sentence (list unchanged)."""
    words = clean_text(text)
    if not words:
        raise ValueError(f"Please write something you will {kind} doing, then press Add.")
    if len(words) > MAX_ACTION_CHARS:
        raise ValueError(
            f"Please keep each action to {MAX_ACTION_CHARS} characters or fewer; "
            f"this one has {len(words)}."
        )
    if words.casefold() in (a.casefold() for a in actions):
        raise ValueError("That action is already in your list.")
    if len(actions) >= MAX_ACTIONS:
        raise ValueError(
            f"Your list already has {MAX_ACTIONS} actions; remove one before adding another."
        )
    return [*actions, words]


def remove_action(actions: Sequence[str], text: str | None) -> list[str]:
    """The list without ``text``, or ValueError when nothing (or nothing listed) was chosen."""
    if not text or text not in actions:
        raise ValueError("Choose an action in the list first, then press Remove.")
    return [a for a in actions if a != text]


def saved_plan(
    saved: Mapping[str, Any], folder: Path | None = None
) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """The actions and option ids saved in the plan activity, and notes on anything unusable.

    A damaged entry (not a list of texts) is left out with a note rather than stopping the plan.
    """
    notes = []
    actions: dict[str, list[str]] = {}
    for kind in KINDS:
        value = saved.get(kind, [])
        if not isinstance(value, list):
            notes.append(f"Your saved '{kind}' list could not be read, so it starts empty.")
            value = []
        texts = [clean_text(v) for v in value if isinstance(v, str) and clean_text(v)]
        if len(texts) < len(value):
            notes.append(f"Part of your saved '{kind}' list could not be read and was left out.")
        actions[kind] = list(dict.fromkeys(texts))
    options = saved.get("options", [])
    if not isinstance(options, list):
        notes.append("Your saved choice of development options could not be read.")
        options = []
    known = {row["id"] for row in tables.all_tables(folder)["catalogue"]}
    chosen = [o for o in dict.fromkeys(options) if isinstance(o, str) and o in known]
    if len(chosen) < len(options):
        notes.append(
            "A development option you chose before is no longer in the catalogue, "
            "so it was left out."
        )
    return actions, chosen, notes


def plan_values(actions: Mapping[str, Sequence[str]], options: Iterable[str]) -> dict[str, Any]:
    """What the plan activity saves: ``start``/``keep``/``stop`` lists and ``options`` ids."""
    values: dict[str, Any] = {kind: list(actions.get(kind, [])) for kind in KINDS}
    values["options"] = list(options)
    return values


# relationships ---------------------------------------------------------------------------------
def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _scale_int(value: Any, allowed: frozenset[int]) -> int | None:
    if type(value) is not int or value not in allowed:
        return None
    return value


def read_relationships(entries: Mapping[str, Any]) -> tuple[list[Relationship], int]:
    """The relationship map's rated entries, and how many could not be read.

    An entry not rated yet (importance or quality ``None``) is skipped without complaint.
    """
    categories = relationship_map.category_labels()
    scales = [frozenset(relationship_map.scale_values(n)) for n in ("importance", "quality")]
    good, bad = [], 0
    for entry_id, value in entries.items():
        if not isinstance(value, Mapping):
            bad += 1
            continue
        raw = (value.get("importance"), value.get("quality"))
        if any(v is None or v == "" for v in raw):
            continue  # not rated yet: nothing to say about it, and nothing wrong with it
        importance, quality = (_scale_int(v, s) for v, s in zip(raw, scales, strict=True))
        if importance is None or quality is None:
            bad += 1
            continue
        category = clean_text(value.get("category") or "")
        good.append(
            Relationship(
                entry_id,
                clean_text(value.get("role") or "") or "A relationship",
                categories.get(category, category),
                importance,
                quality,
                clean_text(value.get("action") or ""),
            )
        )
    return good, bad


def develop_first(entries: Mapping[str, Any]) -> list[Relationship]:
    """Relationships that matter a lot and work badly (the relationship map's rule, from the
    data), biggest gap first.

    Ties go by role, ignoring case (as the relationship map lists them), then by entry id.
    """
    relationships, _ = read_relationships(entries)
    chosen = [
        r for r in relationships if relationship_map.to_develop_first(r.importance, r.quality)
    ]
    return sorted(chosen, key=lambda r: (-r.urgency, r.role.casefold(), _natural(r.id)))


# catalogue -------------------------------------------------------------------------------------
def _option(row: Mapping[str, Any], reasons: tuple[str, ...] = ()) -> Option:
    return Option(
        row["id"],
        row["title"],
        row["provider"],
        row["method"],
        row["duration"],
        row["hours"],
        row["cost"],
        row["cost_gbp"],
        tuple(row["serves"]),
        row["statement"],
        reasons,
    )


def catalogue_options(
    role: str | None = None, jurisdiction: str | None = None, folder: Path | None = None
) -> list[Option]:
    """Every catalogue option that suits this role (or both) and council (or all), in order."""
    return [
        _option(row)
        for row in tables.all_tables(folder)["catalogue"]
        if (not role or row["applies_to"] in (role, "both"))
        and (not jurisdiction or row["jurisdiction"] in (jurisdiction, "all"))
    ]


def gap_reasons(
    gaps: Sequence[RatedItem], relationships: Sequence[Relationship]
) -> dict[str, list[str]]:
    """``{framework id: [why]}``: the frameworks the participant's gaps point to, in gap order."""
    reasons: dict[str, list[str]] = {}
    for gap in gaps:
        why = f"your ratings in {gap.framework_title}"
        if why not in reasons.setdefault(gap.framework, []):
            reasons[gap.framework].append(why)
    if relationships:
        for framework in RELATIONSHIP_FRAMEWORKS:
            reasons.setdefault(framework, []).append("your relationships to develop first")
    return reasons


def match_options(
    gaps: Sequence[RatedItem],
    relationships: Sequence[Relationship],
    role: str | None = None,
    jurisdiction: str | None = None,
    folder: Path | None = None,
    limit: int | None = None,
) -> list[Option]:
    """Options that serve a gap's framework and suit the role, those serving most gaps first.

    ``limit`` keeps only the best few: for an officer nearly every option serves SFJC21, and a
    "suggested for you" list that holds the whole catalogue suggests nothing.
    """
    by_framework = gap_reasons(gaps, relationships)
    # reasons in the order the gaps were found: lowest rating first, relationships last
    ranked = list(dict.fromkeys(w for reasons in by_framework.values() for w in reasons))
    matched = []
    for option in catalogue_options(role, jurisdiction, folder):
        why = {w for f in option.serves for w in by_framework.get(f, [])}
        if why:
            matched.append(replace(option, reasons=tuple(w for w in ranked if w in why)))
    order = {o.id: n for n, o in enumerate(catalogue_options(folder=folder))}
    return sorted(matched, key=lambda o: (-len(o.reasons), order[o.id]))[:limit]


def options_by_id(ids: Iterable[str], folder: Path | None = None) -> list[Option]:
    """The catalogue options with these ids, in the order given (unknown ids are skipped)."""
    rows = {row["id"]: row for row in tables.all_tables(folder)["catalogue"]}
    return [_option(rows[i]) for i in ids if i in rows]


# totals ----------------------------------------------------------------------------------------
def totals(options: Sequence[Option]) -> Totals:
    return Totals(
        len(options),
        sum(o.hours for o in options if o.hours is not None),
        sum(o.cost_gbp for o in options if o.cost_gbp is not None),
        tuple(o.title for o in options if o.hours is None),
        tuple(o.title for o in options if o.cost_gbp is None),
        tuple(o.title for o in options if o.plus_vat and o.cost_gbp is not None),
    )


def money(amount: float) -> str:
    """``£1,405`` or ``£304.50``."""
    text = f"£{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def hours_text(hours: float) -> str:
    number = f"{hours:.1f}".removesuffix(".0")
    return f"{number} hour" if number == "1" else f"{number} hours"


def join_words(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _names(titles: Sequence[str]) -> str:
    return join_words([f"‘{t}’" for t in titles])


def totals_sentences(summary: Totals) -> list[str]:
    """The totals in plain sentences, saying what they leave out and where VAT is extra."""
    if not summary.count:
        return ["You have not chosen any development options yet."]
    sentences = []
    if len(summary.unknown_hours) == summary.count:
        sentences.append("None of the options you chose says how long it takes.")
    else:
        sentence = f"Total time: about {hours_text(summary.hours)}"
        if summary.unknown_hours:
            sentence += f", not counting {_names(summary.unknown_hours)}, which does not say"
        sentences.append(sentence + ".")
    if len(summary.unknown_cost) < summary.count:
        if summary.cost_gbp == 0 and not summary.plus_vat:
            sentence = "Total cost: nothing, as the options with a stated cost are free"
        else:
            sentence = f"Total cost: {money(summary.cost_gbp)}"
        if summary.plus_vat:
            sentence += f", plus VAT on {_names(summary.plus_vat)}"
        sentences.append(sentence + ".")
    if summary.unknown_cost:
        one = len(summary.unknown_cost) == 1
        sentences.append(
            f"The cost of {_names(summary.unknown_cost)} {'is' if one else 'are'} not stated, "
            f"so {'it is' if one else 'they are'} not in the total; ask the provider."
        )
    return sentences


# the whole plan --------------------------------------------------------------------------------
def build_plan(
    answers: Mapping[str, Mapping[str, Any]],
    role: str | None = None,
    jurisdiction: str | None = None,
    timepoint: str | None = "pre",
    folder: Path | None = None,
) -> tuple[Plan, list[str]]:
    """The plan saved in one answers file (``{activity: {item: value}}``), and notes on it."""
    actions, chosen, notes = saved_plan(answers.get(plan_activity(), {}), folder)
    entries = answers.get(map_activity(), {})
    _, unreadable = read_relationships(entries)
    if unreadable:
        notes.append(
            "Part of your relationship map could not be read, so it is not used here; "
            "open the map again to check it."
        )
    plan = Plan(
        **actions,
        gaps=lowest_rated(answers, role, jurisdiction, timepoint, GAP_COUNT, folder),
        relationships=develop_first(entries),
        options=options_by_id(chosen, folder),
        priorities=chosen_priorities(answers),
    )
    return plan, notes


def chosen_priorities(answers: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, list[str]]]:
    """What the participant put first in each ranking they finished (08's trust behaviours)."""
    from .ranking import plan_priorities

    return [
        (ranking.title, [item.name for item in items])
        for ranking, items in plan_priorities(dict(answers))
    ]
