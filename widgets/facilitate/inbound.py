"""Who has submitted what, asked of the course's exchange whichever exchange it is.

With nbgrader's own exchange (a shared folder) each submission is a folder in the exchange's
``inbound`` folder, read directly (fast, and it sees odd ids nbgrader would skip). With another
exchange, such as ngshare on the containerised and Kubernetes hubs, the facilitator has no such
folder: the submissions are asked of the exchange through nbgrader's exchange API (the configured
``ExchangeFactory``'s ``List`` with ``inbound=True``, as ``nbgrader list --inbound`` does), and
messages name the exchange rather than a folder path.
"""

from __future__ import annotations

import logging
from typing import Any

from .course import Course, FacilitatorError


def is_folder_exchange(course: Course) -> bool:
    """Whether the course uses nbgrader's own (shared folder) exchange."""
    from nbgrader.exchange.default import ExchangeList

    return issubclass(course.api.exchange.list, ExchangeList)


def where(course: Course) -> str:
    """The exchange in words, for messages: its folder, or the service it is."""
    if is_folder_exchange(course):
        return f"the exchange at {course.exchange_course}"
    exchange = course.api.exchange.exchange
    url = getattr(exchange, "_ngshare_url", "")
    name = "ngshare" if exchange.__module__.startswith("ngshare_exchange") else "the exchange"
    return f"{name} at {url}" if isinstance(url, str) and url else f"{name} ({exchange.__module__})"


def _from_folder(course: Course, assignment: str) -> dict[str, list[str]]:
    inbound = course.exchange_course / "inbound"
    found: dict[str, list[str]] = {}
    if not inbound.is_dir():
        return found
    for entry in inbound.iterdir():
        parts = entry.name.rsplit("+", 3)
        if entry.is_dir() and len(parts) >= 3 and parts[1] == assignment:
            found.setdefault(parts[0], []).append(parts[2])
    return found


class _Errors(logging.Handler):
    """The exchange's error log lines: ngshare's client logs a failed request and goes on."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def listed(course: Course, assignment: str | None, student: str | None = None) -> list[Any]:
    """What the exchange's ``List --inbound`` gives for ``assignment`` (every one: None) and
    ``student`` (everyone: None): one dict per submission (``student_id``, ``assignment_id``,
    ``timestamp``, ...). A request the exchange refused or
    could not answer is one sentence, never an empty list."""
    from nbgrader.exchange import ExchangeError
    from nbgrader.utils import temp_attrs

    api = course.api
    errors = _Errors()
    with temp_attrs(api.coursedir, assignment_id=assignment or "", student_id=student or ""):
        app = api.exchange.List(
            coursedir=api.coursedir, authenticator=api.authenticator, parent=api
        )
        app.inbound = True
        app.log.addHandler(errors)
        try:
            found = app.start()
        except (ExchangeError, OSError, ValueError) as err:
            errors.lines.append(str(err) or type(err).__name__)
            found = []
        finally:
            app.log.removeHandler(errors)
    if errors.lines:
        reason = errors.lines[0].strip().rstrip(".")
        raise FacilitatorError(f"Could not ask {where(course)} for submissions: {reason}.")
    # grouped per participant and assignment, as nbgrader's own List groups them
    groups = [group for group in found or [] if isinstance(group, dict)]
    return [item for group in groups for item in group.get("submissions", [group])]


def inbound_submitters(course: Course, assignment: str) -> dict[str, list[str]]:
    """For each participant with a submission of ``assignment`` in the exchange, its timestamps."""
    if is_folder_exchange(course):
        found = _from_folder(course, assignment)
    else:
        found = {}
        for item in listed(course, assignment):
            found.setdefault(str(item["student_id"]), []).append(str(item["timestamp"]))
    return {k: sorted(v) for k, v in sorted(found.items())}
