"""The benchmark filler makes a log the real store reads (the schema cannot drift from it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from painpath.stats import compute
from painpath.store import Store

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "make_store.py"


def test_make_store_fills_a_log_the_store_reads(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_store", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    db = module.make_store(tmp_path / "painpath.db", 300)
    with Store.open(db) as store:
        store.check()
        assert store.count() == 300
        assert store._conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1200
        newest = store.entries(limit=5)
        assert [e.started for e in newest] == sorted((e.started for e in newest), reverse=True)
        assert store.entries(limit=1, oldest_first=True)[0].started.isoformat() == \
            "2020-01-01T08:00:00+01:00"
        assert compute(store.entries()).changes[0].sessions == 300
