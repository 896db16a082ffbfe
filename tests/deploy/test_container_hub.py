"""A whole workshop on JupyterHub with one container per participant, through the browser.

As root, with the Docker engine (started here if need be) and the course image built by
deploy/containers/build-images.sh, the test starts JupyterHub with deploy/containers'
configuration: DockerSpawner with memory and CPU limits, the ngshare exchange service, the idle
culler. Every participant's container runs as the same uid (1000), as on Zero to JupyterHub.

1. The facilitator signs in through the nbgitpuller link, creates the course in ngshare, adds the
   participants and releases ``knowledge_checks`` with ``commonground release``.
2. Two participants sign in through the participants' link in chromium, run Start here, save a
   profile, fetch the assignment from the Assignments panel, answer it in the browser and submit
   it with the pack's button (the same answers and expected scores as tests/hub).
3. The facilitator runs ``commonground status``, ``collect``, ``grade``, ``feedback`` and
   ``export`` in their server, as on any hub: with no exchange folder there, status and collect
   ask ngshare who has submitted (widgets/facilitate/inbound.py). The scores are asserted in the
   export and the status table, and participant 1 fetches their feedback.
4. Isolation, as an attacker in participant 2's container with their token: ngshare refuses to
   list, download, overwrite or give feedback on participant 1's submission, and a submission
   "as" participant 1 is recorded as participant 2; participant 1's server refuses participant 2.
5. Limits: the container's limits are the configured ones; 1.5 GB asked for in participant 2's
   container is killed while their server keeps running. Voilà serves a notebook from the image.
6. A load test: N participants signed in at once answer the assignment in Voilà and submit; the
   facilitator collects N submissions, each with every answer, each graded 10; then one of
   them is erased with ``commonground erase``, which names what ngshare still holds (exit 1).
7. The idle culler stops every server nobody uses.

Memory per participant (server, Start here and the assignment kernel), sign-in to first widget
and the load test's figures go to test-artifacts/deploy/measurements.json.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.hub import hubkit, lab
from tests.hub import test_workshop_hub as workshop_hub

from . import containerhub as kit
from . import dockerkit
from .dockerkit import ARTIFACTS, docker, log

pytestmark = [
    pytest.mark.docker,
    pytest.mark.hub,
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.timeout(1800),
]

ASSIGNMENT = workshop_hub.ASSIGNMENT
COURSE_ID = "commonground"
FAC = kit.FACILITATOR
P1, P2 = kit.PARTICIPANTS
# as many as the machine holds, at least 10 (CG_LOAD_N=20 was run on the 2-core, 24 GB machine)
LOAD_N = max(10, int(os.environ.get("CG_LOAD_N", "10")))
LOAD_USERS = [f"cgload{i:02d}" for i in range(1, LOAD_N + 1)]
ALL_USERS = [FAC, P1, P2, *LOAD_USERS]
COURSE = "/home/jovyan/commonground"


@pytest.fixture(scope="module")
def hub(course_image, tmp_path_factory):
    """The containerised hub, its git server and proxy; every container and volume removed after."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kit.remove_leftovers(ALL_USERS)
    bridge = kit.bridge_address()
    proxy = kit.install_proxy()
    hubkit.make_course_repo(tmp_path_factory.mktemp("course"), git_root=kit.GIT_ROOT)
    git = hub = None
    try:
        git = hubkit.start_git_server(
            kit.GIT_ROOT,
            host=bridge,
            pid_file=kit.DATA / "git-daemon.pid",
            log_file=ARTIFACTS / "git-daemon.log",
        )
        hub = kit.start_hub(course_image, proxy, bridge, kit.install_ngshare())
        log(f"hub at {hub.url}, course at {git.url}")
        yield {"hub": hub, "git": git}
    finally:
        if hub is not None:
            hub.stop()
        if git is not None:
            git.stop()
        kit.remove_leftovers(ALL_USERS)


def _fac(cmd: list[str], **kw) -> str:
    result = kit.in_container(FAC, cmd, workdir=COURSE, **kw)
    log(f"{' '.join(cmd[:3])}: {result.stdout.strip()[-300:]}")
    return result.stdout


def _status(assignment: str) -> dict[str, dict[str, str]]:
    """``commonground status ASSIGNMENT`` in the facilitator's server, read back by its columns
    (the dashes under the header mark where each column starts and ends)."""
    text = _fac(["commonground", "status", assignment, "--course", COURSE])
    lines = text.splitlines()
    header, dashes = lines[0], lines[1]
    spans, start = [], None
    for i, char in enumerate(dashes + " "):
        if char == "-" and start is None:
            start = i
        elif char != "-" and start is not None:
            spans.append((start, i))
            start = None
    names = [header[a:b].strip() for a, b in spans]
    table = {}
    for line in lines[2:]:
        if not line.strip():
            break  # the "Why:" notes follow a blank line
        row = dict(zip(names, (line[a:b].strip() for a, b in spans), strict=True))
        table[row["participant"]] = row
    return table


def test_workshop_in_containers(hub, browser):
    from widgets.facilitate.link import gitpuller_link

    h, git = hub["hub"], hub["git"]
    measured: dict = {}
    link = gitpuller_link(h.url, git.url)
    participant_link = gitpuller_link(
        h.url, git.url, branch=hubkit.PARTICIPANT_BRANCH, path=workshop_hub.PARTICIPANT_START_HERE
    )

    # 1. the facilitator: the course through the link, the course in ngshare, the release ------
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    lab.sign_in(page, link, FAC, h.passwords["admin"])
    lab.wait_for_notebook(page, workshop_hub.START_HERE)
    context.close()
    assert (kit.home(FAC) / "commonground" / "nbgrader_config.py").is_file()
    assert kit.environment_of(FAC)["COMMONGROUND_FACILITATOR"] == "1"
    _fac(["ngshare-course-management", "create_course", COURSE_ID, FAC])
    # the participants, from a list as a facilitator would have it (ngshare's CSV format)
    roster = kit.home(FAC) / "participants.csv"
    roster.write_text(
        "student_id,first_name,last_name,email\n"
        + "".join(f"{user},,,\n" for user in (P1, P2, *LOAD_USERS))
    )
    added = _fac(
        [
            "ngshare-course-management",
            "add_students",
            COURSE_ID,
            f"/home/jovyan/{roster.name}",
            "--no-gb",
        ]
    )
    assert added.count("successfully added") == 2 + LOAD_N, added
    released = _fac(["commonground", "release", ASSIGNMENT, "--course", COURSE])
    assert f"Released {ASSIGNMENT}" in released

    # 2. each participant, through the browser ----------------------------------------------
    measured["participants"] = {}
    for user in (P1, P2):
        measured["participants"][user] = _participant(
            browser, h, participant_link, user, h.passwords["workshop"]
        )
        assert kit.environment_of(user)["COMMONGROUND_FACILITATOR"] == "0"

    # 3. status, collect, grade, feedback, export: the commands a facilitator types; with no
    # exchange folder in their container, status and collect ask ngshare who has submitted ----
    started = time.monotonic()
    before = _status(ASSIGNMENT)
    for user in (P1, P2):
        assert before[user]["submitted"] != "-", before  # ngshare holds it
        assert before[user]["collected"] == "-", before
        assert before[user]["status"] == "not graded yet", before
    collected = _fac(["commonground", "collect", ASSIGNMENT, "--course", COURSE])
    assert f"Collected {ASSIGNMENT}: 2 new submissions" in collected, collected
    assert P1 in collected and P2 in collected, collected
    _fac(["commonground", "grade", ASSIGNMENT, "--course", COURSE])
    _fac(["commonground", "feedback", ASSIGNMENT, "--course", COURSE])
    exported = _fac(["commonground", "export", "--out", "-", "--course", COURSE])
    measured["collect_grade_feedback_export_s"] = round(time.monotonic() - started, 1)
    rows = {
        row["participant"]: row
        for row in csv.DictReader(io.StringIO(exported))
        if row["assignment"] == ASSIGNMENT
    }
    for user, expected in workshop_hub.EXPECTED.items():
        assert rows[user]["status"] == "graded", rows[user]
        assert float(rows[user]["score"]) == pytest.approx(expected, abs=0.005), rows[user]
    after = _status(ASSIGNMENT)
    for user, expected in workshop_hub.EXPECTED.items():
        assert after[user]["status"] == "graded", after
        assert after[user]["collected"] == after[user]["submitted"] != "-", after
        assert after[user]["score"].startswith(f"{expected:g} / "), after
    kit.in_container(P1, ["nbgrader", "fetch_feedback", ASSIGNMENT])
    feedback = list((kit.home(P1) / ASSIGNMENT / "feedback").rglob(f"{ASSIGNMENT}.html"))
    assert feedback, "participant 1 got no feedback"
    assert "10" in feedback[0].read_text()

    # 4. isolation through ngshare and between servers ---------------------------------------
    measured["isolation"] = _check_isolation(h)

    # 5. limits, and Voilà from the same image -----------------------------------------------
    measured["limits"] = _check_limits(h)
    measured["voila_first_widget_s"] = _voila_page(browser, h, P1)

    dockerkit.record(workshop=measured)
    print(json.dumps({u: p["memory"]["total"] for u, p in measured["participants"].items()}))


def _participant(browser, h, link: str, user: str, password: str) -> dict:
    role, council, council_type = workshop_hub.PROFILES[user]
    server = f"{h.url}/user/{user}"
    course = workshop_hub.PARTICIPANT_COURSE
    start_here = f"{course}/{workshop_hub.PARTICIPANT_START_HERE}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        pressed = lab.sign_in(page, link, user, password)
        lab.wait_for_notebook(page, start_here)
        lab.wait_for_kernel(context, server, start_here)
        profile_radio = page.get_by_role("radio", name=role, exact=True)
        lab.run_all(page, profile_radio)
        profile_radio.scroll_into_view_if_needed(timeout=lab.LONG)
        profile_radio.wait_for(timeout=lab.LONG)
        first_widget_s = time.monotonic() - pressed
        log(f"{user}: first widget {first_widget_s:.1f} s after pressing Sign in")
        pulled = kit.home(user) / course
        assert (pulled / "12_next_steps.ipynb").is_file()
        assert not (pulled / "source").exists() and not (pulled / "tests").exists()

        profile_radio.check()
        page.get_by_role("radio", name=council, exact=True).check()
        if council_type:
            page.get_by_role("radio", name=council_type, exact=True).check()
        page.get_by_role("button", name="Save my profile").click()
        page.get_by_text("you are set up as").first.wait_for(timeout=lab.LONG)
        profile = json.loads((kit.home(user) / ".commonground" / "profile.json").read_text())
        assert profile["jurisdiction"] == council.lower()

        page.locator(".lm-MenuBar-item", has_text="Nbgrader").first.click()
        page.locator(".lm-Menu-item", has_text="Assignment List").first.click()
        released = page.locator("#released_assignments_list .list_item").filter(has_text=ASSIGNMENT)
        released.get_by_role("button", name="Fetch").click(timeout=lab.LONG)
        fetched = page.locator("#fetched_assignments_list").filter(has_text=ASSIGNMENT)
        fetched.first.wait_for(timeout=lab.LONG)
        notebook = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        assert (kit.home(user) / notebook).is_file(), "Fetch did not put the assignment home"

        workshop_hub._open_fetched(page, fetched)
        lab.wait_for_notebook(page, notebook)
        lab.wait_for_kernel(context, server, notebook)
        lab.run_all(page, page.get_by_role("button", name="Submit this assignment"))
        page.get_by_role("button", name="Check my answer").nth(5).wait_for(
            state="attached", timeout=lab.LONG
        )
        said = workshop_hub._answer(page, workshop_hub.ANSWERS[user])
        assert said == workshop_hub.FEEDBACK[user]

        page.get_by_role("button", name="Submit this assignment").click()
        done = page.get_by_text(f"Submitted '{ASSIGNMENT}' at")
        done.first.wait_for(timeout=lab.LONG)
        message = done.first.inner_text()
        assert "and your saved answers" in message, message
        lab.screenshot(page, ARTIFACTS / f"{user}_submitted.png")

        memory = kit.memory_of(user, lab.kernel_notebooks(context, server))
        log(f"{user}: {json.dumps(memory['total'])} over {len(memory['processes'])} processes")
        return {"first_widget_s": round(first_widget_s, 1), "memory": memory}
    except Exception:
        lab.screenshot(page, ARTIFACTS / f"{user}_failed.png")
        raise
    finally:
        context.close()


NGSHARE_PROBE = r"""
import base64, json, os, sys, requests
url = os.environ["COMMONGROUND_NGSHARE_URL"]
auth = {"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]}
course, assignment, victim = sys.argv[1:4]
me = os.environ["JUPYTERHUB_USER"]
out = {}
def call(name, method, path, headers=auth, **kw):
    r = requests.request(method, url + path, headers=headers, timeout=60,
                         allow_redirects=False, **kw)
    try:
        body = r.json()
    except ValueError:
        body = {"success": False, "message": r.text[:200]}
    out[name] = {"status": r.status_code, "success": bool(body.get("success")),
                 "message": str(body.get("message", ""))[:200]}
def own_files():
    # the attacker's own answered assignment, as ngshare_exchange would upload it
    top, files = os.path.expanduser("~/" + assignment), []
    for root, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if d not in ("feedback", ".ipynb_checkpoints")]
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                content = base64.b64encode(f.read()).decode()
            files.append({"path": os.path.relpath(path, top), "content": content})
    return json.dumps(files)
call("list everyone's submissions", "GET", f"/submissions/{course}/{assignment}")
call("list the victim's submissions", "GET", f"/submissions/{course}/{assignment}/{victim}")
call("download the victim's submission", "GET", f"/submission/{course}/{assignment}/{victim}")
call("upload to the victim's submission", "POST", f"/submission/{course}/{assignment}/{victim}",
     data={"files": own_files()})
call("read the victim's feedback", "GET", f"/feedback/{course}/{assignment}/{victim}")
call("overwrite the victim's feedback", "POST", f"/feedback/{course}/{assignment}/{victim}",
     data={"timestamp": "2020-01-01 00:00:00.000000 UTC", "files": "[]"})
call("list the course's students", "GET", f"/students/{course}")
call("remove the victim from the course", "DELETE", f"/student/{course}/{victim}")
call("make myself an instructor", "POST", f"/instructor/{course}/{me}",
     data={"first_name": "x", "last_name": "y", "email": "z"})
call("release over the assignment", "POST", f"/assignment/{course}/{assignment}",
     data={"files": "[]"})
call("delete the assignment (and every submission)", "DELETE", f"/assignment/{course}/{assignment}")
call("delete the course", "DELETE", f"/course/{course}")
call("dump ngshare's database", "GET", "/initialize-Data6ase?action=dump")
call("write a file outside the submission", "POST", f"/submission/{course}/{assignment}",
     data={"files": json.dumps([{"path": "../../escaped.txt", "content": "eA=="}])})
call("list submissions with no token", "GET", f"/submissions/{course}/{assignment}", headers={})
call("list submissions with a made-up token", "GET", f"/submissions/{course}/{assignment}",
     headers={"Authorization": "token " + "0" * 32})
call("list submissions with the victim's name for a token", "GET",
     f"/submissions/{course}/{assignment}", headers={"Authorization": "token " + victim})
# accepted, but as the token's owner: the extra student_id (query and form) is ignored
call("submit naming the victim, straight to ngshare", "POST",
     f"/submission/{course}/{assignment}?student_id={victim}",
     data={"files": own_files(), "student_id": victim})
call("own submissions", "GET", f"/submissions/{course}/{assignment}/{me}")
print(json.dumps(out))
"""

FAC_PROBE = r"""
import json, os, sys, requests
url = os.environ["COMMONGROUND_NGSHARE_URL"]
auth = {"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]}
course, assignment = sys.argv[1:3]
r = requests.get(f"{url}/submissions/{course}/{assignment}", headers=auth, timeout=60).json()
print(json.dumps([s["student_id"] for s in r["submissions"]]))
"""


FAC_RELEASED = r"""
import json, os, sys, requests
url = os.environ["COMMONGROUND_NGSHARE_URL"]
auth = {"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]}
course, assignment = sys.argv[1:3]
r = requests.get(f"{url}/assignment/{course}/{assignment}", headers=auth, timeout=60,
                 params={"list_only": "true"}).json()
print(json.dumps(sorted(f["path"] for f in r["files"] if f["path"].endswith(".ipynb"))))
"""


def _submitted_by(user: str) -> list[str]:
    out = kit.in_container(FAC, ["python", "-c", FAC_PROBE, COURSE_ID, ASSIGNMENT]).stdout
    return [s for s in json.loads(out) if s == user]


def _check_isolation(h) -> dict:
    """Participant 2 attacks participant 1 through ngshare with their own server's token."""
    before = {user: len(_submitted_by(user)) for user in (P1, P2)}
    probe = kit.in_container(P2, ["python", "-c", NGSHARE_PROBE, COURSE_ID, ASSIGNMENT, P1])
    found = json.loads(probe.stdout)
    log(f"isolation probe as {P2}: {json.dumps(found)}")
    accepted = ("own submissions", "submit naming the victim, straight to ngshare")
    for what, answer in found.items():
        if what in accepted:
            assert answer["success"], (what, answer)  # the token works: the refusals are real
        else:
            assert not answer["success"], (what, answer)
    # the submission naming participant 1 went in as participant 2's own; 1's is untouched
    assert len(_submitted_by(P1)) == before[P1], "participant 2 submitted as participant 1"
    assert len(_submitted_by(P2)) == before[P2] + 1, "the direct submission was not recorded"
    released = kit.in_container(FAC, ["python", "-c", FAC_RELEASED, COURSE_ID, ASSIGNMENT]).stdout
    assert json.loads(released) == [f"{ASSIGNMENT}.ipynb"], released  # the release is intact
    storage = kit.DATA / "hub" / "ngshare"
    assert not list(storage.rglob("escaped.txt")) and not (storage.parent / "escaped.txt").exists()

    # and through nbgrader's own client: refused before it reaches ngshare
    forged = kit.in_container(
        P2, ["nbgrader", "submit", ASSIGNMENT, f"--student={P1}"], check=False
    )
    assert len(_submitted_by(P1)) == before[P1], "participant 2 submitted as participant 1"
    assert forged.returncode != 0, forged.stdout
    assert "explicit student ID" in forged.stdout + forged.stderr, forged
    found["nbgrader submit --student=<victim>"] = "refused: explicit student ID"

    # participant 1's server, reached directly from participant 2's container
    p1_ip = json.loads(docker("inspect", kit.container(P1)).stdout)[0]["NetworkSettings"][
        "IPAddress"
    ]
    reach = (
        "import os, requests\n"
        f"r = requests.get('http://{p1_ip}:8888/user/{P1}/api/contents', allow_redirects=False,"
        " headers={'Authorization': 'token ' + os.environ['JUPYTERHUB_API_TOKEN']}, timeout=30)\n"
        "print(r.status_code)\n"
    )
    status = int(kit.in_container(P2, ["python", "-c", reach]).stdout.strip())
    assert status in (302, 403), f"participant 1's server answered participant 2 with {status}"
    found["participant 1's server, with participant 2's token"] = status
    mounts = json.loads(docker("inspect", kit.container(P2)).stdout)[0]["Mounts"]
    assert [m["Name"] for m in mounts] == [kit.volume(P2)], mounts
    return found


def _check_limits(h) -> dict:
    limits = kit.limits_of(P2)
    assert limits["memory_bytes"] == 2**30
    assert limits["cpu_quota"] / limits["cpu_period"] == kit.CPU_LIMIT
    hog = kit.in_container(
        P2,
        [
            "python",
            "-c",
            "b = bytearray(1500 * 2**20); b[::4096] = b'x' * len(b[::4096]); print('allocated')",
        ],
        check=False,
    )
    assert hog.returncode == 137 and "allocated" not in hog.stdout, hog
    assert h.server_ready(P2), "participant 2's server died with the process over the limit"
    status = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, urllib.request as u; r = u.Request(sys.argv[1], headers={'Authorization':"
            " 'token ' + sys.argv[2]}); print(u.urlopen(r, timeout=60).status)",
            f"{h.url}/user/{P2}/api/status",
            h.token,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert status == "200", status
    return {**limits, "asked_mb": 1500, "killed": hog.returncode, "server_after": status}


def _voila_page(browser, h, user: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        # signed in again: a fresh context has no hub cookie
        page.goto(f"{h.url}/hub/login", timeout=lab.LONG)
        page.fill("#username_input", user)
        page.fill("#password_input", h.passwords["workshop"])
        page.click("#login_submit")
        page.wait_for_url("**/lab**", timeout=lab.LONG)
        started = time.monotonic()
        page.goto(
            f"{h.url}/user/{user}/voila/render/{workshop_hub.PARTICIPANT_COURSE}/"
            "08_building_trust.ipynb",
            timeout=lab.LONG,
        )
        page.get_by_role("radio").first.wait_for(timeout=lab.LONG)
        seconds = round(time.monotonic() - started, 1)
        lab.screenshot(page, ARTIFACTS / "voila_08.png")
        return seconds
    finally:
        context.close()


# the load test -----------------------------------------------------------------------------------
RIGHT = workshop_hub.ANSWERS[P1]  # an officer in England, everything right: 10 points


def _xsrf(context, user: str) -> str:
    cookies = [c for c in context.cookies() if c["name"] == "_xsrf" and user in c["path"]]
    return cookies[-1]["value"] if cookies else ""


def _answer_in_voila(page) -> None:
    """Every check answered as a participant does, by its labels (answers save as they change)."""
    for check, answer in RIGHT.items():
        root = page
        if check.startswith("statutory"):  # Scotland's question has some of the same posts
            root = lab.question(page, workshop_hub.PROMPTS[check])
        if isinstance(answer, str):
            lab.choose_radio(root, answer)
        elif isinstance(answer, list):
            for label in answer:
                lab.tick(root, label)
        else:
            for left, right in answer.items():
                lab.match(root, left, right)


def test_load_n_participants_at_once(hub, browser):
    """N participants sign in at once, answer in Voilà and submit; nothing lost, no error."""
    h = hub["hub"]
    started = time.monotonic()
    for user in LOAD_USERS:
        h.start_server(user)
    with ThreadPoolExecutor(LOAD_N) as pool:
        list(pool.map(h.wait_ready, LOAD_USERS))
    spawned_s = round(time.monotonic() - started, 1)
    log(f"{LOAD_N} servers started together in {spawned_s} s")
    for user in LOAD_USERS:  # what Start here would save (its form is tested above)
        kit.in_container(
            user,
            [
                "python",
                "-c",
                "from widgets.profile import save_profile; "
                "save_profile('officer', 'england', 'Load test', council_type='county')",
            ],
        )

    contexts, pages, timings = [], {}, {}
    errors: list[str] = []
    try:
        for user in LOAD_USERS:
            context = browser.new_context(viewport={"width": 1024, "height": 900})
            contexts.append(context)
            page = context.new_page()
            page.on("pageerror", lambda err, u=user: errors.append(f"{u}: {err}"))
            page.goto(f"{h.url}/hub/login?next=/user/{user}/lab", timeout=lab.LONG)
            page.fill("#username_input", user)
            page.fill("#password_input", h.passwords["workshop"])
            page.click("#login_submit")
            pages[user] = page
        for user, page in pages.items():
            page.wait_for_url(f"**/user/{user}/lab**", timeout=lab.LONG)
            fetched = page.context.request.post(
                f"{h.url}/user/{user}/assignments/fetch",
                data=json.dumps({"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}),
                headers={"X-XSRFToken": _xsrf(page.context, user)},
            )
            assert fetched.ok, (user, fetched.status, fetched.text()[:300])
        begun = time.monotonic()
        url = "{hub}/user/{user}/voila/render/{a}/{a}.ipynb"
        for user, page in pages.items():
            timings[user] = time.monotonic()
            page.goto(url.format(hub=h.url, user=user, a=ASSIGNMENT), wait_until="commit")
        for user, page in pages.items():
            page.get_by_role("button", name="Submit this assignment").wait_for(timeout=lab.LONG)
            timings[user] = round(time.monotonic() - timings[user], 1)
        for page in pages.values():
            _answer_in_voila(page)
        for page in pages.values():
            page.get_by_role("button", name="Submit this assignment").click(timeout=lab.LONG)
        for user, page in pages.items():
            done = page.get_by_text(f"Submitted '{ASSIGNMENT}' at")
            done.first.wait_for(timeout=lab.LONG)
            assert "and your saved answers" in done.first.inner_text(), user
        answered_s = round(time.monotonic() - begun, 1)
        memory = {u: kit.memory_of(u)["total"] for u in LOAD_USERS}
    finally:
        for context in contexts:
            context.close()
    assert not errors, errors

    collected = _fac(["commonground", "collect", ASSIGNMENT, "--course", COURSE])
    assert f"Collected {ASSIGNMENT}: {LOAD_N} new submissions" in collected, collected
    _fac(["commonground", "grade", ASSIGNMENT, "--course", COURSE])
    exported = _fac(["commonground", "export", "--out", "-", "--course", COURSE])
    rows = {
        row["participant"]: row
        for row in csv.DictReader(io.StringIO(exported))
        if row["assignment"] == ASSIGNMENT
    }
    for user in LOAD_USERS:
        assert rows[user]["status"] == "graded" and float(rows[user]["score"]) == 10, rows[user]
        saved = json.loads(
            (
                kit.home(FAC)
                / "commonground"
                / "submitted"
                / user
                / ASSIGNMENT
                / "commonground_answers.json"
            ).read_text()
        )
        assert saved["participant"]["id"] == user
    table = _status(ASSIGNMENT)
    assert all(table[u]["status"] == "graded" for u in LOAD_USERS), table

    # a participant asks to be erased: everything in the course goes; what ngshare still holds
    # (its API deletes no submission) is named, and erase exits 1 so it is not passed over
    gone = LOAD_USERS[-1]
    erased = kit.in_container(
        FAC, ["commonground", "erase", gone, "--course", COURSE], workdir=COURSE, check=False
    )
    log(f"commonground erase {gone}: exit {erased.returncode}: {erased.stdout.strip()[-600:]}")
    assert erased.returncode == 1, erased
    assert "Removed from the gradebook" in erased.stdout, erased.stdout
    assert "Left in ngshare at" in erased.stdout, erased.stdout
    assert f"{ASSIGNMENT} submitted at" in erased.stdout, erased.stdout
    assert not (kit.home(FAC) / "commonground" / "submitted" / gone).exists()
    exported = _fac(["commonground", "export", "--out", "-", "--course", COURSE])
    left = [r for r in csv.DictReader(io.StringIO(exported)) if r["participant"] == gone]
    # still in ngshare, so listed as submitted but not collected; no score, nothing of theirs
    assert [r["status"] for r in left if r["assignment"] == ASSIGNMENT] == ["not graded yet"]
    assert all(not r["score"] for r in left), left
    rss = sorted(m["rss_mib"] for m in memory.values())
    figures = {
        "n": LOAD_N,
        "servers_started_together_s": spawned_s,
        "voila_page_to_submit_button_s": timings,
        "open_answer_submit_all_s": answered_s,
        "rss_mib_per_participant": {"min": rss[0], "median": rss[len(rss) // 2], "max": rss[-1]},
        "errors": errors,
        "graded_10": sum(float(rows[u]["score"]) == 10 for u in LOAD_USERS),
    }
    log(f"load test: {json.dumps(figures)}")
    dockerkit.record(load=figures)


def test_the_idle_culler_stops_servers_nobody_uses(hub):
    """jupyterhub-idle-culler, as the hub runs it, with a timeout of seconds."""
    h = hub["hub"]
    running = [u["name"] for u in h.api("GET", "/users") if u.get("servers")]
    assert running, "no server to cull"
    culler = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--url={h.url}/hub/api",
            "--timeout=5",
            "--cull-every=5",
        ],
        env={"JUPYTERHUB_API_TOKEN": h.token, "PATH": "/usr/bin:/bin"},
        stdout=open(ARTIFACTS / "idle-culler.log", "w"),  # noqa: SIM115 - lives as long as it
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 240
        while any(u.get("servers") for u in h.api("GET", "/users")):
            assert time.monotonic() < deadline, "the idle culler left servers running"
            time.sleep(2)
    finally:
        hubkit.stop_process(culler)
    left = docker("ps", "--filter", "name=commonground-", "--format", "{{.Names}}").stdout.split()
    assert not left, left
    dockerkit.record(culled=running)
