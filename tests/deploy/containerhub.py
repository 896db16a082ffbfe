"""The machinery of the container hub test: the hub, its API, the participants' containers.

JupyterHub runs on this machine from .venv with deploy/containers/jupyterhub_config.py
(DockerSpawner, the ngshare service, the idle culler), listening on the Docker bridge's address;
the proxy is configurable-http-proxy from npm (pinned by deploy/single-machine/node); the course
repository is served by ``git daemon`` on the bridge too, so containers clone it as from any host.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.hub import hubkit

from .dockerkit import ARTIFACTS, ROOT, docker

CONFIG = ROOT / "deploy" / "containers" / "jupyterhub_config.py"
DATA = Path("/srv/commonground-containertest")
NODE = DATA / "node"
GIT_ROOT = DATA / "git"
FACILITATOR = "cghubfac"
PARTICIPANTS = hubkit.PARTICIPANTS  # the same names, so the hub test's answer tables apply
MEM_LIMIT, CPU_LIMIT = "1G", 1.0  # what config.yaml's singleuser limits must match


def bridge_address() -> str:
    """The host's address on docker's bridge. A dockerd started while docker0 already exists
    (left by an earlier run) reports the subnet without a gateway: the gateway is its first host."""
    inspect = json.loads(docker("network", "inspect", "bridge").stdout)[0]
    config = inspect["IPAM"]["Config"][0]
    if config.get("Gateway"):
        return config["Gateway"]
    return str(next(ipaddress.ip_network(config["Subnet"]).hosts()))


def install_proxy() -> Path:
    """configurable-http-proxy from npm, exactly as the single-machine install pins it."""
    source = ROOT / "deploy" / "single-machine" / "node"
    NODE.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(source / name, NODE / name)
    hubkit.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE, timeout=600)
    return NODE / "node_modules" / ".bin" / "configurable-http-proxy"


def install_ngshare() -> Path:
    """ngshare's own environment from its pinned, hashed requirements (it needs SQLAlchemy 1.4)."""
    env = DATA / "ngshare-env"
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    requirements = ROOT / "deploy" / "containers" / "ngshare-requirements.txt"
    shutil.rmtree(env, ignore_errors=True)
    python = ["--python", sys.executable, "--no-python-downloads"]
    hubkit.run([uv, "venv", "--quiet", *python, str(env)])
    hubkit.run(
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(env / "bin" / "python"),
            "-r",
            str(requirements),
        ],
        timeout=600,
    )
    return env / "bin" / "python"


def container(user: str) -> str:
    return f"commonground-{user}"


def volume(user: str) -> str:
    return f"commonground-home-{user}"


def home(user: str) -> Path:
    """The participant's home volume as the host sees it (root reads it for the assertions)."""
    inspect = json.loads(docker("volume", "inspect", volume(user)).stdout)[0]
    return Path(inspect["Mountpoint"])


def in_container(
    user: str, cmd: list[str], *, check: bool = True, timeout: float = 600, workdir: str = ""
) -> subprocess.CompletedProcess:
    """Run ``cmd`` in ``user``'s server container as jovyan, with the server's environment."""
    where = ["-w", workdir] if workdir else ["-w", "/home/jovyan"]
    return docker("exec", "-u", "1000", *where, container(user), *cmd, check=check, timeout=timeout)


def remove_leftovers(users: list[str]) -> None:
    """Containers and home volumes of the test's users left by a crashed run."""
    for user in users:
        docker("rm", "-f", container(user), check=False)
        docker("volume", "rm", "-f", volume(user), check=False)


@dataclass
class Hub:
    process: subprocess.Popen
    host: str
    port: int
    token: str
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 120):
        """The hub's REST API with the admin script token; returns the decoded JSON (or None)."""
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text else None

    def server_ready(self, user: str) -> bool:
        info = self.api("GET", f"/users/{user}")
        server = info.get("servers", {}).get("", {})
        return bool(server.get("ready"))

    def start_server(self, user: str) -> None:
        """Create the account if need be (as signing in does) and start its server."""
        with contextlib.suppress(urllib.error.HTTPError):  # 409: the account exists
            self.api("POST", f"/users/{user}")
        with contextlib.suppress(urllib.error.HTTPError):  # 400: already running
            self.api("POST", f"/users/{user}/server")

    def wait_ready(self, user: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not self.server_ready(user):
            if time.monotonic() > deadline:
                raise AssertionError(f"{user}'s server was not ready within {timeout} s")
            time.sleep(0.5)

    def stop(self) -> None:
        hubkit.stop_process(self.process, grace=120)


def start_hub(
    image: str, proxy: Path, host: str, ngshare: Path, *, cull_timeout: int = 3600
) -> Hub:
    """JupyterHub with the deploy config, as root, on free ports of the bridge address."""
    state = DATA / "hub"
    shutil.rmtree(state, ignore_errors=True)
    (state / "ngshare" / "files").mkdir(parents=True)
    state.chmod(0o700)
    token = secrets.token_hex(32)
    passwords = {"workshop": secrets.token_urlsafe(12), "admin": secrets.token_urlsafe(32)}
    port = hubkit.free_port()
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": "/root",
        "CG_DATA": str(state),
        "CG_IMAGE": image,
        "CG_FACILITATORS": FACILITATOR,
        "CG_WORKSHOP_PASSWORD": passwords["workshop"],
        "CG_ADMIN_PASSWORD": passwords["admin"],
        "CG_ADMIN_API_TOKEN": token,
        "CG_BRIDGE_IP": host,
        "CG_HUB_PORT": str(port),
        "CG_HUB_API_PORT": str(hubkit.free_port()),
        "CG_PROXY_API_PORT": str(hubkit.free_port()),
        "CG_NGSHARE_PORT": str(hubkit.free_port()),
        "CG_PROXY_COMMAND": str(proxy),
        "CG_NGSHARE_PYTHON": str(ngshare),
        "CG_MEM_LIMIT": MEM_LIMIT,
        "CG_CPU_LIMIT": str(CPU_LIMIT),
        "CG_CULL_TIMEOUT": str(cull_timeout),
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)],
        cwd=state,
        env=env,
        stdout=open(ARTIFACTS / "jupyterhub.log", "w"),  # noqa: SIM115 - lives as long as it
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    hub = Hub(process, host, port, token, passwords)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise AssertionError(
                "JupyterHub exited at start; see test-artifacts/deploy/jupyterhub.log"
            )
        try:
            if hub.api("GET", "/", timeout=10).get("version"):
                return hub
        except (urllib.error.URLError, OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            hub.stop()
            raise AssertionError("JupyterHub did not answer within 120 s; see jupyterhub.log")
        time.sleep(0.5)


# measurements -----------------------------------------------------------------------------------
def container_processes(user: str) -> list[psutil.Process]:
    """The processes of ``user``'s container (its cgroup), as the host sees them."""
    cid = docker("inspect", "--format", "{{.Id}}", container(user)).stdout.strip()
    procs_file = Path(f"/sys/fs/cgroup/memory/docker/{cid}/cgroup.procs")
    if not procs_file.is_file():  # cgroup v2 or the systemd driver
        top = docker("top", container(user), "-o", "pid").stdout.split()[1:]
        pids = [int(p) for p in top]
    else:
        pids = [int(p) for p in procs_file.read_text().split()]
    found = []
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            found.append(psutil.Process(pid))
    return found


def memory_of(user: str, kernels: dict[str, str] | None = None) -> dict:
    """RSS/USS/PSS (MiB) and CPU seconds of each process in ``user``'s container, and the
    container's own cgroup figures (what its memory limit counts)."""
    mib = 1024 * 1024
    rows = []
    for proc in container_processes(user):
        try:
            info = proc.memory_full_info()
            cpu = proc.cpu_times()
            rows.append(
                {
                    "pid": proc.pid,
                    "kind": hubkit.kind_of(proc),
                    "notebook": hubkit.notebook_of(proc, kernels or {}),
                    "rss_mib": round(info.rss / mib, 1),
                    "uss_mib": round(info.uss / mib, 1),
                    "pss_mib": round(info.pss / mib, 1),
                    "cpu_s": round(cpu.user + cpu.system, 2),
                }
            )
        except psutil.NoSuchProcess:
            continue
    total = {
        key: round(sum(r[key] for r in rows), 1)
        for key in ("rss_mib", "uss_mib", "pss_mib", "cpu_s")
    }
    cid = docker("inspect", "--format", "{{.Id}}", container(user)).stdout.strip()
    cgroup = Path(f"/sys/fs/cgroup/memory/docker/{cid}")
    if (cgroup / "memory.stat").is_file():
        stat = dict(line.split() for line in (cgroup / "memory.stat").read_text().splitlines())
        total["cgroup_rss_mib"] = round(int(stat["total_rss"]) / mib, 1)
        total["cgroup_usage_mib"] = round(
            int((cgroup / "memory.usage_in_bytes").read_text()) / mib, 1
        )
    return {"processes": rows, "kernels": sum(r["kind"] == "kernel" for r in rows), "total": total}


def limits_of(user: str) -> dict:
    host_config = json.loads(docker("inspect", container(user)).stdout)[0]["HostConfig"]
    return {
        "memory_bytes": host_config["Memory"],
        "cpu_quota": host_config["CpuQuota"],
        "cpu_period": host_config["CpuPeriod"],
    }


def environment_of(user: str) -> dict[str, str]:
    env = json.loads(docker("inspect", container(user)).stdout)[0]["Config"]["Env"]
    return dict(item.split("=", 1) for item in env)


os.environ.setdefault("USER", "root")  # ngshare_exchange reads it at import
