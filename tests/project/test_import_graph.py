"""No import circles in painpath, and each log screen can be imported on its own.

The graph is read from the source (every `import` a module runs, at its top
or inside a function; `if TYPE_CHECKING:` blocks are for annotations and are
left out), so a circle closed only by a lazy import inside a method is caught
too: that was how the log screens and the app's `logviews` mixin leaned on
each other.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "painpath"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _known(name: str) -> str | None:
    """The painpath module `name` is, or lies in (`a.b.c` of `a.b.c.func`)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(test: ast.expr) -> bool:
    return ((isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
            or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def imports_of(module: str) -> set[str]:
    """Every painpath module `module` imports when it runs (at any depth)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(m for a in node.names if (m := _known(a.name)))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                target = _known(f"{base}.{alias.name}") if f"{base}.{alias.name}" in MODULES \
                    else _known(base)
                if target:
                    found.add(target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(module)
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def test_the_checker_sees_a_circle_closed_by_a_lazy_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


def test_the_checker_reads_lazy_imports_and_skips_annotation_only_ones() -> None:
    # logviews opens the screens from inside its methods; that must count.
    assert "painpath.tui.screens.history" in imports_of("painpath.tui.logviews")
    # The protocol module names Logbook for annotations only.
    assert "painpath.tui.logbook" not in imports_of("painpath.tui.loghost")


def test_painpath_has_no_import_circles() -> None:
    graph = {module: imports_of(module) for module in MODULES}
    assert circles(graph) == []


def test_no_log_screen_imports_the_apps_mixin() -> None:
    leaning = sorted(m for m in MODULES if m.startswith("painpath.tui.")
                     and m not in {"painpath.tui.app", "painpath.tui.logviews"}
                     and "painpath.tui.logviews" in imports_of(m))
    assert leaning == []


SCREENS = sorted(m for m in MODULES
                 if m.startswith(("painpath.tui.screens.", "painpath.tui.widgets.")))


def test_each_screen_and_widget_module_imports_alone_in_a_fresh_interpreter() -> None:
    # One interpreter per module would take seconds; each module is imported
    # first in a child that has imported nothing of painpath before it.
    code = ("import importlib, subprocess, sys\n"
            "failed = []\n"
            "for name in sys.argv[1:]:\n"
            "    done = subprocess.run([sys.executable, '-c', f'import {name}'],\n"
            "                          capture_output=True, text=True)\n"
            "    if done.returncode:\n"
            "        failed.append(name + ': ' + done.stderr.strip().splitlines()[-1])\n"
            "print('\\n'.join(failed))\n")
    done = subprocess.run([sys.executable, "-c", code, *SCREENS], capture_output=True,
                          text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


@pytest.mark.parametrize("module", ["painpath.tui.screens.history",
                                    "painpath.tui.screens.progress",
                                    "painpath.tui.screens.checkin",
                                    "painpath.tui.screens.entry_detail"])
def test_a_log_screen_alone_does_not_load_the_app(module: str) -> None:
    code = (f"import sys, {module}\n"
            "print('painpath.tui.logviews' in sys.modules, 'painpath.tui.app' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
