#!/usr/bin/env python
"""Fail when view or API code reads a model without ``visible_to(user)`` (Zulip's semgrep rule, as a script).

Checked files: ``parkguard/*/views.py``, ``parkguard/*/views/*.py`` and ``parkguard/*/api/*.py``.
A ``Model.objects…`` chain passes when it

- calls ``.visible_to(...)`` somewhere in the chain, or
- ends in ``.none()``, or
- is the ``queryset = …`` attribute of a class (the scoped base views and viewsets apply ``visible_to``
  before any handler runs), or
- carries a ``# scope: <reason>`` comment on its line, for reads that are not local data.

Reads that need more than that belong in a selector, which takes ``user=``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ("parkguard/*/views.py", "parkguard/*/views/*.py", "parkguard/*/api/*.py")


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _chain_top(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.AST:
    """Climb through ``.attr`` and ``(...)`` so the whole ``Model.objects.a().b()`` chain is covered."""
    while True:
        parent = parents.get(node)
        inner = {ast.Attribute: "value", ast.Call: "func", ast.Subscript: "value"}.get(type(parent))
        if inner is None or getattr(parent, inner) is not node:
            return node
        node = parent


def _chain_names(top: ast.AST) -> list[str]:
    return [n.attr for n in ast.walk(top) if isinstance(n, ast.Attribute)]


def _is_class_queryset(top: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    assign = parents.get(top)
    return (
        isinstance(assign, ast.Assign)
        and isinstance(parents.get(assign), ast.ClassDef)
        and any(isinstance(t, ast.Name) and t.id == "queryset" for t in assign.targets)
    )


def check_file(path: Path) -> list[str]:
    return check_source(path.read_text(), str(path.relative_to(ROOT)))


def check_source(source: str, name: str) -> list[str]:
    lines = source.splitlines()
    tree = ast.parse(source, filename=name)
    parents = _parents(tree)
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == "objects"):
            continue
        top = _chain_top(node, parents)
        names = _chain_names(top)
        if "visible_to" in names or (names and names[0] == "none") or _is_class_queryset(top, parents):
            continue
        if "# scope:" in lines[node.lineno - 1]:
            continue
        where = f"{name}:{node.lineno}"
        problems.append(f"{where}: unscoped query; use visible_to(user) or a selector")
    return problems


def main() -> int:
    files = sorted({p for pattern in PATTERNS for p in ROOT.glob(pattern)})
    problems = [problem for path in files for problem in check_file(path)]
    for problem in problems:
        print(problem)
    print(f"check_scoped_queries: {len(files)} files, {len(problems)} unscoped queries")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
