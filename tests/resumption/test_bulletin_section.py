"""The resumption section of the daily bulletin: rates, supervision gaps, overdue reviews (PDF, xlsx)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from parkguard.reports.bulletins import bulletin_generate
from parkguard.resumption.bulletin import bulletin_section
from parkguard.resumption.models import Application
from tests.lib.test_pdf import poppler


@pytest.mark.django_db
def test_the_section_has_the_rates_the_gaps_and_the_overdue(world, walk):
    application = walk("submitted")
    Application.objects.filter(pk=application.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    section = bulletin_section(node=world.nodes["park_a"], day=timezone.localdate())
    assert section.summary()["enterprises"] == 2
    assert (section.gaps, section.gap_names) == (1, ["螺蛳湾物流"])
    assert (section.overdue, section.overdue_names) == (1, ["滇池机械"])


@pytest.mark.django_db
def test_the_national_section_names_no_enterprise(world, walk):
    walk("resumed")
    section = bulletin_section(node=world.nodes["national"], day=timezone.localdate(), named=False)
    assert section.summary()["resumed"] == 1
    assert section.gap_names == [] and section.gaps == 2


def _bulletin(world, node: str, actor: str = "park_commander"):
    return bulletin_generate(actor=world.users[actor], node=world.nodes[node], date=timezone.localdate())


def _pdf_text(bulletin, tmp_path) -> str:
    path = tmp_path / f"bulletin-{bulletin.pk}-{bulletin.generation}.pdf"
    path.write_bytes(bulletin.pdf.read())
    return poppler("pdftotext", "-layout", str(path), "-")


@pytest.mark.django_db
def test_the_park_bulletin_prints_the_rate_the_gaps_and_the_overdue(world, walk, tmp_path):
    walk("resumed")  # enterprise 1 of park A's two

    bulletin = _bulletin(world, "park_a")

    text = _pdf_text(bulletin, tmp_path)
    assert "50.0%" in text and "1/2" in text
    assert "螺蛳湾物流" in text  # the supervision gap, named in the park's bulletin
    assert bulletin.summary["resumption"]["rate"] == 50.0
    assert bulletin.summary["resumption"]["supervision_gaps"] == 1


@pytest.mark.django_db
def test_the_park_bulletin_xlsx_has_the_resumption_sheets(world, walk):
    walk("resumed")

    book = load_workbook(io.BytesIO(_bulletin(world, "park_a").xlsx.read()))

    rows = list(book["复工复产 Resumption"].iter_rows(min_row=2, values_only=True))
    assert rows[0][1:] == (2, 1, 50.0)  # all enterprises: 2, back at work 1, 50%
    gaps = [row for row in book["复工待办 Resumption gaps"].iter_rows(min_row=2, values_only=True)]
    assert [row[1] for row in gaps] == ["螺蛳湾物流"]


@pytest.mark.django_db
def test_the_national_bulletin_has_the_figures_and_no_enterprise_names(world, walk, tmp_path):
    walk("resumed")

    bulletin = _bulletin(world, "national", actor="national_officer")

    book = load_workbook(io.BytesIO(bulletin.xlsx.read()))
    assert "复工待办 Resumption gaps" not in book.sheetnames
    assert bulletin.summary["resumption"]["resumed"] == 1
    assert bulletin.summary["resumption"]["enterprises"] == 3
    assert "螺蛳湾物流" not in _pdf_text(bulletin, tmp_path)


@pytest.mark.django_db
def test_the_bulletin_rate_rises_when_an_enterprise_resumes(world, walk, enterprises):
    before = _bulletin(world, "park_a")
    walk("resumed")

    after = _bulletin(world, "park_a")

    assert (before.summary["resumption"]["rate"], after.summary["resumption"]["rate"]) == (0.0, 50.0)


@pytest.mark.django_db
def test_a_bulletin_made_again_for_an_earlier_day_counts_that_days_queue(world, walk):
    """Yesterday an application waited past its deadline; it was approved this morning. Yesterday's
    bulletin, made again today, still counts it overdue; today's does not."""
    from parkguard.resumption import services
    from parkguard.resumption.models import Transition

    from .conftest import user

    now = timezone.now()
    application = walk("inspected")
    Transition.objects.filter(application=application).update(created_at=now - dt.timedelta(days=2))
    Application.objects.filter(pk=application.pk).update(due_at=now - dt.timedelta(days=1, hours=12))
    application.refresh_from_db()
    services.application_decide(
        actor=user(world, "task_force_member"), application=application, action="approve"
    )
    park, today = world.nodes["park_a"], timezone.localdate()

    yesterday = bulletin_section(node=park, day=today - dt.timedelta(days=1))
    this_day = bulletin_section(node=park, day=today)

    assert (yesterday.overdue, yesterday.overdue_names) == (1, ["滇池机械"])
    assert (this_day.overdue, this_day.overdue_names) == (0, [])
