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

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import ipywidgets as ipw

from ..kinds import AnswerShapeError, check_shape
from ..store import AnswerStore, SavedText
from .ui import message_area, show

T = TypeVar("T")


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

    # the store's other transactions (answers.py #13), with the same checks and error sentence ---
    def write_entries(
        self,
        values: Iterable[Any],
        prefix: str,
        *,
        high_water: tuple[str, str] | None = None,
        activity: str | None = None,
    ) -> list[str]:
        """Add entries to a list-like activity under ids the store gives out inside its lock
        (two tabs adding at once never share an id); returns the ids. Raises like :meth:`write`."""
        activity = activity or self.activity
        values = list(values)
        for value in values:
            check_shape(activity, {f"{prefix}1": value})
        return self.store.add_entries(activity, prefix, values, high_water=high_water)

    def write_list(
        self,
        item: str,
        *,
        add: Iterable[Any] = (),
        remove: Iterable[Any] = (),
        same: Callable[[Any], Any] = lambda v: v,
        order: Callable[[Any], Any] | None = None,
        activity: str | None = None,
    ) -> list[Any]:
        """Add to and remove from a list kept under one item, against what is on disk now (an item
        another tab added stays); returns the list as saved. Raises like :meth:`write`."""
        activity = activity or self.activity
        add = list(add)
        check_shape(activity, {item: add})
        return self.store.edit_list(activity, item, add=add, remove=remove, same=same, order=order)

    def write_text(
        self,
        item: str,
        text: str,
        base: str,
        *,
        field: str | None = None,
        fields: Mapping[str, Any] | None = None,
        activity: str | None = None,
    ) -> SavedText:
        """Save free text typed over ``base`` (what this view loaded or last saved): if another tab
        changed it meanwhile the two are merged, or both kept (``conflict``). Raises like
        :meth:`write`."""
        activity = activity or self.activity
        value: Any = text if field is None else {**dict(fields or {}), field: text}
        check_shape(activity, {item: value})
        return self.store.save_text(activity, item, text, base, field=field, fields=fields)

    def attempt(self, action: Callable[[], T], *, what: str | None = None) -> T | None:
        """Run one of the ``write_*`` transactions; on a shape or storage error say so in one
        sentence and return None (the participant's input stays on screen)."""
        try:
            return action()
        except AnswerShapeError as err:
            show(self.message, str(err), "problem")
        except OSError as err:
            show(self.message, storage_problem(what or self.what, err), "problem")
        return None

    def clear_answers(self, done: str | None = None) -> bool:
        """Remove every answer of the activity (a scenario restarted, a question retried)."""
        return self.save(dict.fromkeys(self.store.activity(self.activity)), done)
