"""A whole workshop on a real single-machine JupyterHub, with real OS users, through the browser.

As root, the test installs deploy/single-machine (its own prefix), adds a facilitator and two
participants with the deploy scripts, serves this working tree as a git repository and starts the
hub on 127.0.0.1. Then:

1. the facilitator signs in through the nbgitpuller link (the course lands in their home) and
   releases ``knowledge_checks`` with ``commonground release`` as their OS user;
2. each participant signs in through the link in Chromium, runs the Start here notebook, saves a
   profile, fetches the assignment with nbgrader's Assignments panel, opens it, answers all five
   questions in the browser (participant 1 all right; participant 2 partly wrong, from Scotland)
   and submits with the pack's Submit button;
3. the facilitator collects, grades and exports as their OS user; the scores are asserted;
4. OS permissions are checked: participant 2 can read neither participant 1's home, answers file
   nor submission, nor list the exchange's inbound folder; the facilitator can read the submission.

Time from "Sign in" to the first widget, memory (RSS, USS, PSS) and CPU seconds per participant
are printed and written to test-artifacts/hub/measurements.json, with screenshots beside it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path

import pytest

from . import hubkit as kit
from . import lab

pytestmark = [pytest.mark.hub, pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(1200)]

ASSIGNMENT = "knowledge_checks"
START_HERE = "commonground/notebooks/00_start_here.ipynb"
PARTICIPANT_START_HERE = "00_start_here.ipynb"
PARTICIPANT_COURSE = "commonground"  # nbgitpuller's folder: the repository's name

# The five graded questions, answered through the widgets. Expected scores are worked by hand from
# the marking rules (widgets/logic/knowledge_check.py, widgets/grading.py; as tests/assignments):
#   participant 1 (officer, England), all right:  1 + 1 + 2 + 3 + 3 = 10
#   participant 2 (councillor, Scotland):
#     roles_policy "Officers": wrong                                    0
#     roles_accountable "The council as a whole": right                  1
#     officer_must_not ticks a, b (apply) and d (does not): (2-1)/3 x 2  0.67
#     principles: Selflessness and Integrity swapped, 5 of 7 right x 3   2.14
#     Scotland's statutory officers: 3 of 6 right x 3                    1.5
#   total 5.31
EXPECTED = {kit.PARTICIPANTS[0]: 10.0, kit.PARTICIPANTS[1]: 5.31}
PROFILES = {  # role, country, and the type of council (Scotland's one is chosen by itself)
    kit.PARTICIPANTS[0]: ("Council officer", "England", "County council"),
    kit.PARTICIPANTS[1]: ("Councillor (elected member)", "Scotland", None),
}

PROMPTS = {
    "roles_policy": "Who sets the council's high-level policy and strategy?",
    "roles_accountable": "Council officers are accountable to whom?",
    "officer_must_not": "Which of these must an officer NOT do?",
    "principles_match": "Match each of the seven principles of public life",
    "statutory_england_match": "London borough councils in England: match each statutory officer",
    "statutory_scotland_match": "Councils in Scotland: match each statutory officer",
}
OFFICER_MUST_NOT = {
    "a": "Let their own political views affect their work",
    "b": "Use their expertise to put a councillor off a line of inquiry",
    "c": "Work for the ruling group rather than the whole council",
    "d": "Give clear advice that sets out alternative options",
}
PRINCIPLES = {
    "Selflessness": "Acting only in the public interest",
    "Integrity": "Not being under obligations that could improperly sway you",
    "Objectivity": "Deciding fairly and on merit, using the best evidence",
    "Accountability": "Answering to the public and accepting scrutiny",
    "Openness": "Being transparent, holding back information only for clear, lawful reasons",
    "Honesty": "Being truthful",
    "Leadership": "Showing the principles yourself and challenging poor behaviour",
}
ENGLAND = {
    "Head of Paid Service (Chief Executive)": (
        "Leads the paid staff and reports to the council on how they are organised"
    ),
    "Chief Financial Officer": "Holds personal legal duties for the council's finances",
    "Monitoring Officer": "Upholds standards of conduct and advises on conflicts of interest",
    "Director of Adult Social Services": "The senior post for social care for adults",
    "Director of Children's Services": "The senior post for services for children",
    "Director of Public Health": "The senior post for the health of the local population",
}
SCOTLAND = {
    "Head of Paid Service": "Principal policy adviser, responsible to councillors for staffing",
    "Monitoring Officer": "Makes sure the council acts lawfully and follows its constitution",
    "Chief Financial Officer": (
        "Responsible for the proper running of the council's financial affairs"
    ),
    "Chief Social Work Officer": "Gives professional advice on social work services",
    "Chief Education Officer": "Carries out the council's education functions",
    "Chief Planning Officer": "Advises on planning and development functions",
}


def _rotated(pairs: dict[str, str], first: int) -> dict[str, str]:
    """``pairs`` with the first ``first`` items each given the next one's answer (cyclically)."""
    keys = list(pairs)
    wrong = dict(pairs)
    for i in range(first):
        wrong[keys[i]] = pairs[keys[(i + 1) % first]]
    return wrong


# What each participant answers, check by check: a label to choose, labels to tick, or pairs to
# match. The first participant answers everything right; the second gets some of each kind wrong.
ANSWERS = {
    kit.PARTICIPANTS[0]: {
        "roles_policy": "Councillors",
        "roles_accountable": "The council as a whole",
        "officer_must_not": [OFFICER_MUST_NOT[key] for key in "abc"],
        "principles_match": PRINCIPLES,
        "statutory_england_match": ENGLAND,
    },
    kit.PARTICIPANTS[1]: {
        "roles_policy": "Officers",
        "roles_accountable": "The council as a whole",
        "officer_must_not": [OFFICER_MUST_NOT[key] for key in "abd"],
        "principles_match": _rotated(PRINCIPLES, 2),  # Selflessness and Integrity swapped
        "statutory_scotland_match": _rotated(SCOTLAND, 3),  # 3 of 6 wrong
    },
}


def _answer(page, answers: dict) -> list[str]:
    """Answer each check in the browser and press its button; returns the feedback shown."""
    said = []
    for check, answer in answers.items():
        cell = lab.cell_with(page, PROMPTS[check])
        if isinstance(answer, str):
            lab.choose_radio(cell, answer)
        elif isinstance(answer, list):
            for label in answer:
                lab.tick(cell, label)
        else:
            for left, right in answer.items():
                lab.match(cell, left, right)
        said.append(lab.check_answer(cell))
    return said


FEEDBACK = {
    kit.PARTICIPANTS[0]: [
        "Correct, well done.",
        "Correct, well done.",
        "All correct, well done.",
        "All correct, well done.",
        "All correct, well done.",
    ],
    kit.PARTICIPANTS[1]: [
        "Not quite: read the feedback and try again.",
        "Correct, well done.",
        "You found 2 of the 3 options that apply, and ticked 1 that does not.",
        "You matched 5 of the 7 items correctly.",
        "You matched 3 of the 6 items correctly.",
    ],
}


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    """The installed hub, its users and the course repository; everything removed afterwards."""
    if os.geteuid() != 0:
        pytest.skip(
            "The hub test needs root: it installs under /opt and /srv, creates real OS users and "
            "runs JupyterHub, which switches to each user. Run it as root (CI does)."
        )
    with kit.workshop_hub(tmp_path_factory.mktemp("workshop")) as workshop:
        yield workshop


def test_workshop_on_a_real_hub(workshop, browser):
    from widgets.facilitate.link import gitpuller_link

    hub, git, passwords = workshop["hub"], workshop["git"], workshop["passwords"]
    measured = workshop["measured"]
    link = gitpuller_link(hub.url, git.url)
    participant_link = gitpuller_link(
        hub.url, git.url, branch=kit.PARTICIPANT_BRANCH, path=PARTICIPANT_START_HERE
    )
    kit.log(f"nbgitpuller links: facilitator {link}, participants {participant_link}")
    measured["link"] = participant_link
    fac = kit.FACILITATOR
    course = kit.home_of(fac) / "commonground"

    # 1. the facilitator's course comes through the same link ------------------------------
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    lab.sign_in(page, link, fac, passwords[fac])
    lab.wait_for_notebook(page, START_HERE)
    lab.screenshot(page, kit.ARTIFACTS / "facilitator_course.png")
    context.close()
    assert (course / "nbgrader_config.py").is_file(), "the course did not land in the home"
    assert (course / "source" / ASSIGNMENT).is_dir()
    released = kit.as_user(fac, ["commonground", "release", ASSIGNMENT, "--course", str(course)])
    kit.log(released.stdout.strip())
    assert f"Released {ASSIGNMENT}" in released.stdout
    assert (kit.EXCHANGE / kit.COURSE_ID / "outbound" / ASSIGNMENT).is_dir()

    # 2. each participant, through the browser --------------------------------------------
    measured["participants"] = {}
    for user in kit.PARTICIPANTS:
        measured["participants"][user] = _participant(
            browser, hub, participant_link, user, passwords[user]
        )

    measured["hub_and_proxy"] = kit.hub_memory(hub)

    # 3. the facilitator collects, grades and exports ------------------------------------------
    started = time.monotonic()
    collected = kit.as_user(fac, ["commonground", "collect", ASSIGNMENT, "--course", str(course)])
    kit.log(collected.stdout.strip())
    graded = kit.as_user(fac, ["commonground", "grade", ASSIGNMENT, "--course", str(course)])
    kit.log(graded.stdout.strip())
    exported = kit.as_user(fac, ["commonground", "export", "--out", "-", "--course", str(course)])
    measured["collect_grade_export_s"] = round(time.monotonic() - started, 1)
    (kit.ARTIFACTS / "grades.csv").write_text(exported.stdout)
    rows = {
        row["participant"]: row
        for row in csv.DictReader(io.StringIO(exported.stdout))
        if row["assignment"] == ASSIGNMENT
    }
    for user, expected in EXPECTED.items():
        assert rows[user]["status"] == "graded", rows[user]
        assert float(rows[user]["score"]) == pytest.approx(expected, abs=0.005), rows[user]
        assert float(rows[user]["max_score"]) == 10

    # 4. who can read what ------------------------------------------------------------------------
    measured["permissions"] = _check_permissions(course)

    _write_measurements(measured)


def _participant(browser, hub, link: str, user: str, password: str) -> dict:
    role, council, council_type = PROFILES[user]
    server = f"{hub.url}/user/{user}"
    shots = kit.ARTIFACTS
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        # sign in through the link; the course is pulled and Start here opens
        pressed = lab.sign_in(page, link, user, password)
        lab.wait_for_notebook(page, PARTICIPANT_COURSE + "/" + PARTICIPANT_START_HERE)
        lab.wait_for_kernel(context, server, PARTICIPANT_COURSE + "/" + PARTICIPANT_START_HERE)
        profile_radio = page.get_by_role("radio", name=role, exact=True)
        lab.run_all(page, profile_radio)
        profile_radio.scroll_into_view_if_needed(timeout=lab.LONG)
        profile_radio.wait_for(timeout=lab.LONG)
        first_widget_s = time.monotonic() - pressed
        kit.log(f"{user}: first widget {first_widget_s:.1f} s after pressing Sign in")
        pulled = kit.home_of(user) / PARTICIPANT_COURSE
        assert (pulled / "12_next_steps.ipynb").is_file()
        # the participants' branch carries the notebooks alone: no hidden tests, no answer keys
        assert not (pulled / "source").exists() and not (pulled / "tests").exists()

        profile_radio.check()
        page.get_by_role("radio", name=council, exact=True).check()
        if council_type:
            page.get_by_role("radio", name=council_type, exact=True).check()
        page.get_by_role("button", name="Save my profile").click()
        page.get_by_text("you are set up as").first.wait_for(timeout=lab.LONG)
        lab.screenshot(page, shots / f"{user}_1_start_here.png")
        profile = json.loads((kit.home_of(user) / ".commonground" / "profile.json").read_text())
        assert profile["jurisdiction"] == council.lower()

        # fetch the assignment with nbgrader's Assignments panel (the lab extension), opened from
        # the participants' own "Assignments" menu (nbgrader's authoring menu is off for them)
        page.locator(".lm-MenuBar-item", has_text="Assignments").first.click()
        page.locator(".lm-Menu-item", has_text="Assignment List").first.click()
        released = page.locator("#released_assignments_list .list_item").filter(has_text=ASSIGNMENT)
        released.get_by_role("button", name="Fetch").click(timeout=lab.LONG)
        fetched = page.locator("#fetched_assignments_list").filter(has_text=ASSIGNMENT)
        fetched.first.wait_for(timeout=lab.LONG)
        lab.screenshot(page, shots / f"{user}_2_fetched.png")
        notebook = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        assert (kit.home_of(user) / notebook).is_file(), "Fetch did not put the assignment home"

        # open it from the panel, run it, answer it
        _open_fetched(page, fetched)
        lab.wait_for_notebook(page, notebook)
        lab.wait_for_kernel(context, server, notebook)
        lab.run_all(page, page.get_by_role("button", name="Submit this assignment"))
        page.get_by_role("button", name="Check my answer").nth(5).wait_for(
            state="attached", timeout=lab.LONG
        )
        said = _answer(page, ANSWERS[user])
        assert said == FEEDBACK[user]

        # submit with the pack's button
        page.get_by_role("button", name="Submit this assignment").click()
        done = page.get_by_text(f"Submitted '{ASSIGNMENT}' at")
        done.first.wait_for(timeout=lab.LONG)
        message = done.first.inner_text()
        assert "and your saved answers" in message, message
        lab.screenshot(page, shots / f"{user}_3_submitted.png")

        # measured with the assignment (and Start here) open
        memory = kit.memory_of(user, lab.kernel_notebooks(context, server))
        kit.log(f"{user}: {json.dumps(memory['total'])} over {len(memory['processes'])} processes")
        return {
            "first_widget_s": round(first_widget_s, 1),
            "submitted": message,
            "memory": memory,
        }
    except Exception:
        lab.screenshot(page, shots / f"{user}_failed.png")
        raise
    finally:
        context.close()


def _open_fetched(page, fetched) -> None:
    """Expand the fetched assignment in the panel and click its notebook, as a participant does."""
    link = fetched.locator("a", has_text=ASSIGNMENT)
    notebook_link = fetched.locator(f"a[href*='{ASSIGNMENT}.ipynb'], a:has-text('{ASSIGNMENT}')")
    if notebook_link.count() > 1:
        link.first.click()  # expand the assignment to list its notebooks
    notebook_link.last.click(timeout=lab.LONG)


def _check_permissions(course: Path) -> dict:
    p1, p2 = kit.PARTICIPANTS
    fac = kit.FACILITATOR
    inbound = kit.EXCHANGE / kit.COURSE_ID / "inbound"
    submissions = sorted(inbound.glob(f"{p1}+{ASSIGNMENT}+*"))
    assert submissions, f"no submission of {p1} in {inbound}"
    submitted = submissions[-1]
    targets = {
        "p1 home": ["ls", str(kit.home_of(p1))],
        "p1 answers file": [
            "cat",
            str(kit.home_of(p1) / ASSIGNMENT / "commonground_answers.json"),
        ],
        "p1 profile": ["cat", str(kit.home_of(p1) / ".commonground" / "profile.json")],
        "exchange inbound": ["ls", str(inbound)],
        "p1 submitted notebook": ["cat", str(submitted / f"{ASSIGNMENT}.ipynb")],
        "p1 submitted answers": ["cat", str(submitted / "commonground_answers.json")],
    }
    found = {}
    for what, cmd in targets.items():
        result = kit.as_user(p2, cmd, check=False)
        assert result.returncode != 0, f"{p2} could read {what}: {result.stdout[:200]}"
        assert "Permission denied" in result.stderr, (what, result.stderr)
        found[f"{p2} reads {what}"] = "Permission denied"
    # the facilitator can, for what they need to grade
    listing = kit.as_user(fac, ["ls", str(inbound)]).stdout
    assert submitted.name in listing
    notebook = kit.as_user(fac, ["cat", str(submitted / f"{ASSIGNMENT}.ipynb")]).stdout
    assert json.loads(notebook)["cells"], "the facilitator read an empty notebook"
    answers = json.loads(
        kit.as_user(fac, ["cat", str(submitted / "commonground_answers.json")]).stdout
    )
    assert answers["participant"]["id"] == p1, answers["participant"]
    found[f"{fac} reads inbound and p1's submission"] = "yes"
    collected = course / "submitted" / p1 / ASSIGNMENT / "commonground_answers.json"
    assert collected.is_file()
    kit.log(f"permissions: {found}")
    return found


def _write_measurements(measured: dict) -> None:
    participants = measured.get("participants", {})
    summary = {
        "first_widget_s": {u: p["first_widget_s"] for u, p in participants.items()},
        "per_participant_total": {u: p["memory"]["total"] for u, p in participants.items()},
    }
    measured["summary"] = summary
    path = kit.ARTIFACTS / "measurements.json"
    path.write_text(json.dumps(measured, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    print(f"Measurements written to {path}")
