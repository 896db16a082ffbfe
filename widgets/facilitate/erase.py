"""``commonground erase PARTICIPANT``: remove everything the course holds about one participant.

A participant can ask for their data to be erased (UK GDPR). This removes, and reports:

- the gradebook: the student and every submission, grade and comment (nbgrader's
  ``Gradebook.remove_student``), then compacts the SQLite file so no deleted row lingers in it;
- the exchange: their submissions in ``inbound`` and the facilitator's cache, and their released
  feedback (named by a hash of each submission's secret, found before anything is deleted);
- the course: ``submitted/``, ``autograded/`` and ``feedback/`` folders, every answers file whose
  participant record names them, their rows in grade tables written by ``commonground export``
  and their lines in nbgrader's log.

Then it searches the course folder (outside ``source/`` and ``release/``) and the exchange for any
file that still contains the id and lists it, looking inside zip-based files (``.zip``, ``.xlsx``,
``.docx``) and compressed ones (``.gz``, ``.bz2``, ``.xz``); a file it cannot read (damaged,
encrypted, too large, a binary format) is listed as "could not check": erasure must be complete,
so a leftover is said out loud rather than assumed away. ``dry_run`` lists what would go
without removing anything. With an exchange service (ngshare) rather than a shared folder, their
submissions there are listed through nbgrader's exchange API, which cannot delete them, and named
as left behind.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .course import Course, FacilitatorError
from .export import COLUMNS
from .inbound import is_folder_exchange, listed, where

SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".ruff_cache", ".pytest_cache"}
ANSWERS_GLOB = "commonground_answers.json*"
MAX_SCAN_BYTES = 50_000_000


@dataclass
class Erasure:
    participant: str
    dry_run: bool
    gradebook: list[str] = field(default_factory=list)  # what was (or would be) removed there
    paths: list[Path] = field(default_factory=list)  # files and folders removed
    edited: list[Path] = field(default_factory=list)  # files with lines or rows taken out
    leftovers: list[Path] = field(default_factory=list)  # still mention the id
    unchecked: list[tuple[Path, str]] = field(default_factory=list)  # could not be read: why
    # an exchange service (ngshare): what it still holds, which its API cannot delete
    exchange: str = ""  # the exchange in words
    held: list[str] = field(default_factory=list)  # "<assignment> submitted at <time>"
    unasked: str = ""  # why the exchange could not be asked

    @property
    def anything(self) -> bool:
        return bool(self.gradebook or self.paths or self.edited)

    def text(self) -> str:
        verb = "Would remove" if self.dry_run else "Removed"
        lines = []
        if not self.anything:
            lines.append(f"Nothing in this course mentions '{self.participant}'.")
        for entry in self.gradebook:
            lines.append(f"{verb} from the gradebook: {entry}")
        for path in self.paths:
            lines.append(f"{verb} {path}")
        for path in self.edited:
            lines.append(f"{verb} their lines from {path}")
        if self.leftovers:
            lines.append(
                f"These files still contain '{self.participant}' and were left alone; check them "
                "by hand:"
            )
            lines.extend(f"  {path}" for path in self.leftovers)
        if self.held:
            lines.append(
                f"Left in {self.exchange}: these submissions (and any feedback on them), which "
                "nbgrader's exchange API cannot delete; ask whoever runs the hub to remove them "
                "there:"
            )
            lines.extend(f"  {entry}" for entry in self.held)
        if self.unasked:
            lines.append(f"Could not check {self.exchange} for their submissions: {self.unasked}")
        if self.unchecked:
            lines.append(
                "Could not check these files for the id (open them and look by hand, or delete "
                "them):"
            )
            lines.extend(f"  {path}: {why}" for path, why in self.unchecked)
        return "\n".join(lines) + "\n"


def _mentions(participant: str) -> re.Pattern[bytes]:
    word = re.escape(participant.encode("utf-8"))
    return re.compile(rb"(?<![\w.-])" + word + rb"(?![\w-])")


def _walk(top: Path, skip: set[Path]) -> list[Path]:
    found = []
    if not top.is_dir():
        return found
    for path in sorted(top.iterdir()):
        if path.name in SKIP_DIRS or path in skip:
            continue
        if path.is_dir() and not path.is_symlink():
            found += _walk(path, skip)
        elif path.is_file():
            found.append(path)
    return found


def _student_folders(course: Course, participant: str) -> list[Path]:
    folders = []
    for step in ("submitted", "autograded", "feedback"):
        folder = course.folder(step, participant, "")
        if folder.is_dir() and folder != course.folder(step, ".", ""):
            folders.append(folder)
    return folders


def _exchange_entries(base: Path, participant: str) -> list[Path]:
    """``<participant>+<assignment>+<time>[+<random>]`` entries in an exchange folder."""
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.name.rsplit("+", 3)[0] == participant)


def _feedback_files(course: Course, places: list[Path]) -> list[Path]:
    """Released feedback of these submissions: ``feedback/<md5(secret + notebook)>.html``."""
    from nbgrader.utils import notebook_hash

    outbound = course.exchange_course / "feedback"
    if not outbound.is_dir():
        return []
    found = set()
    for place in places:
        for secret_file in place.rglob("submission_secret.txt"):
            secret = secret_file.read_text(encoding="utf-8")
            notebooks = {p.stem for p in secret_file.parent.glob("*.ipynb")}
            notebooks |= {p.stem for p in secret_file.parent.glob("*.html")}
            for notebook in notebooks:
                path = outbound / f"{notebook_hash(secret=secret, notebook_id=notebook)}.html"
                if path.exists():
                    found.add(path)
    return sorted(found)


def _answers_files(course: Course, participant: str, skip: set[Path]) -> list[Path]:
    found = []
    for path in _walk(course.root, skip):
        if not path.match(ANSWERS_GLOB) or path.name.endswith(".lock"):
            continue
        try:
            record = json.loads(path.read_text(encoding="utf-8")).get("participant", {})
        except (OSError, ValueError, AttributeError):
            continue  # unreadable: the final search lists it if it names them
        if isinstance(record, dict) and record.get("id") == participant:
            found.append(path)
            lock = path.with_name(path.name + ".lock")
            if lock.exists():
                found.append(lock)
    return found


def _grade_tables(course: Course, participant: str, skip: set[Path]) -> list[tuple[Path, str]]:
    """Grade tables written by ``commonground export`` with the participant's rows taken out
    (also tables from before the ``why`` column, whose header is a first part of today's)."""
    edits = []
    for path in _walk(course.root, skip):
        if path.suffix != ".csv":
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        table = list(csv.reader(io.StringIO(text)))
        if not table or table[0] != COLUMNS[: len(table[0])] or len(table[0]) < 5:
            continue
        kept = [row for row in table[1:] if row and row[0] != participant]
        if len(kept) != len(table) - 1:
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows([table[0], *kept])
            edits.append((path, out.getvalue()))
    return edits


def _log_files(course: Course, participant: str, skip: set[Path]) -> list[tuple[Path, str]]:
    pattern = _mentions(participant)
    edits = []
    for path in _walk(course.root, skip):
        if path.name != ".nbgrader.log" and path.suffix != ".log":
            continue
        lines = path.read_bytes().splitlines(keepends=True)
        kept = [line for line in lines if not pattern.search(line)]
        if len(kept) != len(lines):
            edits.append((path, b"".join(kept).decode("utf-8", "replace")))
    return edits


def _gradebook_entries(course: Course, participant: str) -> list[str]:
    if not course.has_gradebook():
        return []
    from nbgrader.api import MissingEntry

    with course.gradebook() as gb:
        try:
            student = gb.find_student(participant)
        except MissingEntry:
            return []
        names = sorted(s.assignment.name for s in student.submissions)
    what = f"participant {participant}"
    if names:
        what += f" and {len(names)} submission{'s' if len(names) != 1 else ''} ({', '.join(names)})"
    return [what]


def _remove_from_gradebook(course: Course, participant: str) -> None:
    with course.gradebook() as gb:
        gb.remove_student(participant)
    path = course.gradebook_file
    if path is not None:  # deleted rows stay in SQLite's free pages until the file is rebuilt
        connection = sqlite3.connect(path)
        try:
            connection.execute("VACUUM")
        finally:
            connection.close()


ZIPPED = {".zip", ".xlsx", ".xlsm", ".docx", ".pptx", ".ods", ".odt", ".odp"}
COMPRESSED = {".gz": "gzip", ".tgz": "gzip", ".bz2": "bz2", ".xz": "lzma", ".lzma": "lzma"}
UNREADABLE = {".7z", ".rar", ".zst", ".pdf", ".xls", ".parquet", ".feather", ".pkl", ".pickle"}


def _search_stream(stream, pattern: re.Pattern[bytes]) -> bool:
    """Search a file-like stream in overlapping chunks, at most MAX_SCAN_BYTES of it."""
    seen, tail = 0, b""
    while seen < MAX_SCAN_BYTES:
        chunk = stream.read(1 << 20)
        if not chunk:
            return False
        if pattern.search(tail + chunk):
            return True
        seen += len(chunk)
        tail = chunk[-256:]
    raise OSError(f"larger than {MAX_SCAN_BYTES // 1_000_000} MB unpacked")


def contains(path: Path, pattern: re.Pattern[bytes]) -> bool | str:
    """Whether ``path`` (inside archives and compressed files too) matches ``pattern``; a reason
    string when it cannot be read."""
    import bz2
    import gzip
    import lzma
    import zipfile
    import zlib

    suffix = path.suffix.lower()
    try:
        if suffix in UNREADABLE:
            return f"a {suffix} file cannot be searched as text"
        if suffix in ZIPPED or (path.is_file() and zipfile.is_zipfile(path)):
            with zipfile.ZipFile(path) as archive:
                for member in archive.infolist():
                    if member.flag_bits & 0x1:
                        return "it is encrypted"
                    with archive.open(member) as stream:
                        if _search_stream(stream, pattern):
                            return True
            return False
        if suffix in COMPRESSED:
            opener = {"gzip": gzip.open, "bz2": bz2.open, "lzma": lzma.open}[COMPRESSED[suffix]]
            with opener(path, "rb") as stream:
                return _search_stream(stream, pattern)
        if path.stat().st_size > MAX_SCAN_BYTES:
            return f"it is larger than {MAX_SCAN_BYTES // 1_000_000} MB"
        return bool(pattern.search(path.read_bytes()))
    except (OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError, zlib.error, ValueError) as err:
        words = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"it could not be read ({words})"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _ask_exchange(course: Course, participant: str, result: Erasure) -> None:
    """What an exchange service (ngshare) still holds of theirs: its API lists submissions but
    deletes none, so they are named for whoever runs it, never passed over in silence."""
    result.exchange = where(course)
    try:
        found = listed(course, None, participant)
    except FacilitatorError as err:
        result.unasked = str(err).split(": ", 1)[-1]
        return
    result.held = sorted(
        f"{item['assignment_id']} submitted at {item['timestamp']}"
        for item in found
        if item.get("student_id") == participant
    )


def erase(course: Course, participant: str, *, dry_run: bool = False) -> Erasure:
    if not participant or "/" in participant or participant in (".", "..", "*"):
        raise FacilitatorError(f"'{participant}' is not a participant id.")
    skip = {course.folder("source"), course.folder("release")}
    result = Erasure(participant, dry_run)
    result.gradebook = _gradebook_entries(course, participant)

    folders = _student_folders(course, participant)
    inbound = _exchange_entries(course.exchange_course / "inbound", participant)
    cache = course.exchange_cache
    cached = _exchange_entries(cache / course.course_id, participant) if cache else []
    feedback = _feedback_files(course, folders + inbound + cached)
    answers = _answers_files(course, participant, skip | set(folders))
    for group in (folders, inbound, cached, feedback, answers):
        result.paths += [p for p in group if p not in result.paths]
    edits = _grade_tables(course, participant, skip) + _log_files(course, participant, skip)
    result.edited = [path for path, _ in edits]

    if not dry_run:
        if result.gradebook:
            _remove_from_gradebook(course, participant)
        for path in result.paths:
            _remove(path)
        for path, text in edits:
            path.write_text(text, encoding="utf-8")
        for step in ("submitted", "autograded", "feedback"):  # no empty folder left behind
            top = course.folder(step)
            if top.is_dir() and not any(top.iterdir()):
                top.rmdir()

    if not is_folder_exchange(course):
        _ask_exchange(course, participant, result)

    pattern = _mentions(participant)
    places = _walk(course.root, skip) + _walk(course.exchange_course, set())
    if cache:
        places += _walk(cache / course.course_id, set())
    gone = set(result.paths)
    for path in dict.fromkeys(places):  # the exchange may sit inside the course folder
        if dry_run and (path in gone or any(parent in gone for parent in path.parents)):
            continue
        if path in result.edited and dry_run:
            continue
        if path == course.gradebook_file and dry_run:
            continue
        found = contains(path, pattern)
        if isinstance(found, str):
            result.unchecked.append((path, found))
        elif found:
            result.leftovers.append(path)
    return result
