"""The declared shape of every table in ``data/``.

Declarative and stdlib-only on purpose: pandas with pandera costs about two seconds of import in
every kernel, and a notebook that only shows a questionnaire should not pay that.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..councils import COUNCIL_TYPES

APPLIES_TO = ("councillor", "officer", "both")
JURISDICTION = ("england", "scotland", "all")
YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Column:
    """One column: its kind of value and the rules each cell must meet."""

    name: str
    kind: str = "text"  # text | int | number | choice
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    refers_to: str | None = None  # "table.column" that every value (or list part) must exist in
    is_list: bool = False  # ";"-separated values


@dataclass(frozen=True)
class TableSchema:
    name: str
    file: str
    columns: tuple[Column, ...]
    framework: str | None = None  # set for item tables: the value every row's framework must hold

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _id() -> Column:
    return Column("id", unique=True)


def _item_table(framework: str, file: str, *extra: Column) -> TableSchema:
    common = (
        _id(),
        Column("framework", refers_to="frameworks.id"),
        Column("area"),
        Column("statement"),
        Column("applies_to", kind="choice", choices=APPLIES_TO),
        Column("jurisdiction", kind="choice", choices=JURISDICTION),
        Column("source", refers_to="sources.id"),
        Column("source_section"),
    )
    return TableSchema(framework, file, common + extra, framework=framework)


REGISTERS = (
    TableSchema(
        "sources",
        "sources.csv",
        (
            _id(),
            Column("title"),
            Column("publisher"),
            Column("year", kind="int", minimum=1900, maximum=2100),
            Column("jurisdiction", kind="choice", choices=JURISDICTION),
            # empty for a law or code the course names where the seeds fall short
            Column("seed_file", required=False),
        ),
    ),
    TableSchema(
        "scales",
        "scales.csv",
        (
            _id(),
            Column("scale"),
            Column("value", kind="int", minimum=1, maximum=5),
            Column("label"),
            Column("meaning"),
            # "yes" on the importance and quality points that make a relationship one to
            # develop first (important enough and weak enough): the rule lives here, once
            Column("develop_first", kind="choice", choices=YES_NO, required=False),
        ),
    ),
    TableSchema(
        "frameworks",
        "frameworks.csv",
        (
            _id(),
            Column("title"),
            Column("file", unique=True),
            Column("scale", required=False, refers_to="scales.scale"),
            Column("rated_by", kind="choice", choices=APPLIES_TO),
            Column("summary"),
            Column("source", refers_to="sources.id"),
        ),
    ),
)

ITEM_TABLES = (
    _item_table(
        "nos_sfjc21",
        "nos_sfjc21.csv",
        Column("code", unique=True),
        Column("rated", kind="choice", choices=YES_NO),
    ),
    _item_table("councillor_skills", "councillor_skills.csv"),
    _item_table("trust", "trust_behaviours.csv", Column("name")),
    # the seven principles of public life (everyone), then the nine of Scotland's Councillors' Code
    _item_table("principles", "seven_principles.csv", Column("name")),
    _item_table(
        "health_check",
        "health_check.csv",
        Column("expected_of", kind="choice", choices=("officer", "councillor")),
    ),
    _item_table("challenge", "constructive_challenge.csv"),
    _item_table("question_types", "question_types.csv", Column("name"), Column("example")),
    _item_table(
        "statutory_officers",
        "statutory_officers.csv",
        Column("title"),
        Column("statutory_basis", required=False),
        # which types of council must appoint the post (widgets.councils.COUNCIL_TYPES)
        Column("council_types", kind="choice", choices=COUNCIL_TYPES, is_list=True),
    ),
    _item_table(
        "governance_actions",
        "governance_actions.csv",
        Column("who_must_act", kind="choice", choices=("council", "councillors")),
    ),
    _item_table(
        "catalogue",
        "development_catalogue.csv",
        Column("title"),
        Column("provider"),
        Column("method"),
        Column("duration"),
        Column("hours", kind="number", required=False, minimum=0),
        Column("cost"),
        Column("cost_gbp", kind="number", required=False, minimum=0),
        Column("serves", refers_to="frameworks.id", is_list=True),
    ),
)


def _sourced(name: str, file: str, *columns: Column) -> TableSchema:
    """A course-content table: its own columns, then where its facts came from."""
    return TableSchema(
        name,
        file,
        (_id(), *columns, Column("source", refers_to="sources.id"), Column("source_section")),
    )


QUALITY = ("best", "acceptable", "poor")

ACTIVITY_TABLES = (
    _sourced(
        "relationship_categories",
        "relationship_categories.csv",
        Column("label", unique=True),
        Column("description"),
    ),
    _sourced(
        "sorters",
        "sorters.csv",
        Column("title"),
        Column("instructions"),
    ),
    _sourced(
        "sorter_items",
        "sorter_items.csv",
        Column("sorter", refers_to="sorters.id"),
        Column("statement"),
        Column("suggested", kind="choice", choices=("councillor", "officer", "joint")),
        Column("explanation"),
    ),
    _sourced(
        "scenarios",
        "scenarios.csv",
        Column("title"),
        Column("challenge", required=False),
        Column("start_step", refers_to="scenario_steps.id"),
        Column("debrief", required=False),
        Column("jurisdiction", kind="choice", choices=JURISDICTION),
        # who the player is cast as: every scenario reads right for one role
        Column("played_as", kind="choice", choices=("councillor", "officer")),
    ),
    _sourced(
        "scenario_steps",
        "scenario_steps.csv",
        Column("scenario", refers_to="scenarios.id"),
        Column("situation"),
    ),
    _sourced(
        "scenario_choices",
        "scenario_choices.csv",
        Column("step", refers_to="scenario_steps.id"),
        Column("label"),
        Column("consequence"),
        Column("guidance"),
        Column("quality", kind="choice", choices=QUALITY),
        Column("next_step", required=False, refers_to="scenario_steps.id"),
    ),
    # Guidance (and, where the law differs, the rating) of a choice for one country: shown to, and
    # graded for, participants from that country instead of the choice's own guidance and quality.
    _sourced(
        "scenario_guidance",
        "scenario_guidance.csv",
        Column("choice", refers_to="scenario_choices.id"),
        Column("jurisdiction", kind="choice", choices=JURISDICTION[:2]),
        Column("guidance"),
        Column("quality", kind="choice", choices=QUALITY, required=False),  # empty: the choice's
    ),
    _sourced(
        "checks",
        "checks.csv",
        Column("kind", kind="choice", choices=("single", "multiple", "match")),
        Column("topic"),
        Column("prompt"),
        Column("jurisdiction", kind="choice", choices=JURISDICTION),
        # empty: every type of council; else the types whose participants this check is for
        Column("council_types", kind="choice", choices=COUNCIL_TYPES, is_list=True, required=False),
    ),
    _sourced(
        "check_options",
        "check_options.csv",
        Column("check", refers_to="checks.id"),
        Column("label"),
        Column("correct", kind="choice", choices=YES_NO, required=False),
        Column("match", required=False),
        Column("feedback"),
    ),
    _sourced(
        "council_differences",
        "council_differences.csv",
        Column("topic"),
        Column("jurisdiction", kind="choice", choices=JURISDICTION[:2]),
        Column("heading"),
        Column("text"),
    ),
    _sourced(
        "coverage",
        "coverage.csv",
        Column("section"),
        Column("notebook", required=False),
        Column("heading", required=False),
    ),
    _sourced(
        "rankings",
        "rankings.csv",
        Column("framework", refers_to="frameworks.id"),
        Column("title"),
        Column("instructions"),
        # how many of the top items go into the development plan
        Column("feeds_plan", kind="int", minimum=1, maximum=10),
    ),
    _sourced(
        "reflections",
        "reflections.csv",
        Column("title"),
        Column("challenge", required=False),
        Column("prompt"),
        Column("hint", required=False),
        # an officer's wording where the councillor's would not fit (empty: the same for both)
        Column("prompt_officer", required=False),
        Column("hint_officer", required=False),
    ),
)

GLOSSARY = _sourced(
    "glossary",
    "glossary.csv",
    Column("term", unique=True),
    Column("definition"),
)

TABLES: dict[str, TableSchema] = {
    t.name: t for t in REGISTERS + ITEM_TABLES + ACTIVITY_TABLES + (GLOSSARY,)
}
