"""Two painpaths writing check-ins at once lose nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from painpath.paths import Paths
from painpath.store import Store

_WRITER = textwrap.dedent("""
    import sys
    from painpath.store import Store

    path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.stdin.readline()  # both start writing together
    with Store.open(path) as store:
        for i in range(n):
            store.add_check_in({"pain": i % 11}, note=f"{who}-{i}")
""")


@pytest.mark.slow
def test_two_processes_writing_check_ins_lose_nothing(paths: Paths) -> None:
    paths.ensure_data_dir()  # the log itself is created by the racing writers
    n = 200
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(paths.database), who, str(n)],
                              stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("a", "b")]
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.close()
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read() if p.stderr else ""
    with Store.for_paths(paths) as store:
        assert store.count() == 2 * n
        notes = {e.note for e in store.entries()}
    assert notes == {f"{who}-{i}" for who in ("a", "b") for i in range(n)}
