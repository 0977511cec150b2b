"""Resumption rates: by node, category, above-scale and key enterprises, over days; the page and xlsx."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parkguard.enterprises.choices import Category, WorkStatus
from parkguard.enterprises.models import Employment
from parkguard.resumption import services
from parkguard.resumption.models import Transition
from parkguard.resumption.rates import resumption_rates

from .conftest import user


@pytest.fixture
def resumed(world, walk, enterprises):
    enterprises["enterprise_1"].above_scale = True
    enterprises["enterprise_1"].category = Category.STANDALONE_PLANT
    enterprises["enterprise_1"].save()
    enterprises["enterprise_2"].above_scale = True
    enterprises["enterprise_2"].key_enterprise = True
    enterprises["enterprise_2"].save()
    return walk("resumed")


@pytest.mark.django_db
def test_the_rate_of_the_park_its_areas_and_kinds(world, resumed):
    rates = resumption_rates(node=world.nodes["park_a"], day=timezone.localdate())
    assert (rates.all.total, rates.all.resumed, rates.all.percent) == (2, 1, 50.0)
    assert [(r.label, r.total, r.resumed) for r in rates.children] == [("阿拉街道", 2, 1)]
    assert (rates.above_scale.total, rates.above_scale.resumed) == (2, 1)
    assert (rates.key.total, rates.key.resumed) == (1, 0)
    plant = next(r for r in rates.categories if r.total and r.resumed)
    assert plant.percent == 100.0


@pytest.mark.django_db
def test_a_suspension_takes_an_enterprise_out_and_lifting_brings_it_back(world, resumed):
    official = user(world, "grid_official")
    today = timezone.localdate()
    services.application_decide(
        actor=official, application=resumed, action="suspend", reason="病例", conditions="消杀"
    )
    assert resumption_rates(node=world.nodes["grid_1"], day=today).all.resumed == 0
    resumed.refresh_from_db()
    services.application_decide(actor=official, application=resumed, action="lift", reason="已消杀")
    assert resumption_rates(node=world.nodes["grid_1"], day=today).all.resumed == 1


@pytest.mark.django_db
def test_the_rate_over_days_follows_the_actual_date(world, resumed):
    today = timezone.localdate()
    Transition.objects.filter(application=resumed, action="resume").update(
        effective_on=today - dt.timedelta(days=2)
    )
    trend = resumption_rates(node=world.nodes["park_a"], day=today, days=4).trend
    assert [(d, r.resumed) for d, r in trend] == [
        (today - dt.timedelta(days=3), 0),
        (today - dt.timedelta(days=2), 1),
        (today - dt.timedelta(days=1), 1),
        (today, 1),
    ]


@pytest.mark.django_db
def test_employees_back_at_work_against_the_roster(world, enterprises):
    Employment.objects.create(
        enterprise=enterprises["enterprise_1"],
        person=world.people["worker_1"],
        work_status=WorkStatus.ON_SITE,
    )
    Employment.objects.create(enterprise=enterprises["enterprise_2"], person=world.people["worker_2"])
    rates = resumption_rates(node=world.nodes["park_a"], day=timezone.localdate())
    assert (rates.employees_returned, rates.employees_expected) == (1, 2)


@pytest.mark.django_db
def test_the_rates_page_and_its_xlsx(world, resumed, login):
    client = login(user(world, "park_commander"))
    page = client.get(reverse("resumption:rates", args=[world.nodes["park_a"].pk]))
    assert page.status_code == 200
    assert "50.0%" in page.content.decode()
    xlsx = client.get(reverse("resumption:rates_xlsx", args=[world.nodes["park_a"].pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [c.value for c in sheet[2]] == ["昆明经开区", 2, 1, 50]
    outside = login(user(world, "grid_official")).get(
        reverse("resumption:rates", args=[world.nodes["park_b"].pk])
    )
    assert outside.status_code == 404


@pytest.mark.django_db
def test_the_national_office_sees_every_parks_rate(world, resumed, login):
    page = login(user(world, "national_officer")).get(
        reverse("resumption:rates", args=[world.nodes["park_a"].pk])
    )
    assert page.status_code == 200
