"""The facilitator's side of the course: the ``commonground`` commands that run a workshop.

One module per job (release, collect, grade, feedback, export, status, erase, integrity, demo), all
over :class:`~widgets.facilitate.course.Course`, which drives nbgrader in this process.
"""
