"""Who owns a running session: a process that is still alive, and the same one.

A session in progress belongs to the painpath that runs it; another painpath (a
check-in while it runs, or the next start after a crash) must tell a live owner
from a dead one before marking the session interrupted. A process id alone is not
enough: after a reboot, or in a container where painpath is always PID 1, another
process has the same id. So the owner is the id *and* the process's start (the
boot it started in and its start time since then, from /proc): a dead process
cannot hold both. Where /proc is missing (macOS, Windows) the id alone is used.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (the owner of a live session)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C_EVENT there
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def process_start(pid: int) -> str | None:
    """`BOOT/TICKS`: the boot a process started in and its start time since then;
    None where /proc cannot tell (another system, or no such process)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()  # after the name, which may hold spaces
    if len(fields) < 20:
        return None
    return f"{_boot_id()}/{fields[19]}"  # field 22 of the line: starttime


def owner_alive(pid: int | None, start: str | None) -> bool:
    """Whether the process that wrote (pid, start) still runs the session."""
    if not pid or not pid_alive(int(pid)):
        return False
    if start is None:  # written by an older painpath, or on a system without /proc
        return True
    now = process_start(int(pid))
    if now is None:
        return start.split("/", 1)[0] in ("", _boot_id())
    return now == start
