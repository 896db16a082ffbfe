"""Saving typed text while the participant types: one timer per box, flushed on close and exit.

The :class:`~widgets.logic.reflection.Debouncer` decides *when* to save; :class:`TimerRunner` wakes
it with a ``threading.Timer`` after typing pauses. ipywidgets reports no "focus left the box" event
to the kernel, so the timer is what saves after the participant moves on; closing the widget,
submitting or shutting the kernel down saves at once too (:func:`flush_all`). Every view with a
text box (reflections, the sorter's reasons) uses this one mechanism.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from ..logic.reflection import Debouncer

TimerFactory = Callable[[float, Callable[[], None]], Any]

_OPEN_RUNNERS: weakref.WeakSet[TimerRunner] = weakref.WeakSet()


class NotSaved(OSError):
    """A save the view refused on purpose (e.g. a reason too long): the text stays pending."""


class TimerRunner:
    """Wake a :class:`Debouncer` when its quiet period ends, using one timer thread at a time.

    ``clock`` and ``timer_factory`` are injectable so a test can fire the timer by hand.
    """

    def __init__(
        self,
        debouncer: Debouncer,
        clock: Callable[[], float] = time.monotonic,
        timer_factory: TimerFactory = threading.Timer,
        on_error: Callable[[Exception], None] | None = None,
        after: Callable[[], None] | None = None,
    ) -> None:
        self.debouncer = debouncer
        self.after = after  # runs after each save, outside the debouncer's lock (e.g. show a merge)
        self.clock = clock
        self.timer_factory = timer_factory
        self.on_error = on_error
        self._timer: Any = None
        self._lock = threading.Lock()
        _OPEN_RUNNERS.add(self)

    def push(self, text: str) -> None:
        self.debouncer.push(text, self.clock())
        with self._lock:
            if self._timer is None:  # a running timer re-checks the deadline when it fires
                self._start(self.debouncer.delay)

    def _start(self, wait: float) -> None:
        timer = self.timer_factory(wait, self._fire)
        if hasattr(timer, "daemon"):
            timer.daemon = True  # never keep a finished kernel alive
        self._timer = timer
        timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
            wait = self.debouncer.remaining(self.clock())
            if wait is not None and wait > 0:  # more typing since this timer started
                self._start(wait)
                return
        self._guarded(lambda: self.debouncer.poll(self.clock()))

    def flush(self) -> bool:
        """Save now whatever is pending (closing, shutting down, or a test that cannot wait)."""
        with self._lock:
            if self._timer is not None and hasattr(self._timer, "cancel"):
                self._timer.cancel()
            self._timer = None
        return bool(self._guarded(self.debouncer.flush))

    def _guarded(self, action: Callable[[], bool]) -> bool:
        try:
            saved = action()
            if saved and self.after is not None:
                self.after()
            return saved
        except OSError as err:  # the disk said no: the text stays on screen and pending
            if self.on_error is None:
                raise
            self.on_error(err)
            return False


@atexit.register
def flush_all() -> None:
    """Save every box's pending text now (kernel shutdown, submitting an assignment)."""
    for runner in list(_OPEN_RUNNERS):
        with contextlib.suppress(Exception):
            runner.flush()
