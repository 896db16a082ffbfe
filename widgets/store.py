"""The answer store: every answer a participant gives, in one JSON file beside the notebook.

Answers live in a file rather than in widget state because widget state dies with the kernel and
nbgrader re-runs notebooks headless: the widget on re-run, the hidden tests during autograde and the
cohort loader all read this file back.

Writes are atomic (temporary file, fsync, ``os.replace``) so a killed kernel never leaves a
half-written file. Every write is one transaction under a file lock that re-reads the file first,
so writers in other tabs, kernels or processes never lose each other's work:

- one answer per key, and for the same key the later write wins (ratings, choices);
- list-like activities (map entries, own sorter tasks) get one key per entry, with ids handed out
  inside the transaction (:meth:`AnswerStore.add_entries`), so two tabs never give out the same id;
- lists held under one key (plan items) are edited, not replaced (:meth:`AnswerStore.edit_list`);
- free text is saved against the version the view loaded (:meth:`AnswerStore.save_text`): if
  someone else changed it meanwhile, both versions are kept and the view says so.

A damaged file is never the end of anyone's answers: it is moved aside (never deleted), every
answer that can still be read from it is kept, together with the newest of a few rotating good
copies (``commonground_answers.json.good-N``), and a recovery note tells every notebook's banner
what happened and offers one button back to the last good copy (:mod:`widgets.recovery`).

Every save also appends to the file's journal (:mod:`widgets.journal`): per answer key, the time,
who, a digest of the value and a digest chained to the save before, so the grader can tell a file
the widgets wrote from one written by hand, copied or edited afterwards.

Size: one transaction per kind of write (answer, entries, list edit, text merge) plus salvage and
the good-copy rotation, all sharing one lock and one read-merge-write path; splitting salvage out
is the next tidy-up.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from . import journal as _journal
from .journal import Event

ANSWERS_FILENAME = "commonground_answers.json"
FORMAT = "commonground-answers"
FORMAT_VERSION = 1
_SEPARATOR = "/"
GOOD_COPIES = 3  # how many rotating good copies are kept beside the answers file
ROTATE_SECONDS = 300.0  # the newest good copy is rolled back one place at most this often
RECOVERY_SUFFIX = ".recovery"  # the note a salvage leaves for every notebook's banner
RESTORE_POINT_SUFFIX = ".before-damage"  # the last good copy from just before the damage
RECOVERED = _journal.RECOVERED


class AnswersFileUnreadable(Exception):
    """The answers file could not be read; it has been moved aside as a backup."""

    def __init__(self, path: Path, backup: Path, reason: str) -> None:
        self.path, self.backup, self.reason = path, backup, reason
        super().__init__(
            f"Your saved answers in {path.name} could not be read ({reason}), so they were kept "
            f"safe as {backup.name} and you can carry on from a fresh file."
        )


def answer_key(activity: str, item: str) -> str:
    """The stable key of one answer: the activity (e.g. ``rate.trust.pre``) and the item in it."""
    if not activity or not item:
        raise ValueError("An answer needs both an activity and an item id.")
    if _SEPARATOR in activity:
        raise ValueError(f"An activity id cannot contain {_SEPARATOR!r}: {activity!r}")
    return f"{activity}{_SEPARATOR}{item}"


def split_key(key: str) -> tuple[str, str]:
    activity, _, item = key.partition(_SEPARATOR)
    return activity, item


def now_stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class Answer:
    value: Any
    at: str

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "at": self.at}


@dataclass
class AnswersFile:
    """The parsed content of one answers file."""

    participant: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    synthetic: bool = False
    journal: list[Event] | None = None  # None: a file from before the journal (widgets.journal)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "synthetic": self.synthetic,
            "participant": self.participant,
            "answers": {k: a.to_json() for k, a in sorted(self.answers.items())},
        }
        if self.journal is not None:
            data["journal"] = [event.to_json() for event in self.journal]
        return data

    def values(self) -> dict[str, Any]:
        return {key: answer.value for key, answer in self.answers.items()}

    @classmethod
    def from_json(cls, data: Any) -> AnswersFile:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("it is not a Common Ground answers file")
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"it has format version {data.get('version')!r}")
        answers = data.get("answers")
        participant = data.get("participant", {})
        if not isinstance(answers, dict) or not isinstance(participant, dict):
            raise ValueError("its answers or participant section is damaged")
        parsed = {}
        for key, entry in answers.items():
            if not isinstance(entry, dict) or "value" not in entry or "at" not in entry:
                raise ValueError(f"the answer {key!r} is damaged")
            parsed[key] = Answer(entry["value"], str(entry["at"]))
        journal = _journal.parse(data.get("journal"))
        return cls(participant, parsed, bool(data.get("synthetic", False)), journal)


def read_answers_file(path: Path) -> AnswersFile:
    """Read and check one answers file; raise ValueError (with a plain reason) if it is broken."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError("it is not valid UTF-8 text") from err
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"it is not valid JSON (line {err.lineno})") from err
    return AnswersFile.from_json(data)


# salvage ---------------------------------------------------------------------------------------
_DECODER = json.JSONDecoder()
_KEY_START = re.compile(r'"')


def salvage(raw: bytes) -> AnswersFile:
    """Every answer that can still be read from a damaged file, and its participant record.

    General JSON repair guesses how to close what was cut off; we need the opposite guarantee,
    that nothing half-read is taken for an answer. So this scans for each complete
    ``"activity/item": {"value": ..., "at": ...}`` pair and keeps exactly those: a truncated file
    gives back everything before the cut, a file with garbage in the middle everything around it.
    Bytes that are not UTF-8 are read as U+FFFD, so an answer beside them still counts.
    """
    text = raw.decode("utf-8", errors="replace")
    found: dict[str, Answer] = {}
    participant: dict[str, Any] = {}
    synthetic = False
    for match in _KEY_START.finditer(text):
        start = match.start()
        try:
            key, end = _DECODER.raw_decode(text, start)
            colon = _skip_space(text, end)
            if colon >= len(text) or text[colon] != ":" or not isinstance(key, str):
                continue
            value, _ = _DECODER.raw_decode(text, _skip_space(text, colon + 1))
        except (json.JSONDecodeError, ValueError):
            continue
        if key == "participant" and isinstance(value, dict) and not participant:
            participant = {k: v for k, v in value.items() if isinstance(v, str)}
        elif key == "synthetic" and value is True:
            synthetic = True
        elif (
            _SEPARATOR in key
            and isinstance(value, dict)
            and set(value) == {"value", "at"}
            and isinstance(value["at"], str)
        ):
            found[key] = Answer(value["value"], value["at"])
    return AnswersFile(participant, found, synthetic)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def damage_reason(raw: bytes, err: Exception) -> str:
    """What went wrong with a file, in words a participant knows."""
    stripped = raw.strip()
    if not stripped:
        return "it was empty"
    if stripped.startswith(b"{") and not stripped.endswith(b"}"):
        return "it was cut short"
    if "not a Common Ground answers file" in str(err) or "format version" in str(err):
        return "it held something other than your answers"
    return "part of it was scrambled"


# writing files ---------------------------------------------------------------------------------
def write_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that a reader only ever sees the old or the new whole file.

    ``durable`` also flushes to disk, so a power cut keeps the answer; bulk synthetic data skips it.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_directory(path.parent)


def _fsync_directory(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def good_copies(path: Path) -> list[Path]:
    """The rotating good copies of an answers file, newest first."""
    return [path.with_name(f"{path.name}.good-{n}") for n in range(1, GOOD_COPIES + 1)]


def newest_good_copy(path: Path) -> tuple[Path, AnswersFile] | None:
    """The newest good copy that still reads, or None."""
    for copy in good_copies(path):
        if copy.exists():
            try:
                return copy, read_answers_file(copy)
            except (ValueError, OSError):
                continue
    return None


def _orphans(path: Path) -> list[Path]:
    """Temporary files a killed writer left behind (``.commonground_answers.json.*.tmp``)."""
    return list(path.parent.glob(f".{path.name}.*.tmp"))


# merging ---------------------------------------------------------------------------------------
@dataclass
class SavedText:
    """What :meth:`AnswerStore.save_text` saved: the text now on disk, and whether it had to
    keep someone else's version too (``conflict``), when ``text`` differs from what was typed."""

    text: str
    conflict: bool = False


CONFLICT_NOTE = "Also written in another tab or window:"


def merge_text(base: str, mine: str, theirs: str) -> tuple[str, bool]:
    """Combine my edit of ``base`` with theirs; ``(text, kept_both)``.

    Appends on both sides merge cleanly (the common case: a sentence added in each tab); any other
    overlap, or two texts both started from nothing, keeps both versions, mine first, so no word is
    lost and the person can tidy it up.
    """
    if theirs in (base, mine):
        return mine, False
    if mine == base:
        return theirs, False
    if base and mine.startswith(base) and theirs.startswith(base):
        mine_added, their_added = mine[len(base) :], theirs[len(base) :]
        if mine_added.startswith(their_added):
            return mine, False
        if their_added.startswith(mine_added):
            return theirs, False
        return theirs + mine_added, False
    if theirs in mine:
        return mine, False
    if mine in theirs:
        return theirs, False
    return f"{mine}\n\n{CONFLICT_NOTE}\n{theirs}", True


class AnswerStore:
    """Read and write one participant's answers file in one folder.

    Every write merges into what is on disk at that moment, so concurrent writers to the same
    file keep each other's answers; for the same key the later write wins.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str] = ".",
        participant: Mapping[str, Any] | None = None,
        *,
        synthetic: bool = False,
        filename: str = ANSWERS_FILENAME,
    ) -> None:
        self.folder = Path(folder)
        self.path = self.folder / filename
        self.participant = dict(participant or {})
        self.synthetic = synthetic
        self._lock = FileLock(str(self.path) + ".lock", timeout=30)
        self._cache: AnswersFile | None = None
        self.problem: str | None = None  # one plain sentence when the file had to be salvaged

    @property
    def recovery_path(self) -> Path:
        return self.path.with_name(self.path.name + RECOVERY_SUFFIX)

    @property
    def restore_point(self) -> Path:
        return self.path.with_name(self.path.name + RESTORE_POINT_SUFFIX)

    # reading -----------------------------------------------------------------------------------
    def load(self) -> AnswersFile:
        """Read the file afresh; a broken file is salvaged and reported in ``problem``."""
        with self._lock:
            self._cache = self._read_or_salvage()
        return self._cache

    def _fresh(self) -> AnswersFile:
        return AnswersFile(dict(self.participant), {}, self.synthetic, [])

    def _writer(self, current: AnswersFile) -> str:
        """Who the journal says made a save: the participant this store writes for."""
        return str(self.participant.get("id") or current.participant.get("id") or "")

    def _read_or_salvage(self) -> AnswersFile:
        if not self.path.exists():
            return self._fresh()
        try:
            return read_answers_file(self.path)
        except (ValueError, OSError) as err:
            try:
                return self._salvage(err)
            except OSError as failed:  # e.g. a read-only folder: answer on, but say so plainly
                self.problem = (
                    f"Your saved answers file {self.path.name} is damaged and could not be "
                    f"repaired ({failed.strerror or failed}), so please tell your facilitator."
                )
                return salvage(self.path.read_bytes()) if self.path.exists() else self._fresh()

    def _salvage(self, err: Exception) -> AnswersFile:
        """Keep every answer still readable plus the newest good copy; leave a note; say so."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            raw = b""
        reason = damage_reason(raw, err)
        read_back = salvage(raw)
        copy = newest_good_copy(self.path)
        merged = self._fresh()
        from_copy = 0
        if copy is not None:
            merged.participant.update(copy[1].participant)
            merged.answers.update(copy[1].answers)
            from_copy = len(copy[1].answers)
            write_atomically(self.restore_point, copy[0].read_text(encoding="utf-8"))
        merged.participant.update(read_back.participant)
        merged.participant.update(self.participant)
        merged.synthetic = merged.synthetic or read_back.synthetic
        for key, answer in read_back.answers.items():  # the newer of the two wins, per answer
            if key not in merged.answers or answer.at >= merged.answers[key].at:
                merged.answers[key] = answer
        vouched = copy[1].journal if copy is not None else None
        if vouched and _journal.chain_intact(vouched) is None:
            merged.journal = list(vouched)
        self._journal_recovered(merged, vouched, merged.answers.keys())
        backup = self._set_aside()
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(merged.to_json(), indent=1, ensure_ascii=False))
        note = {
            "at": now_stamp(),
            "reason": reason,
            "damaged": backup.name,
            "read_back": len(read_back.answers),
            "from_copy": from_copy,
            "kept": len(merged.answers),
            "restore_point": self.restore_point.name if copy is not None else None,
        }
        write_atomically(self.recovery_path, json.dumps(note, indent=1))
        self.problem = recovery_sentence(note)
        return merged

    def _journal_recovered(
        self, target: AnswersFile, source: list[Event] | None, keys: Iterable[str]
    ) -> None:
        """Journal answers put back without being typed (salvage, restore): as ordinary saves
        when ``source``'s intact journal shows a widget saved that very value, else marked
        recovered, so a file written by hand cannot be laundered through a salvage."""
        events = target.journal if target.journal is not None else []
        target.journal = events
        current = _journal.last_events(events)
        stamp = _clamped(now_stamp(), events)
        by = self._writer(target)
        for key in sorted(keys):
            answer = target.answers.get(key)
            value = None if answer is None else answer.value
            last = current.get(key)
            if last is None and answer is None:
                continue
            if last is not None and last.sha == _journal.value_digest(value):
                continue  # already journaled as it is
            how = "" if answer is None or _journal.vouches(source, key, value) else RECOVERED
            _journal.append(events, key, value, stamp, by, how)

    def _set_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        backup = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        os.replace(self.path, backup)
        return backup

    def _current(self) -> AnswersFile:
        return self._cache if self._cache is not None else self.load()

    def get(self, activity: str, item: str, default: Any = None) -> Any:
        answer = self._current().answers.get(answer_key(activity, item))
        return default if answer is None else answer.value

    def activity(self, activity: str) -> dict[str, Any]:
        """All answers of one activity, by item id."""
        prefix = activity + _SEPARATOR
        return {
            key[len(prefix) :]: answer.value
            for key, answer in self._current().answers.items()
            if key.startswith(prefix)
        }

    def items(self) -> Iterator[tuple[str, Answer]]:
        return iter(self._current().answers.items())

    # writing -----------------------------------------------------------------------------------
    def set(self, activity: str, item: str, value: Any) -> None:
        self.update(activity, {item: value})

    def update(self, activity: str, values: Mapping[str, Any]) -> None:
        """Save several answers of one activity in one write; ``None`` removes an answer."""
        changes = {answer_key(activity, item): value for item, value in values.items()}
        json.dumps(list(changes.values()))  # refuse values JSON cannot hold before touching disk
        self._transact(lambda _current: changes)

    def clear(self, activity: str) -> None:
        """Remove every answer of one activity (e.g. a knowledge check the participant retries)."""
        prefix = activity + _SEPARATOR
        self._transact(
            lambda current: {key: None for key in current.answers if key.startswith(prefix)}
        )

    def activity_keys(self, activity: str) -> list[str]:
        prefix = activity + _SEPARATOR
        return [key for key, _ in self.items() if key.startswith(prefix)]

    def add_entries(
        self,
        activity: str,
        prefix: str,
        values: Iterable[Any],
        *,
        high_water: tuple[str, str] | None = None,
    ) -> list[str]:
        """Add entries to a list-like activity, each under a new id ``<prefix><n>``; their ids.

        The ids are chosen inside the locked transaction from what is on disk then (above every
        id there and above the ``high_water`` answer, which is raised to match), so two tabs or
        processes adding at once get different ids and both entries are kept.
        """
        values = list(values)
        json.dumps(values)
        pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
        given: list[str] = []

        def add(current: AnswersFile) -> dict[str, Any]:
            given.clear()
            head = activity + _SEPARATOR
            numbers = [
                int(m.group(1))
                for key in current.answers
                if key.startswith(head) and (m := pattern.match(key[len(head) :]))
            ]
            if high_water is not None:
                recorded = current.answers.get(answer_key(*high_water))
                if recorded is not None and isinstance(recorded.value, int):
                    numbers.append(recorded.value)
            top = max(numbers, default=0)
            changes: dict[str, Any] = {}
            for offset, value in enumerate(values, start=1):
                entry_id = f"{prefix}{top + offset}"
                given.append(entry_id)
                changes[answer_key(activity, entry_id)] = value
            if high_water is not None and values:
                changes[answer_key(*high_water)] = top + len(values)
            return changes

        self._transact(add)
        return list(given)

    def edit_list(
        self,
        activity: str,
        item: str,
        *,
        add: Iterable[Any] = (),
        remove: Iterable[Any] = (),
        same: Callable[[Any], Any] = lambda v: v,
        order: Callable[[Any], Any] | None = None,
    ) -> list[Any]:
        """Add to and remove from a list kept under one key, against what is on disk now.

        Unlike saving the whole list, an item another tab added meanwhile stays. ``same`` says when
        two items count as one (e.g. ignoring case), so an item is never listed twice; ``order``, if
        given, sorts the list (else new items go at the end). Returns the list as saved.
        """
        add, remove = list(add), list(remove)
        json.dumps(add)
        key = answer_key(activity, item)
        result: list[Any] = []

        def edit(current: AnswersFile) -> dict[str, Any]:
            answer = current.answers.get(key)
            values = list(answer.value) if answer and isinstance(answer.value, list) else []
            gone = {same(v) for v in remove}
            values = [v for v in values if same(v) not in gone]
            for value in add:
                if same(value) not in {same(v) for v in values}:
                    values.append(value)
            if order is not None:
                values.sort(key=order)
            result[:] = values
            return {key: values}

        self._transact(edit)
        return list(result)

    def save_text(
        self,
        activity: str,
        item: str,
        text: str,
        base: str,
        *,
        field: str | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> SavedText:
        """Save free text typed over ``base`` (the version this view loaded or last saved).

        If the text on disk is no longer ``base`` someone else changed it: the two are merged by
        :func:`merge_text` and nothing is overwritten silently. With ``field``, the text is one
        field of a dict answer (e.g. a sorter's reason) and ``fields`` are the other fields to set.
        """
        key = answer_key(activity, item)
        json.dumps([text, dict(fields or {})])
        outcome = SavedText(text)

        def merge(current: AnswersFile) -> dict[str, Any]:
            answer = current.answers.get(key)
            stored = answer.value if answer is not None else None
            if field is None:
                theirs = stored if isinstance(stored, str) else base
            else:
                record = stored if isinstance(stored, dict) else {}
                theirs = record.get(field) if isinstance(record.get(field), str) else base
            merged, conflict = merge_text(base, text, theirs)
            outcome.text, outcome.conflict = merged, conflict
            if field is None:
                return {key: merged}
            record = dict(stored) if isinstance(stored, dict) else {}
            record.update(fields or {})
            record[field] = merged
            return {key: record}

        self._transact(merge)
        return outcome

    def _transact(self, change: Callable[[AnswersFile], Mapping[str, Any]]) -> None:
        """Re-read the file, work out the changes from it, write, all under the lock."""
        with self._lock:
            self._remove_orphans()
            current = self._read_or_salvage()
            changes = change(current)
            if self.participant:
                current.participant.update(self.participant)
            current.synthetic = current.synthetic or self.synthetic
            events = current.journal if current.journal is not None else []
            current.journal = events
            stamp = _clamped(now_stamp(), events)  # taken under the lock, so never out of order
            by = self._writer(current)
            for key, value in changes.items():
                if value is None:
                    if current.answers.pop(key, None) is not None:
                        _journal.append(events, key, None, stamp, by)
                else:
                    current.answers[key] = Answer(value, stamp)
                    _journal.append(events, key, value, stamp, by)
            current.journal = _journal.bounded(events)
            self.folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps(current.to_json(), indent=1, ensure_ascii=False)
            write_atomically(self.path, text)
            self._keep_good_copy(text)
            self._cache = current

    def _remove_orphans(self) -> None:
        """Every write of this file happens under this lock, so any temporary file seen while
        holding it was left by a writer that was killed: remove it."""
        for orphan in _orphans(self.path):
            with contextlib.suppress(OSError):  # e.g. a read-only folder: harmless to leave
                orphan.unlink(missing_ok=True)

    def _keep_good_copy(self, text: str) -> None:
        """Keep what was just written as the newest good copy; roll the copies back one place at
        most every :data:`ROTATE_SECONDS`, so the oldest copy reaches back a while."""
        copies = good_copies(self.path)
        try:
            newest = copies[0]
            if newest.exists() and time.time() - newest.stat().st_mtime > ROTATE_SECONDS:
                for older, oldest in reversed(list(itertools.pairwise(copies))):
                    if older.exists():
                        os.replace(older, oldest)
            write_atomically(newest, text, durable=False)
        except OSError:  # a good copy is a convenience: failing to keep one loses no answer
            pass

    # recovery ----------------------------------------------------------------------------------
    def recovery_note(self) -> dict[str, Any] | None:
        """What the last salvage did, while the participant has not yet dealt with it."""
        try:
            note = json.loads(self.recovery_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return note if isinstance(note, dict) else None

    def dismiss_recovery(self) -> None:
        """Keep the salvaged answers and stop showing the banner."""
        self.recovery_path.unlink(missing_ok=True)

    def restore(self) -> str:
        """Go back to the last good copy from before the damage; one sentence saying what happened.

        Answers given since the salvage are kept on top of it, and the salvaged file is kept as
        ``commonground_answers.json.salvaged``, so pressing the button loses nothing either.
        """
        note = self.recovery_note() or {}
        try:
            if not note.get("restore_point"):
                raise ValueError("no restore point")
            good = read_answers_file(self.restore_point)
        except (ValueError, OSError):
            return (
                "There is no good copy from before the damage to go back to, so your answers "
                "stay as they are."
            )
        since = str(note.get("at", ""))
        with self._lock:
            current = self._read_or_salvage()
            kept = self.path.with_name(self.path.name + ".salvaged")
            write_atomically(kept, json.dumps(current.to_json(), indent=1, ensure_ascii=False))
            newer = {k: a for k, a in current.answers.items() if since and a.at > since}
            good.answers.update(newer)
            good.participant.update(self.participant)
            source, good.journal = good.journal, current.journal
            self._journal_recovered(good, source, {*good.answers, *current.answers})
            text = json.dumps(good.to_json(), indent=1, ensure_ascii=False)
            write_atomically(self.path, text)
            self._keep_good_copy(text)
            self._cache = good
        self.dismiss_recovery()
        extra = f", plus the {len(newer)} answers you gave since" if newer else ""
        return (
            f"Your answers are back as they were before the damage ({len(good.answers)} answers"
            f"{extra}); reload this page or run the notebook again to see them."
        )


def _clamped(stamp: str, events: list[Event]) -> str:
    """``stamp``, or the last event's time if the clock has gone back since (an NTP step), so
    the journal's times never run backwards for an honest writer."""
    return max(stamp, events[-1].at) if events else stamp


def recovery_sentence(note: Mapping[str, Any]) -> str:
    """The banner's words: what happened to the file and what was kept, plainly."""
    kept = int(note.get("kept", 0))
    answers = "answer" if kept == 1 else "answers"
    restore = (
        " If something looks wrong, press Restore my last good copy."
        if note.get("restore_point")
        else ""
    )
    return (
        f"Your saved answers file was damaged ({note.get('reason', 'it could not be read')}), "
        f"so we kept the {kept} {answers} we could still read and put the damaged file aside as "
        f"{note.get('damaged', 'a backup')}.{restore}"
    )
