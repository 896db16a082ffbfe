"""The machinery of the hub test: install, OS users, the course repository, the hub, measurements.

Everything here acts on the real machine (it must run as root): it installs the single-machine hub
with deploy/single-machine/install.sh under its own prefix (so a real installation on the same
machine is never touched), creates and removes real OS users, serves the course repository with
``git daemon`` as a stand-in for the council's git host, and starts JupyterHub on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "single-machine"
ARTIFACTS = ROOT / "test-artifacts" / "hub"

# The test's own installation, beside (never over) a real /opt/commonground and /srv/commonground.
PREFIX = Path("/opt/commonground-hubtest")
INSTALLED_CONFIG = PREFIX / "etc" / "jupyterhub_config.py"
DATA = Path("/srv/commonground-hubtest")
EXCHANGE = DATA / "exchange"
COURSE_ID = "commonground"
GIT_ROOT = DATA / "git"
REPO_NAME = "commonground.git"
PARTICIPANT_BRANCH = "participants"
PARTICIPANT_PREFIX = "notebooks"

FACILITATOR = "cghubfac"
PARTICIPANTS = ("cghubp1", "cghubp2")
USERS = (FACILITATOR, *PARTICIPANTS)


def free_port() -> int:
    """A port nobody listens on now (the kernel picks it), for one of the hub's listeners."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(f"[hub test {time.strftime('%H:%M:%S')}] {message}", flush=True)


# running commands -------------------------------------------------------------------------------
def run(
    cmd: list[str], *, check: bool = True, timeout: float = 600, **kw
) -> subprocess.CompletedProcess:
    """Run a command, keeping its output for the failure message."""
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} exited {result.returncode}\n--- stdout\n{result.stdout}\n"
            f"--- stderr\n{result.stderr}"
        )
    return result


def home_of(user: str) -> Path:
    import pwd

    return Path(pwd.getpwnam(user).pw_dir)


def as_user(user: str, cmd: list[str], *, check: bool = True, timeout: float = 600):
    """Run ``cmd`` as OS user ``user`` with the environment a hub server gives them."""
    env = [
        f"HOME={home_of(user)}",
        f"USER={user}",
        f"PATH={PREFIX / 'env' / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "LANG=C.UTF-8",
        f"COMMONGROUND_EXCHANGE={EXCHANGE}",
        f"COMMONGROUND_COURSE={COURSE_ID}",
    ]
    return run(
        ["runuser", "-u", user, "--", "env", "-i", *env, *cmd],
        check=check,
        timeout=timeout,
        cwd=home_of(user),
    )


# installing -------------------------------------------------------------------------------------
def install_env() -> dict[str, str]:
    return {
        **os.environ,
        "CG_PREFIX": str(PREFIX),
        "CG_DATA": str(DATA),
        "CG_COURSE": COURSE_ID,
        "CG_SOURCE": str(ROOT),
    }


def install() -> float:
    """Run the install script as the IT person would; returns the seconds it took."""
    started = time.monotonic()
    result = run(["bash", str(DEPLOY / "install.sh")], env=install_env(), timeout=900)
    (ARTIFACTS / "install.log").write_text(result.stdout + result.stderr)
    return time.monotonic() - started


# OS users ---------------------------------------------------------------------------------------
def user_exists(user: str) -> bool:
    return run(["id", user], check=False).returncode == 0


def user_processes(user: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["username"]):
        if proc.info["username"] == user:
            found.append(proc)
    return found


def end_processes(procs: list[psutil.Process], grace: float = 20) -> None:
    """SIGTERM, then SIGKILL what is left, each process by its own id."""
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.terminate()
    _, alive = psutil.wait_procs(procs, timeout=grace)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(alive, timeout=grace)


def remove_users() -> None:
    """Remove the test's users (left from this run or a crashed one) with the deploy script."""
    present = [u for u in USERS if user_exists(u)]
    for user in present:
        end_processes(user_processes(user))
    if present:
        run(["bash", str(DEPLOY / "remove-users.sh"), *present])


def add_users() -> dict[str, str]:
    """Create the facilitator and the participants with the deploy script; name -> password."""
    passwords: dict[str, str] = {}
    for flags, names in ((["--facilitator"], [FACILITATOR]), ([], list(PARTICIPANTS))):
        out = run([str(PREFIX / "bin" / "commonground-add-users"), *flags, *names]).stdout
        for line in out.splitlines():
            name, _, password = line.partition(" ")
            passwords[name] = password
    assert set(passwords) == set(USERS), f"add-users printed passwords for {sorted(passwords)}"
    return passwords


# the course repository --------------------------------------------------------------------------
@dataclass
class GitServer:
    process: subprocess.Popen
    port: int
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"git://{self.host}:{self.port}/{REPO_NAME}"

    def stop(self) -> None:
        stop_process(self.process)


def make_course_repo(scratch: Path, git_root: Path = GIT_ROOT) -> Path:
    """A bare git repository of this working tree (committed or not), as the council would push
    (into ``git_root``; tests/deploy's container hub keeps its own)."""
    work = scratch / "course-src"
    listed = run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if name.startswith("test-artifacts/") or not source.is_file():
            continue
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    ident = ["-c", "user.name=Common Ground hub test", "-c", "user.email=hub-test@example.invalid"]
    run(["git", "init", "-q", "-b", "main"], cwd=work)
    run(["git", "add", "-A"], cwd=work)
    run(["git", *ident, "commit", "-q", "-m", "Common Ground course"], cwd=work)
    # Participants get the notebooks alone (no source/ with its hidden tests, no tests/): the
    # branch the README tells the council to publish with ``git subtree split``.
    run(
        [
            "git",
            *ident,
            "subtree",
            "split",
            "-q",
            f"--prefix={PARTICIPANT_PREFIX}",
            "-b",
            PARTICIPANT_BRANCH,
        ],
        cwd=work,
    )
    bare = git_root / REPO_NAME
    shutil.rmtree(bare, ignore_errors=True)
    git_root.mkdir(parents=True, exist_ok=True)
    run(["git", "clone", "-q", "--bare", str(work), str(bare)])
    run(["chmod", "-R", "a+rX", str(git_root)])
    return bare


def start_git_server(
    git_root: Path = GIT_ROOT,
    host: str = "127.0.0.1",
    pid_file: Path | None = None,
    log_file: Path | None = None,
) -> GitServer:
    """``git daemon`` on ``host``: the participants' servers clone from it as from any git host
    (containers reach it on the Docker bridge's address).

    (A file:// URL does not do: git refuses a repository owned by another user.)"""
    port = free_port()
    process = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            f"--listen={host}",
            f"--port={port}",
            f"--base-path={git_root}",
            "--export-all",
            str(git_root),
        ],
        stdout=open(log_file or ARTIFACTS / "git-daemon.log", "w"),  # noqa: SIM115 - lives as long
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    (pid_file or DATA / "git-daemon.pid").write_text(str(process.pid))
    deadline = time.monotonic() + 60
    while run(["git", "ls-remote", f"git://{host}:{port}/{REPO_NAME}"], check=False).returncode:
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError("git daemon did not start; see test-artifacts/hub/git-daemon.log")
        time.sleep(0.5)
    return GitServer(process, port, host)


# the hub ----------------------------------------------------------------------------------------
@dataclass
class Hub:
    process: subprocess.Popen
    port: int
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop_process(self.process, grace=90)


def stop_process(process: subprocess.Popen, grace: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=grace)


def start_hub(config: Path | None = None) -> Hub:
    """Start JupyterHub as the README says (as root, the installed config), on free ports;
    ``config`` is a test's own file to start with instead (it loads the installed one first)."""
    ports = {
        "CG_HUB_PORT": free_port(),
        "CG_HUB_API_PORT": free_port(),
        "CG_PROXY_API_PORT": free_port(),
    }
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": "/root",
        "CG_PREFIX": str(PREFIX),
        "CG_DATA": str(DATA),
        **{k: str(v) for k, v in ports.items()},
    }
    process = subprocess.Popen(
        [
            str(PREFIX / "env" / "bin" / "jupyterhub"),
            "-f",
            str(config or INSTALLED_CONFIG),
        ],
        cwd=DATA / "hub",
        env=env,
        stdout=open(ARTIFACTS / "jupyterhub.log", "w"),  # noqa: SIM115 - lives as long as it
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    hub = Hub(process, ports["CG_HUB_PORT"], ports)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise AssertionError(
                "JupyterHub exited at start; see test-artifacts/hub/jupyterhub.log"
            )
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=10) as response:
                if json.load(response).get("version"):
                    return hub
        except (urllib.error.URLError, OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            hub.stop()
            raise AssertionError("JupyterHub did not answer within 120 s; see jupyterhub.log")
        time.sleep(0.5)


def stop_leftovers() -> None:
    """A hub, proxy or git daemon left running by a crashed earlier run (found by its pid file,
    and ended only if that pid is still the program the file was written for)."""
    for pid_file, mark in (
        (DATA / "hub" / "jupyterhub.pid", str(PREFIX)),
        (DATA / "hub" / "proxy.pid", "configurable-http-proxy"),
        (DATA / "git-daemon.pid", str(GIT_ROOT)),
    ):
        try:
            proc = psutil.Process(int(pid_file.read_text().strip()))
            if mark in " ".join(proc.cmdline()):
                end_processes([proc])
        except (OSError, ValueError, psutil.NoSuchProcess, psutil.AccessDenied):
            pass


def reset_data() -> None:
    """Fresh exchange, hub database and repository for this run (install.sh recreates them)."""
    shutil.rmtree(DATA, ignore_errors=True)


def hub_config_over_installed(path: Path, extra: str) -> Path:
    """A hub config file that loads the installed one, then applies ``extra`` (a test's own
    settings, so the shipped defaults are never edited)."""
    path.write_text(f"load_subconfig({str(INSTALLED_CONFIG)!r})\n" + textwrap.dedent(extra))
    path.chmod(0o600)
    return path


@contextlib.contextmanager
def workshop_hub(scratch: Path, extra_config: str = "") -> Iterator[dict]:
    """The installed hub, its users and the course repository; everything removed afterwards.

    ``extra_config`` (hub config lines) is applied over the installed config."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()

    # leftovers of a crashed run: its hub, git daemon, users and data
    stop_leftovers()
    remove_users()
    reset_data()

    measured: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    git = hub = None
    try:
        measured["install_s"] = round(install(), 1)
        log(f"installed in {measured['install_s']} s")
        passwords = add_users()
        make_course_repo(scratch)
        git = start_git_server()
        config = extra_config and hub_config_over_installed(scratch / "hub.py", extra_config)
        hub = start_hub(config or None)
        log(f"hub at {hub.url}, course at {git.url}")
        yield {"hub": hub, "git": git, "passwords": passwords, "measured": measured}
    finally:
        if hub is not None:
            hub.stop()
        if git is not None:
            git.stop()
        remove_users()
        reset_data()
        assert not any(user_exists(u) for u in USERS), "a test user was not removed"


# measurements -----------------------------------------------------------------------------------
def kind_of(proc: psutil.Process) -> str:
    try:
        cmdline = " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return "gone"
    if "jupyterhub-singleuser" in cmdline:
        return "server"
    if "ipykernel_launcher" in cmdline:
        return "kernel"
    return "other"


def notebook_of(proc: psutil.Process, kernels: dict[str, str]) -> str:
    """The notebook a kernel process serves, from the kernel id in its connection file name."""
    try:
        cmdline = " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return ""
    return next((path for kid, path in kernels.items() if f"kernel-{kid}.json" in cmdline), "")


def memory_of(user: str, kernels: dict[str, str] | None = None) -> dict:
    """RSS, USS and PSS (MiB) and CPU seconds of every process of ``user``, by kind and summed;
    ``kernels`` (kernel id -> notebook path) names the notebook of each kernel."""
    mib = 1024 * 1024
    rows = []
    for proc in user_processes(user):
        try:
            info = proc.memory_full_info()
            cpu = proc.cpu_times()
            rows.append(
                {
                    "pid": proc.pid,
                    "kind": kind_of(proc),
                    "notebook": notebook_of(proc, kernels or {}),
                    "rss_mib": round(info.rss / mib, 1),
                    "uss_mib": round(info.uss / mib, 1),
                    "pss_mib": round(info.pss / mib, 1),
                    "cpu_s": round(
                        cpu.user + cpu.system + cpu.children_user + cpu.children_system, 2
                    ),
                }
            )
        except psutil.NoSuchProcess:
            continue
    total = {
        key: round(sum(r[key] for r in rows), 1)
        for key in ("rss_mib", "uss_mib", "pss_mib", "cpu_s")
    }
    return {
        "processes": rows,
        "kernels": sum(1 for r in rows if r["kind"] == "kernel"),
        "total": total,
    }


def hub_memory(hub: Hub) -> dict:
    """The hub and its proxy (root's share of the machine, paid once per workshop)."""
    mib = 1024 * 1024
    procs = [psutil.Process(hub.process.pid)]
    procs += [p for p in procs[0].children(recursive=True) if p.username() == "root"]
    rss = sum(p.memory_info().rss for p in procs)
    return {"processes": len(procs), "rss_mib": round(rss / mib, 1)}
