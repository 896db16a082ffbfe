"""The Docker engine and the course image, for the container tests (root only).

The engine is used if it runs; otherwise dockerd is started here (Debian's docker.io, default
flags) and stopped again when the tests end. The image is built with the deploy script, on a
Debian base made with debootstrap, because no container registry is reachable where this pack is
tested. Every step's seconds are kept for test-artifacts/deploy/measurements.json.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "deploy"
BUILD = ROOT / "deploy" / "containers" / "build-images.sh"
IMAGE = "commonground-singleuser:test"
MEASUREMENTS = ARTIFACTS / "measurements.json"


class NoEngine(Exception):
    """No Docker engine can run here; the message says why (the tests skip with it)."""


def log(message: str) -> None:
    print(f"[container test {time.strftime('%H:%M:%S')}] {message}", flush=True)


def record(**values) -> None:
    """Merge ``values`` into measurements.json (each test adds its figures)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = json.loads(MEASUREMENTS.read_text()) if MEASUREMENTS.is_file() else {}
    data.update(values)
    MEASUREMENTS.write_text(json.dumps(data, indent=2) + "\n")


def docker(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"docker {' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


def engine_answers() -> bool:
    if not shutil.which("docker"):
        return False
    return docker("info", check=False, timeout=60).returncode == 0


@contextmanager
def engine() -> Iterator[bool]:
    """A running Docker engine for the block; yields whether it was started here."""
    if os.geteuid() != 0:
        raise NoEngine("the container tests need root: they start dockerd and debootstrap a base.")
    if engine_answers():
        yield False
        return
    if not shutil.which("dockerd"):
        raise NoEngine("dockerd is missing: install Debian's docker.io (make test does).")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    logfile = ARTIFACTS / "dockerd.log"
    process = subprocess.Popen(
        ["dockerd"],
        stdout=open(logfile, "w"),  # noqa: SIM115 - lives as long as dockerd
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while not engine_answers():
        if process.poll() is not None or time.monotonic() > deadline:
            with suppress(ProcessLookupError):
                process.terminate()
            tail = logfile.read_text()[-1500:]
            raise NoEngine(
                f"dockerd did not start here (test-artifacts/deploy/dockerd.log):\n{tail}"
            )
        time.sleep(0.5)
    log(f"started dockerd (pid {process.pid})")
    try:
        yield True
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        log("stopped dockerd")


def image_exists(image: str) -> bool:
    return docker("image", "inspect", image, check=False).returncode == 0


def build_image(image: str = IMAGE) -> dict:
    """Build the course image with the deploy script on a fresh debootstrap base; its timings."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "CG_IMAGE": image,
        "CG_REBUILD_BASE": os.environ.get("CG_REBUILD_BASE", "1"),
        "CG_BUILD_LOG": str(ARTIFACTS / "docker-build.log"),
    }
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(BUILD), "--local-base"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1500,
        check=False,
    )
    (ARTIFACTS / "build-images.log").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, f"build-images.sh failed:\n{result.stdout}\n{result.stderr}"
    steps = {}
    for line in result.stdout.splitlines():
        if line.startswith("took "):
            _, step, seconds, _ = line.split()
            steps[step] = int(seconds)
        if line.startswith("image "):
            steps["image_mb"] = int(line.split()[2])
    steps["total_s"] = round(time.monotonic() - started, 1)
    return steps
