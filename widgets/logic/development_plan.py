"""The development plan: start/keep/stop actions, gaps from one's own answers, chosen options.

Plain Python so that the view, a facilitator's script and the tests build exactly the same plan
and the same exported files. The plan is made from ONE participant's answers file only and holds
their own words and ratings: it never reads anyone else's answers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .. import tables
from ..activities import map_activity, plan_activity
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
DEVELOP_FIRST_IMPORTANCE = 4
DEVELOP_FIRST_QUALITY = 2
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
    made_on: str = field(default_factory=lambda: date.today().strftime("%d %B %Y").lstrip("0"))

    def actions(self, kind: str) -> list[str]:
        return getattr(self, kind)

    @property
    def totals(self) -> Totals:
        return totals(self.options)


# actions ---------------------------------------------------------------------------------------
def clean_text(text: Any) -> str:
    """One line of the participant's words, with runs of spaces and line breaks made single."""
    return " ".join(str(text).split())


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


def _scale_int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        return None
    return value


def read_relationships(entries: Mapping[str, Any]) -> tuple[list[Relationship], int]:
    """The relationship map's rated entries, and how many could not be read.

    An entry not rated yet (importance or quality ``None``) is skipped without complaint.
    """
    categories = {r["id"]: r["label"] for r in tables.all_tables()["relationship_categories"]}
    good, bad = [], 0
    for entry_id, value in entries.items():
        if not isinstance(value, Mapping):
            bad += 1
            continue
        raw = (value.get("importance"), value.get("quality"))
        if any(v is None or v == "" for v in raw):
            continue  # not rated yet: nothing to say about it, and nothing wrong with it
        importance, quality = (_scale_int(v) for v in raw)
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
    """Relationships that matter a lot (4+) and work badly (2 or less), biggest gap first.

    Ties go by role, ignoring case (as the relationship map lists them), then by entry id.
    """
    relationships, _ = read_relationships(entries)
    chosen = [
        r
        for r in relationships
        if r.importance >= DEVELOP_FIRST_IMPORTANCE and r.quality <= DEVELOP_FIRST_QUALITY
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
    )
    return plan, notes


def write_plan_files(plan: Plan, folder: str | Path) -> list[Path]:
    """Write the plan as Markdown and as a web page into ``folder``; return both paths."""
    from ..store import write_atomically

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = [target / MARKDOWN_FILENAME, target / HTML_FILENAME]
    write_atomically(paths[0], plan_markdown(plan))
    write_atomically(paths[1], plan_html(plan))
    return paths


# export: Markdown ------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&#!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+)([.)]?)")


def md_escape(text: str) -> str:
    """The participant's words as literal Markdown text: no markup, links or HTML get through."""
    escaped = _MD_SPECIAL.sub(r"\\\1", clean_text(text))
    return _MD_LINE_START.sub(_escape_marker, escaped, count=1)


def _escape_marker(match: re.Match[str]) -> str:
    """``- x`` -> ``\\- x`` and ``1. x`` -> ``1\\. x``: list markers become plain text."""
    space, marker, dot = match.groups()
    if marker.isdigit():
        return space + marker + ("\\" + dot if dot else "")
    return space + "\\" + marker + dot


def _md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_escape(str(c)) for c in row) + " |" for row in rows]
    return lines


def _gap_rows(plan: Plan) -> list[list[str]]:
    return [[g.item.statement, g.framework_title, g.label] for g in plan.gaps]


def _relationship_rows(plan: Plan) -> list[list[str]]:
    labels = relationship_scale_labels()
    return [
        [
            r.role,
            r.category,
            labels["importance"].get(r.importance, str(r.importance)),
            labels["quality"].get(r.quality, str(r.quality)),
            r.action,
        ]
        for r in plan.relationships
    ]


def _option_rows(plan: Plan) -> list[list[str]]:
    return [
        [
            o.title,
            o.provider,
            o.method,
            o.duration,
            "" if o.hours is None else f"{o.hours:g}",
            o.cost,
        ]
        for o in plan.options
    ]


def relationship_scale_labels() -> dict[str, dict[int, str]]:
    """``{"importance": {4: "Very important", ...}, "quality": {...}}`` from the scales table."""
    labels: dict[str, dict[int, str]] = {"importance": {}, "quality": {}}
    for point in tables.all_tables()["scales"]:
        if point["scale"] in labels:
            labels[point["scale"]][int(point["value"])] = point["label"]
    return labels


_GAP_HEADER = ("Statement", "Framework", "My rating")
_RELATIONSHIP_HEADER = ("Relationship", "Kind", "How important", "How well it works", "My action")
_OPTION_HEADER = ("Option", "Provider", "Method", "Duration", "Hours", "Cost")
_PRIVACY = "This plan holds only my own words, my own ratings and the options I chose."


def plan_markdown(plan: Plan) -> str:
    """The plan as a Markdown document, the participant's words escaped."""
    lines = ["# My development plan", "", f"Made on {plan.made_on}. {_PRIVACY}", ""]
    for kind in KINDS:
        lines += [f"## {KIND_HEADINGS[kind]}", ""]
        actions = plan.actions(kind)
        lines += [f"- {md_escape(a)}" for a in actions] if actions else ["Nothing written yet."]
        lines.append("")
    lines += ["## Where I most want to develop", ""]
    if plan.gaps:
        lines += ["My lowest self-ratings:", "", *_md_table(_GAP_HEADER, _gap_rows(plan))]
    else:
        lines.append("No self-ratings yet.")
    lines += ["", "## Relationships to develop first", ""]
    if plan.relationships:
        lines += _md_table(_RELATIONSHIP_HEADER, _relationship_rows(plan))
    else:
        lines.append("None marked as very important and working badly.")
    lines += ["", "## Development options I have chosen", ""]
    if plan.options:
        lines += [*_md_table(_OPTION_HEADER, _option_rows(plan)), ""]
    lines += [f"- {md_escape(s)}" for s in totals_sentences(plan.totals)]
    return "\n".join(lines) + "\n"


# export: HTML ----------------------------------------------------------------------------------
_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;"
    "color:#1a1a1a;background:#fff;max-width:52em;margin:2em auto;padding:0 1em}"
    "table{border-collapse:collapse;margin:0.5em 0 1em}"
    "th,td{border:1px solid #555;padding:0.3em 0.6em;text-align:left;vertical-align:top}"
    "caption{text-align:left;font-weight:bold;padding:0.3em 0}"
)


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_table(caption: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _html_list(entries: Sequence[str], empty: str) -> str:
    if not entries:
        return f"<p>{_e(empty)}</p>"
    return "<ul>" + "".join(f"<li>{_e(clean_text(e))}</li>" for e in entries) + "</ul>"


def plan_html(plan: Plan) -> str:
    """The plan as one self-contained web page (no scripts, no outside files), all text escaped."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>My development plan</title><style>{_STYLE}</style></head>",
        "<body><main><h1>My development plan</h1>",
        f"<p>Made on {_e(plan.made_on)}. {_e(_PRIVACY)}</p>",
    ]
    for kind in KINDS:
        parts.append(f"<h2>{_e(KIND_HEADINGS[kind])}</h2>")
        parts.append(_html_list(plan.actions(kind), "Nothing written yet."))
    parts.append("<h2>Where I most want to develop</h2>")
    if plan.gaps:
        parts.append(_html_table("My lowest self-ratings", _GAP_HEADER, _gap_rows(plan)))
    else:
        parts.append("<p>No self-ratings yet.</p>")
    parts.append("<h2>Relationships to develop first</h2>")
    if plan.relationships:
        parts.append(
            _html_table(
                "Relationships that matter most and work least well",
                _RELATIONSHIP_HEADER,
                _relationship_rows(plan),
            )
        )
    else:
        parts.append("<p>None marked as very important and working badly.</p>")
    parts.append("<h2>Development options I have chosen</h2>")
    if plan.options:
        parts.append(_html_table("The options I chose", _OPTION_HEADER, _option_rows(plan)))
    parts.append(_html_list(totals_sentences(plan.totals), ""))
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
