"""JupyterLab as a participant sees it: no nbgrader authoring, no news, no course plumbing.

A participant's server reads this folder first (``JUPYTER_CONFIG_PATH``): set by ``make lab``
and by the hub for everyone who is not a facilitator. Facilitators keep the full JupyterLab.
Beside it: ``labconfig/page_config.json`` switches off nbgrader's Create Assignment panel,
formgrader, course list, menu and Validate button (the widgets' Submit button stays), and
``lab-settings/overrides.json`` switches off the news pop-up.
"""

from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when Jupyter loads this file

HERE = Path(__file__).resolve().parent
c.LabApp.app_settings_dir = str(HERE / "lab-settings")
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# The answers file stays visible (it is the participant's own); its lock, unreadable copies,
# backups and the course's configuration files do not.
c.ContentsManager.hide_globs = [
    "__pycache__",
    "*.pyc",
    "*.pyo",
    ".DS_Store",
    "*~",
    "commonground_answers.json.*",
    "voila.json",
    "nbgrader_config.py",
    ".ipynb_checkpoints",
]
