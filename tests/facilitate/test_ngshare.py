"""``release``, ``collect``, ``status`` and ``erase`` against a real ngshare server, no docker.

ngshare runs here from its own environment (``deploy/containers/ngshare-requirements.txt``,
built as the container test builds it), in its stand-alone mode (``--vngshare``: it listens on a
port of its own). It asks JupyterHub's API who holds each token, as it does on the hub; here a
small stand-in for that one endpoint (``GET /hub/api/user``) answers for the tokens
``token-<user>``, and :func:`as_user` sets ``JUPYTERHUB_API_TOKEN`` as a user's server would. The
course is configured exactly as on the hub: ``COMMONGROUND_NGSHARE_URL`` makes
``nbgrader_config.py`` call ``configureExchange``, so the facilitator's commands have no exchange
folder to read and must ask ngshare through nbgrader's exchange API.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from widgets.cli import main
from widgets.facilitate.collect import collect
from widgets.facilitate.course import Course, FacilitatorError
from widgets.facilitate.inbound import inbound_submitters

from .kit import KIT_ASSIGNMENT, ROOT, make_course, person, take_part

pytestmark = pytest.mark.slow

FAC = "fac"
COURSE_ID = "commonground"


class Hub(http.server.BaseHTTPRequestHandler):
    """JupyterHub's ``GET /hub/api/user``: who holds the token ``token-<user>``."""

    def do_GET(self) -> None:
        token = self.headers.get("Authorization", "").removeprefix("token ")
        if self.path.split("?")[0] != "/hub/api/user" or not token.startswith("token-"):
            self.send_response(403)
            self.end_headers()
            return
        body = json.dumps({"name": token.removeprefix("token-"), "admin": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ngshare_python(top: Path) -> Path:
    """ngshare's own environment (it needs SQLAlchemy 1.4), as the container test builds it."""
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    env = top / "ngshare-env"
    requirements = ROOT / "deploy" / "containers" / "ngshare-requirements.txt"
    python = ["--python", sys.executable, "--no-python-downloads"]
    try:
        subprocess.run([uv, "venv", "--quiet", *python, str(env)], check=True, timeout=120)
        into = ["--python", str(env / "bin" / "python"), "-r", str(requirements)]
        subprocess.run([uv, "pip", "install", "--quiet", *into], check=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as err:
        pytest.skip(f"ngshare's environment could not be built here ({err})")
    return env / "bin" / "python"


@pytest.fixture(scope="module")
def ngshare(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    top = tmp_path_factory.mktemp("ngshare")
    port = free_port()
    command = [str(ngshare_python(top)), "-m", "ngshare", "--vngshare", "--debug"]
    command += ["--database", f"sqlite:///{top / 'ngshare.db'}", "--storage", str(top / "files")]
    command += ["--port", str(port), "--admins", FAC]  # facilitators are its admins on the hub
    hub_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=hub_server.serve_forever, daemon=True).start()
    hub = {
        "JUPYTERHUB_API_URL": f"http://127.0.0.1:{hub_server.server_port}/hub/api",
        "JUPYTERHUB_API_TOKEN": "token-ngshare",
        "JUPYTERHUB_CLIENT_ID": "service-ngshare",
        "JUPYTERHUB_SERVICE_PREFIX": "/api/",
    }
    log = top / "ngshare.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, **hub}
        )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                    break
            time.sleep(0.3)
        else:
            pytest.fail(f"ngshare did not start: {log.read_text(errors='replace')[-2000:]}")
        as_fac = {"Authorization": f"token token-{FAC}"}
        reply = requests.post(f"{url}/course/{COURSE_ID}", headers=as_fac, timeout=10)
        assert reply.json()["success"], reply.text
        for student in ("n-one", "n-two"):
            names = {"first_name": "", "last_name": "", "email": ""}
            added = requests.post(
                f"{url}/student/{COURSE_ID}/{student}",
                headers=as_fac,
                data=names,
                timeout=10,
            )
            assert added.json()["success"], added.text
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        hub_server.shutdown()


@contextlib.contextmanager
def as_user(name: str) -> Iterator[None]:
    """Requests to ngshare as ``name``: the token a user's server holds on the hub."""
    before = os.environ.get("JUPYTERHUB_API_TOKEN")
    os.environ["JUPYTERHUB_API_TOKEN"] = f"token-{name}"
    try:
        yield
    finally:
        os.environ["JUPYTERHUB_API_TOKEN"] = before or f"token-{FAC}"


@pytest.fixture()
def hub_course(ngshare: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course configured as on the containerised hub, the facilitator signed in."""
    monkeypatch.setenv("COMMONGROUND_NGSHARE_URL", ngshare)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", f"token-{FAC}")
    return make_course(tmp_path)


def test_the_facilitator_commands_ask_ngshare(hub_course: Path, ngshare: str, capsys) -> None:
    where = f"ngshare at {ngshare}"
    assert main(["release", KIT_ASSIGNMENT, "--course", str(hub_course)]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith(f"participants can fetch it from {where}."), out

    course = Course(hub_course)
    with pytest.raises(FacilitatorError) as nothing:
        collect(course, KIT_ASSIGNMENT)
    assert str(nothing.value) == (
        f"Nothing has been submitted for '{KIT_ASSIGNMENT}' yet: {where} has no submissions of it."
    )

    homes = hub_course.parent / "homes"
    for student, correct in (("n-one", True), ("n-two", False)):
        with as_user(student):
            take_part(course, KIT_ASSIGNMENT, person(student), homes, correct=correct)
    assert main(["collect", KIT_ASSIGNMENT, "--course", str(hub_course)]) == 0
    out = capsys.readouterr().out
    assert f"Collected {KIT_ASSIGNMENT}: 2 new submissions, 0 updated, 0 unchanged." in out
    assert {p.name for p in (hub_course / "submitted").iterdir()} == {"n-one", "n-two"}

    assert main(["status", KIT_ASSIGNMENT, "--course", str(hub_course)]) == 0
    table = capsys.readouterr().out
    for student in ("n-one", "n-two"):
        line = next(line for line in table.splitlines() if line.startswith(student))
        submitted = line.split()[2]  # the day of the submission ngshare holds, not "-"
        assert submitted[:2] == "20" and "not graded yet" in line, table

    assert main(["erase", "n-one", "--dry-run", "--course", str(hub_course)]) == 1
    out = capsys.readouterr().out
    assert f"Would remove {hub_course / 'submitted' / 'n-one'}" in out
    assert f"Left in {where}: these submissions" in out
    held = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert any(line.startswith(f"{KIT_ASSIGNMENT} submitted at 20") for line in held), out
    assert "n-two" not in out
    assert (hub_course / "submitted" / "n-one").is_dir()  # a dry run removes nothing


def test_an_unreachable_ngshare_is_one_sentence(tmp_path: Path, monkeypatch) -> None:
    url = f"http://127.0.0.1:{free_port()}/api"  # nothing listens there
    monkeypatch.setenv("COMMONGROUND_NGSHARE_URL", url)
    course = Course(make_course(tmp_path))
    with pytest.raises(FacilitatorError) as failed:
        inbound_submitters(course, KIT_ASSIGNMENT)
    message = str(failed.value)
    assert message.startswith(f"Could not ask ngshare at {url} for submissions: "), message
    assert "\n" not in message and "Traceback" not in message
