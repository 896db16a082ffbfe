"""JupyterHub for a Common Ground workshop on one machine (installed by install.sh).

Start it as root (or with systemctl start commonground-hub):
    /opt/commonground/env/bin/jupyterhub -f /opt/commonground/etc/jupyterhub_config.py

Who may sign in: OS users in the group ``commonground`` (add them with commonground-add-users),
with their OS password (PAM). Members of ``commonground-facilitators`` are hub admins. Each
participant's server runs as their own OS user, so OS permissions keep their files apart.

Settings (environment variables, all optional):
  CG_HUB_IP, CG_HUB_PORT     where participants connect        (default 127.0.0.1, 8000)
  CG_HUB_API_PORT            the hub's internal API port        (default 8081)
  CG_PROXY_API_PORT          the proxy's internal API port      (default 8001)
  CG_PREFIX, CG_DATA         as given to install.sh             (read from etc/hub.env)
Put the hub behind HTTPS (e.g. nginx or Caddy in front of CG_HUB_PORT) before anyone signs in
from another machine: passwords are sent with the sign-in form.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file


def _env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines written by install.sh."""
    values = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not line.startswith("#"):
                values[key.strip()] = value.strip()
    return values


HERE = Path(__file__).resolve().parent
PREFIX = Path(os.environ.get("CG_PREFIX") or HERE.parent)
if not (PREFIX / "env").is_dir():
    PREFIX = Path("/opt/commonground")
INSTALLED = _env_file(PREFIX / "etc" / "hub.env")
DATA = Path(os.environ.get("CG_DATA") or INSTALLED.get("CG_DATA") or "/srv/commonground")
COURSE_ENV = _env_file(PREFIX / "etc" / "commonground.env")
ENV_BIN = PREFIX / "env" / "bin"

# where the hub listens --------------------------------------------------------------------------
c.JupyterHub.ip = os.environ.get("CG_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("CG_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("CG_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('CG_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [str(PREFIX / "node/node_modules/.bin/configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(DATA / "hub" / "proxy.pid")

# the hub's state: root only ---------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{DATA / 'hub' / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(DATA / "hub" / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(DATA / "hub" / "jupyterhub.pid")

# who may sign in: OS users and their passwords ---------------------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {"commonground"}
c.PAMAuthenticator.admin_groups = {"commonground-facilitators"}
# The hub never stores a password: PAM checks it against /etc/shadow. No new users from the web.
c.PAMAuthenticator.create_system_users = False

# each participant's server: their own OS user, the course environment, JupyterLab -------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(ENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
# Keep nothing from root's environment (its PATH and any virtualenv are not readable by users).
c.Spawner.env_keep = ["LANG", "LC_ALL"]
c.Spawner.environment = {
    "PATH": f"{ENV_BIN}:/usr/local/bin:/usr/bin:/bin",
    "COMMONGROUND_EXCHANGE": COURSE_ENV.get("COMMONGROUND_EXCHANGE", str(DATA / "exchange")),
    "COMMONGROUND_COURSE": COURSE_ENV.get("COMMONGROUND_COURSE", "commonground"),
    "SHELL": "/bin/bash",
}
# A workshop starts everyone at once on a small machine: give servers time to start.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
# Memory and CPU: measured by tests/hub/test_workshop_hub.py (test-artifacts/hub/measurements.json)
# for one participant with Start here and an assignment open: JupyterLab server plus two kernels,
# about 380 MiB RSS (320 MiB USS) and 17–20 CPU-seconds from signing in to submitting. The local
# spawner cannot enforce these; they tell the hub's admin page and the IT person what to plan for.
c.Spawner.mem_guarantee = "512M"
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_guarantee = 0.1
c.Spawner.cpu_limit = 1.0

# participants' JupyterLab ---------------------------------------------------------------------
# Participants get JupyterLab without nbgrader's authoring tools, the news pop-up or the course's
# plumbing files (widgets/share/participant-lab, installed with the package); facilitators (hub
# admins) keep the full Lab.
PARTICIPANT_LAB = PREFIX / "env" / "etc" / "commonground" / "participant-lab"


def _participants_lab(spawner) -> None:
    if not spawner.user.admin:
        spawner.environment["JUPYTER_CONFIG_PATH"] = str(PARTICIPANT_LAB)


c.Spawner.pre_spawn_hook = _participants_lab

# housekeeping -----------------------------------------------------------------------------------
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every participant's server
c.JupyterHub.shutdown_on_logout = False
