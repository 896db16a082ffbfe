"""Jupyter server settings baked into the Common Ground single-user image at /etc/jupyter/.

What a participant's server loads decides how many participants a node holds: participants need
JupyterLab, Notebook 7, Voilà, nbgitpuller and nbgrader's Assignments panel, not the formgrader,
the course list, terminals or the language-server bridge; facilitators (the hub sets
COMMONGROUND_FACILITATOR=1 for its admins) get everything. Kernels nobody uses are shut down (Voilà
never shuts down the kernel of a closed page: voila-dashboards/voila#1458), so a forgotten tab
gives its memory back; the hub's idle culler then stops servers nobody uses.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when jupyter-server loads this file

if os.environ.get("COMMONGROUND_FACILITATOR") != "1":
    c.ServerApp.jpserver_extensions = {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
        "jupyter_lsp": False,
        "jupyter_server_terminals": False,
    }
    c.ServerApp.terminals_enabled = False

# Kernels: shut down after this long idle with no page connected, checked every minute.
c.MappingKernelManager.cull_idle_timeout = int(
    os.environ.get("COMMONGROUND_KERNEL_CULL_TIMEOUT", "1200")
)
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
