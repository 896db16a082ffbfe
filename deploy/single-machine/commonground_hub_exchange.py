"""nbgrader's submit, with a submission readable by its owner and the facilitator only.

Installed by install.sh into the course environment and named in its nbgrader configuration
(``c.ExchangeFactory.submit``). Stock nbgrader leaves every submitted file world-readable in the
shared exchange and relies on two things only: participants cannot list the inbound folder, and
each submission's folder name ends in a random string. Anyone who learns a folder name (from a
shared screen or a log) could read that participant's notebook and answers.

Here the submission belongs to the group of the inbound folder (nbgrader's release creates it
set-group-ID, owned by the facilitator's group), and the files lose every permission for others:
the facilitator collects them through the group; other participants get "Permission denied".

Why the copy is done here rather than with ``shutil.copytree``: copytree copies the source
folder's mode onto the new folder at the end, which (run by a participant who is not in the
facilitator's group) clears its set-group-ID bit, so the files nbgrader writes afterwards
(``timestamp.txt``) would belong to the participant's own group and the facilitator could not
collect them.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat

from nbgrader.utils import ignore_patterns

from widgets.nbgrader_ext.exchange import CheckedSubmit

NO_OTHERS = ~(stat.S_IROTH | stat.S_IWOTH | stat.S_IXOTH)


class FacilitatorOnlySubmit(CheckedSubmit):
    """Submit into the exchange so that only the owner and the facilitator's group can read,
    and only under the submitting operating-system user's own name."""

    def check_id(self) -> None:
        super().check_id()
        user = pwd.getpwuid(os.geteuid()).pw_name
        if os.geteuid() != 0 and self.submitting_id() != user:
            self.fail(
                f"You are signed in as {user!r} and cannot submit as {self.submitting_id()!r}: "
                "each participant submits under their own id only."
            )

    def _into_inbound(self, dest: str) -> bool:
        inbound = getattr(self, "inbound_path", None)
        if not inbound:
            return False
        return os.path.dirname(os.path.abspath(dest)) == os.path.abspath(inbound)

    def do_copy(self, src, dest, log=None):
        if not self._into_inbound(dest):
            return super().do_copy(src, dest, log)
        size = self.get_size(src)
        if size > 1000 * self.coursedir.max_dir_size:
            self.log.error("Directory size is too big")
            raise RuntimeError(
                f"Directory size is too big. Size is {size}, maximum size is "
                f"{1000 * self.coursedir.max_dir_size}"
            )
        ignore = ignore_patterns(
            exclude=self.coursedir.ignore,
            include=self.coursedir.include,
            max_file_size=self.coursedir.max_file_size,
            log=self.log,
        )
        for folder, subfolders, files in os.walk(src):
            target = os.path.normpath(os.path.join(dest, os.path.relpath(folder, src)))
            # a new folder inside a set-group-ID folder takes its group and keeps the bit
            os.makedirs(target, exist_ok=True)
            ignored = set(ignore(folder, subfolders + files))
            subfolders[:] = [name for name in subfolders if name not in ignored]
            for name in files:
                if name not in ignored:
                    shutil.copyfile(os.path.join(folder, name), os.path.join(target, name))
        return None

    def set_perms(self, dest, fileperms, dirperms):
        if self._into_inbound(dest):
            fileperms, dirperms = fileperms & NO_OTHERS, dirperms & NO_OTHERS
        super().set_perms(dest, fileperms, dirperms)
