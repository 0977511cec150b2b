from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.reports.services import template_install_defaults


class Command(BaseCommand):
    help = (
        "Install the default report templates (enterprise, construction project) in every park lacking them."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--park", type=int, help="id of one park (default: every park)")

    def handle(self, *args: Any, park: int | None = None, **options: Any) -> None:
        parks = Node.objects.filter(kind=NodeKind.PARK)
        if park is not None:
            parks = parks.filter(pk=park)
        for node in parks:
            installed = template_install_defaults(park=node)
            self.stdout.write(f"{node.name}: {len(installed)} template(s) installed")
