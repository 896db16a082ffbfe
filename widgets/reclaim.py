"""Kernels are reclaimed: culling settings, and Voilà's shutdown beacon accepted from the page.

Voilà starts a kernel for every page load and, when the page closes or reloads, sends
``POST /voila/api/shutdown/<kernel id>`` with ``navigator.sendBeacon``. A beacon cannot carry the
``X-XSRFToken`` header, so jupyter-server refuses it (403 "'_xsrf' argument missing", upstream
voila-dashboards/voila#1458, open in voila 0.5.13) and every kernel lives on until the server
stops: 73 kernels held 6.3 GiB after one afternoon of reloads.

Two remedies, used together:

- **Culling** (:data:`CULLING`): jupyter-server's kernel manager shuts down a kernel that has been
  idle with no page connected for :data:`IDLE_SECONDS`. A kernel with a page open is never culled
  (``cull_connected`` is off), so nobody loses the page they are on.
- **The beacon accepted** (:func:`accept_shutdown_beacon`): the shutdown handler alone is told to
  accept a same-origin request without the token. Knowing where a request comes from is the
  standard defence against cross-site request forgery (browsers set ``Sec-Fetch-Site`` and
  ``Origin`` themselves; a page cannot forge them), and the request must still be signed in.
  Every other handler keeps jupyter-server's full XSRF check.

``jupyter-config/voila.py`` (``make voila``) and ``jupyter-config/jupyter_server_config.py``
(``make lab``; both through ``JUPYTER_CONFIG_PATH``, because jupyter-server reads no config from
the folder it starts in; installed into the environment's ``etc/jupyter`` by
``deploy/single-machine``) both call :func:`configure`. ``voila.json`` at the repository root
holds the same culling numbers for a plain ``voila`` started there (Voilà reads its folder's
config); a test checks the numbers agree.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

IDLE_SECONDS = 600  # a closed page's kernel is shut down after 10 minutes without activity
INTERVAL_SECONDS = 60  # how often the kernel manager looks for kernels to cull

CULLING: dict[str, Any] = {
    "cull_idle_timeout": IDLE_SECONDS,
    "cull_interval": INTERVAL_SECONDS,
    "cull_connected": False,  # never take the kernel of a page that is still open
    "cull_busy": False,  # nor one still running a cell
}


# Voilà alone: jupyter-server keeps a kernel's channels open to buffer its messages for a page
# that may reconnect. When a page closes, its websocket and its shutdown beacon race; if the
# websocket closes while the shutdown is under way, buffering starts for a kernel that is going
# and its four ZMQ sockets are never closed (measured: 2 kernels in 11 loads left 8 sockets
# open). A Voilà page never reconnects to the kernel of a closed page, so nothing is buffered.
VOILA_ONLY: dict[str, Any] = {"buffer_offline_messages": False}


def configure(c: Any, *, voila: bool = False) -> None:
    """Apply the culling settings (and, for Voilà, :data:`VOILA_ONLY`) and the beacon fix to a
    traitlets config object ``c``."""
    for name, value in {**CULLING, **(VOILA_ONLY if voila else {})}.items():
        setattr(c.MappingKernelManager, name, value)
    accept_shutdown_beacon()


def same_origin(headers: Any, host: str) -> bool:
    """Whether the browser says this request came from a page of this very server."""
    if headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = headers.get("Origin")
    return bool(origin) and urlparse(origin).netloc == host


def accept_shutdown_beacon() -> bool:
    """Let Voilà's shutdown handler accept a same-origin beacon; False if Voilà is missing."""
    try:
        from jupyter_server.base.handlers import JupyterHandler
        from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    except ImportError:  # pragma: no cover - Voilà is part of the course environment
        return False
    if getattr(VoilaShutdownKernelHandler, "_commonground_beacon", False):
        return True

    def check_xsrf_cookie(self: Any) -> None:
        if hasattr(self, "_jupyter_current_user") and same_origin(
            self.request.headers, self.request.host
        ):
            return None  # signed in (the handler is @authenticated) and from our own page
        return JupyterHandler.check_xsrf_cookie(self)

    VoilaShutdownKernelHandler.check_xsrf_cookie = check_xsrf_cookie
    VoilaShutdownKernelHandler._commonground_beacon = True
    return True
