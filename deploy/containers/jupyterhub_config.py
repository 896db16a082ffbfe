"""JupyterHub for a Common Ground workshop with one container per participant (DockerSpawner).

The same single-user image as Zero to JupyterHub (deploy/kubernetes/Dockerfile), on one machine
with Docker: each participant's server is its own container with a memory and CPU limit and its own
home volume, every container runs as jovyan (uid 1000, as in z2jh), and the nbgrader exchange is
the ngshare service run by the hub, which checks who is asking. Idle servers are stopped by
jupyterhub-idle-culler; idle kernels by each server (the image's jupyter_server_config.py).

Start it as root on the Docker host, from an environment with the course's ``container-hub``
extra (``uv sync --extra container-hub``; tests/deploy does so from .venv):
    jupyterhub -f deploy/containers/jupyterhub_config.py

Settings (environment variables; the passwords are required):
  CG_WORKSHOP_PASSWORD     the password every participant signs in with (8+ characters)
  CG_ADMIN_PASSWORD        the facilitators' password (32+ characters)
  CG_FACILITATORS          comma-separated facilitator user names (hub admins, ngshare admins)
  CG_IMAGE                 the single-user image          (default commonground-singleuser:local)
  CG_DATA                  hub, ngshare database and files (default /srv/commonground-containers)
  CG_MEM_LIMIT, CG_CPU_LIMIT  per participant             (default 1G and 1.0)
  CG_CULL_TIMEOUT, CG_CULL_EVERY  idle-server culling, s  (default 3600 and 300)
  CG_NGSHARE_PYTHON        ngshare's own environment      (default $CG_DATA/ngshare-env/bin/python;
                           make it: uv venv … && uv pip install -r ngshare-requirements.txt)
  CG_HUB_PORT, CG_HUB_API_PORT, CG_PROXY_API_PORT         (default 8000, 8081, 8001)
  CG_PROXY_COMMAND         configurable-http-proxy        (default: on PATH)
  CG_ADMIN_API_TOKEN       an admin token for scripts (bulk accounts, the load test); unset: none
Everything listens on the Docker bridge's address only (the containers reach the hub, the proxy
and ngshare there); put HTTPS in front of CG_HUB_PORT before anyone signs in from elsewhere.
"""

import os
import sys
from pathlib import Path

import docker

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file

DATA = Path(os.environ.get("CG_DATA", "/srv/commonground-containers"))
IMAGE = os.environ.get("CG_IMAGE", "commonground-singleuser:local")
FACILITATORS = {u for u in os.environ.get("CG_FACILITATORS", "").split(",") if u}
COURSE_ID = "commonground"
NGSHARE = "ngshare"


def _bridge_address() -> str:
    """The host's address on Docker's default bridge: what a container reaches the host on."""
    bridge = docker.from_env().networks.get("bridge")
    return bridge.attrs["IPAM"]["Config"][0]["Gateway"]


BRIDGE = os.environ.get("CG_BRIDGE_IP") or _bridge_address()
HUB_PORT = int(os.environ.get("CG_HUB_PORT", "8000"))
PUBLIC_URL = f"http://{BRIDGE}:{HUB_PORT}"

# where the hub listens --------------------------------------------------------------------------
c.JupyterHub.ip = BRIDGE
c.JupyterHub.port = HUB_PORT
c.JupyterHub.hub_ip = BRIDGE
c.JupyterHub.hub_port = int(os.environ.get("CG_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('CG_PROXY_API_PORT', '8001')}"
if os.environ.get("CG_PROXY_COMMAND"):
    c.ConfigurableHTTPProxy.command = [os.environ["CG_PROXY_COMMAND"]]
c.ConfigurableHTTPProxy.pid_file = str(DATA / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{DATA / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(DATA / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(DATA / "jupyterhub.pid")

# sign-in: one workshop password for participants, another for facilitators ---------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["CG_WORKSHOP_PASSWORD"]
c.SharedPasswordAuthenticator.admin_password = os.environ["CG_ADMIN_PASSWORD"]
c.Authenticator.admin_users = FACILITATORS
c.Authenticator.allow_all = True

# each participant's server: a container of the course image, with limits ---------------------
c.JupyterHub.spawner_class = "docker"
c.DockerSpawner.image = IMAGE
c.DockerSpawner.allowed_images = [IMAGE]  # nobody picks another image from the spawn form
c.DockerSpawner.use_internal_ip = True  # the proxy reaches each container on the bridge
c.DockerSpawner.network_name = "bridge"
c.DockerSpawner.remove = True  # a stopped server's container goes; its home volume stays
c.DockerSpawner.name_template = "commonground-{username}"
c.DockerSpawner.notebook_dir = "/home/jovyan"
c.DockerSpawner.volumes = {"commonground-home-{username}": "/home/jovyan"}
c.DockerSpawner.mem_limit = os.environ.get("CG_MEM_LIMIT", "1G")
c.DockerSpawner.cpu_limit = float(os.environ.get("CG_CPU_LIMIT", "1.0"))
c.DockerSpawner.cmd = ["jupyterhub-singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "COMMONGROUND_COURSE": COURSE_ID,
    # the exchange, through the proxy as on z2jh (http://proxy-public/services/ngshare)
    "COMMONGROUND_NGSHARE_URL": f"{PUBLIC_URL}/services/{NGSHARE}",
}


def _facilitator_environment(spawner) -> None:
    """Facilitators' servers load the grading tools (formgrader, terminals) participants do not."""
    spawner.environment["COMMONGROUND_FACILITATOR"] = "1" if spawner.user.admin else "0"


c.Spawner.pre_spawn_hook = _facilitator_environment

# the exchange: ngshare, as a hub service --------------------------------------------------------
NGSHARE_PORT = int(os.environ.get("CG_NGSHARE_PORT", "10101"))
# ngshare runs from its own environment (ngshare-requirements.txt: it needs SQLAlchemy 1.4).
NGSHARE_PYTHON = os.environ.get("CG_NGSHARE_PYTHON", str(DATA / "ngshare-env" / "bin" / "python"))
c.JupyterHub.services = [
    {
        "name": NGSHARE,
        "url": f"http://{BRIDGE}:{NGSHARE_PORT}",
        "command": [
            NGSHARE_PYTHON,
            "-m",
            "ngshare",
            f"--admins={','.join(sorted(FACILITATORS))}",
            f"--database=sqlite:///{DATA / 'ngshare' / 'ngshare.db'}",
            f"--storage={DATA / 'ngshare' / 'files'}",
        ],
        "environment": {"USER": NGSHARE},
    },
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={os.environ.get('CG_CULL_TIMEOUT', '3600')}",
            f"--cull-every={os.environ.get('CG_CULL_EVERY', '300')}",
            "--concurrency=10",
        ],
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    {
        # ngshare asks the hub who holds each token; every server may call ngshare.
        "name": "user",
        "scopes": ["self", f"access:services!service={NGSHARE}"],
    },
]
c.Spawner.server_token_scopes = [
    "users:activity!user",
    f"access:services!service={NGSHARE}",
    "read:users:name!user",
]

# an API token for scripts run by the IT person (creating accounts in bulk, the load test) ----
if os.environ.get("CG_ADMIN_API_TOKEN"):
    c.JupyterHub.services.append(
        {"name": "commonground-admin", "api_token": os.environ["CG_ADMIN_API_TOKEN"]}
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "commonground-admin",
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users"],
            "services": ["commonground-admin"],
        }
    )

# housekeeping -----------------------------------------------------------------------------------
c.JupyterHub.cleanup_servers = True
c.JupyterHub.shutdown_on_logout = False
