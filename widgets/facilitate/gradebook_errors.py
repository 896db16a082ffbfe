"""A gradebook that cannot be used, said in one sentence: damaged, locked, or read-only.

SQLite reports these as exceptions deep inside nbgrader and SQLAlchemy (with the SQL statement and
a link), and nbgrader's API folds some into a result's log; a facilitator needs to know which file
and what to do. :func:`gradebook_sentence` reads the reason out of any of them (an exception, its
chain, or a log text) and is used by :meth:`widgets.facilitate.course.Course.gradebook`,
:meth:`~widgets.facilitate.course.Course.step` and, for anything else, the ``commonground`` command.
"""

from __future__ import annotations

from pathlib import Path

DAMAGED = ("file is not a database", "database disk image is malformed", "file is encrypted")
LOCKED = ("database is locked", "database table is locked", "database schema is locked")
READ_ONLY = ("attempt to write a readonly database", "readonly database")
CANNOT_OPEN = ("unable to open database file", "disk i/o error")


def _texts(problem: BaseException | str) -> str:
    """The message of an exception and of every exception it came from, lower case."""
    if isinstance(problem, str):
        return problem.lower()
    seen, texts = set(), []
    current: BaseException | None = problem
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts.append(f"{type(current).__name__}: {current}")
        current = current.__cause__ or current.__context__
    return "\n".join(texts).lower()


def gradebook_sentence(path: Path | str | None, problem: BaseException | str) -> str | None:
    """One sentence naming the gradebook file and what to do, or None when ``problem`` is not a
    gradebook problem."""
    text = _texts(problem)
    where = f"The gradebook {path}" if path else "The gradebook"
    if any(sign in text for sign in DAMAGED):
        return (
            f"{where} is damaged (it is not a whole SQLite database), so nothing more was done: "
            "put back a backup copy of it, or move it aside and release the assignments again."
        )
    if any(sign in text for sign in LOCKED):
        return (
            f"{where} is locked by another program (the formgrader or another commonground "
            "command may be writing to it), so nothing more was done: wait for that to finish or "
            "close it, then run this again."
        )
    if any(sign in text for sign in READ_ONLY):
        return (
            f"{where} is read-only for you, so nothing more was done: make it and its folder "
            "writable (for example `chmod u+w`), or run this as the person who owns it."
        )
    if any(sign in text for sign in CANNOT_OPEN):
        return (
            f"{where} could not be opened (its folder may be missing or not writable), so "
            "nothing more was done: check the folder exists and you can write to it."
        )
    return None


def is_database_error(problem: BaseException) -> bool:
    """Whether ``problem`` came from SQLite or SQLAlchemy (checked by module, so neither has to
    be imported to ask)."""
    seen: set[int] = set()
    current: BaseException | None = problem
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        module = type(current).__module__
        if module.startswith(("sqlalchemy", "sqlite3")):
            return True
        current = current.__cause__ or current.__context__
    return False


def database_sentence(path: Path | str | None, problem: BaseException) -> str:
    """:func:`gradebook_sentence`, or for another database error one sentence with its reason."""
    known = gradebook_sentence(path, problem)
    if known is not None:
        return known
    reason = str(getattr(problem, "orig", None) or problem).splitlines()[0].strip().rstrip(".")
    where = f"The gradebook {path}" if path else "The gradebook"
    return (
        f"{where} could not be used ({reason[:160]}), so nothing more was done: check the file, "
        "or put back a backup copy of it."
    )
