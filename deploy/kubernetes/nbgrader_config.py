"""nbgrader settings baked into the Common Ground single-user image at /etc/jupyter/.

Every participant's and facilitator's server reads this file, so they all agree on the exchange and
the course id. The exchange is the ngshare service (a JupyterHub service, z2jh: its own pod): every
participant's server runs as the same Unix user (uid 1000), so a shared folder could not keep their
submissions apart, while ngshare checks each request's JupyterHub token and lets a participant
list, fetch and submit only as themselves, and only the course's instructors (the facilitators)
collect and return feedback. COMMONGROUND_NGSHARE_URL overrides the address (the containerised
workshop hub sets it); on z2jh the default reaches the service through the proxy.
"""

import getpass
import os

# ngshare_exchange reads $USER when it is imported; a server or CI job started without a login
# shell has none, so name the account it runs as.
os.environ.setdefault("USER", getpass.getuser())
from ngshare_exchange import configureExchange  # after USER is set

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

NGSHARE_URL = "http://proxy-public/services/ngshare"
COURSE_ID = "commonground"

c.CourseDirectory.course_id = os.environ.get("COMMONGROUND_COURSE", COURSE_ID)
configureExchange(c, os.environ.get("COMMONGROUND_NGSHARE_URL", NGSHARE_URL))
# Assignments land in ~/<assignment>, as on the single-machine hub.
c.Exchange.path_includes_course = False
