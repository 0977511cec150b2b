"""Generating a node's bulletin again for the same date replaces its files and keeps one archive row."""

from __future__ import annotations

import pytest

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError
from parkguard.reports.models import Bulletin
from parkguard.reports.services import bulletin_generate

from .conftest import DAY

pytestmark = pytest.mark.django_db


def generate(world, who: str = "park_commander", node: str = "park_a"):
    return bulletin_generate(actor=world.users[who], node=world.nodes[node], date=DAY)


def test_regenerating_keeps_one_row_and_replaces_the_files(
    world, templates, at, django_capture_on_commit_callbacks
):
    first = generate(world)
    old_pdf = first.pdf.name
    storage = first.pdf.storage

    with django_capture_on_commit_callbacks(execute=True):
        again = generate(world)

    assert Bulletin.objects.count() == 1
    assert again.pk == first.pk and again.generation == 2
    assert again.pdf.name != old_pdf
    assert not storage.exists(old_pdf)
    assert storage.exists(again.pdf.name)


def test_each_generation_is_audited(world, templates, at):
    generate(world)
    generate(world)

    assert AuditEvent.objects.filter(object_type="reports.bulletin").count() == 2


def test_grid_official_is_refused(world, templates, at):
    with pytest.raises(ScopeError):
        generate(world, who="grid_official", node="grid_1")


def test_park_commander_may_not_issue_the_national_bulletin(world, templates, at):
    with pytest.raises(ScopeError):
        generate(world, node="national")
