"""The profile form of ``00_start_here``: a thin view over :mod:`widgets.profile`."""

from __future__ import annotations

import ipywidgets as ipw

from ..components import Radios
from ..councils import COUNCIL_TYPE_NAMES, council_type_choices
from ..profile import (
    JURISDICTION_LABELS,
    JURISDICTIONS,
    ROLE_LABELS,
    ROLES,
    ProfileError,
    load_profile,
    save_profile,
)
from .ui import VIEW_CLASS, message_area, show, style_holder

_WIDE = {"description_width": "initial"}


class ProfileForm(ipw.VBox):
    """Role, country and type of council as GOV.UK radios (a fieldset per question, one Tab stop
    each, the choice announced). The types offered follow the country: Scotland's councils are all
    unitary. Nothing is saved until "Save my profile"."""

    def __init__(self) -> None:
        saved = load_profile()
        self.role = Radios(
            [(ROLE_LABELS[r], r) for r in ROLES], legend="I am a", value=saved.role or None
        )
        self.jurisdiction = Radios(
            [(JURISDICTION_LABELS[j], j) for j in JURISDICTIONS],
            legend="My council is in",
            value=saved.jurisdiction or None,
        )
        self.council_type = Radios(
            council_type_choices(saved.jurisdiction),
            legend="My council is a",
            value=saved.council or None,
        )
        self._show_types(saved.jurisdiction)
        self.jurisdiction.observe(self._country_changed, names="value")
        self.cohort = ipw.Text(
            value=saved.cohort,
            description="Workshop group (optional)",
            placeholder="e.g. Spring 2027",
            style=_WIDE,
        )
        self.display_name = ipw.Text(
            value=saved.display_name,
            description="What should we call you? (optional)",
            style=_WIDE,
        )
        self.save = ipw.Button(description="Save my profile", button_style="primary")
        self.save.on_click(lambda _: self.submit())
        self.message = message_area()
        if saved.complete:
            show(self.message, _summary(saved.role, saved.jurisdiction, saved.council), "ok")
        super().__init__(
            [
                style_holder(),
                self.role,
                self.jurisdiction,
                self.council_type,
                self.cohort,
                self.display_name,
                self.save,
                self.message,
            ]
        )
        self.add_class(VIEW_CLASS)

    def _show_types(self, jurisdiction: str | None) -> None:
        self.council_type.layout.display = None if jurisdiction else "none"

    def _country_changed(self, change: dict) -> None:
        """Offer the types of council of the country just chosen (Scotland's one is chosen)."""
        choices = council_type_choices(change["new"] or "")
        keep = (
            self.council_type.value if self.council_type.value in dict(choices).values() else None
        )
        self.council_type.options = [[label, value] for label, value in choices]
        self.council_type.value = choices[0][1] if len(choices) == 1 else keep
        self._show_types(change["new"])

    def submit(self) -> bool:
        jurisdiction = self.jurisdiction.value or ""
        try:
            if jurisdiction == "england" and not self.council_type.value:
                raise ProfileError(
                    "Please choose what type of council yours is: the statutory officers it must "
                    "appoint depend on it."
                )
            profile = save_profile(
                self.role.value or "",
                jurisdiction,
                self.cohort.value,
                self.display_name.value,
                council_type=self.council_type.value or "",
            )
        except ProfileError as err:
            show(self.message, str(err), "problem")
            return False
        show(self.message, _summary(profile.role, profile.jurisdiction, profile.council), "ok")
        return True


def _summary(role: str, jurisdiction: str, council_type: str = "") -> str:
    name = COUNCIL_TYPE_NAMES.get(council_type) if jurisdiction == "england" else None
    where = f", at a {name}" if name else ""
    return (
        f"you are set up as a {ROLE_LABELS[role].lower()} in {JURISDICTION_LABELS[jurisdiction]}"
        f"{where}. Every notebook will now show you the content for your role and your council."
    )


def profile_form() -> ProfileForm:
    """Show the profile form (one call in a notebook cell)."""
    return ProfileForm()
