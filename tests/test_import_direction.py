"""Imports flow one way (DESIGN.md): core, hierarchy, accounts, people, audit ← capability apps ← dashboard.

The dashboard reads every app; no app imports the dashboard, and the core imports no capability app.
"""

from __future__ import annotations

import ast
from pathlib import Path

PARKGUARD = Path(__file__).resolve().parent.parent / "parkguard"
CORE = ("core", "hierarchy", "accounts", "people", "audit", "lib")
CAPABILITIES = (
    "enterprises",
    "reports",
    "health",
    "passes",
    "vehicles",
    "checkpoints",
    "resumption",
    "returns",
)


def imported_apps(path: Path) -> set[str]:
    """The parkguard apps a module imports (absolute imports only: relative ones stay in the app)."""
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        apps |= {
            name.split(".")[1] for name in names if name.startswith("parkguard.") and name.count(".") >= 1
        }
    return apps


def modules_of(app: str) -> list[Path]:
    return sorted((PARKGUARD / app).rglob("*.py"))


def test_no_app_imports_the_dashboard():
    offenders = [
        str(path.relative_to(PARKGUARD))
        for path in PARKGUARD.rglob("*.py")
        if path.parts[len(PARKGUARD.parts)] != "dashboard" and "dashboard" in imported_apps(path)
    ]
    assert offenders == []


def test_the_core_apps_import_no_capability_app():
    offenders = {
        str(path.relative_to(PARKGUARD)): sorted(imported_apps(path) & set(CAPABILITIES))
        for app in CORE
        for path in modules_of(app)
        if imported_apps(path) & set(CAPABILITIES)
    }
    assert offenders == {}
