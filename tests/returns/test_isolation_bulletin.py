"""The returning workers' section of the daily bulletin (issue #7): occupancy, check-ins, releases,
returns arrived today, alerts; in the PDF, the xlsx and the archive row."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from openpyxl import load_workbook

from parkguard.reports.bulletins import SECTIONS, bulletin_generate
from parkguard.returns.bulletin import bulletin_section
from parkguard.returns.models import AlertKind, IsolationAlert
from tests.lib.test_pdf import poppler

from .isolation_helpers import make_site, raw_stay

D = dt.timedelta


def stays(world):
    today = timezone.localdate()
    site = make_site(world, capacity=3)
    make_site(world, key="site_b", park="park_b", name="上海庙隔离点", capacity=10)
    first = raw_stay(site, check_in=today - D(days=2))
    raw_stay(site, check_in=today, room=site.rooms.get(number="102"))
    raw_stay(site, check_in=today - D(days=14), released_on=today)
    IsolationAlert.objects.create(
        stay=first, kind=AlertKind.FEVER, date=today, slot="morning", detail="37.9 °C"
    )
    IsolationAlert.objects.create(stay=first, kind=AlertKind.OVERDUE, date=today, slot="evening")
    return site


def test_the_section_counts_the_parks_sites_of_the_day(world):
    stays(world)
    section = bulletin_section(node=world.nodes["park_a"], day=timezone.localdate())
    assert "parkguard.returns.bulletin.bulletin_section" in SECTIONS
    assert section.summary() == {
        "isolation_sites": 1,
        "beds": 3,
        "in_isolation": 2,
        "free_beds": 1,
        "check_ins": 1,
        "releases": 1,
        "returns_arrived": 0,
        "alerts": 1,
    }
    national = bulletin_section(node=world.nodes["national"], day=timezone.localdate(), named=False)
    assert national.summary()["beds"] == 13
    assert "经开区集中隔离点" not in [row[0] for row in national.sheets()[0][2]]  # figures only


def test_the_park_bulletin_prints_the_section_and_keeps_its_summary(world, tmp_path):
    stays(world)
    bulletin = bulletin_generate(
        actor=world.users["park_commander"], node=world.nodes["park_a"], date=timezone.localdate()
    )
    assert bulletin.summary["returns"]["in_isolation"] == 2
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(bulletin.pdf.read())
    text = poppler("pdftotext", "-layout", str(path), "-")
    assert "经开区集中隔离点" in text
    book = load_workbook(io.BytesIO(bulletin.xlsx.read()))
    rows = list(book["隔离观察 Isolation"].iter_rows(min_row=2, values_only=True))
    assert rows[0][1:6] == (3, 2, 1, 1, 1)
    assert rows[1][0] == "经开区集中隔离点"
