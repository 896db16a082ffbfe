"""The Zero to JupyterHub files agree with each other and with the pack (we cannot run Kubernetes).

What is checked here is what would otherwise only fail on a council's cluster: the exchange is
mounted where the image's nbgrader configuration (and the Submit button) looks for it, on the
volume the setup Job prepares; resources, culling and image tags are sane; the image installs
exactly the locked environment; and the README's sizing figures have been filled in from the
hub test and are covered by the memory guarantee.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "kubernetes"

UNITS = {"": 1, "k": 10**3, "M": 10**6, "G": 10**9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def _bytes(quantity: str | int) -> int:
    number, unit = re.fullmatch(r"([0-9.]+)([kMG]i?)?", str(quantity)).groups()
    return int(float(number) * UNITS[unit or ""])


def _cpu(quantity: str | float) -> float:
    text = str(quantity)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return yaml.safe_load((K8S / "config.yaml").read_text())


@pytest.fixture(scope="module")
def exchange_docs() -> dict[str, dict[str, Any]]:
    return {doc["kind"]: doc for doc in yaml.safe_load_all((K8S / "exchange.yaml").read_text())}


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # join continuation lines so each instruction is one line
    return (K8S / "Dockerfile").read_text().replace("\\\n", " ")


@pytest.fixture
def baked_config(monkeypatch: pytest.MonkeyPatch):
    """The image's /etc/jupyter/nbgrader_config.py as nbgrader loads it, with no env overrides."""
    monkeypatch.delenv("COMMONGROUND_EXCHANGE", raising=False)
    monkeypatch.delenv("COMMONGROUND_COURSE", raising=False)
    return PyFileConfigLoader("nbgrader_config.py", path=str(K8S)).load_config()


def _exchange_mount(values: dict[str, Any]) -> dict[str, Any]:
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    (mount,) = [m for m in mounts if "exchange" in m["name"]]
    return mount


def test_the_exchange_is_mounted_where_nbgrader_looks(values, baked_config, dockerfile) -> None:
    mount = _exchange_mount(values)
    assert mount["mountPath"] == baked_config.Exchange.root == "/srv/nbgrader/exchange"
    assert not mount.get("readOnly", False) and "subPath" not in mount
    env = values["singleuser"]["extraEnv"]
    assert env["COMMONGROUND_EXCHANGE"] == mount["mountPath"]
    assert env["COMMONGROUND_COURSE"] == baked_config.CourseDirectory.course_id == "commonground"
    assert f"COMMONGROUND_EXCHANGE={mount['mountPath']}" in dockerfile
    assert "COPY deploy/kubernetes/nbgrader_config.py /etc/jupyter/nbgrader_config.py" in dockerfile


def test_the_submit_button_finds_the_exchange_through_the_baked_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, values
) -> None:
    from widgets.logic.submit import submit_config

    etc = tmp_path / "etc-jupyter"
    etc.mkdir()
    (etc / "nbgrader_config.py").write_text((K8S / "nbgrader_config.py").read_text())
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(etc))
    monkeypatch.delenv("COMMONGROUND_EXCHANGE", raising=False)
    monkeypatch.delenv("COMMONGROUND_COURSE", raising=False)
    folder = tmp_path / "home" / "knowledge_checks"
    folder.mkdir(parents=True)
    config = submit_config(folder, "jane.doe@council.gov.uk")
    assert config.Exchange.root == _exchange_mount(values)["mountPath"]
    assert config.CourseDirectory.course_id == "commonground"
    assert config.Exchange.assignment_dir == str(folder.parent)


def test_the_mount_uses_the_shared_volume_the_setup_job_prepares(values, exchange_docs) -> None:
    mount = _exchange_mount(values)
    (volume,) = [
        v for v in values["singleuser"]["storage"]["extraVolumes"] if v["name"] == mount["name"]
    ]
    claim = exchange_docs["PersistentVolumeClaim"]
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert "nfs" in claim["spec"]["storageClassName"]  # POSIX modes; SMB would expose inbound
    (job_volume,) = exchange_docs["Job"]["spec"]["template"]["spec"]["volumes"]
    assert job_volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]


def test_the_setup_job_gives_the_course_folders_to_the_facilitators(
    tmp_path: Path, exchange_docs, values
) -> None:
    """Run the Job's script on a folder (chown recorded, not done), then look at the modes."""
    (container,) = exchange_docs["Job"]["spec"]["template"]["spec"]["containers"]
    script = container["command"][-1].replace(container["volumeMounts"][0]["mountPath"], "EXCH")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "chown").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "chown.log"}\n')
    (bin_dir / "chown").chmod(0o755)
    script = script.replace("EXCH", shlex.quote(str(exchange)))
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    subprocess.run(["sh", "-euc", script], check=True, env=env, capture_output=True)

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    course = exchange / "commonground"
    assert mode(exchange) == 0o1777
    assert mode(course / "inbound") == 0o733
    assert mode(course / "feedback") == 0o711
    assert mode(course / "outbound") == 0o755 and mode(course) == 0o755
    (owner_call,) = (tmp_path / "chown.log").read_text().splitlines()
    owner, *paths = owner_call.split()
    assert sorted(paths) == sorted(str(course / p) for p in ("", "outbound", "inbound", "feedback"))
    uid, gid = owner.split(":")
    hook = values["hub"]["extraConfig"]["commonground-facilitators"]
    assert f"FACILITATOR_UID = {uid}" in hook and f"USERS_GID = {gid}" in hook


class _User:
    def __init__(self, admin: bool) -> None:
        self.admin = admin


class _Spawner:
    def __init__(self, admin: bool, uid: int) -> None:
        self.user, self.uid, self.gid = _User(admin), uid, None


def test_facilitators_run_as_their_own_uid_and_participants_as_jovyan(values) -> None:
    class Section(dict):
        def __getattr__(self, name: str) -> Any:
            return self.setdefault(name, Section())

    c = Section()
    for code in values["hub"]["extraConfig"].values():
        exec(compile(code, "hub.extraConfig", "exec"), {"c": c})
    hook = c.KubeSpawner.pre_spawn_hook
    participant_uid = values["singleuser"]["uid"]
    facilitator, participant = _Spawner(True, participant_uid), _Spawner(False, participant_uid)
    hook(facilitator)
    hook(participant)
    assert participant_uid == 1000 and participant.uid == 1000 and participant.gid is None
    assert facilitator.uid == 1100 and facilitator.gid == values["singleuser"]["fsGid"] == 100


def test_sign_in_is_entra_id_with_a_facilitator_admin_group(values) -> None:
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "azuread"
    azure = config["AzureAdOAuthenticator"]
    assert "client_secret" not in azure  # secrets.yaml, never in git
    assert azure["username_claim"] == "preferred_username"  # unique, unlike the display name
    assert azure["manage_groups"] is True
    assert azure["admin_groups"] and set(azure["admin_groups"]) <= set(azure["allowed_groups"])
    assert (
        azure["oauth_callback_url"]
        == f"https://{values['proxy']['https']['hosts'][0]}/hub/oauth_callback"
    )


def test_limits_are_at_least_the_guarantees(values) -> None:
    memory, cpu = values["singleuser"]["memory"], values["singleuser"]["cpu"]
    assert 0 < _bytes(memory["guarantee"]) <= _bytes(memory["limit"])
    assert 0 < _cpu(cpu["guarantee"]) <= _cpu(cpu["limit"])


def test_idle_servers_are_culled_but_accounts_kept(values) -> None:
    cull = values["cull"]
    assert cull["enabled"] is True
    assert 0 < cull["every"] < cull["timeout"] <= 4 * 3600
    assert cull["users"] is False


def test_every_image_is_pinned(values, dockerfile, exchange_docs) -> None:
    tag = str(values["singleuser"]["image"]["tag"])
    assert tag and tag != "latest"
    base = re.search(r"^FROM (\S+)", dockerfile, re.M).group(1)
    assert re.fullmatch(r"quay\.io/jupyter/minimal-notebook:\d{4}-\d{2}-\d{2}", base), base
    uv_image = re.search(r"COPY --from=(\S+)", dockerfile).group(1)
    assert re.fullmatch(r"ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+", uv_image), uv_image
    (job,) = exchange_docs["Job"]["spec"]["template"]["spec"]["containers"]
    assert re.fullmatch(r"[\w./-]+:\d+(\.\d+)+", job["image"]), job["image"]


def test_the_image_installs_the_locked_environment(dockerfile) -> None:
    assert re.search(r"^COPY pyproject\.toml uv\.lock ", dockerfile, re.M)
    assert "uv export --frozen --no-dev --extra hub" in dockerfile
    assert (
        "uv pip install --python /opt/commonground/env/bin/python -r requirements.txt" in dockerfile
    )
    assert "--no-deps ." in dockerfile  # the pack itself, not editable
    assert "pip install --upgrade" not in dockerfile and "uv lock" not in dockerfile
    # every file the build copies from the repository exists
    for line in re.findall(r"^COPY (?!--from)(.+)$", dockerfile, re.M):
        *sources, _dest = line.split()
        for source in sources:
            assert (ROOT / source).exists(), source
    assert "/opt/commonground/env/bin:$PATH" in dockerfile  # its jupyterhub-singleuser comes first


def test_the_image_python_satisfies_the_pack(dockerfile) -> None:
    import tomllib

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    version = re.search(r"uv python install (\d+\.\d+)", dockerfile).group(1)
    assert requires == ">=3.11" and tuple(map(int, version.split("."))) >= (3, 11)
    assert f"uv venv --python {version}" in dockerfile


def test_the_readme_names_the_files_and_the_link_command() -> None:
    readme = (K8S / "README.md").read_text()
    for name in ("Dockerfile", "config.yaml", "exchange.yaml", "nbgrader_config.py"):
        assert f"`{name}`" in readme and (K8S / name).is_file()
    assert "commonground link --hub" in readme
    assert "uid 1000" in readme and "could read, change or delete" in readme
    assert "could not run Docker or Kubernetes" in readme


def test_the_readme_sizing_is_filled_in_from_the_hub_measurements(values) -> None:
    """Fails until the lead replaces the <<MEM_MB>> and <<CPU>> placeholders with measurements."""
    readme = (K8S / "README.md").read_text()
    leftovers = re.findall(r"<<[A-Z_]+>>", readme)
    assert not leftovers, f"README.md still has placeholders: {leftovers}"
    measured = re.search(r"\*\*([0-9.]+) MB\*\* of memory", readme)
    assert measured, "the sizing section must state the measured memory as **N MB** of memory"
    assert re.search(r"\*\*[0-9.]+ CPU-seconds\*\*", readme)
    guarantee = _bytes(values["singleuser"]["memory"]["guarantee"])
    assert guarantee >= float(measured.group(1)) * 10**6, "raise singleuser.memory.guarantee"
