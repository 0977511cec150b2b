"""The command centre: the user's top node, any node of their scope (others are 404), on a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from parkguard.health.choices import Colour
from parkguard.health.models import PersonStatus

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def page(client, node, **params):  # type: ignore[no-untyped-def]
    return client.get(reverse("dashboard:node", args=[node.pk]), params, **EN)


@pytest.mark.parametrize(
    ("persona", "node"),
    [("park_commander", "park_a"), ("national_officer", "national"), ("grid_official", "grid_1")],
)
def test_the_dashboard_opens_on_the_top_node_of_the_scope(world, login, persona, node):
    response = login(world.users[persona]).get(reverse("dashboard:home"))

    assert response.status_code == 302
    assert response.url == reverse("dashboard:node", args=[world.nodes[node].pk])


def test_a_user_without_scope_is_told_so(world, login):
    response = login(world.users["outsider"]).get(reverse("dashboard:home"), **EN)

    assert response.status_code == 200
    assert "Nothing in your scope" in response.content.decode()


@pytest.mark.parametrize(("persona", "node"), [("grid_official", "park_a"), ("commander_b", "park_a")])
def test_a_node_out_of_scope_is_not_found(world, login, persona, node):
    assert page(login(world.users[persona]), world.nodes[node]).status_code == 404


def test_the_login_page_comes_first(world, client):
    response = client.get(reverse("dashboard:node", args=[world.nodes["park_a"].pk]))

    assert response.status_code == 302 and "login" in response.url


def test_the_park_shows_its_resumption_rates_and_gaps(world, login, walk):
    walk("resumed")  # enterprise 1 of park A's two

    html = page(login(world.users["park_commander"]), world.nodes["park_a"]).content.decode()

    assert "50.0%" in html and "(1/2)" in html
    assert 'id="resumption-trend"' in html and "<svg" in html
    assert "1</strong> supervision gaps" in html
    assert reverse("reports:completeness", args=[world.nodes["park_a"].pk]) in html


def test_the_children_table_lists_each_area_with_its_rate(world, login, walk):
    walk("resumed")

    html = page(login(world.users["park_commander"]), world.nodes["area_a"])
    text = html.content.decode()

    assert 'id="children"' in text
    assert "一号网格" in text and "100.0% (1/1)" in text
    assert "二号网格" in text and "0.0% (0/1)" in text
    assert "经开区东卡口" not in text  # a checkpoint has no figures to compare


def test_the_waiting_and_overdue_applications_are_counted(world, login, walk):
    from parkguard.resumption.models import Application

    application = walk("submitted")
    Application.objects.filter(pk=application.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))

    html = page(login(world.users["park_commander"]), world.nodes["park_a"]).content.decode()

    assert "1</strong> applications waiting" in html
    assert "1</strong> overdue for a decision" in html


def test_an_earlier_day_shows_the_rate_of_that_day(world, login, walk):
    walk("resumed")
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    html = page(login(world.users["park_commander"]), world.nodes["park_a"], day=yesterday.isoformat())

    assert "0.0%" in html.content.decode() and "50.0%" not in html.content.decode()


def test_the_national_office_sees_the_figures_of_every_park(world, login, walk):
    walk("resumed")

    text = page(login(world.users["national_officer"]), world.nodes["national"]).content.decode()

    assert "33.3%" in text  # one of three enterprises
    assert "昆明经开区" in text and "上海庙经济开发区" in text


def test_pass_colours_are_counted(world, login):
    now = timezone.now()
    for key, colour in (("worker_1", Colour.GREEN), ("worker_2", Colour.RED), ("worker_b", Colour.RED)):
        PersonStatus.objects.create(person=world.people[key], colour=colour, evaluated_at=now)

    text = page(login(world.users["park_commander"]), world.nodes["park_a"]).content.decode()

    assert 'id="panel-colours"' in text
    assert "1</strong> Green" in text and "1</strong> Red" in text
