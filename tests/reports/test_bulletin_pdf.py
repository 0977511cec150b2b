"""The daily bulletin's PDF (issue #4 item 6): the park, the Chinese figure labels, the missing sites,
charts as images; regenerated after a late report, the site is no longer listed."""

from __future__ import annotations

import pytest
from django.utils import translation

from parkguard.accounts.models import Assignment
from parkguard.hierarchy.choices import AssignmentRole
from parkguard.reports.bulletins import bulletin_generate
from tests.lib.test_pdf import poppler

from .conftest import DAY
from .reporting import submit

pytestmark = pytest.mark.django_db


def pdf_text(bulletin, tmp_path) -> str:
    path = tmp_path / f"bulletin-{bulletin.generation}.pdf"
    path.write_bytes(bulletin.pdf.read())
    return poppler("pdftotext", "-layout", str(path), "-")


def image_count(bulletin, tmp_path) -> int:
    path = tmp_path / "images.pdf"
    path.write_bytes(bulletin.pdf.read())
    listing = poppler("pdfimages", "-list", str(path))
    rows = [line.split() for line in listing.splitlines()[2:]]  # two header lines
    return sum(1 for row in rows if row[2] == "image")  # not their soft masks (transparency)


@pytest.fixture
def park_bulletin(world, templates, at):
    """Park A on DAY: enterprise 1 reported, enterprise 2 (包保: the neighbouring grid's official) did not."""
    Assignment.objects.create(
        node=world.nodes["enterprise_2"],
        user=world.users["neighbour_official"],
        role=AssignmentRole.RESPONSIBLE,
    )
    submit(world)
    return bulletin_generate(actor=world.users["park_commander"], node=world.nodes["park_a"], date=DAY)


def test_pdf_names_the_park_and_prints_the_chinese_figure_labels(park_bulletin, tmp_path):
    text = pdf_text(park_bulletin, tmp_path)

    assert "昆明经开区" in text
    for label in ("应报", "已报", "按时", "迟报", "未报", "未报单位", "趋势"):
        assert label in text
    for label in (
        "在岗人数",
        "发热人数",
        "疑似病例",
        "确诊病例",
        "隔离观察人数",
    ):  # the template's field labels
        assert label in text


def test_pdf_title_is_the_bulletin_title_in_chinese(park_bulletin, tmp_path):
    with translation.override("zh-hans"):
        from parkguard.reports.bulletins import bulletin_data

        title = bulletin_data(node=park_bulletin.node, day=DAY).title

    assert title.replace(" ", "") in pdf_text(park_bulletin, tmp_path).replace(" ", "")


def test_pdf_lists_the_missing_site_and_its_responsible_official(park_bulletin, tmp_path):
    text = pdf_text(park_bulletin, tmp_path)

    assert "螺蛳湾物流" in text
    assert "neighbour_official" in text
    assert "滇池机械" not in text


def test_charts_are_images_in_the_pdf(park_bulletin, tmp_path):
    assert image_count(park_bulletin, tmp_path) == 3  # completeness by area, rate trend, figures trend


def test_after_the_site_reports_the_regenerated_bulletin_lists_it_no_longer(world, park_bulletin, tmp_path):
    submit(world, who="neighbour_official", site="enterprise_2")

    again = bulletin_generate(actor=world.users["park_commander"], node=world.nodes["park_a"], date=DAY)

    text = pdf_text(again, tmp_path)
    assert "螺蛳湾物流" not in text
    assert again.summary["missing"] == 0
