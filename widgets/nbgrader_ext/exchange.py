"""nbgrader's submit, refusing a participant id that is odd or not the person submitting.

Stock nbgrader takes the student id from the submitter's own configuration when one is given
(``CourseDirectory.student_id``), so on a shared exchange one participant can submit as another
and replace their graded work at the next collect; an id such as ``../x`` writes outside the
inbound folder and is never collected. :class:`CheckedSubmit` (the course's
``ExchangeFactory.submit``) refuses, in one sentence:

- an id that is not a plain name (letters, digits and ``. _ @ -``, at most 64 characters, not
  starting with a dot): nothing with path characters, ``+`` or ``*`` reaches the file system;
- on JupyterHub, an id other than the signed-in user (``JUPYTERHUB_USER``).

The hub's exchange (``deploy/single-machine/commonground_hub_exchange.py``) also refuses an id
other than the operating-system user submitting.
"""

from __future__ import annotations

import os
import re

from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import get_username

PLAIN_ID = re.compile(r"^[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}$")


def id_problem(student_id: str) -> str:
    """One sentence saying what is wrong with ``student_id``, or "" when it is a plain name."""
    if not PLAIN_ID.match(student_id or ""):
        return (
            f"The participant id {student_id!r} is not allowed: use only letters, digits, dots, "
            "underscores, @ and hyphens (at most 64 characters, no slashes, plus signs or "
            "stars, not starting with a dot)."
        )
    return ""


def submitter_problem(student_id: str, signed_in: str | None) -> str:
    """One sentence when ``student_id`` is not the person signed in (when anyone is)."""
    if signed_in and student_id != signed_in:
        return (
            f"You are signed in as {signed_in!r} and cannot submit as {student_id!r}: each "
            "participant submits under their own id only."
        )
    return ""


class CheckedSubmit(ExchangeSubmit):
    """nbgrader's submit, with the id checks of this module."""

    def submitting_id(self) -> str:
        wanted = self.coursedir.student_id
        return wanted if wanted != "*" else get_username()

    def check_id(self) -> None:
        student_id = self.submitting_id()
        problem = id_problem(student_id) or submitter_problem(
            student_id, os.environ.get("JUPYTERHUB_USER")
        )
        if problem:
            self.fail(problem)

    def init_dest(self) -> None:
        self.check_id()
        super().init_dest()
