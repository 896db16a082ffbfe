"""The profile form of ``00_start_here``: a thin view over :mod:`widgets.profile`."""

from __future__ import annotations

import ipywidgets as ipw

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
    """Role and jurisdiction as labelled radio buttons (screen readers announce the selection)."""

    def __init__(self) -> None:
        saved = load_profile()
        self.role = ipw.RadioButtons(
            options=[(ROLE_LABELS[r], r) for r in ROLES],
            value=saved.role or None,
            description="I am a",
            style=_WIDE,
        )
        self.jurisdiction = ipw.RadioButtons(
            options=[(JURISDICTION_LABELS[j], j) for j in JURISDICTIONS],
            value=saved.jurisdiction or None,
            description="My council is in",
            style=_WIDE,
        )
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
            show(self.message, _summary(saved.role, saved.jurisdiction), "ok")
        super().__init__(
            [
                style_holder(),
                self.role,
                self.jurisdiction,
                self.cohort,
                self.display_name,
                self.save,
                self.message,
            ]
        )
        self.add_class(VIEW_CLASS)

    def submit(self) -> bool:
        try:
            profile = save_profile(
                self.role.value or "",
                self.jurisdiction.value or "",
                self.cohort.value,
                self.display_name.value,
            )
        except ProfileError as err:
            show(self.message, str(err), "problem")
            return False
        show(self.message, _summary(profile.role, profile.jurisdiction), "ok")
        return True


def _summary(role: str, jurisdiction: str) -> str:
    return (
        f"you are set up as a {ROLE_LABELS[role].lower()} in {JURISDICTION_LABELS[jurisdiction]}. "
        "Every notebook will now show you the content for your role and your council."
    )


def profile_form() -> ProfileForm:
    """Show the profile form (one call in a notebook cell)."""
    return ProfileForm()
