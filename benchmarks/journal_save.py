"""What the journal of saves (widgets.journal) costs one save, as the journal grows.

The same 40 answers, saved once more into a file whose journal already holds 0 (an old file with
no journal: the cost before the journal existed), 100, 500 or 2000 saves; each contender starts
from a fresh copy of its file, and the contenders take turns round after round. Past
``widgets.journal.COMPACT_AT`` events the store folds the journal to each answer's last save, so
the 2000-save file is back near the 500-save one in size and cost.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from _timing import interleaved, report

from widgets.store import ANSWERS_FILENAME, AnswerStore

ROUNDS = 15
SIZES = (100, 500, 2000)
TOP = Path(tempfile.mkdtemp(prefix="cg-bench-journal-"))


def prepared(saves: int) -> Path:
    """A file of 40 answers after ``saves`` saves (0: the same answers with no journal)."""
    folder = TOP / f"saved-{saves}"
    store = AnswerStore(folder, {"id": "p1"})
    for i in range(max(saves, 40)):
        store.set("rate.trust.pre", f"TB{i % 40}", i % 5)
    if saves == 0:
        data = json.loads(store.path.read_text(encoding="utf-8"))
        del data["journal"]
        store.path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return store.path


def one_save(source: Path):
    work = TOP / f"work-{source.parent.name}"

    def run() -> float:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        shutil.copyfile(source, work / ANSWERS_FILENAME)
        store = AnswerStore(work, {"id": "p1"})
        started = time.perf_counter()
        store.set("rate.trust.pre", "TB1", 3)
        return time.perf_counter() - started

    return run


def main() -> None:
    files = {0: prepared(0), **{n: prepared(n) for n in SIZES}}
    names = {n: "no journal (as before)" if n == 0 else f"journal of {n} saves" for n in files}
    medians = interleaved({names[n]: one_save(p) for n, p in files.items()}, ROUNDS)
    report("One save into a 40-answer file, by journal length", medians, names[0], list(medians))
    for n, path in files.items():
        print(f"  {names[n]:<45} file {path.stat().st_size / 1024:7.1f} KiB")


if __name__ == "__main__":
    main()
