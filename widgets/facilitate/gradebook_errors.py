"""A gradebook that cannot be used, said in one sentence: damaged, locked, or read-only.

SQLite reports these as exceptions deep inside nbgrader and SQLAlchemy (with the SQL statement and
a link), and nbgrader's API folds some into a result's log; a facilitator needs to know which file
and what to do. :func:`gradebook_sentence` reads the reason out of any of them (an exception, its
chain, or a log text) and is used by :meth:`widgets.facilitate.course.Course.gradebook`,
:meth:`~widgets.facilitate.course.Course.step` and, for anything else, the ``commonground`` command.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

DAMAGED = ("file is not a database", "database disk image is malformed", "file is encrypted")
LOCKED = ("database is locked", "database table is locked", "database schema is locked")
READ_ONLY = ("attempt to write a readonly database", "readonly database")
CANNOT_OPEN = ("unable to open database file", "disk i/o error")
# what SQLite says -> what the facilitator reads after "The gradebook <path>", first match wins
SENTENCES = (
    (
        DAMAGED,
        "is damaged (it is not a whole SQLite database), so nothing more was done: put back a "
        "backup copy of it, or move it aside and release the assignments again.",
    ),
    (
        LOCKED,
        "is locked by another program (the formgrader or another commonground command may be "
        "writing to it), so nothing more was done: wait for that to finish or close it, then run "
        "this again.",
    ),
    (
        READ_ONLY,
        "is read-only for you, so nothing more was done: make it and its folder writable (for "
        "example `chmod u+w`), or run this as the person who owns it.",
    ),
    (
        CANNOT_OPEN,
        "could not be opened (its folder may be missing or not writable), so nothing more was "
        "done: check the folder exists and you can write to it.",
    ),
)


def _chain(problem: BaseException) -> Iterator[BaseException]:
    """``problem`` and every exception it came from (each once, even in a cycle)."""
    seen: set[int] = set()
    current: BaseException | None = problem
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _texts(problem: BaseException | str) -> str:
    """The message of an exception and of every exception it came from, lower case."""
    if isinstance(problem, str):
        return problem.lower()
    return "\n".join(f"{type(e).__name__}: {e}" for e in _chain(problem)).lower()


def _where(path: Path | str | None) -> str:
    return f"The gradebook {path}" if path else "The gradebook"


def gradebook_sentence(path: Path | str | None, problem: BaseException | str) -> str | None:
    """One sentence naming the gradebook file and what to do, or None when ``problem`` is not a
    gradebook problem."""
    text = _texts(problem)
    for signs, sentence in SENTENCES:
        if any(sign in text for sign in signs):
            return f"{_where(path)} {sentence}"
    return None


def is_database_error(problem: BaseException) -> bool:
    """Whether ``problem`` came from SQLite or SQLAlchemy (checked by module, so neither has to
    be imported to ask)."""
    return any(type(e).__module__.startswith(("sqlalchemy", "sqlite3")) for e in _chain(problem))


def database_sentence(path: Path | str | None, problem: BaseException) -> str:
    """:func:`gradebook_sentence`, or for another database error one sentence with its reason."""
    known = gradebook_sentence(path, problem)
    if known is not None:
        return known
    reason = str(getattr(problem, "orig", None) or problem).splitlines()[0].strip().rstrip(".")
    return (
        f"{_where(path)} could not be used ({reason[:160]}), so nothing more was done: check the "
        "file, or put back a backup copy of it."
    )
