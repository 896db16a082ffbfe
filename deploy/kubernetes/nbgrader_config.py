"""nbgrader settings baked into the Common Ground single-user image at /etc/jupyter/.

Every participant's and facilitator's server reads this file, so they all agree on the exchange
folder and the course id. The exchange is one ReadWriteMany volume that config.yaml mounts at
EXCHANGE_ROOT in every single-user pod; the course's own nbgrader_config.py (in the facilitator's
copy of the repository) reads the same place from COMMONGROUND_EXCHANGE, which config.yaml sets.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

EXCHANGE_ROOT = "/srv/nbgrader/exchange"
COURSE_ID = "commonground"

c.CourseDirectory.course_id = os.environ.get("COMMONGROUND_COURSE", COURSE_ID)
c.Exchange.root = os.environ.get("COMMONGROUND_EXCHANGE", EXCHANGE_ROOT)
# Assignments land in ~/<assignment>, as on the single-machine hub.
c.Exchange.path_includes_course = False
