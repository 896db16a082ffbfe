"""The base of every activity view: one ``value``, one save path, one way of saying it failed.

Every view of an activity kind (``widgets.kinds``) keeps its answer in the answers file, not in
its controls: ``value`` is the activity's answers by item, as saved, and setting it shows and saves
a new answer (what tests and other views use instead of reaching into controls). Every write goes
through :meth:`ActivityView.save`: the answer's shape is checked against its kind, the store merges
it into what is on disk at that moment (so another tab's answers survive), the view re-reads what
was saved, and a storage error (a full disk, a read-only folder, a lock held too long) is shown in
one sentence while the participant's answer stays on screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as ipw

from ..kinds import AnswerShapeError, check_shape
from ..store import AnswerStore
from .ui import message_area, show


def storage_problem(what: str, err: BaseException) -> str:
    """The one sentence a participant reads when the answers file could not be written."""
    reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
    return (
        f"{what} could not be saved ({reason}); it is still on screen, so please try again in a "
        "moment, and tell your facilitator if this keeps happening."
    )


class ActivityView(ipw.VBox):
    """An activity's view. Subclasses set ``activity``, ``store`` and ``message`` before calling
    ``super().__init__(children)``, and override :meth:`show_value` so ``value`` can be set."""

    activity: str
    store: AnswerStore
    message: ipw.HTML
    what = "Your answer"  # the subject of the storage-error sentence

    def init_activity(self, activity: str, store: AnswerStore) -> None:
        """Set what every activity view has; call first in a subclass's ``__init__``."""
        self.activity = activity
        self.store = store
        self.message = message_area()

    # the single value --------------------------------------------------------------------------
    @property
    def value(self) -> dict[str, Any]:
        """The activity's answers by item, as saved."""
        return self.store.activity(self.activity)

    @value.setter
    def value(self, answers: Mapping[str, Any]) -> None:
        """Show ``answers`` (item -> value) and save them; an item left out is unchanged."""
        check_shape(self.activity, answers)
        self.show_value(dict(answers))

    def show_value(self, answers: dict[str, Any]) -> None:
        """Put saved answers into the controls and save them (each view says how)."""
        raise NotImplementedError(f"{type(self).__name__} cannot be given a value")

    # the one save path -------------------------------------------------------------------------
    def write(self, values: Mapping[str, Any], activity: str | None = None) -> None:
        """Check the shape and write through the store; raises the storage error (for views that
        keep trying, like a reflection's debounced save)."""
        activity = activity or self.activity
        check_shape(activity, values)
        self.store.update(activity, values)

    def save(
        self,
        values: Mapping[str, Any],
        done: str | None = None,
        *,
        what: str | None = None,
        activity: str | None = None,
    ) -> bool:
        """Save ``values`` (item -> value, ``None`` removes); say ``done`` when it worked, or in
        one sentence why not. Returns whether it was saved."""
        try:
            self.write(values, activity)
        except AnswerShapeError as err:
            show(self.message, str(err), "problem")
            return False
        except OSError as err:  # filelock's Timeout is an OSError too
            show(self.message, storage_problem(what or self.what, err), "problem")
            return False
        # the store re-read the file under its lock and merged: its cache is what the file holds
        if done is not None:
            show(self.message, done, "ok" if done else "info")
        return True

    def clear_answers(self, done: str | None = None) -> bool:
        """Remove every answer of the activity (a scenario restarted, a question retried)."""
        return self.save(dict.fromkeys(self.store.activity(self.activity)), done)
