"""nbgrader configuration for the Common Ground course; the repository root is the course directory.

Facilitators can override the exchange with COMMONGROUND_EXCHANGE (e.g. a shared folder on a hub)
and the course id with COMMONGROUND_COURSE.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

HERE = Path(__file__).resolve().parent

c.CourseDirectory.root = str(HERE)
c.CourseDirectory.course_id = os.environ.get("COMMONGROUND_COURSE", "commonground")
c.CourseDirectory.db_url = os.environ.get(
    "COMMONGROUND_GRADEBOOK", f"sqlite:///{HERE / 'gradebook.db'}"
)

c.Exchange.root = os.environ.get("COMMONGROUND_EXCHANGE", str(HERE / "exchange"))
# One participant, one id: submissions with an odd id, or (on a hub) another person's, are
# refused in one sentence (widgets.nbgrader_ext.exchange).
c.ExchangeFactory.submit = "widgets.nbgrader_ext.exchange.CheckedSubmit"
c.Exchange.assignment_dir = str(HERE)
# On a hub whose exchange is the ngshare service (deploy/containers, deploy/kubernetes: every
# participant is the same uid there), the facilitator's commands use it too.
if os.environ.get("COMMONGROUND_NGSHARE_URL"):
    import getpass

    os.environ.setdefault("USER", getpass.getuser())  # ngshare_exchange reads it on import
    from ngshare_exchange import configureExchange

    configureExchange(c, os.environ["COMMONGROUND_NGSHARE_URL"])

# Each cell of a participant's notebook is one or two widget calls: 60 s is generous, and a cell
# that hangs or kills its kernel fails that submission only.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# Nothing a participant hands in may run script in the facilitator's (or the participant's)
# browser: every HTML export of a submission (the formgrader's page, feedback) first passes
# through an allow-list sanitizer (widgets.nbgrader_ext.sanitize), and the formgrader's submission
# page carries a Content-Security-Policy allowing only nbgrader's own scripts.
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.preprocessors = ["widgets.nbgrader_ext.SanitizeSubmission"]
try:
    from widgets.nbgrader_ext.formgrader_csp import install as _install_csp
except ImportError:  # the course package is not installed here: nothing to serve either
    pass
else:
    _install_csp()

# Feedback for people who do not program: our own template
# (widgets/nbgrader_ext/templates/commonground_feedback) shows each part's question in words, the
# answer, the points and the guidance, and no code, cell ids or prompts. It is named for
# generate_feedback's exporter only (a nested section: the formgrader keeps its "formgrade"
# template), and nbgrader's own templates stay in the search list for the formgrader.
try:
    import nbgrader as _nbgrader

    import widgets.nbgrader_ext as _ext
except ImportError:  # not the course environment: nbgrader's own feedback template
    pass
else:
    c.HTMLExporter.extra_template_basedirs = [
        str(Path(_ext.__file__).parent / "templates"),
        str(Path(_nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"),
    ]
    c.GenerateFeedback.HTMLExporter.template_name = "commonground_feedback"

# Feedback shows each score and its guidance but never the hidden tests (the answer key) nor a
# traceback: nbgrader's own feedback steps (GetGrades, extended to say which parts still wait
# for the facilitator), then widgets.nbgrader_ext.HideHiddenTests.
c.GenerateFeedback.preprocessors = [
    "widgets.nbgrader_ext.GetGradesMarkingPending",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "widgets.nbgrader_ext.HideHiddenTests",
]

# The answers file travels with each submission; never release, grade or copy an answers file
# that happens to sit in source/ (autograde would overwrite the participant's with it).
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "commonground_answers.json.*",
    ".commonground_answers.json.*",
    # written by `commonground grade` into autograded/ (widgets.facilitate.review): never copied
    # into feedback, never accepted from a participant
    "commonground_review.json",
]
