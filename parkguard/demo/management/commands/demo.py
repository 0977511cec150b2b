"""``manage.py demo``: the seed's five parks, their officials, fictional people and one login per role."""

from __future__ import annotations

import time
import unicodedata

from django.core.management.base import BaseCommand

from parkguard.demo.selectors import FIGURES, login_rows, park_figures
from parkguard.demo.services import demo_build

DEFAULT_URL = "http://127.0.0.1:8000"


def width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def table(headings: list[str], rows: list[list[str]]) -> str:
    widths = [max(width(str(cell)) for cell in column) for column in zip(headings, *rows, strict=True)]
    lines = [headings, ["-" * w for w in widths], *rows]
    return "\n".join(
        "  ".join(
            str(cell) + " " * (w - width(str(cell))) for cell, w in zip(line, widths, strict=True)
        ).rstrip()
        for line in lines
    )


class Command(BaseCommand):
    help = (
        "Build the demo of the seed's five parks (does nothing when it is there). "
        "With --logins, print the demo logins instead (building the demo first only if it is absent)."
    )

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--logins", action="store_true", help="print the demo logins and the address")
        parser.add_argument(
            "--url", default=DEFAULT_URL, help=f"address printed with --logins ({DEFAULT_URL})"
        )

    def handle(self, *args, logins: bool, url: str, **options) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        if demo_build():
            elapsed = time.perf_counter() - started
            self.stdout.write(self.style.SUCCESS(f"演示数据已建立 / Demo built in {elapsed:.1f} s"))
            self.print_figures()
        elif not logins:
            self.stdout.write("演示数据已存在，未作更改 / The demo is already there; nothing changed.")
        if logins:
            self.print_logins(url)

    def print_figures(self) -> None:
        headings = ["园区 Park", *(label for _, label in FIGURES), "角色 Roles", "人员 People"]
        rows = [
            [row["park"], *(str(row[kind]) for kind, _ in FIGURES), str(row["officials"]), str(row["people"])]
            for row in park_figures()
        ]
        self.stdout.write(table(headings, rows))

    def print_logins(self, url: str) -> None:
        rows = [[r.username, r.role, r.node, r.password] for r in login_rows()]
        self.stdout.write(self.style.MIGRATE_HEADING("演示账号 / Demo logins"))
        self.stdout.write(table(["用户名 Username", "角色 Role", "节点 Node", "密码 Password"], rows))
        self.stdout.write(
            f"\n打开 / Open {url} — 每个账号只看到自己的范围 / each login sees only its own scope."
        )
