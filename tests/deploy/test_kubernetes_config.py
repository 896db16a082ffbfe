"""The Zero to JupyterHub files checked against the real chart and against the container test.

There is no Kubernetes here, so what would otherwise only fail on a council's cluster is checked
here: deploy/kubernetes/config.yaml merged over the chart's own defaults validates against the
chart's schema (``../shared/anchors/z2jh``, from jupyterhub/zero-to-jupyterhub-k8s); and the image,
the exchange service, the token scopes, the facilitator hook and the limits in it are the ones
the containerised workshop hub (deploy/containers/jupyterhub_config.py) ran in tests/deploy.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "kubernetes"
CONTAINERS = ROOT / "deploy" / "containers"
Z2JH = ROOT.parent / "shared" / "anchors" / "z2jh"

UNITS = {"": 1, "k": 10**3, "M": 10**6, "G": 10**9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def _bytes(quantity: str | int) -> int:
    number, unit = re.fullmatch(r"([0-9.]+)([kMG]i?)?", str(quantity)).groups()
    return int(float(number) * UNITS[unit or ""])


def _cpu(quantity: str | float) -> float:
    text = str(quantity)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def merged(base: Any, over: Any) -> Any:
    """Helm's merge of a values file over the chart's defaults: maps merge, the rest replaces."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merged(base[key], value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(over)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return yaml.safe_load((K8S / "config.yaml").read_text())


@pytest.fixture(scope="module")
def chart() -> tuple[dict, dict]:
    if not (Z2JH / "values.schema.yaml").is_file():
        pytest.skip(f"the z2jh chart's schema is not at {Z2JH}")
    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((Z2JH / "values.yaml").read_text())
    return schema, defaults


@pytest.fixture(scope="module")
def container_hub(tmp_path_factory) -> Any:
    """deploy/containers/jupyterhub_config.py as JupyterHub loads it (no Docker needed)."""
    import os

    env = {
        "CG_WORKSHOP_PASSWORD": "workshop-password",
        "CG_ADMIN_PASSWORD": "a" * 32,
        "CG_FACILITATORS": "fac",
        "CG_BRIDGE_IP": "172.17.0.1",
        "CG_DATA": str(tmp_path_factory.mktemp("hubdata")),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return PyFileConfigLoader("jupyterhub_config.py", path=str(CONTAINERS)).load_config()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_the_config_over_the_chart_defaults_validates_against_the_chart_schema(
    values, chart
) -> None:
    schema, defaults = chart
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(merged(defaults, values), schema, cls=jsonschema.Draft7Validator)


def test_the_schema_check_can_fail(values, chart) -> None:
    """A misspelt key (the kind of slip helm would reject on the cluster) is caught here too."""
    schema, defaults = chart
    broken = merged(values, {"singleuser": {"memmory": {"limit": "1G"}}})
    with pytest.raises(jsonschema.ValidationError, match="memmory"):
        jsonschema.validate(merged(defaults, broken), schema, cls=jsonschema.Draft7Validator)


def test_the_limits_are_the_ones_the_container_test_ran(values, container_hub) -> None:
    memory, cpu = values["singleuser"]["memory"], values["singleuser"]["cpu"]
    assert 0 < _bytes(memory["guarantee"]) <= _bytes(memory["limit"])
    assert 0 < _cpu(cpu["guarantee"]) <= _cpu(cpu["limit"])
    assert _bytes(memory["limit"]) == _bytes(container_hub.DockerSpawner.mem_limit)
    assert _cpu(cpu["limit"]) == container_hub.DockerSpawner.cpu_limit


def test_the_image_and_its_command_are_the_tested_ones(values, container_hub) -> None:
    image = values["singleuser"]["image"]
    assert str(image["tag"]) and str(image["tag"]) != "latest"
    assert image["name"].rsplit("/", 1)[-1] == container_hub.DockerSpawner.image.split(":")[0]
    assert [values["singleuser"]["cmd"]] == container_hub.DockerSpawner.cmd
    dockerfile = (K8S / "Dockerfile").read_text()
    assert 'CMD ["jupyterhub-singleuser"]' in dockerfile
    assert 'ENTRYPOINT ["tini", "-g", "--"]' in dockerfile
    assert values["singleuser"]["uid"] == 1000 and "USER 1000" in dockerfile


def test_the_exchange_is_the_ngshare_service_the_container_test_ran(values, container_hub) -> None:
    services = {s["name"]: s for s in container_hub.JupyterHub.services}
    assert set(values["hub"]["services"]) == {"ngshare"} and "ngshare" in services
    assert "ngshare" in services["ngshare"]["command"]
    tested_url = container_hub.Spawner.environment["COMMONGROUND_NGSHARE_URL"]
    k8s_url = values["singleuser"]["extraEnv"]["COMMONGROUND_NGSHARE_URL"]
    assert tested_url.endswith("/services/ngshare") and k8s_url.endswith("/services/ngshare")
    baked = PyFileConfigLoader("nbgrader_config.py", path=str(K8S)).load_config()
    assert baked.ExchangeFactory.submit.__module__ == "ngshare_exchange.submit"
    assert (
        baked.CourseDirectory.course_id == values["singleuser"]["extraEnv"]["COMMONGROUND_COURSE"]
    )
    # the same permissions: every server may call ngshare as its own user, and nothing more
    (user_role,) = [r for r in container_hub.JupyterHub.load_roles if r["name"] == "user"]
    assert values["hub"]["loadRoles"]["user"]["scopes"] == user_role["scopes"]
    c = _extra_config(values)
    assert c.KubeSpawner.server_token_scopes == container_hub.Spawner.server_token_scopes
    assert "api_token" not in values["hub"]["services"]["ngshare"]  # secrets.yaml, not git


def test_the_shared_exchange_volume_is_gone(values) -> None:
    """ngshare replaced the ReadWriteMany folder every uid-1000 pod could read."""
    storage = values["singleuser"]["storage"]
    assert "extraVolumes" not in storage and "extraVolumeMounts" not in storage
    assert not (K8S / "exchange.yaml").exists()


class _Section(dict):
    def __getattr__(self, name: str) -> Any:
        return self.setdefault(name, _Section())

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


def _extra_config(values) -> _Section:
    c = _Section()
    for code in values["hub"]["extraConfig"].values():
        exec(compile(code, "hub.extraConfig", "exec"), {"c": c})
    return c


class _User:
    def __init__(self, admin: bool) -> None:
        self.admin = admin


class _Spawner:
    def __init__(self, admin: bool) -> None:
        self.user, self.environment = _User(admin), {}


def test_facilitators_get_the_grading_tools_in_both_hubs(values, container_hub) -> None:
    for hook in (
        _extra_config(values).KubeSpawner.pre_spawn_hook,
        container_hub.Spawner.pre_spawn_hook,
    ):
        facilitator, participant = _Spawner(True), _Spawner(False)
        hook(facilitator)
        hook(participant)
        assert facilitator.environment["COMMONGROUND_FACILITATOR"] == "1"
        assert participant.environment["COMMONGROUND_FACILITATOR"] == "0"


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


def test_idle_servers_and_kernels_are_culled_but_accounts_kept(values, container_hub) -> None:
    cull = values["cull"]
    assert cull["enabled"] is True
    assert 0 < cull["every"] < cull["timeout"] <= 4 * 3600
    assert cull["users"] is False
    (culler,) = [s for s in container_hub.JupyterHub.services if s["name"] == "idle-culler"]
    assert f"--timeout={cull['timeout']}" in culler["command"]
    assert f"--cull-every={cull['every']}" in culler["command"]
    kernel_timeout = int(values["singleuser"]["extraEnv"]["COMMONGROUND_KERNEL_CULL_TIMEOUT"])
    assert 0 < kernel_timeout < cull["timeout"]
    server = PyFileConfigLoader("jupyter_server_config.py", path=str(K8S)).load_config()
    assert server.MappingKernelManager.cull_interval < kernel_timeout


def test_the_image_installs_the_locked_environment() -> None:
    dockerfile = (K8S / "Dockerfile").read_text().replace("\\\n", " ")
    assert re.search(r"^COPY pyproject\.toml uv\.lock ", dockerfile, re.M)
    assert "uv export --frozen --no-dev --extra hub" in dockerfile
    assert "--no-deps ." in dockerfile  # the pack itself, not editable
    assert "pip install --upgrade" not in dockerfile and "uv lock" not in dockerfile
    base = re.search(r"^ARG BASE_IMAGE=(\S+)", dockerfile, re.M).group(1)
    assert re.fullmatch(r"quay\.io/jupyter/minimal-notebook:\d{4}-\d{2}-\d{2}", base), base
    uv_image = re.search(r"^ARG UV_IMAGE=(\S+)", dockerfile, re.M).group(1)
    assert re.fullmatch(r"ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+", uv_image), uv_image
    for line in re.findall(r"^COPY (?!--from)(.+)$", dockerfile, re.M):
        *sources, _dest = line.split()
        for source in sources:
            assert (ROOT / source).exists(), source


def test_the_readme_sizing_comes_from_the_container_measurements(values) -> None:
    readme = (K8S / "README.md").read_text()
    measured = re.search(r"\*\*([0-9.]+) MB\*\* of memory", readme)
    assert measured, "the sizing section must state the measured memory as **N MB** of memory"
    guarantee = _bytes(values["singleuser"]["memory"]["guarantee"])
    assert guarantee >= float(measured.group(1)) * 10**6, "raise singleuser.memory.guarantee"
    assert "tests/deploy" in readme and "build-images.sh" in readme


def test_the_submit_button_leaves_the_student_to_ngshare(tmp_path, monkeypatch) -> None:
    """With the image's configuration the button submits through ngshare without naming a
    student (ngshare takes it from the hub token and refuses an explicit one)."""
    monkeypatch.setenv("USER", "jovyan")  # ngshare_exchange reads it at import
    from widgets.logic.submit import submit_config

    etc = tmp_path / "etc-jupyter"
    etc.mkdir()
    (etc / "nbgrader_config.py").write_text((K8S / "nbgrader_config.py").read_text())
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(etc))
    folder = tmp_path / "home" / "knowledge_checks"
    folder.mkdir(parents=True)
    config = submit_config(folder, "jane.doe@council.gov.uk")
    assert config.ExchangeFactory.submit.__module__ == "ngshare_exchange.submit"
    assert "student_id" not in config.CourseDirectory
    assert config.CourseDirectory.course_id == "commonground"
    # and with nbgrader's own exchange, the student is still named (the single-machine hub)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(tmp_path / "nothing"))
    plain = submit_config(folder, "jane.doe@council.gov.uk")
    assert plain.CourseDirectory.student_id == "jane.doe@council.gov.uk"
