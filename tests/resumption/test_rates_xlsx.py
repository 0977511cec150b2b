"""The xlsx export of resumption rates (issue #6 item 5): the groups of the day, above-scale and key
enterprises, employees back at work, and the days before; out of scope is 404."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment, Enterprise

from .conftest import user

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(world, enterprises, walk, login):
    """Park A: enterprise 1 (above scale, key) resumed; one of its two employees on site."""
    Enterprise.objects.filter(pk=enterprises["enterprise_1"].pk).update(above_scale=True, key_enterprise=True)
    walk("resumed")
    Employment.objects.create(
        enterprise=enterprises["enterprise_1"],
        person=world.people["worker_1"],
        work_status=WorkStatus.ON_SITE,
    )
    Employment.objects.create(enterprise=enterprises["enterprise_2"], person=world.people["worker_2"])
    response = login(user(world, "park_commander")).get(
        reverse("resumption:rates_xlsx", args=[world.nodes["park_a"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'resumption-{timezone.localdate().isoformat()}.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def rows(sheet) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    return {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_the_day_sheet_has_every_group_and_the_employees(book):
    day = rows(book["Resumption rates"])

    assert day["昆明经开区"] == (2, 1, 50)
    assert day["阿拉街道"] == (2, 1, 50)
    assert day["Above scale"] == (1, 1, 100)
    assert day["Key enterprises"] == (1, 1, 100)
    assert day["Employees (expected, back at work)"] == (2, 1, 50)


def test_the_days_sheet_ends_on_the_day_with_each_rate(book):
    days = list(book["Over days"].iter_rows(min_row=2, values_only=True))

    assert len(days) == 7
    assert days[-1] == (timezone.localdate().isoformat(), 2, 1, 50, 100, 100)


def test_an_outsider_of_the_park_gets_404(world, enterprises, login):
    response = login(user(world, "commander_b")).get(
        reverse("resumption:rates_xlsx", args=[world.nodes["park_a"].pk])
    )

    assert response.status_code == 404
