"""Which statutory officers, and which statutory-officer question, suit a participant's council.

Both come from the course tables: ``statutory_officers.council_types`` says which types of council
must appoint each post, and ``checks.council_types`` which councils a statutory-officer question is
for. The notebooks, the relationship map's suggestions and autograde all ask here, so a shire
district in England is never given the three directors that only upper-tier councils appoint.
"""

from __future__ import annotations

from pathlib import Path

from .. import tables
from ..councils import COUNCIL_TYPE_NAMES, TYPES_IN, effective_council_type

TOPIC = "statutory officers"


def officers(jurisdiction: str, council_type: str = "", folder: Path | None = None) -> list[dict]:
    """The statutory officer rows for a council: all the country's posts if its type is unknown."""
    rows = tables.items("statutory_officers", jurisdiction=jurisdiction, folder=folder)
    rows = [r for r in rows if r["jurisdiction"] == jurisdiction]
    council = effective_council_type(jurisdiction, council_type)
    if not council:
        return rows
    return [r for r in rows if council in r["council_types"]]


def is_for(row: dict, jurisdiction: str, council_type: str) -> bool:
    """Whether a ``checks`` row is meant for a participant from this council.

    A check for every country and type is for everyone; one for a country is for its councils, of
    the listed types only when it lists some (an unknown English type matches every English one).
    """
    if row["jurisdiction"] not in ("all", jurisdiction):
        return False
    types = row.get("council_types") or []
    council = effective_council_type(jurisdiction, council_type)
    return not types or not council or council in types


def statutory_checks(folder: Path | None = None) -> list[dict]:
    """The ``checks`` rows about statutory officers that differ by council (country-specific)."""
    return [
        r
        for r in tables.table("checks", folder)
        if r["topic"] == TOPIC and r["jurisdiction"] != "all"
    ]


def statutory_check_ids(folder: Path | None = None) -> list[str]:
    """The ids of every council's statutory-officer question (``widgets.statutory_checks()``)."""
    return [r["id"] for r in statutory_checks(folder)]


def checks_for(jurisdiction: str, council_type: str = "", folder: Path | None = None) -> list[str]:
    """The ids of the statutory-officer questions for a council (several if its type is unknown)."""
    if jurisdiction not in TYPES_IN:
        return statutory_check_ids(folder)
    return [r["id"] for r in statutory_checks(folder) if is_for(r, jurisdiction, council_type)]


def checks_in_order(
    jurisdiction: str, council_type: str = "", folder: Path | None = None
) -> tuple[list[str], list[str]]:
    """(the questions for this council, the other councils' questions), each in table order.

    Notebook 05 shows a Scottish councillor Scotland's question first, a shire district's officer
    the district one, and the rest after them for comparison.
    """
    mine = checks_for(jurisdiction, council_type, folder)
    return mine, [r["id"] for r in statutory_checks(folder) if r["id"] not in mine]


def statutory_note(jurisdiction: str, council_type: str = "") -> str:
    """One sentence on why the participant sees this set of statutory officers ("" for Scotland)."""
    if jurisdiction != "england":
        return ""
    council = effective_council_type(jurisdiction, council_type)
    if council == "district":
        return (
            "A shire district council appoints these three; in a two-tier area the county "
            "council appoints the directors of adult social services, children's services and "
            "public health."
        )
    if council:
        return (
            f"Your council, a {COUNCIL_TYPE_NAMES[council]}, has social care, children's services "
            "and public health duties, so it appoints all six."
        )
    return (
        "Your profile does not say what type of council yours is, so all six are shown; a shire "
        "district council appoints only the first three. Choose your type of council in 00 Start "
        "here to see exactly yours."
    )
