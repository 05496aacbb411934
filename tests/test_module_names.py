"""No module of the package binds one top-level name twice. A second pattern of the same name silently
replaces the first for every function of the module, including those written for the first: twice in one
stop, a new pattern in matching/decide.py took the name of an older one (_BOTH, then _SET_ASIDE) and
changed how replies nobody threaded were linked. @typing.overload stubs are the one legitimate repeat."""

from __future__ import annotations

import ast
import collections
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "campaign"


def _overload(node: ast.AST) -> bool:
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        (isinstance(d, ast.Name) and d.id == "overload") or (isinstance(d, ast.Attribute) and d.attr == "overload")
        for d in node.decorator_list)


def bound_twice(source: str) -> list[str]:
    """The top-level names a module's source binds more than once (assignments, functions, classes)."""
    seen: collections.Counter[str] = collections.Counter()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names = [node.target.id]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not _overload(node):
            names = [node.name]
        else:
            names = []
        seen.update(names)
    return sorted(name for name, count in seen.items() if count > 1)


def test_the_check_finds_a_pattern_bound_twice_and_lets_overloads_be():
    assert bound_twice("import re\n_A = re.compile('a')\ndef f(): return _A\n_A = re.compile('b')\n") == ["_A"]
    assert bound_twice("from typing import overload\n@overload\ndef g(x: int) -> int: ...\n@overload\n"
                       "def g(x: str) -> str: ...\ndef g(x): return x\n") == []


@pytest.mark.parametrize("module", sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")))
def test_no_top_level_name_is_bound_twice(module):
    assert bound_twice((PACKAGE / module).read_text(encoding="utf-8")) == [], module
