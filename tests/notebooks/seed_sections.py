"""The sections of each seed document, read from the seeds themselves (not from our tables).

Each seed is laid out differently, so each has its own rule; the rules are deliberately simple
so a reader can check them against the documents.
"""

from __future__ import annotations

import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

NOS_SECTIONS = (
    "Overview",
    "Target Group",
    "Performance criteria",
    "Knowledge and understanding",
    "Additional Information",
    "Behaviours",
)


def _text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _clean(heading: str) -> str:
    return re.sub(r"[*#]", "", heading).strip()


def seed_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    nos = _text("000")
    sections["000"] = [s for s in NOS_SECTIONS if re.search(rf"^{s}$", nos, re.M)]

    workbook = _text("001").splitlines()
    start = workbook.index("Contents") + 1
    contents = []
    for line in workbook[start:]:
        if not line.strip():
            continue
        if len(line) > 60 or line.startswith("<"):
            break
        contents.append(line.strip())
    challenges = [line.strip() for line in workbook if re.match(r"^Challenge \d – ", line)]
    sections["001"] = contents + challenges

    sections["002"] = [
        _clean(line)
        for line in _text("002").splitlines()
        if line.startswith("#") and "are you getting it right" not in line
    ]
    sections["003"] = [
        _clean(line)
        for line in _text("003").splitlines()
        if re.match(r"^#{1,2} ", line)
        and _clean(line) not in {"Contents", "About this notebook"}
        and not line.startswith("# Developing")
    ]
    sections["004"] = [
        line.split(" | ")[0].strip() if " | " in line else line.rsplit(" - ", 1)[0].strip()
        for line in _text("004").splitlines()
        if re.match(r"^[^-].{5,120}( \| | - )[A-Z][\w ()&,.'’-]+$", line)
        and not line.startswith("-")
    ]
    return sections


if __name__ == "__main__":
    for seed, names in seed_sections().items():
        for name in names:
            print(f"{seed}\t{name}")
