"""nbgrader extensions for the course: feedback that never gives the answer key away.

Upstream nbgrader puts the whole autograded notebook into feedback, hidden tests included
(jupyter/nbgrader#917, #1363), so a participant could read how every question is checked and pass
it on to the next group. :class:`HideHiddenTests` runs in ``generate_feedback`` (wired in the
course's ``nbgrader_config.py`` through ``GenerateFeedback.preprocessors``) and, in every
autograder test cell, replaces the hidden part with a plain note and any error output (whose
traceback could quote the hidden code) with one plain sentence. The score, the visible comment
and the result with its guidance stay.

:class:`SanitizeSubmission` runs in every HTML export of a submission (formgrader and feedback) so
nothing a participant wrote reaches a browser as live HTML; :mod:`.formgrader_csp` adds a
Content-Security-Policy to the formgrader's submission page. :class:`GetGradesMarkingPending`
replaces nbgrader's ``GetGrades`` so feedback says "not marked yet" rather than "0 points".
"""

from .get_grades import GetGradesMarkingPending
from .hide_hidden_tests import HIDDEN_NOTE, HideHiddenTests
from .sanitize import SanitizeSubmission

__all__ = ["HIDDEN_NOTE", "GetGradesMarkingPending", "HideHiddenTests", "SanitizeSubmission"]
