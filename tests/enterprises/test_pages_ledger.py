import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment, Enterprise
from parkguard.enterprises.services import employment_update, enterprise_update
from tests.factories import PersonFactory

from .factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
FEB_1 = timezone.make_aware(dt.datetime(2020, 2, 1, 9, 0))


def _employ(enterprise, status=WorkStatus.ON_SITE, **fields):
    person = PersonFactory(employer=enterprise.node)
    return Employment.objects.create(enterprise=enterprise, person=person, work_status=status, **fields)


def _backdate(enterprise):
    """Pretend everything recorded so far happened on 2020-02-01."""
    Enterprise.history.filter(id=enterprise.pk).update(history_date=FEB_1)
    Employment.history.filter(enterprise_id=enterprise.pk).update(history_date=FEB_1)


@pytest.mark.parametrize("persona", ["enterprise_contact", "grid_official", "park_commander"])
def test_ledger_renders_for_those_in_scope(world, login, persona):
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    _employ(enterprise)
    response = login(world.users[persona]).get(reverse("enterprises:enterprise_ledger", args=[enterprise.pk]))
    assert response.status_code == 200
    assert response.context["ledger"].by_status[WorkStatus.ON_SITE] == 1


def test_ledger_of_an_enterprise_out_of_scope_is_404(world, login):
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    response = login(world.users["neighbour_official"]).get(
        reverse("enterprises:enterprise_ledger", args=[enterprise.pk])
    )
    assert response.status_code == 404


def test_ledger_as_of_a_past_day_shows_the_state_of_that_day(world, login):
    contact = world.users["enterprise_contact"]
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"], headcount=100)
    worker = _employ(enterprise, WorkStatus.ON_SITE)
    _backdate(enterprise)

    employment_update(actor=contact, employment=worker, work_status=WorkStatus.IN_ISOLATION)
    enterprise_update(actor=contact, enterprise=enterprise, headcount=80)

    url = reverse("enterprises:enterprise_ledger", args=[enterprise.pk])
    past = login(contact).get(url, {"at": "2020-02-10"})
    assert past.context["ledger"].by_status[WorkStatus.ON_SITE] == 1
    assert past.context["ledger"].in_isolation == 0
    assert past.context["record"].headcount == 100
    now = login(contact).get(url)
    assert now.context["ledger"].in_isolation == 1
    assert now.context["record"].headcount == 80


def test_ledger_before_registration_says_so(world, login):
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    response = login(world.users["grid_official"]).get(
        reverse("enterprises:enterprise_ledger", args=[enterprise.pk]), {"at": "2019-12-31"}
    )
    assert response.context["record"] is None
    assert b"not-registered" in response.content


def test_change_list_shows_who_changed_what(world, login):
    contact = world.users["enterprise_contact"]
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    worker = _employ(enterprise, WorkStatus.NOT_RETURNED)
    employment_update(actor=contact, employment=worker, work_status=WorkStatus.ON_SITE)

    response = login(contact).get(reverse("enterprises:enterprise_ledger", args=[enterprise.pk]))
    latest = response.context["changes"][0]
    assert latest.who == contact and latest.kind == "~"
    assert [(old, new) for _name, old, new in latest.fields] == [
        (WorkStatus.NOT_RETURNED.label, WorkStatus.ON_SITE.label)
    ]
    assert {c.kind for c in response.context["changes"]} == {"+", "~"}


def test_ledger_queries_do_not_grow_with_history(world, login, django_assert_max_num_queries):
    contact = world.users["enterprise_contact"]
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    url = reverse("enterprises:enterprise_ledger", args=[enterprise.pk])
    client = login(contact)
    for n in (5, 30):
        while Employment.objects.filter(enterprise=enterprise).count() < n:
            worker = _employ(enterprise, WorkStatus.NOT_RETURNED)
            employment_update(actor=contact, employment=worker, work_status=WorkStatus.ON_SITE)
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
