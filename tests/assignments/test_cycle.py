"""The real nbgrader cycle on the five assignments, in a temporary course, exchange and gradebook.

Generate and release every assignment; two participants fetch them, answer by writing the answers
file the way the widgets do, and submit with the Submit button's own code; then collect,
autograde, and generate feedback. The scores must be what the answers deserve, reflections must
wait for a grader (with the participant's words in the notebook the formgrader shows), and the
feedback must give the result and guidance without any of the hidden tests.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from widgets.assignments import ASSIGNMENTS, quick_new_gradebooks
from widgets.logic.ranking import load_ranking
from widgets.logic.submit import submit_assignment
from widgets.store import ANSWERS_FILENAME, AnswerStore

from .course import (
    BEST_PATHS,
    COURSE,
    answer_check,
    check,
    fetch,
    generate_and_release,
    make_course,
    participant,
    play,
    rate_all,
    reflect,
    right_answer,
)

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]

ALICE, BOB = "alice", "bob"  # all correct (officer, England); mostly wrong (councillor, Scotland)
ALICE_WORDS = "We meet every Monday & I <b>always</b> brief the portfolio holder first."


def _answer_alice(folder: Path, assignment: str) -> None:
    store = AnswerStore(folder, participant(ALICE, "officer", "england"))
    if assignment in ("pre_workshop", "post_workshop"):
        timepoint = assignment.split("_")[0]
        for framework in ("trust", "health_check", "challenge", "nos_sfjc21"):
            rate_all(store, framework, timepoint, "officer", "england")
        if timepoint == "pre":  # every trust behaviour put in order (the ranking kind)
            store.update("rank.trust_priorities", {"order": load_ranking("trust_priorities").ids})
    elif assignment == "knowledge_checks":
        for check_id in (
            "roles_policy",
            "roles_accountable",
            "officer_must_not",
            "principles_match",
            "statutory_england_match",
        ):
            answer_check(store, check_id, right_answer(check_id))
    elif assignment == "scenarios":
        for scenario_id, path in BEST_PATHS.items():
            play(store, scenario_id, path)
    else:
        for prompt in ("challenge2", "challenge7", "challenge9"):
            reflect(store, prompt, ALICE_WORDS)


# Bob's marks, worked out by hand from the rules in widgets/grading.py
BOB_EXPECTED = {
    # trust half rated (1 of 2), health check none (0), challenge all (2), councillor skills (4),
    # no ranking (0)
    "pre_workshop": 1 + 0 + 2 + 4,
    # roles_policy wrong 0, roles_accountable right 1, officer_must_not 2 right + 1 wrong of 3
    # = 1/3 of 2 = 0.67, principles 5 of 7 = 3*5/7 = 2.14, Scotland's statutory 3 of 6 = 1.5
    "knowledge_checks": 0 + 1 + 0.67 + 2.14 + 1.5,
    # challenge4 best then poor, ended: 4*(0.5 + 0.5*0.5) = 3; challenge5 poor then reasonable,
    # not ended: 4*(0 + 0.5*0.25) = 0.5; challenge8 never played: 0
    "scenarios": 3 + 0.5 + 0,
    "reflections": 0,
    "post_workshop": 2 + 2 + 2 + 4,
}


def _answer_bob(folder: Path, assignment: str) -> None:
    store = AnswerStore(folder, participant(BOB, "councillor", "scotland"))
    if assignment in ("pre_workshop", "post_workshop"):
        timepoint = assignment.split("_")[0]
        pre = timepoint == "pre"
        rate_all(store, "trust", timepoint, "councillor", "scotland", 0.5 if pre else 1)
        if not pre:
            rate_all(store, "health_check", timepoint, "councillor", "scotland")
        rate_all(store, "challenge", timepoint, "councillor", "scotland")
        rate_all(store, "councillor_skills", timepoint, "councillor", "scotland")
    elif assignment == "knowledge_checks":
        answer_check(store, "roles_policy", "roles_policy-b")
        answer_check(store, "roles_accountable", "roles_accountable-b")
        answer_check(
            store,
            "officer_must_not",
            ["officer_must_not-a", "officer_must_not-b", "officer_must_not-d"],
        )
        principles = right_answer("principles_match")
        principles["principles_match-1"], principles["principles_match-2"] = (
            "principles_match-2",
            "principles_match-1",
        )
        answer_check(store, "principles_match", principles)
        statutory = right_answer("statutory_scotland_match")
        for left, right in (("1", "2"), ("2", "3"), ("3", "1")):
            statutory[f"statutory_scotland_match-{left}"] = f"statutory_scotland_match-{right}"
        answer_check(store, "statutory_scotland_match", statutory)
        # a right answer to the other council's question earns nothing for Bob
        answer_check(store, "statutory_england_match", right_answer("statutory_england_match"))
    elif assignment == "scenarios":
        play(store, "challenge4", ["c4-s1-a", "c4-s2-c"])
        play(store, "challenge5", ["c5-s1-b", "c5-s3-b"])
    # Bob writes no reflections


FACILITATOR_COMMENT = "Good & specific. <script>alert('x')</script>"


def _mark_alice_reflections(course) -> None:
    """What a facilitator does in the formgrader: two of three reflections marked, one commented."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, COURSE) as gb:
        for prompt, score in (("challenge2", 2), ("challenge7", 3)):
            grade_id = f"reflections_{prompt}_grade"
            grade = gb.find_grade(grade_id, "reflections", "reflections", ALICE)
            grade.manual_score = score
            grade.needs_manual_grade = False  # as the formgrader's grade API does
        comment = gb.find_comment(
            "reflections_challenge2_grade", "reflections", "reflections", ALICE
        )
        comment.manual_comment = FACILITATOR_COMMENT
        gb.db.commit()


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory):
    """Run the whole cycle once; the tests below read what it left behind."""
    tmp = tmp_path_factory.mktemp("cycle")
    course = make_course(tmp)
    generate_and_release(course, list(ASSIGNMENTS))
    monkey = pytest.MonkeyPatch()
    monkey.setenv("COMMONGROUND_EXCHANGE", str(course.exchange))
    monkey.setenv("COMMONGROUND_COURSE", COURSE)
    monkey.setenv("JUPYTER_DATA_DIR", str(tmp / "jupyter-data"))
    submissions = {}
    try:
        for student, answer in ((ALICE, _answer_alice), (BOB, _answer_bob)):
            home = tmp / "homes" / student
            for assignment in ASSIGNMENTS:
                folder = fetch(course, assignment, home, student)
                answer(folder, assignment)
                submissions[student, assignment] = submit_assignment(folder, student=student)
        api = course.api()
        with quick_new_gradebooks():
            for assignment in ASSIGNMENTS:
                check(api.collect(assignment))
                for student in (ALICE, BOB):
                    check(api.autograde(assignment, student))
            for assignment in ("knowledge_checks", "scenarios", "pre_workshop"):
                check(api.generate_feedback(assignment, BOB))
            _mark_alice_reflections(course)
            check(api.generate_feedback("reflections", ALICE))
    finally:
        monkey.undo()
    return course, submissions


def _score(course, assignment: str, student: str) -> tuple[float, float, bool]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, COURSE) as gb:
        submission = gb.find_submission(assignment, student)
        return submission.score, submission.max_score, submission.needs_manual_grade


def test_every_submission_carried_its_answers_file(cycle) -> None:
    course, submissions = cycle
    for (student, assignment), done in submissions.items():
        assert done.assignment == assignment and done.notebooks == 1
        submitted = course.root / "submitted" / student / assignment
        assert (submitted / f"{assignment}.ipynb").is_file()
        if (student, assignment) == (BOB, "reflections"):
            continue
        assert done.answers > 0 and done.answers_file
        assert (submitted / ANSWERS_FILENAME).is_file()
    # Bob saved no reflection: he was warned, and the notebook was still submitted
    bob = submissions[BOB, "reflections"]
    assert (bob.answers, bob.answers_file) == (0, False)


def test_all_correct_participant_gets_every_autograded_mark(cycle) -> None:
    course, _ = cycle
    expected_max = {
        "pre_workshop": 11,
        "knowledge_checks": 10,
        "scenarios": 12,
        "reflections": 9,
        "post_workshop": 10,
    }
    for assignment in ASSIGNMENTS:
        score, max_score, manual = _score(course, assignment, ALICE)
        assert max_score == expected_max[assignment], assignment
        if assignment == "reflections":
            # nothing autograded; the facilitator marked two of three (2 + 3), one still waits
            assert (score, manual) == (5, True)
        else:
            assert (score, manual) == (max_score, False), assignment


def test_wrong_answers_earn_what_the_rules_say(cycle) -> None:
    course, _ = cycle
    for assignment, expected in BOB_EXPECTED.items():
        score, _, _ = _score(course, assignment, BOB)
        assert score == pytest.approx(expected, abs=0.011), assignment
    for assignment in ("pre_workshop", "knowledge_checks", "scenarios"):
        assert _score(course, assignment, BOB)[0] < _score(course, assignment, ALICE)[0]


def test_unanswered_parts_fail_with_a_plain_sentence(cycle) -> None:
    course, _ = cycle
    path = course.root / "autograded" / BOB / "pre_workshop" / "pre_workshop.ipynb"
    cell = next(
        c
        for c in json.loads(path.read_text())["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "pre_workshop_health_points"
    )
    errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "NothingAnswered"
    assert "was rated" in errors[0]["evalue"]


def test_graders_read_the_reflection_in_the_autograded_notebook(cycle) -> None:
    course, _ = cycle
    path = course.root / "autograded" / ALICE / "reflections" / "reflections.ipynb"
    cells = json.loads(path.read_text())["cells"]
    shown = next(
        c
        for c in cells
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "reflections_challenge2_saved"
    )
    html_out = "".join(
        "".join(o["data"]["text/html"])
        for o in shown["outputs"]
        if "text/html" in o.get("data", {})
    )
    assert "&lt;b&gt;always&lt;/b&gt;" in html_out and "Monday &amp; I" in html_out
    tasks = [c for c in cells if c["metadata"].get("nbgrader", {}).get("task")]
    assert [c["metadata"]["nbgrader"]["points"] for c in tasks] == [3, 3, 3]


def test_feedback_shows_score_and_guidance_but_no_hidden_tests(cycle) -> None:
    course, _ = cycle
    feedback = course.root / "feedback" / BOB / "knowledge_checks" / "knowledge_checks.html"
    page = feedback.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    assert "You earned 5.31 of 10 points." in " ".join(text.split())  # the total, out of 10
    assert "You matched 5 of the 7 items correctly." in page
    assert "read notebook 04 Conduct and the seven principles again" in page
    assert "Checked automatically from your saved answers" in page
    assert "How this is checked is not shown here" in page
    for secret in ("HIDDEN TESTS", "widgets.grading", "check_points(", "statutory_points("):
        assert secret not in page, secret


def _feedback_text(course, assignment: str) -> tuple[str, str]:
    """Bob's feedback page, and its words as a reader sees them (tags out, entities read)."""
    page = (course.root / "feedback" / BOB / assignment / f"{assignment}.html").read_text("utf-8")
    return page, " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_scenario_feedback_says_each_decision_in_words(cycle) -> None:
    from widgets.grading import brief
    from widgets.logic.scenario import for_country, load_scenario

    course, _ = cycle
    page, text = _feedback_text(course, "scenarios")
    assert "You earned 3.5 of 12 points." in text
    played = {  # Bob's routes: each choice's quality and points (of 1 each, 2 choices in 4 points)
        "challenge4": (["c4-s1-a", "c4-s2-c"], ["strong", "risky"], ["1", "0"]),
        "challenge5": (["c5-s1-b", "c5-s3-b"], ["risky", "reasonable"], ["0", "0.5"]),
    }
    for scenario_id, (path, qualities, earned) in played.items():
        scenario = for_country(load_scenario(scenario_id), "scotland")
        assert f"Question: The scenario {scenario.title}: what would you do at each point?" in text
        step = scenario.steps[scenario.start_step]
        for number, (choice_id, quality, got) in enumerate(
            zip(path, qualities, earned, strict=True), 1
        ):
            choice = step.choice(choice_id)
            line = (
                f"Decision {number}: {brief(step.situation)} You chose: {choice.label} "
                f"({quality} choice, {got} of 1 point)."
            )
            assert " ".join(line.split()) in text, line
            step = scenario.steps[choice.next_step] if choice.next_step else None
    assert "You reached an end: 2 of 2 points." in text  # challenge 4
    assert "You did not reach an end: 0 of 2 points." in text  # challenge 5
    challenge8 = for_country(load_scenario("challenge8"), "scotland").title
    assert f"No choice was made in {challenge8}, so it earns no points." in text
    for secret in ("HIDDEN TESTS", "widgets.grading", "scenario_points(", "Out["):
        assert secret not in page, secret


def test_self_assessment_feedback_counts_the_statements_rated_per_area(cycle) -> None:
    from widgets.logic.questionnaire import area_title, load_questionnaire

    course, _ = cycle
    page, text = _feedback_text(course, "pre_workshop")
    trust = load_questionnaire("trust", "councillor", "scotland")
    half = round(len(trust.items) / 2)
    assert f"Question: Rate yourself on each statement of {trust.title}." in text
    assert f"Your answer: {half} of the {len(trust.items)} statements rated." in text
    rated = {item.id for item in trust.items[:half]}
    for area, items in trust.areas():
        count = sum(1 for item in items if item.id in rated)
        assert f"{area_title(area)}: {count} of {len(items)} statements rated." in text
    skills = load_questionnaire("councillor_skills", "councillor", "scotland")
    n = len(skills.items)
    assert f"Your answer: {n} of the {n} statements rated." in text
    assert f"You rated all {n} statements of {skills.title}. " in text
    assert "4 of 4 points" in text and "1 of 2 points" in text
    for secret in ("HIDDEN TESTS", "widgets.grading", "completion_points(", "Out["):
        assert secret not in page, secret


def test_feedback_shows_the_facilitators_marks_and_comments_escaped(cycle) -> None:
    course, _ = cycle
    reflections = course.root / "feedback" / ALICE / "reflections" / "reflections.html"
    page = reflections.read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "You earned 5 of 9 points." in text
    parts = page.split('<section class="cg-part"><h2>Marked by your facilitator</h2>')[1:]
    assert len(parts) == 3
    assert "2 of 3 points" in parts[0] and "3 of 3 points" in parts[1]
    assert "Not marked yet." in parts[2] and "of 3 points" not in parts[2]
    assert "Good &amp; specific. &lt;script&gt;" in parts[0]
    assert "<script>" not in page


def test_formgrader_shows_the_reflection_and_a_score_box_for_each(cycle) -> None:
    """Render the autograded notebook exactly as the formgrader's submission page does."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    course, _ = cycle
    config = course.exchange_config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    path = course.root / "autograded" / ALICE / "reflections" / "reflections.ipynb"
    resources = {
        "assignment_id": "reflections",
        "notebook_id": "reflections",
        "submission_id": "x",
        "index": 0,
        "total": 2,
        "base_url": "",
        "student": ALICE,
        "last_name": None,
        "first_name": None,
        "notebook_path": "autograded/alice/reflections/reflections.ipynb",
    }
    page, _ = HTMLExporter(config=config).from_filename(str(path), resources=resources)
    assert page.count("Monday &amp; I &lt;b&gt;always&lt;/b&gt; brief") == 3
    assert "<b>always</b>" not in page  # the participant's text is never run as markup
    for prompt in ("challenge2", "challenge7", "challenge9"):
        assert f'id="reflections_{prompt}_grade"' in page  # the grader's score box
    assert "Student's task" in page
