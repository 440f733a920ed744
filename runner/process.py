"""Child processes the runner starts (programs, cargo, make): each in its own session, so a
timeout or Ctrl-C kills it with everything it started, and a lock for steps two runs share."""
from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path


def run_group(cmd: list[str], timeout: float, cwd: Path | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """subprocess.run(cmd, capture_output=True, text=True, timeout=timeout), but the child leads a
    new process group and a timeout (TimeoutExpired is raised) or any interruption SIGKILLs
    the whole group: a grandchild holding the pipes open can neither outlive nor hang the run."""
    with subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          errors="replace", start_new_session=True) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        finally:                     # also whatever a finished program left running in its group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


@contextlib.contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive flock on `lock` (created if absent, and left in place: unlinking a lock
    file races with its next holder), waiting while another process holds it."""
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
