"""The participant's profile: set once in ``00_start_here``, read by every other notebook.

It lives in the participant's home (``~/.commonground/profile.json``, or ``$COMMONGROUND_HOME``),
not beside a notebook, because nbgrader fetches each assignment into its own folder and every one
of them must adapt to the same role and jurisdiction.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .councils import TYPES_IN, effective_council_type
from .store import write_atomically

ROLES = ("councillor", "officer")
JURISDICTIONS = ("england", "scotland")
ROLE_LABELS = {"councillor": "Councillor (elected member)", "officer": "Council officer"}
JURISDICTION_LABELS = {"england": "England", "scotland": "Scotland"}
_COHORT_PATTERN = re.compile(r"^[\w .\-]{1,40}$")


class ProfileError(ValueError):
    """A profile value a participant entered cannot be used; the message is one plain sentence."""


def home_folder() -> Path:
    return Path(os.environ.get("COMMONGROUND_HOME") or Path.home() / ".commonground")


def profile_path() -> Path:
    return home_folder() / "profile.json"


@dataclass
class Profile:
    role: str = ""
    jurisdiction: str = ""
    cohort: str = ""
    display_name: str = ""
    participant_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    council_type: str = ""  # widgets.councils.COUNCIL_TYPES; empty in profiles saved before it

    @property
    def council(self) -> str:
        """The council type to use: always unitary in Scotland; "" when unknown in England."""
        return effective_council_type(self.jurisdiction, self.council_type)

    @property
    def council_type_asked(self) -> bool:
        """Whether the country has more than one type of council, and this profile names one."""
        return len(TYPES_IN.get(self.jurisdiction, ())) > 1 and bool(self.council)

    @property
    def complete(self) -> bool:
        return self.role in ROLES and self.jurisdiction in JURISDICTIONS

    def participant(self) -> str:
        """Who the answers belong to: the hub user where there is one, else this profile's id."""
        return os.environ.get("JUPYTERHUB_USER") or self.participant_id

    def record(self) -> dict[str, str]:
        """What every answers file records about its participant."""
        return {
            "id": self.participant(),
            "role": self.role,
            "jurisdiction": self.jurisdiction,
            "council_type": self.council,
            "cohort": self.cohort,
        }


def validate(
    role: str, jurisdiction: str, cohort: str, display_name: str = "", council_type: str = ""
) -> None:
    """Raise ProfileError with one plain sentence for the first value that cannot be used.

    An empty council type is allowed here (profiles saved before the question existed, and set-up
    scripts); the form in 00 Start here asks for it.
    """
    if role not in ROLES:
        raise ProfileError("Please choose whether you are a councillor or a council officer.")
    if jurisdiction not in JURISDICTIONS:
        raise ProfileError("Please choose whether your council is in England or in Scotland.")
    if council_type and council_type not in TYPES_IN[jurisdiction]:
        if jurisdiction == "scotland":
            raise ProfileError(
                "Every council in Scotland is a unitary council, so please choose that type."
            )
        raise ProfileError("Please choose one of the types of council listed for England.")
    if cohort and not _COHORT_PATTERN.match(cohort):
        raise ProfileError(
            "The group name can use letters, numbers, spaces, dots and dashes, up to 40 characters."
        )
    if len(display_name) > 60:
        raise ProfileError("Please keep the name you would like to be called to 60 characters.")


def load_profile(path: Path | None = None) -> Profile:
    """The saved profile, or an empty one; a damaged file is treated as no profile yet."""
    path = path or profile_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Profile()
    known = {k: str(v) for k, v in data.items() if k in Profile.__dataclass_fields__}
    return Profile(**known)


def save_profile(
    role: str,
    jurisdiction: str,
    cohort: str = "",
    display_name: str = "",
    path: Path | None = None,
    *,
    council_type: str = "",
) -> Profile:
    """Check and save the profile, keeping the participant id it already had."""
    cohort, display_name = cohort.strip(), display_name.strip()
    validate(role, jurisdiction, cohort, display_name, council_type)
    council_type = effective_council_type(jurisdiction, council_type)
    path = path or profile_path()
    previous = load_profile(path)
    profile = Profile(
        role, jurisdiction, cohort, display_name, previous.participant_id, council_type
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(asdict(profile), indent=1, ensure_ascii=False))
    return profile
