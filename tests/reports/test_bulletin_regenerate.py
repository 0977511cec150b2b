"""Generating a node's bulletin again for the same date replaces its files and keeps one archive row."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError
from parkguard.reports.bulletins import bulletin_generate
from parkguard.reports.models import Bulletin

from .conftest import DAY

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


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


def test_the_pdf_is_rendered_outside_any_transaction(transactional_db, world, templates, at, monkeypatch):
    from django.db import connection

    from parkguard.reports import bulletins

    seen = []
    render = bulletins.bulletin_pdf
    monkeypatch.setattr(
        bulletins, "bulletin_pdf", lambda data: seen.append(connection.in_atomic_block) or render(data)
    )

    generate(world)

    assert seen == [False]
    assert Bulletin.objects.count() == 1


def test_a_generation_that_meets_the_others_new_row_updates_it(world, templates, at, monkeypatch):
    from parkguard.reports import bulletins

    first = generate(world)
    # The second generation looked before the first one's row was there, and its insert hits the
    # unique constraint (node, date): it tries again, finds the row and replaces its files.
    misses = iter([None])
    found = bulletins._archived
    monkeypatch.setattr(bulletins, "_archived", lambda node, date: next(misses, found(node, date)))

    again = generate(world)

    assert Bulletin.objects.count() == 1
    assert again.pk == first.pk and again.generation == 2


def test_a_failed_filing_leaves_no_files_behind(world, templates, at, monkeypatch):
    from parkguard.reports import bulletins

    def _fail(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(bulletins, "_record", _fail)

    with pytest.raises(RuntimeError):
        generate(world)

    assert not Bulletin.objects.exists()
    assert stored_files() == []


# SQLite serialises writers: the race of two processes runs in `make test-pg`.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_generations_at_once_leave_one_row_and_its_files(world, templates, at):
    import threading

    from django.db import connection

    barrier, outcomes = threading.Barrier(2), []

    def _one() -> None:
        try:
            barrier.wait()
            outcomes.append(generate(world).generation)
        finally:
            connection.close()

    threads = [threading.Thread(target=_one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    bulletin = Bulletin.objects.get()
    assert sorted(outcomes) == [1, 2] and bulletin.generation == 2
    # The first generation's files were replaced, then deleted on commit: only the winner's remain.
    assert stored_files() == sorted([bulletin.pdf.name, bulletin.xlsx.name])
