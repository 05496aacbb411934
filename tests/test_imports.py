"""The import graph of the package: no circles, and the library never reaches up into the CLI.

Every import counts, the late ones inside functions and those under TYPE_CHECKING too: a late
import hides a circle from Python, not from the person who reads the code. ``from pkg import mod``
is an import of ``pkg.mod``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "campaign"
ABOVE_THE_LIBRARY = ("campaign.cli", "campaign.demo", "campaign.__main__")


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """{module: the package's modules it imports}."""
    known = modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                           for a in node.names]
            else:
                continue
            graph[name].update(t for t in targets if t in known and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_package_imports_in_no_circle():
    assert cycles(import_graph()) == []


def test_the_steps_import_each_other_in_no_circle():
    """One level up, the steps (campaign.review, campaign.matching, campaign.progress...) form layers
    too: review's workbook shows progress, so progress must not reach into review (the client states
    they share live below both, in campaign.client_states)."""
    steps: dict[str, set[str]] = defaultdict(set)
    for name, targets in import_graph().items():
        top = ".".join(name.split(".")[:2])
        steps[top].update(".".join(t.split(".")[:2]) for t in targets)
    for top in steps:
        steps[top].discard(top)
    assert cycles(steps) == []


def above(name: str) -> bool:
    return any(name == top or name.startswith(top + ".") for top in ABOVE_THE_LIBRARY)


def test_the_library_never_imports_the_command_line():
    upward = {(name, target) for name, targets in import_graph().items() for target in targets
              if not above(name) and above(target)}
    assert upward == set()


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
