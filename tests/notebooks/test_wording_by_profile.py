"""Every prompt reads right for each of the four profiles (councillor or officer, England or
Scotland): no text asks the reader to swap words in their head, and an officer is never asked about
"working with officers" (nor a councillor about "working with councillors")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets import tables
from widgets.logic.knowledge_check import check_ids, load_check
from widgets.logic.questionnaire import load_questionnaire
from widgets.logic.reflection import prompt_ids, reflection_prompt
from widgets.logic.scenario import load_scenario, scenario_ids
from widgets.profile import Profile

ROOT = Path(__file__).resolve().parents[2]
PROFILES = [Profile(r, j) for r in ("councillor", "officer") for j in ("england", "scotland")]

# "read 'officers' as 'councillors'", "substitute ... for ...", "play it as written, then turn it
# round": instructions to rewrite the text, which the course's data should do instead
SWAP = re.compile(
    r"\bread\s+[\"'“‘][^\"'”’]+[\"'”’]\s+as\b|\bsubstitut\w*\b|\bturn it round\b|"
    r"\bplay it as (?:written|the)\b|\bif you are an? (?:officer|councillor),\s*read\b",
    re.I,
)
OTHER_SIDE = {
    "officer": re.compile(
        r"\b(?:with|understand what|trust) officers\b|officers' (?:professional )?advice", re.I
    ),
    "councillor": re.compile(r"\b(?:with|understand what) councillors\b", re.I),
}


def texts_for(profile: Profile) -> list[tuple[str, str]]:
    """What this participant is shown by the course's prompts, scenarios and council boxes."""
    shown = []
    for pid in prompt_ids():
        row = reflection_prompt(pid, role=profile.role)
        shown += [(f"reflection {pid} {k}", row.get(k) or "") for k in ("title", "prompt", "hint")]
    for sid in scenario_ids():
        scenario = load_scenario(sid)
        shown.append((f"scenario {sid}", scenario.debrief))
        for step in scenario.steps.values():
            shown.append((f"step {step.id}", step.situation))
            shown += [(f"choice {c.id}", f"{c.label} {c.guidance}") for c in step.choices]
    for row in tables.table("council_differences"):
        if row["jurisdiction"] == profile.jurisdiction:
            shown.append((f"council_differences {row['id']}", row["text"]))
    for path in sorted((ROOT / "course").glob("*.md")):
        shown.append((f"course/{path.name}", path.read_text(encoding="utf-8")))
    return shown + _rated_and_checked(profile) + _assignment_text()


def _rated_and_checked(profile: Profile) -> list[tuple[str, str]]:
    """The statements this profile rates, every knowledge check (question, options, feedback),
    every task to sort and every development option: each shown as written, so none may ask the
    reader to rewrite it either."""
    shown = []
    for framework in rated_frameworks(profile.role):
        content = load_questionnaire(framework, profile.role, profile.jurisdiction)
        shown += [(f"rate {framework} {item.id}", item.statement) for item in content.items]
    for cid in check_ids():
        check = load_check(cid)
        shown.append((f"check {cid}", check.prompt))
        shown += [(f"option {o.id}", f"{o.label} {o.match} {o.feedback}") for o in check.options]
    for table, fields in (
        ("sorter_items", ("statement", "explanation")),
        ("catalogue", ("title", "statement")),
    ):
        for row in tables.table(table):
            shown.append((f"{table} {row['id']}", " ".join(str(row[f] or "") for f in fields)))
    return shown


def _assignment_text() -> list[tuple[str, str]]:
    """The graded assignments' own words (source/, from which release/ is generated)."""
    shown = []
    for path in sorted((ROOT / "source").glob("*/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        shown += [
            (f"{path.relative_to(ROOT)} cell {n}", "".join(cell["source"]))
            for n, cell in enumerate(cells)
            if cell["cell_type"] == "markdown"
        ]
    return shown


def rated_frameworks(role: str) -> list[str]:
    """The frameworks a participant in ``role`` rates (the other role's framework is not shown)."""
    rated = []
    for row in tables.table("frameworks"):
        try:
            load_questionnaire(row["id"], role)
        except ValueError:  # not rated, or rated by the other role only: a note, no statements
            continue
        rated.append(row["id"])
    return rated


def test_every_kind_of_text_is_read() -> None:
    """The scan reaches statements, checks, sorter tasks, options and the assignments."""
    where = {w.split()[0] for w, _ in texts_for(PROFILES[0])}
    assert {"rate", "check", "option", "sorter_items", "catalogue", "reflection"} <= where
    assert any(w.startswith("source/knowledge_checks") for w, _ in texts_for(PROFILES[0]))
    assert "nos_sfjc21" in rated_frameworks("officer")
    assert "nos_sfjc21" not in rated_frameworks("councillor")


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: f"{p.role}-{p.jurisdiction}")
def test_no_text_asks_the_reader_to_substitute_words(profile: Profile) -> None:
    swaps = [
        f"{where}: {m.group(0)!r}" for where, text in texts_for(profile) if (m := SWAP.search(text))
    ]
    assert not swaps, "; ".join(swaps)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: f"{p.role}-{p.jurisdiction}")
def test_reflection_prompts_speak_to_the_readers_own_role(profile: Profile) -> None:
    wrong = [
        f"{pid}: {m.group(0)!r}"
        for pid in prompt_ids()
        if (row := reflection_prompt(pid, role=profile.role))
        and (
            m := OTHER_SIDE[profile.role].search(
                f"{row['title']} {row['prompt']} {row.get('hint') or ''}"
            )
        )
    ]
    assert not wrong, f"a {profile.role} would read: " + "; ".join(wrong)


def test_the_checks_can_fail() -> None:
    assert SWAP.search('If you are an officer, read "officers" as "councillors".')
    assert OTHER_SIDE["officer"].search("How well do you understand what officers do?")


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: f"{p.role}-{p.jurisdiction}")
def test_the_reflection_widget_shows_the_wording_for_the_profile(profile, store, monkeypatch):
    import widgets

    monkeypatch.setattr("widgets.views.reflection.load_profile", lambda: profile)
    shown = widgets.reflection("induction_q1", store=store)
    page = " ".join(
        getattr(c, "value", "")
        for c in shown.children
        if isinstance(getattr(c, "value", None), str)
    )
    other = "councillors do" if profile.role == "councillor" else "officers do"
    mine = "officers do" if profile.role == "councillor" else "councillors do"
    assert mine in page and other not in page
