"""A statement is rated once: ratings given in one folder are carried into another.

nbgrader fetches each assignment into its own folder, and every folder has its own answers file.
So a participant who rated the trust behaviours in notebook 08 would meet the same statements
again in the ``pre_workshop`` assignment (and the other way round). To spare them that, every
questionnaire notes in the participant's own home (``~/.commonground/rated_in.json``) which
folders hold their ratings of each activity: folder paths only, never the ratings. A questionnaire
with nothing saved yet looks there and copies the newest earlier ratings of the same activity into
its own file, so they count (for the self-assessment assignment, too) and the participant need only
change what they now see differently.

Only a file that belongs to the same participant is ever copied from: during autograde the grader's
home is in use, and the student's file carries a different participant id, so nothing moves.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from filelock import FileLock

from .profile import home_folder
from .store import ANSWERS_FILENAME, AnswerStore, read_answers_file, split_key, write_atomically

INDEX_NAME = "rated_in.json"
_GRADING = {"autograded", "submitted", "feedback"}  # nbgrader's folders for handed-in work
KEEP = 20  # folders remembered per activity; older ones are dropped


def index_path() -> Path:
    return home_folder() / INDEX_NAME


def _read_index(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # missing or damaged: it only saves work, so start again quietly
    if not isinstance(data, dict):
        return {}
    return {k: [f for f in v if isinstance(f, str)] for k, v in data.items() if isinstance(v, list)}


def remember(folder: Path, activity: str) -> None:
    """Note that ``folder`` now holds this participant's ratings for ``activity``."""
    path = index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=10):
        index = _read_index(path)
        where = str(Path(folder).resolve())
        folders = [f for f in index.get(activity, []) if f != where] + [where]
        index[activity] = folders[-KEEP:]
        write_atomically(path, json.dumps(index, indent=1, sort_keys=True), durable=False)


def earlier_ratings(
    activity: str, participant: str, here: Path, items: set[str]
) -> tuple[Path, dict[str, object], str] | None:
    """The newest ratings of ``activity`` this participant saved in another folder, as
    ``(folder, {item: value}, when)``, or None."""
    here = Path(here).resolve()
    for folder in reversed(_read_index(index_path()).get(activity, [])):
        if Path(folder) == here:
            continue
        try:
            found = read_answers_file(Path(folder) / ANSWERS_FILENAME)
        except (OSError, ValueError):
            continue
        if not participant or found.participant.get("id") != participant:
            continue
        ratings, when = {}, ""
        for key, answer in found.answers.items():
            act, item = split_key(key)
            if act == activity and item in items:
                ratings[item] = answer.value
                when = max(when, answer.at)
        if ratings:
            return Path(folder), ratings, when
    return None


def carry_over(store: AnswerStore, activity: str, items: set[str]) -> str | None:
    """Copy earlier ratings into an answers file that has none for ``activity``; say so in one
    sentence, or return None when there was nothing to carry over."""
    if store.activity(activity) or _GRADING & set(Path(store.folder).resolve().parts):
        return None  # already rated here, or a grader's copy of a submission: never fill it in
    participant = str(store.participant.get("id") or "")
    found = earlier_ratings(activity, participant, store.folder, items)
    if found is None:
        return None
    folder, ratings, when = found
    store.update(activity, ratings)
    remember(store.folder, activity)
    day = _day(when)
    return (
        f"You rated {'this statement' if len(ratings) == 1 else 'these statements'} already, "
        f"in the {folder.name} folder{day}, so your ratings are filled in here and you need not "
        "rate them again. Change any you now see differently."
    )


def _day(stamp: str) -> str:
    try:
        return " on " + datetime.fromisoformat(stamp).strftime("%-d %B %Y")
    except ValueError:
        return ""
