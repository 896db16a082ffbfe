"""Stamp new gradebooks without nbgrader's ``alembic heads`` subprocess.

nbgrader stamps a new gradebook with its schema version by running the ``alembic`` command, which
costs seconds and fails when the environment's ``bin`` is not on PATH (as in a kernel). The same
value is read in-process here (tests check it matches the command's answer).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator


@functools.cache
def alembic_head() -> str:
    """The gradebook schema version nbgrader stamps on a new gradebook."""
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    head = ScriptDirectory(ALEMBIC_DIR).get_current_head()
    if not head:
        raise RuntimeError("nbgrader's alembic scripts have no head revision")
    return str(head)


def use_in_process_stamp() -> None:
    """For the rest of this process (one ``commonground`` command)."""
    import nbgrader.api

    nbgrader.api.get_alembic_version = alembic_head


@contextlib.contextmanager
def quick_new_gradebooks() -> Iterator[None]:
    """Only inside the ``with`` block; nbgrader's own way comes back afterwards."""
    import nbgrader.api

    original = nbgrader.api.get_alembic_version
    nbgrader.api.get_alembic_version = alembic_head
    try:
        yield
    finally:
        nbgrader.api.get_alembic_version = original
