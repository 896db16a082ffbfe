"""The course image builds here from deploy/kubernetes/Dockerfile and is the image z2jh would run.

Built by deploy/containers/build-images.sh on a Debian bookworm base made with debootstrap (no
container registry is reachable here), with the system python3.11 because uv's managed Python
cannot be downloaded. Then the image is checked from the inside: the locked versions, the default
command, the user, the exchange configuration, and that nothing outside the build's allow-list
(answers files, environments, test output) got into it.
"""

from __future__ import annotations

import json
import tomllib

import pytest

from . import dockerkit
from .dockerkit import ROOT, docker

pytestmark = [pytest.mark.docker, pytest.mark.slow, pytest.mark.timeout(1800)]


def _locked(name: str) -> str:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    (package,) = [p for p in lock["package"] if p["name"] == name]
    return package["version"]


def _in_image(image: str, *cmd: str, **kw) -> str:
    return docker("run", "--rm", "--network=none", image, *cmd, **kw).stdout


def test_the_image_holds_the_locked_course_and_starts_the_singleuser_server(course_image) -> None:
    config = json.loads(docker("image", "inspect", course_image).stdout)[0]["Config"]
    assert config["Entrypoint"] == ["tini", "-g", "--"]
    assert config["Cmd"] == ["jupyterhub-singleuser"]
    assert config["User"] == "1000"
    assert _in_image(course_image, "id", "-u").strip() == "1000"
    assert _in_image(course_image, "jupyterhub-singleuser", "--version").strip() == _locked(
        "jupyterhub"
    )
    versions = json.loads(
        _in_image(
            course_image,
            "python",
            "-c",
            "import json, importlib.metadata as m; print(json.dumps({n: m.version(n) for n in "
            "('nbgrader', 'voila', 'jupyterlab', 'ngshare-exchange', 'commonground')}))",
        )
    )
    for name, version in versions.items():
        assert version == _locked(name), (name, version)


def test_the_exchange_in_the_image_is_ngshare(course_image) -> None:
    """nbgrader inside the image resolves every exchange step to ngshare_exchange."""
    probe = (
        "from nbgrader.apps.baseapp import NbGrader\n"
        "app = NbGrader(); app.initialize([]); c = app.config\n"
        "f = c.ExchangeFactory\n"
        "print(c.CourseDirectory.course_id, f.submit.__module__, f.collect.__module__, "
        "f.exchange._ngshare_url)\n"
    )
    out = _in_image(
        course_image,
        "env",
        "JUPYTERHUB_USER=probe",
        "COMMONGROUND_NGSHARE_URL=http://hub.example/services/ngshare",
        "python",
        "-c",
        probe,
    ).split()[-4:]
    assert out == [
        "commonground",
        "ngshare_exchange.submit",
        "ngshare_exchange.collect",
        "http://hub.example/services/ngshare",
    ]


def test_nothing_a_participant_entered_is_in_the_image(course_image, tmp_path) -> None:
    """.dockerignore lets only the package, the data and the lock into the build context."""
    found = _in_image(
        course_image,
        "sh",
        "-c",
        # (the environment is left out: nbgrader's own test data holds a gradebook.db)
        "find / -xdev -path /opt/commonground/env -prune -o \\( -name 'commonground_answers.json*' "
        "-o -name gradebook.db -o -name profile.json -o -name .venv -o -name test-artifacts \\) "
        "-print; "
        "ls -A /tmp/commonground 2>/dev/null || true",
    )
    assert "commonground_answers.json" not in found and "gradebook.db" not in found, found
    assert "test-artifacts" not in found and ".venv" not in found, found
    assert not found.strip(), found  # nothing found, and the build folder is gone or empty
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ignored[ignored.index("*") + 1 :][:1] == ["!pyproject.toml"]


def test_a_container_over_its_memory_limit_is_killed(course_image) -> None:
    """The kernel's limit is the container's: 400 MB asked for under a 256 MB limit is refused."""
    result = docker(
        "run",
        "--rm",
        "--network=none",
        "--memory=256m",
        "--memory-swap=256m",
        course_image,
        "python",
        "-c",
        "b = bytearray(400 * 2**20); b[::4096] = b'x' * len(b[::4096]); print('allocated')",
        check=False,
    )
    assert result.returncode == 137 and "allocated" not in result.stdout, result
    dockerkit.record(oom_check={"limit_mb": 256, "asked_mb": 400, "exit": result.returncode})
