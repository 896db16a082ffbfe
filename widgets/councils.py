"""Types of council, and which types each country has.

The type decides which statutory officers a council must appoint: in England a shire district
appoints the head of paid service, chief finance officer and monitoring officer only, while county,
unitary, metropolitan borough and London borough councils also appoint the directors of adult
social services, children's services and public health. All 32 councils in Scotland are unitary.
Stdlib only, so the table schema and the profile can both import it cheaply.
"""

from __future__ import annotations

COUNCIL_TYPES = ("county", "district", "unitary", "metropolitan", "london")
TYPES_IN = {"england": COUNCIL_TYPES, "scotland": ("unitary",)}
COUNCIL_TYPE_LABELS = {
    "county": "County council",
    "district": "Shire district council (a district, borough or city council under a county)",
    "unitary": "Unitary council",
    "metropolitan": "Metropolitan borough council",
    "london": "London borough council",
}
SCOTTISH_LABEL = "A Scottish council (all 32 are unitary councils)"
# Names for use inside a sentence ("your council is a county council").
COUNCIL_TYPE_NAMES = {
    "county": "county council",
    "district": "shire district council",
    "unitary": "unitary council",
    "metropolitan": "metropolitan borough council",
    "london": "London borough council",
}
# Plural names for sentences such as "County and unitary councils in England …".
COUNCIL_TYPE_PLURALS = {
    "county": "county councils",
    "district": "shire district councils",
    "unitary": "unitary councils",
    "metropolitan": "metropolitan borough councils",
    "london": "London borough councils",
}


def council_type_label(jurisdiction: str, council_type: str) -> str:
    """How a type of council is named to a participant in that country."""
    if jurisdiction == "scotland":
        return SCOTTISH_LABEL
    return COUNCIL_TYPE_LABELS.get(council_type, "")


def council_type_choices(jurisdiction: str) -> list[tuple[str, str]]:
    """``(label, value)`` pairs for the profile form, for one country (none before it is chosen)."""
    return [(council_type_label(jurisdiction, t), t) for t in TYPES_IN.get(jurisdiction, ())]


def effective_council_type(jurisdiction: str, council_type: str) -> str:
    """The council type to use: Scotland's is always unitary; an unknown one is empty."""
    allowed = TYPES_IN.get(jurisdiction, ())
    if len(allowed) == 1:
        return allowed[0]
    return council_type if council_type in allowed else ""


def types_sentence(types: list[str] | tuple[str, ...]) -> str:
    """``["county", "unitary"]`` → ``"county councils and unitary councils"``."""
    names = [COUNCIL_TYPE_PLURALS[t] for t in types if t in COUNCIL_TYPE_PLURALS]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
