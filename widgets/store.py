"""The answer store: every answer a participant gives, in one JSON file beside the notebook.

Answers live in a file rather than in widget state because widget state dies with the kernel and
nbgrader re-runs notebooks headless: the widget on re-run, the hidden tests during autograde and the
cohort loader all read this file back.

Writes are atomic (temporary file, fsync, ``os.replace``) so a killed kernel never leaves a
half-written file, and each write happens under a lock as read-merge-write, so two notebooks or two
browser tabs writing for the same participant lose no answer of either.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

ANSWERS_FILENAME = "commonground_answers.json"
FORMAT = "commonground-answers"
FORMAT_VERSION = 1
_SEPARATOR = "/"


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

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "synthetic": self.synthetic,
            "participant": self.participant,
            "answers": {k: a.to_json() for k, a in sorted(self.answers.items())},
        }

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
        return cls(participant, parsed, bool(data.get("synthetic", False)))


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


class AnswerStore:
    """Read and write one participant's answers file in one folder.

    Every ``set`` merges into what is on disk at that moment, so concurrent writers to the same
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
        self.problem: str | None = None  # one plain sentence when the file had to be set aside

    # reading -----------------------------------------------------------------------------------
    def load(self) -> AnswersFile:
        """Read the file afresh; a broken file is moved aside and reported in ``problem``."""
        with self._lock:
            self._cache = self._read_or_set_aside()
        return self._cache

    def _read_or_set_aside(self) -> AnswersFile:
        if not self.path.exists():
            return AnswersFile(dict(self.participant), {}, self.synthetic)
        try:
            return read_answers_file(self.path)
        except (ValueError, OSError) as err:
            backup = self._set_aside()
            self.problem = str(AnswersFileUnreadable(self.path, backup, str(err)))
            return AnswersFile(dict(self.participant), {}, self.synthetic)

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
        self._write(changes)

    def clear(self, activity: str) -> None:
        """Remove every answer of one activity (e.g. a knowledge check the participant retries)."""
        self._write({key: None for key in self.activity_keys(activity)})

    def activity_keys(self, activity: str) -> list[str]:
        prefix = activity + _SEPARATOR
        return [key for key, _ in self.items() if key.startswith(prefix)]

    def _write(self, changes: Mapping[str, Any]) -> None:
        stamp = now_stamp()
        with self._lock:
            current = self._read_or_set_aside()
            if self.participant:
                current.participant.update(self.participant)
            current.synthetic = current.synthetic or self.synthetic
            for key, value in changes.items():
                if value is None:
                    current.answers.pop(key, None)
                else:
                    current.answers[key] = Answer(value, stamp)
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(current.to_json(), indent=1, ensure_ascii=False))
            self._cache = current
