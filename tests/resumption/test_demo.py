"""The resumption demo on top of the five parks: each park's figures; 昆明's above-scale rate is the seed's 98%,
on the commander's dashboard too.

``manage.py demo`` builds it (``demo_build`` calls ``build_resumption_demo`` after the ledger and the staff).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from parkguard.accounts.models import User
from parkguard.hierarchy.models import Node
from parkguard.resumption.choices import State
from parkguard.resumption.demo import KUNMING, resumed_count
from parkguard.resumption.models import Application
from parkguard.resumption.rates import resumption_rates

DAY = dt.date(2020, 3, 30)  # the seed's newsletter


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_resumed_count_is_the_fewest_that_shows_the_rate():
    assert resumed_count(439, 0.98) == 431
    assert round(100 * 431 / 439, 1) == 98.2


@pytest.mark.django_db
def test_kunmings_above_scale_rate_is_the_seeds_98_percent(demo):
    rates = resumption_rates(node=Node.objects.get(name=KUNMING), day=DAY)
    assert rates.above_scale.total == 439
    assert round(rates.above_scale.percent) == 98


@pytest.mark.django_db
def test_every_park_has_figures_and_waiting_applications(demo):
    # 宁东, the partner park, has no enterprises in the demo; the seed's five parks all have theirs.
    parks = Node.objects.filter(kind="park").exclude(name="宁东能源化工基地")
    assert parks.count() == 5
    for park in parks:
        rates = resumption_rates(node=park, day=DAY)
        assert rates.all.total > 0 and rates.all.resumed > 0, park.name
    assert Application.objects.filter(
        state__in=(State.SUBMITTED, State.INSPECTED), green_channel=True
    ).exists()
    assert Application.objects.filter(state=State.SUSPENDED).exists()
    assert Application.objects.filter(state=State.FILED).count() == 0


@pytest.mark.django_db
def test_the_commanders_dashboard_shows_kunmings_98_percent(demo, client):
    client.force_login(User.objects.get(username="demo-commander"))
    kunming = Node.objects.get(name=KUNMING)

    response = client.get(
        reverse("dashboard:node", args=[kunming.pk]), {"day": DAY.isoformat()}, HTTP_ACCEPT_LANGUAGE="en"
    )

    rates = response.content.decode().split('id="resumption-rates"')[1].split("</ul>")[0]
    assert "98.2%</strong> Above-scale enterprises (431/439)" in rates


@pytest.mark.django_db
def test_the_national_dashboard_lists_each_parks_resumption_rate(demo, client):
    client.force_login(User.objects.get(username="demo-national"))
    national = Node.objects.get(kind="national")

    response = client.get(reverse("dashboard:node", args=[national.pk]), {"day": DAY.isoformat()})

    table = response.content.decode().split('id="children"')[1]
    for park in Node.objects.filter(kind="park").exclude(name="宁东能源化工基地"):
        rate = resumption_rates(node=park, day=DAY).all
        assert f"{park.name}</a>" in table
        assert f"{rate.percent}% ({rate.resumed}/{rate.total})" in table, park.name
