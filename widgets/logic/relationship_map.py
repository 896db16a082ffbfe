"""Relationship map: the people a participant needs to work with, by role, rated and laid out.

Plain Python so every rule (checking an entry, the develop-first list, where each point goes on
the map and the grid, the CSV export) can be tested without a browser. The view in
:mod:`widgets.views.relationship_map` only draws what this module decides.

An entry is the dict saved in the answers file under ``relmap/<entry id>``:
``{"role", "category", "importance", "quality", "action"}`` with ``importance``/``quality`` an
integer on their scale or ``None`` (not rated yet). The idea of mapping the officers you need to
work with, to see which relationships to develop, comes from seed 003 ("Questions and notes").

Size: over 500 lines because each rule about an entry (checking, ids, order, grid placement, alt
text, CSV) is one small function kept beside the others it must agree with; drawing is elsewhere.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Mapping
from typing import Any

from .. import tables
from ..markup import clean_text

Entry = dict[str, Any]
Entries = dict[str, Entry]

FIELDS = ("role", "category", "importance", "quality", "action")
MAX_ROLE = 80
MAX_ACTION = 300
ID_PREFIX = "e"
NOT_RATED = "not rated yet"
JURISDICTION_NAMES = {"england": "England", "scotland": "Scotland"}
STATUTORY_CATEGORY = "statutory_officer"

QUADRANTS = {
    "develop": "Develop first",
    "keep": "Keep these strong",
    "improve": "Improve when you can",
    "touch": "Keep in touch",
}

NAME_WARNING = (
    "this looks as if it might be a person's name. The map works best with roles (for example "
    "“Head of Housing”), so that nobody is named in your answers; you can change it with Edit."
)


class EntryProblem(ValueError):
    """An entry that cannot be saved as it stands; the message is one plain sentence."""


# ---------------------------------------------------------------------------------------------
# course tables


def categories() -> list[dict[str, Any]]:
    """The relationship categories, in the order the course lists them."""
    return tables.table("relationship_categories")


def category_labels() -> dict[str, str]:
    """Category id -> the label participants read (the answers file keeps the stable id)."""
    return {c["id"]: c["label"] for c in categories()}


def scale(name: str) -> list[dict[str, Any]]:
    """The points of the ``importance`` or ``quality`` scale, lowest first."""
    return tables.scale_points(name)


def scale_values(name: str) -> list[int]:
    """The allowed ratings, read from the scale table so the rule lives in one place."""
    return [p["value"] for p in scale(name)]


def develop_first_thresholds() -> tuple[int, int]:
    """``(least importance, most quality)`` of a relationship to develop first: the points marked
    ``develop_first`` in ``data/scales.csv``, read by the map, the plan and the cohort chart."""
    important = [p["value"] for p in scale("importance") if p.get("develop_first") == "yes"]
    weak = [p["value"] for p in scale("quality") if p.get("develop_first") == "yes"]
    if not important or not weak:
        raise tables.DataTableError(
            [
                tables.DataProblem(
                    "scales.csv", None, "develop_first", "marks no importance or no quality point"
                )
            ]
        )
    return min(important), max(weak)


def to_develop_first(importance: int, quality: int) -> bool:
    """Important enough and weak enough to develop first (the thresholds come from the data)."""
    important, weak = develop_first_thresholds()
    return importance >= important and quality <= weak


def rating_text(scale_name: str, value: int | None) -> str:
    """``4 (Very important)`` or ``not rated yet``: a rating in words as well as a number."""
    if value is None:
        return NOT_RATED
    labels = {p["value"]: p["label"] for p in scale(scale_name)}
    return f"{value} ({labels[value]})" if value in labels else str(value)


# ---------------------------------------------------------------------------------------------
# checking entries


def role_key(role: str) -> str:
    """How two roles are compared: ignoring case and extra spaces."""
    return clean_text(role).casefold()


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "prof", "sir", "dame", "lord", "lady"}
_TITLE_ROLES = {"councillor", "provost", "bailie"}  # "Councillor Smith" names someone
_ROLE_TEXT = """
    officer officers manager managers director directors head heads chief executive executives
    councillor councillors leader leaders member members clerk team teams service services chair
    chairman chairwoman chairperson convener convenor provost bailie mayor cabinet portfolio holder
    lead adviser advisor coordinator co-ordinator assistant secretary treasurer solicitor lawyer
    planner planners monitoring finance financial legal social work worker workers care health
    housing planning education public group groups whip deputy depute committee scrutiny audit
    auditor police nhs partner partners partnership association board trust council community
    communities residents resident business businesses forum union press media communications comms
    democratic governance support staff people customer customers contact centre office
    administrator analyst engineer inspector ward mp msp organisation authority department
    directorate unit commissioner minister government agency charity volunteer volunteers school
    schools headteacher teacher principal college university library highways roads waste
    environment environmental licensing registrar electoral elections returning paid section
    corporate strategic strategy policy senior junior opposition administration independent party
    liaison relations fire rescue ambulance church faith tenants landlord landlords youth children
    adult adults families transport economic economy development regeneration property estates
    procurement revenue benefits payroll personnel it digital data insurance risk
"""
_ROLE_WORDS = frozenset(_ROLE_TEXT.split())


def _is_name_word(word: str) -> bool:
    """A capitalised word like ``Smith`` or ``O'Brien`` (not an acronym like ``NHS``)."""
    letters = word.replace("'", "").replace("’", "").replace("-", "").rstrip(".")
    return (
        len(letters) > 1
        and letters.isalpha()
        and word[0].isupper()
        and not letters.isupper()
        and word.casefold().rstrip(".") not in _ROLE_WORDS
    )


def looks_like_name(role: str) -> bool:
    """Whether a role reads like a personal name, so the widget can gently suggest a role.

    Two or three capitalised words with no role word ("Jane Smith"), or a title followed by a
    capitalised word ("Dr Patel", "Cllr Brown", "Councillor Smith"). A hint only: never blocks.
    """
    words = clean_text(role).split(" ")
    for first, second in itertools.pairwise(words):
        title = first.casefold().rstrip(".")
        if (title in _TITLES and second[:1].isupper()) or (
            title in _TITLE_ROLES and _is_name_word(second)
        ):
            return True
    return 2 <= len(words) <= 3 and all(_is_name_word(w) for w in words)


def _rating(value: Any, scale_name: str, what: str) -> int | None:
    if value is None or value == "":
        return None
    points = scale_values(scale_name)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        number = None
    else:
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not number.is_integer() or int(number) not in points:
        raise EntryProblem(
            f"{what} must be a whole number from {points[0]} to {points[-1]}, "
            f"or left as {NOT_RATED}."
        )
    return int(number)


def validate_entry(value: Mapping[str, Any], entries: Entries, editing: str | None = None) -> Entry:
    """Check one entry and return it cleaned; raise :class:`EntryProblem` with one sentence.

    ``editing`` is the id of the entry being changed, so it is not a duplicate of itself.
    """
    role = clean_text(value.get("role"))
    if not role:
        raise EntryProblem(
            "Please type a role for this relationship, for example “Monitoring Officer”."
        )
    if len(role) > MAX_ROLE:
        raise EntryProblem(f"Please keep the role to {MAX_ROLE} characters ({len(role)} now).")
    for entry_id, entry in entries.items():
        if entry_id != editing and role_key(entry.get("role", "")) == role_key(role):
            raise EntryProblem(
                f"“{entry['role']}” is already on your map: change that entry with its Edit "
                "button, or give this one a different role."
            )
    category = value.get("category")
    if category not in category_labels():
        raise EntryProblem("Please choose a category for this relationship from the list.")
    importance = _rating(value.get("importance"), "importance", "How important it is")
    quality = _rating(value.get("quality"), "quality", "How good it is now")
    action = clean_text(value.get("action"))
    if len(action) > MAX_ACTION:
        raise EntryProblem(
            f"Please keep the action to {MAX_ACTION} characters ({len(action)} now)."
        )
    return {
        "role": role,
        "category": category,
        "importance": importance,
        "quality": quality,
        "action": action,
    }


# ---------------------------------------------------------------------------------------------
# entry ids and changes (every function returns a new dict; the caller saves what changed)


def id_number(entry_id: str) -> int:
    """The number in an id like ``e12`` (0 for anything else), for ordering and new ids."""
    match = re.fullmatch(rf"{ID_PREFIX}(\d+)", str(entry_id))
    return int(match.group(1)) if match else 0


def next_id(entries: Mapping[str, Any], high_water: int = 0) -> str:
    """A fresh id, above every id in use and above ``high_water`` (the highest ever given out)."""
    top = max([high_water, *(id_number(i) for i in entries)])
    return f"{ID_PREFIX}{top + 1}"


def ordered(entries: Entries) -> list[tuple[str, Entry]]:
    """Entries in the order they were added."""
    return sorted(entries.items(), key=lambda pair: (id_number(pair[0]), pair[0]))


def add_entry(
    entries: Entries, value: Mapping[str, Any], high_water: int = 0
) -> tuple[Entries, str]:
    """The entries with one more, and the new entry's id."""
    entry = validate_entry(value, entries)
    entry_id = next_id(entries, high_water)
    return {**entries, entry_id: entry}, entry_id


def edit_entry(entries: Entries, entry_id: str, value: Mapping[str, Any]) -> Entries:
    """The entries with one changed."""
    _known(entries, entry_id)
    return {**entries, entry_id: validate_entry(value, entries, editing=entry_id)}


def remove_entry(entries: Entries, entry_id: str) -> Entries:
    """The entries without one."""
    _known(entries, entry_id)
    return {k: v for k, v in entries.items() if k != entry_id}


def _known(entries: Entries, entry_id: str) -> None:
    if entry_id not in entries:
        raise EntryProblem("That relationship is no longer on your map; it may have been removed.")


def load_entries(saved: Mapping[str, Any]) -> tuple[Entries, list[str]]:
    """Entries read back from the answers file, and one sentence per value that had to be mended.

    A damaged value never stops the widget: a rating off the scale becomes "not rated yet", an
    unknown category becomes the first category, and an entry without a role is left out.
    """
    labels = category_labels()
    entries: Entries = {}
    problems: list[str] = []
    for entry_id, value in saved.items():
        if not isinstance(value, Mapping) or not clean_text(value.get("role")):
            problems.append(f"A saved relationship ({entry_id}) had no role and is not shown.")
            continue
        entry = {field: value.get(field) for field in FIELDS}
        entry["role"] = clean_text(entry["role"])[:MAX_ROLE]
        entry["action"] = clean_text(entry["action"])
        if entry["category"] not in labels:
            entry["category"] = next(iter(labels))
            problems.append(f"“{entry['role']}” had an unknown category; please check it.")
        for name in ("importance", "quality"):
            try:
                entry[name] = _rating(entry[name], name, name)
            except EntryProblem:
                entry[name] = None
                problems.append(f"“{entry['role']}” had a {name} rating off the scale.")
        entries[str(entry_id)] = entry
    return dict(ordered(entries)), problems


# ---------------------------------------------------------------------------------------------
# what the map says


def is_rated(entry: Entry) -> bool:
    """Both ratings given: only then can an entry go on the grid or the develop-first list."""
    return entry.get("importance") is not None and entry.get("quality") is not None


def develop_first(entries: Entries) -> list[tuple[str, Entry]]:
    """Very important but weak relationships: the biggest gap between importance and quality
    first, then by role so the order is stable."""
    chosen = [
        (entry_id, entry)
        for entry_id, entry in entries.items()
        if is_rated(entry) and to_develop_first(entry["importance"], entry["quality"])
    ]
    return sorted(
        chosen,
        key=lambda pair: (pair[1]["quality"] - pair[1]["importance"], role_key(pair[1]["role"])),
    )


def quadrant(entry: Entry) -> str | None:
    """Which part of the importance/quality grid an entry falls in (None when not rated)."""
    if not is_rated(entry):
        return None
    least_important, most_weak = develop_first_thresholds()
    important = entry["importance"] >= least_important
    weak = entry["quality"] <= most_weak
    if important:
        return "develop" if weak else "keep"
    return "improve" if weak else "touch"


def statutory_titles(jurisdiction: str, council_type: str = "") -> list[str]:
    """The titles of the statutory officers a council must appoint, by country and type of council
    (a shire district in England has three; an English council of unknown type shows all six)."""
    from .statutory import officers

    if jurisdiction not in JURISDICTION_NAMES:
        raise EntryProblem(
            "Your profile does not say whether your council is in England or Scotland, so the "
            "statutory officers cannot be suggested; fill in your profile in 00 start here."
        )
    return [row["title"] for row in officers(jurisdiction, council_type)]


def suggestions(jurisdiction: str, entries: Entries, council_type: str = "") -> list[str]:
    """The statutory officers of the participant's council not yet on their map."""
    present = {role_key(e.get("role", "")) for e in entries.values()}
    return [t for t in statutory_titles(jurisdiction, council_type) if role_key(t) not in present]


def add_suggestions(
    entries: Entries, jurisdiction: str, high_water: int = 0, council_type: str = ""
) -> tuple[Entries, list[str]]:
    """The entries with the missing statutory officers added (unrated), and the new ids."""
    result = dict(entries)
    added = []
    for title in suggestions(jurisdiction, entries, council_type):
        entry_id = next_id(result, high_water)
        result[entry_id] = {
            "role": title,
            "category": STATUTORY_CATEGORY,
            "importance": None,
            "quality": None,
            "action": "",
        }
        added.append(entry_id)
    return result, added


# ---------------------------------------------------------------------------------------------
# layout (pure maths: the view only draws these positions)


def map_layout(
    entries: Entries, category_order: list[str] | None = None
) -> dict[str, tuple[float, float, float]]:
    """``(x, y, angle in degrees)`` of each entry on a unit circle around "You" at (0, 0).

    Entries of one category sit together, categories in the course's order, with an empty slot
    between groups so the groups can be seen; the first entry is at the top, going clockwise.
    """
    order = category_order or [c["id"] for c in categories()]
    rank = {c: i for i, c in enumerate(order)}
    items = sorted(ordered(entries), key=lambda pair: rank.get(pair[1]["category"], len(order)))
    groups = len({e["category"] for _, e in items})
    slots = len(items) + (groups if groups > 1 else 0)
    positions = {}
    slot = 0
    previous = None
    for entry_id, entry in items:
        if previous is not None and entry["category"] != previous:
            slot += 1
        previous = entry["category"]
        angle = 90.0 - 360.0 * slot / max(slots, 1)
        rad = math.radians(angle)
        positions[entry_id] = (round(math.cos(rad), 9), round(math.sin(rad), 9), angle % 360)
        slot += 1
    return positions


LABEL_NEAR, LABEL_FAR, LABEL_RAY = 1.2, 1.6, 1.14
CROWDED = 8  # more entries than this: labels run outwards along rays so they never overlap


def map_labels(
    entries: Entries, category_order: list[str] | None = None
) -> dict[str, tuple[float, float, str, str, float]]:
    """``(x, y, horizontal, vertical alignment, rotation)`` of each entry's label on the map.

    A few entries: level labels just outside each node, every other one further out once there
    are more than four. A crowded map: each label runs outwards along its node's ray (turned so it
    never reads upside down), since neighbouring rays never cross.
    """
    positions = map_layout(entries, category_order)
    labels = {}
    for k, (entry_id, (x, y, angle)) in enumerate(positions.items()):
        if len(positions) > CROWDED:
            right = x >= -1e-9
            rotation = angle if right else angle - 180
            labels[entry_id] = (
                round(x * LABEL_RAY, 9),
                round(y * LABEL_RAY, 9),
                "left" if right else "right",
                "center",
                round((rotation + 180) % 360 - 180, 9),
            )
            continue
        radius = LABEL_FAR if len(positions) > 4 and k % 2 else LABEL_NEAR
        horizontal = "left" if x > 0.25 else "right" if x < -0.25 else "center"
        vertical = "bottom" if y > 0.25 else "top" if y < -0.25 else "center"
        labels[entry_id] = (round(x * radius, 9), round(y * radius, 9), horizontal, vertical, 0.0)
    return labels


STACK = 0.8  # points sharing a cell are stacked within this height, centred on the cell


def grid_layout(entries: Entries) -> dict[str, tuple[float, float]]:
    """``(quality, importance)`` of each rated entry; entries sharing a cell are stacked evenly
    above and below it in order of role, so their labels (to the right) never overlap and the
    same entries always land in the same places."""
    cells: dict[tuple[int, int], list[tuple[str, Entry]]] = {}
    for entry_id, entry in ordered(entries):
        if is_rated(entry):
            cells.setdefault((entry["quality"], entry["importance"]), []).append((entry_id, entry))
    positions = {}
    for (x, y), members in cells.items():
        members.sort(key=lambda pair: (role_key(pair[1]["role"]), id_number(pair[0])))
        step = min(0.22, STACK / len(members))
        for k, (entry_id, _) in enumerate(members):
            offset = ((len(members) - 1) / 2 - k) * step
            positions[entry_id] = (float(x), round(y + offset, 9))
    return positions


# ---------------------------------------------------------------------------------------------
# words and tables beside the pictures


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def develop_first_text(entries: Entries) -> str:
    """The develop-first list as a sentence."""
    first = develop_first(entries)
    if not first:
        return (
            "None of your relationships is both very important (4 or 5) and weak (1 or 2) at the "
            "moment, so there is nothing you must develop first."
        )
    names = [
        f"{i}. {e['role']} (importance {e['importance']}, quality {e['quality']})"
        for i, (_, e) in enumerate(first, 1)
    ]
    return "Develop these first, most urgent first: " + "; ".join(names) + "."


def unrated_roles(entries: Entries) -> list[str]:
    """Roles missing a rating, named beside the grid since they cannot be placed on it."""
    return [e["role"] for _, e in ordered(entries) if not is_rated(e)]


def map_alt(entries: Entries) -> str:
    """Alt text that summarises the map."""
    if not entries:
        return "Relationship map with only you at the centre: no relationships added yet."
    labels = category_labels()
    counts: dict[str, int] = {}
    for _, entry in ordered(entries):
        label = labels.get(entry["category"], entry["category"])
        counts[label] = counts.get(label, 0) + 1
    groups = _join([f"{label} ({n})" for label, n in counts.items()])
    text = (
        f"Relationship map with you at the centre and "
        f"{_count(len(entries), 'relationship', 'relationships')} around you, grouped by "
        f"category: {groups}. Thicker lines mean more important relationships; marker shapes "
        "and labels show how good each one is now."
    )
    first = [e["role"] for _, e in develop_first(entries)]
    if first:
        text += f" Develop first: {_join(first)}."
    unrated = unrated_roles(entries)
    if unrated:
        text += f" {_count(len(unrated), 'is', 'are')} not rated yet."
    return text + " Every entry is listed in the table beside it."


def grid_alt(entries: Entries) -> str:
    """Alt text that summarises the importance-against-quality grid."""
    rated = {k: e for k, e in entries.items() if is_rated(e)}
    if not rated:
        return (
            "Grid of importance against quality with no points yet: rate how important and how "
            "good a relationship is to place it here."
        )
    parts = []
    for key, label in QUADRANTS.items():
        roles = [e["role"] for _, e in ordered(rated) if quadrant(e) == key]
        if key == "develop":
            roles = [e["role"] for _, e in develop_first(rated)]
        if roles:
            parts.append(f"{label}: {_join(roles)}")
    text = (
        f"Grid of importance (up) against quality now (across) for "
        f"{_count(len(rated), 'rated relationship', 'rated relationships')}. "
        + ". ".join(parts)
        + "."
    )
    unrated = len(entries) - len(rated)
    if unrated:
        text += f" {_count(unrated, 'relationship is', 'relationships are')} not rated yet."
    return text


TABLE_HEADER = ["Role", "Category", "Importance", "Quality now", "Action"]
CSV_HEADER = ["id", "role", "category", "importance", "quality", "action"]


def to_rows(entries: Entries) -> list[list[str]]:
    """One row per entry for the table beside the pictures, ratings in numbers and words."""
    labels = category_labels()
    return [
        [
            e["role"],
            labels.get(e["category"], e["category"]),
            rating_text("importance", e["importance"]),
            rating_text("quality", e["quality"]),
            e.get("action") or "",
        ]
        for _, e in ordered(entries)
    ]


def _safe_cell(value: Any) -> str:
    """Text a spreadsheet will not run as a formula (a leading =, +, -, @ gets an apostrophe)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def entries_csv(entries: Entries) -> str:
    """All entries as CSV with a header row, for a spreadsheet (empty cells: not rated yet)."""
    labels = category_labels()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for entry_id, e in ordered(entries):
        writer.writerow(
            [
                entry_id,
                _safe_cell(e["role"]),
                labels.get(e["category"], e["category"]),
                "" if e["importance"] is None else e["importance"],
                "" if e["quality"] is None else e["quality"],
                _safe_cell(e.get("action") or ""),
            ]
        )
    return buffer.getvalue()
