"""Who is answering, and where their answers go: the link every widget makes to the store."""

from __future__ import annotations

import os
from pathlib import Path

from .profile import Profile, load_profile
from .store import AnswerStore


def answers_store(folder: str | os.PathLike[str] | None = None) -> AnswerStore:
    """The answers file beside the running notebook (a kernel starts in the notebook's folder),
    stamped with the participant's profile."""
    profile = load_profile()
    return AnswerStore(Path(folder) if folder else Path.cwd(), participant_record(profile))


def reader(
    store: AnswerStore | None = None, profile: Profile | None = None
) -> tuple[AnswerStore, Profile]:
    """The store and profile a widget works with: the notebook's own unless a test gives them."""
    return (answers_store() if store is None else store), (
        load_profile() if profile is None else profile
    )


def participant_filter(profile: Profile, what: str) -> tuple[str | None, str | None, list[str]]:
    """Role and jurisdiction to filter content by; none, with a note, until the profile is set."""
    if profile.complete:
        return profile.role, profile.jurisdiction, []
    return (
        None,
        None,
        [
            f"Your profile is not filled in yet, so you see every {what}; fill it in with the "
            "Start here notebook to see only those for your role and council."
        ],
    )


def participant_record(profile: Profile) -> dict[str, str]:
    record = profile.record()
    return {k: v for k, v in record.items() if v}
