"""Load collected answers files into tidy pandas tables, pseudonymous and without free text.

Sources are nbgrader ``submitted/`` or ``autograded/`` folders (one or several cohorts), folders of
answers files, or single files. Each file is checked as it is read; a bad file (corrupt, wrong
schema, a rating off the scale or of the wrong type, a damaged answer) is reported by name and left
out whole, and the others carry on. An answer the course does not know (a statement, check or
scenario of an older course version) is dropped with a note and the rest of that file still counts.
Each kind of activity has its own small reader in ``READERS``. Reflections, sorter reasons, plan
text and relationship-map role names are never read into the tables: only ids, ratings, scores and
choice ids are.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..activities import parse_rating_activity
from ..kinds import KINDS, PERSON, CohortTable, check_shape, resolve
from ..profile import JURISDICTIONS, ROLES
from ..store import ANSWERS_FILENAME, read_answers_file
from .pseudonyms import open_key, pseudonym

if TYPE_CHECKING:
    import pandas as pd

# Each kind's table, its columns and the kind that fills it come from the registry (widgets.kinds).
TABLES = {k.cohort.name: k.cohort for k in KINDS.values() if k.cohort is not None}
RATING_COLUMNS = TABLES["ratings"].columns
PERSON_COLUMNS = PERSON
CHECK_COLUMNS = TABLES["checks"].columns
PATH_COLUMNS = TABLES["paths"].columns
MAP_COLUMNS = TABLES["relmap"].columns
NBGRADER_FOLDERS = ("submitted", "autograded")
PATH_SEPARATOR = " → "


@dataclass(frozen=True, repr=False)
class FileProblem:
    """One file left out, and why in plain words. Printed (the command's terminal output) it
    names the file; displayed in a notebook, whose outputs can be saved, it does not, because
    the path holds a participant id."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def __repr__(self) -> str:
        return f"FileProblem({self.reason.split(':')[0]!r}; print it to see which file)"


class BadFile(ValueError):
    """Raised inside the loader for a file that must be left out."""


@dataclass
class Cohort:
    """Everything the analyses use: four tidy tables, the files read and the files left out."""

    ratings: pd.DataFrame
    checks: pd.DataFrame
    paths: pd.DataFrame
    relmap: pd.DataFrame
    rankings: pd.DataFrame | None = None  # None: empty (a cohort built from four tables)
    files: int = 0
    problems: list[FileProblem] = field(default_factory=list)
    synthetic: bool = False
    dropped: list[FileProblem] = field(default_factory=list)  # answers left out, file kept
    notes: list[str] = field(default_factory=list)  # e.g. "a new pseudonym key was made"

    def __post_init__(self) -> None:
        for name, spec in TABLES.items():  # every kind's table exists, if only empty
            if getattr(self, name) is None:
                setattr(self, name, _frame([], spec))

    def __repr__(self) -> str:
        """A summary without rows or file paths (paths carry participant ids), because a saved
        notebook keeps whatever a cell displays."""
        return self.describe()

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(self.describe())}</p>"

    def describe(self) -> str:
        """Counts only: files read, left out by kind, answers dropped; never rows or names."""
        from collections import Counter

        kinds = Counter(p.reason.split(":")[0] for p in self.problems)
        left = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"
        text = (
            f"Cohort: {self.files} answers files read; files left out: {left}; "
            f"answers dropped as unknown to this course version: {len(self.dropped)}."
        )
        if self.synthetic:
            text = "Synthetic " + text[0].lower() + text[1:]
        return " ".join([text, *self.notes])

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every tidy table by name, one per kind the loader reads (see ``widgets.kinds``)."""
        return {name: getattr(self, name) for name in TABLES}

    @property
    def participants(self) -> int:
        """How many distinct people answered anything (an internal figure; see the summary)."""
        people: set[str] = set()
        for frame in self.tables().values():
            people.update(frame["pseudonym"].unique())
        return len(people)

    @classmethod
    def from_records(
        cls, *tables: Iterable[dict[str, Any]], **named: Iterable[dict[str, Any]]
    ) -> Cohort:
        """A cohort from rows given as dicts, by table in ``TABLES`` order or by name
        (``ratings=[...]``), for tests and for analysts' own experiments; tables not given are
        empty."""
        rows = dict(zip(TABLES, tables, strict=False)) | named
        unknown = set(rows) - set(TABLES)
        if unknown:
            raise TypeError(f"A cohort has no table {sorted(unknown)[0]!r}; known: {list(TABLES)}")
        return cls(
            **{
                name: _frame([tuple(r.get(c) for c in t.columns) for r in rows.get(name, ())], t)
                for name, t in TABLES.items()
            }
        )

    def people(self) -> pd.DataFrame:
        """One row per person: pseudonym, cohort, role, jurisdiction."""
        import pandas as pd

        frames = [
            f[list(PERSON_COLUMNS)].drop_duplicates("pseudonym", keep="last").astype(str)
            for f in self.tables().values()
        ]
        people = pd.concat(frames, ignore_index=True)
        return people.drop_duplicates("pseudonym", keep="last").reset_index(drop=True)


# the course tables, looked up once per load ----------------------------------------------------
class _Course:
    def __init__(self) -> None:
        from .. import tables
        from ..logic import relationship_map

        self.items: dict[str, dict[str, str]] = {}
        self.scales: dict[str, frozenset[int]] = {}
        for row in tables.table("frameworks"):
            if not row["scale"]:
                continue
            points = frozenset(p["value"] for p in tables.scale_points(row["scale"]))
            self.scales[row["id"]] = points
            self.items[row["id"]] = {
                r["id"]: r["area"]
                for r in tables.table(row["id"])
                if r.get("rated", "yes") != "no" and "area" in r
            }
        self.categories = {c["id"] for c in relationship_map.categories()}
        self.importance = frozenset(relationship_map.scale_values("importance"))
        self.quality = frozenset(relationship_map.scale_values("quality"))
        self._checks: dict[str, Any] = {}
        self._scenarios: dict[str, Any] = {}
        self.readers = readers()

    def check(self, check_id: str) -> Any:
        from ..logic.knowledge_check import load_check

        return self._known(self._checks, check_id, load_check)

    def scenario(self, scenario_id: str) -> Any:
        from ..logic.scenario import load_scenario

        return self._known(self._scenarios, scenario_id, load_scenario)

    @staticmethod
    def _known(cache: dict[str, Any], key: str, load: Any) -> Any:
        """Load once per id; an id the course does not have is remembered as None."""
        if key not in cache:
            try:
                cache[key] = load(key)
            except KeyError:
                cache[key] = None
        return cache[key]


# finding files ---------------------------------------------------------------------------------
def answers_files(sources: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str]]:
    """Every answers file under the sources, with the cohort name its source suggests."""
    for source in sources:
        source = Path(source)
        if source.is_file():
            yield source, source.parent.name
            continue
        if not source.is_dir():
            raise FileNotFoundError(f"There is no file or folder called {source}.")
        name = source.resolve().name
        if name in NBGRADER_FOLDERS:
            name = source.resolve().parent.name
        found = []
        for folder, dirs, files in os.walk(source):
            dirs.sort()
            if ANSWERS_FILENAME in files:
                found.append(Path(folder) / ANSWERS_FILENAME)
        yield from ((path, name) for path in sorted(found))


# reading one file ------------------------------------------------------------------------------
def _person(record: dict[str, Any], path: Path, fallback_cohort: str) -> tuple[str, str, str, str]:
    ident = record.get("id") or (path.parent.parent.name if path.parent.parent != path else "")
    role, jurisdiction = record.get("role"), record.get("jurisdiction")
    if not ident or not isinstance(ident, str):
        raise BadFile("wrong schema: it does not say whose answers they are")
    if role not in ROLES:
        raise BadFile(f"wrong schema: the role {role!r} is not councillor or officer")
    if jurisdiction not in JURISDICTIONS:
        raise BadFile(f"wrong schema: the jurisdiction {jurisdiction!r} is not England or Scotland")
    cohort = record.get("cohort") or fallback_cohort or "unnamed cohort"
    return ident, str(cohort), role, jurisdiction


class Dropped(ValueError):
    """Raised by a reader for one answer the course no longer knows (an older course version):
    that answer is left out with a note and the rest of the file still counts."""


Person = tuple[str, str, str, str]
Rows = dict[str, list]


def _rating(activity: str, item: str, value: Any, person: Person, course: _Course) -> tuple:
    parsed = parse_rating_activity(activity)
    if parsed is None or parsed[0] not in course.items:
        raise Dropped(f"unknown item dropped: {activity!r} is not a rating this course knows")
    framework, timepoint = parsed
    area = course.items[framework].get(item)
    if area is None:
        raise Dropped(f"unknown item dropped: {framework} has no statement {item!r}")
    # the type check comes first: a list or dict is unhashable and cannot be looked up in a set
    if type(value) is not int or value not in course.scales[framework]:
        raise BadFile(f"rating off the scale: '{activity}/{item}' is {_brief(value)}")
    return (*person, timepoint, framework, area, item, int(value))


def _check(activity: str, item: str, value: Any, person: Person, course: _Course) -> tuple | None:
    from ..logic.knowledge_check import mark

    if item != "answer":
        return None  # attempts and bookkeeping
    check = course.check(activity.partition(".")[2])
    if check is None:
        raise Dropped(f"unknown item dropped: there is no knowledge check {activity!r}")
    try:
        score = mark(check, value).score
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        raise BadFile(f"damaged answer: the answer to {activity!r} is damaged") from err
    outcome = "right" if score >= 1 else "partly right" if score > 0 else "wrong"
    return (*person, check.id, float(score), outcome)


def _scenario(
    activity: str, item: str, value: Any, person: Person, course: _Course
) -> tuple | None:
    from ..logic.scenario import walk

    if item != "path":
        return None
    scenario = course.scenario(activity.partition(".")[2])
    if scenario is None:
        raise Dropped(f"unknown item dropped: there is no scenario {activity!r}")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadFile(f"damaged answer: the path through {activity!r} is not a list of choices")
    walked = walk(scenario, value)
    if walked.dropped or not walked.taken:
        raise BadFile(f"damaged answer: the path through {activity!r} does not fit it")
    route = PATH_SEPARATOR.join(c.id for c in walked.taken)
    qualities = PATH_SEPARATOR.join(c.quality for c in walked.taken)
    return (*person, scenario.id, route, qualities, walked.finished)


def _relmap(activity: str, item: str, value: Any, person: Person, course: _Course) -> tuple | None:
    if activity != "relmap":
        return None  # relmap.ids bookkeeping
    return (*person, item, *_map_entry(f"{activity}/{item}", value, course))


def readers() -> dict[str, tuple[str, Any]]:
    """Kind of activity -> (table it fills, reader), from the registry (``widgets.kinds``)."""
    return {
        name: (kind.cohort.name, resolve(kind.cohort.reader))
        for name, kind in KINDS.items()
        if kind.cohort is not None
    }


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _read(
    path: Path, fallback_cohort: str, course: _Course, key: bytes
) -> tuple[Rows, bool, list[str]]:
    """The rows of one file, whether it is synthetic, and the answers dropped from it (notes)."""
    try:
        content = read_answers_file(path)
    except OSError as err:
        raise BadFile(f"corrupt: it could not be read ({err.strerror or err})") from err
    except ValueError as err:
        raise BadFile(f"corrupt: {err}") from err
    ident, cohort, role, jurisdiction = _person(content.participant, path, fallback_cohort)
    person = (pseudonym(ident, key), cohort, role, jurisdiction)
    rows: Rows = {name: [] for name in TABLES}
    dropped: list[str] = []
    for key_, answer in content.answers.items():
        activity, _, item = key_.partition("/")
        reader = course.readers.get(activity.partition(".")[0])
        if reader is None:
            continue  # reflections, sorter reasons, plans and bookkeeping are never read
        table, read = reader
        try:
            row = read(activity, item, answer.value, person, course)
        except Dropped as note:
            dropped.append(str(note))
            continue
        try:  # the reader checked what it reads; the registry's shape covers the rest
            check_shape(activity, {item: answer.value})
        except ValueError as err:
            raise BadFile(f"damaged answer: {err}") from err
        if isinstance(row, list):  # a kind with several rows per answer (a ranking)
            rows.setdefault(table, []).extend(row)
        elif row is not None:
            rows.setdefault(table, []).append(row)
    return rows, content.synthetic, dropped


def _map_entry(key: str, value: Any, course: _Course) -> tuple[str, int | None, int | None]:
    if not isinstance(value, dict) or value.get("category") not in course.categories:
        raise BadFile(f"damaged answer: the relationship map entry {key!r} has no known category")
    importance, quality = value.get("importance"), value.get("quality")
    for name, rating, allowed in (
        ("importance", importance, course.importance),
        ("quality", quality, course.quality),
    ):
        if rating is not None and (type(rating) is not int or rating not in allowed):
            raise BadFile(f"rating off the scale: {name} of {key!r} is {_brief(rating)}")
    return value["category"], importance, quality


# the whole load --------------------------------------------------------------------------------
def load_cohort(
    *sources: str | os.PathLike[str], key_file: str | os.PathLike[str] | None = None
) -> Cohort:
    """Read every answers file under ``sources`` into a :class:`Cohort`.

    Participant ids become keyed pseudonyms (key from ``key_file``, default
    ``~/.commonground/pseudonym.key``, created on first use). Bad files are listed in
    ``problems`` and the rest are loaded; a person found twice (``submitted`` and ``autograded``)
    counts once, their later file winning.
    """
    if not sources:
        raise ValueError("Name at least one folder or answers file to read.")
    opened = open_key(Path(key_file) if key_file else None)
    key = opened.key
    notes_for_key = [opened.note] if opened.note else []
    course = _Course()
    collected: dict[str, list] = {name: [] for name in TABLES}
    problems: list[FileProblem] = []
    dropped: list[FileProblem] = []
    files = 0
    synthetic = True
    for path, cohort in answers_files(sources):
        try:
            rows, is_synthetic, notes = _read(path, cohort, course, key)
        except BadFile as err:
            problems.append(FileProblem(path, str(err)))
            continue
        dropped += [FileProblem(path, note) for note in notes]
        files += 1
        synthetic = synthetic and is_synthetic
        for name, new in rows.items():
            collected[name] += new
    return Cohort(
        **{name: _frame(collected[name], spec) for name, spec in TABLES.items()},
        files=files,
        problems=problems,
        synthetic=synthetic and files > 0,
        dropped=dropped,
        notes=notes_for_key,
    )


def _frame(rows: list[tuple], spec: CohortTable):
    import pandas as pd

    columns, integer = spec.columns, spec.integer
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    if len(frame):
        frame = frame.drop_duplicates(list(spec.unique), keep="last").reset_index(drop=True)
    for column in columns:
        if column in (
            "pseudonym",
            "cohort",
            "role",
            "jurisdiction",
            "timepoint",
            "framework",
            "area",
            "item",
            "check",
            "outcome",
            "scenario",
            "category",
        ):
            frame[column] = frame[column].astype("category")
    if integer:
        frame[integer] = frame[integer].astype("int16")
    for column in ("importance", "quality"):
        if column in frame:
            frame[column] = frame[column].astype("Int16")
    return frame
