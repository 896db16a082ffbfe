"""The journal of saves inside every answers file: a record that the course's widgets wrote it.

An answers file is plain JSON, and the answer key ships in the installed package, so a file typed
by hand with the right answers would otherwise get full marks. Every save through
:class:`widgets.store.AnswerStore` therefore appends one event per answer key it changes:

    {"key": ..., "at": time, "by": participant id, "sha": sha256 of the canonical JSON value,
     "chain": sha256(previous chain + key + by + sha + at + how)}

Each event's ``chain`` covers the one before it, so an event cannot be dropped, reordered or
edited without breaking every digest after it, and ``sha`` ties the answer's current value to its
last event. The value enters the chain through its own digest so the chain can be checked
without the old values (the file keeps only the current ones). ``how`` is ``"recovered"`` for an
answer the store took back from a damaged file with nothing to vouch for it.

:func:`verify` is the one rule, used by the grader's review (:mod:`widgets.facilitate.review`).
What it cannot stop: the digests are not secret, so anyone who runs Python can drive the store,
or compute a valid journal themselves (the README says so).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

GENESIS = hashlib.sha256(b"commonground-journal-1").hexdigest()
RECOVERED = "recovered"
FIELDS = ("key", "at", "by", "sha", "chain", "how")
CLOCK_SLACK = timedelta(seconds=1)  # stamps are cut to milliseconds; submission times are not
# A journal is folded down to each key's last event once it is this long and twice the number of
# keys: typing saves often, and the whole file is rewritten on every save (benchmarks/journal_save).
COMPACT_AT = 500


@dataclass(frozen=True)
class Event:
    key: str
    at: str
    by: str
    sha: str
    chain: str
    how: str = ""

    def to_json(self) -> dict[str, str]:
        data = asdict(self)
        if not self.how:
            del data["how"]
        return data


def canonical(value: Any) -> str:
    """One text for one JSON value, whatever the key order or spacing it was written with."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def value_digest(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def chain_digest(previous: str, key: str, by: str, sha: str, at: str, how: str = "") -> str:
    text = "\n".join((previous, key, by, sha, at, how))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(events: list[Event], key: str, value: Any, at: str, by: str, how: str = "") -> Event:
    """Record that ``key`` now holds ``value`` (None: removed), chained to the last event."""
    previous = events[-1].chain if events else GENESIS
    sha = value_digest(value)
    event = Event(key, at, by, sha, chain_digest(previous, key, by, sha, at, how), how)
    events.append(event)
    return event


def compacted(events: list[Event]) -> list[Event]:
    """Each key's last event, in the order they were made, chained afresh.

    :func:`verify` reads only the last event of each key, the chain and the times, so nothing it
    checks is lost; the events folded away were never secret either (see the module note).
    """
    last: dict[str, tuple[int, Event]] = {e.key: (n, e) for n, e in enumerate(events)}
    chained: list[Event] = []
    previous = GENESIS
    for _, e in sorted(last.values(), key=lambda pair: pair[0]):
        chain = chain_digest(previous, e.key, e.by, e.sha, e.at, e.how)
        chained.append(Event(e.key, e.at, e.by, e.sha, chain, e.how))
        previous = chain
    return chained


def bounded(events: list[Event]) -> list[Event]:
    """``events``, compacted when they have grown past :data:`COMPACT_AT` and twice their keys."""
    if len(events) <= COMPACT_AT or len(events) <= 2 * len({e.key for e in events}):
        return events
    if chain_intact(events) is not None:
        return events  # a broken chain stays as it is, for the grader to see
    return compacted(events)


def parse(data: Any) -> list[Event] | None:
    """The events of a file's ``journal`` section; None when the file has none (an older file).

    Never raises: a damaged journal must not make the answers unreadable, so an event that is
    not whole is kept with empty fields, and :func:`verify` finds the chain broken there.
    """
    if data is None:
        return None
    if not isinstance(data, list):
        return [Event("", "", "", "", "")]
    events = []
    for item in data:
        fields = item if isinstance(item, dict) else {}
        events.append(Event(*(str(fields.get(name, "")) for name in FIELDS)))
    return events


def chain_intact(events: Iterable[Event]) -> int | None:
    """The number (from 1) of the first event whose digest does not follow, or None."""
    previous = GENESIS
    for number, event in enumerate(events, start=1):
        expected = chain_digest(previous, event.key, event.by, event.sha, event.at, event.how)
        if event.chain != expected:
            return number
        previous = event.chain
    return None


def last_events(events: Iterable[Event]) -> dict[str, Event]:
    found: dict[str, Event] = {}
    for event in events:
        found[event.key] = event
    return found


def vouches(events: list[Event] | None, key: str, value: Any) -> bool:
    """Whether an intact journal's last event for ``key`` is a widget save of ``value``."""
    if not events or chain_intact(events) is not None:
        return False
    last = last_events(events).get(key)
    return last is not None and not last.how and last.sha == value_digest(value)


def _stamp(text: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None


def _count(n: int, several: str, one: str) -> str:
    """``"1 answer has ..."`` / ``"3 answers have ..."``."""
    return f"{n} answer {one}" if n == 1 else f"{n} answers {several}"


def verify(
    answers: Mapping[str, Any],
    events: list[Event] | None,
    student: str,
    submitted: datetime | None = None,
) -> str:
    """One plain sentence saying why the answers file was not written by the course's widgets as
    ``student``, or "" when its journal bears out every answer.

    ``answers`` maps each answer key to its current value; ``submitted`` is when the submission
    was made (no save can come after it).
    """
    lead = "The answers file was not written by the course's widgets: "
    if events is None:
        if not answers:
            return ""
        return (
            lead + f"there is no record of any of its {len(answers)} answers being entered "
            "(an answers file from before the course kept one, or one written by hand)."
        )
    broken = chain_intact(events)
    if broken is not None:
        return (
            lead + f"its record of saves was altered at save {broken} of {len(events)}, "
            "so none of its answers can be traced to the widgets."
        )
    reasons = []
    last = last_events(events)
    missing = [k for k in answers if k not in last]
    changed = [k for k in answers if k in last and last[k].sha != value_digest(answers[k])]
    recovered = [k for k in answers if k in last and k not in changed and last[k].how]
    others = sorted(
        {last[k].by for k in answers if k in last and k not in changed and last[k].by != student}
    )
    if missing:
        reasons.append(_count(len(missing), "have", "has") + " no record of being entered")
    if changed:
        reasons.append(
            _count(len(changed), "were changed after they were", "was changed after it was")
            + " saved"
            + _few(changed)
        )
    if recovered:
        reasons.append(
            _count(len(recovered), "were", "was")
            + " recovered from a damaged file with nothing to show they were entered"
        )
    if others:
        who = ", ".join(repr(o) if o else "no one named" for o in others[:3])
        reasons.append(f"answers were entered by another participant ({who}), not {student!r}")
    stamps = [_stamp(e.at) for e in events]
    if any(s is None for s in stamps):
        reasons.append("some saves have no readable time")
    else:
        if any(b < a for a, b in itertools.pairwise(stamps)):
            reasons.append("its saves are not in time order")
        if submitted is not None and stamps and max(stamps) > submitted + CLOCK_SLACK:
            reasons.append("it records saves made after the submission")
    return lead + "; ".join(reasons) + "." if reasons else ""


def _few(keys: list[str]) -> str:
    return " (" + ", ".join(sorted(keys)[:3]) + (", ..." if len(keys) > 3 else "") + ")"
