import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from parkguard.audit.models import AuditAction, AuditEvent
from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment
from tests.factories import PersonFactory

from .factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(world):
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"], contact_phone="13912345678")
    person = PersonFactory(employer=enterprise.node)
    return Employment.objects.create(enterprise=enterprise, person=person, work_status=WorkStatus.ON_SITE)


def _cells(response):
    book = load_workbook(io.BytesIO(response.content))
    return [
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None
    ]


def _urls(worker):
    pk = worker.enterprise.pk
    return [
        reverse("enterprises:roster_export", args=[pk]),
        reverse("enterprises:ledger_export", args=[pk]),
    ]


def test_roster_and_ledger_exports_are_masked_by_default(world, login, worker):
    client = login(world.users["enterprise_contact"])
    for url in _urls(worker):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="')
        cells = _cells(response)
        assert worker.person.id_number_masked in cells
        assert worker.person.id_number not in cells and worker.person.phone not in cells


def test_enterprise_export_is_filtered_scoped_and_masked(world, login, worker):
    EnterpriseFactory(node=world.nodes["enterprise_2"])
    response = login(world.users["grid_official"]).get(reverse("enterprises:enterprise_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [worker.enterprise.uscc]
    assert "13912345678" not in rows[1] and "139****5678" in rows[1]


def test_unmasked_export_is_refused_without_the_reveal_permission(world, login, worker):
    client = login(world.users["enterprise_contact"])
    for url in _urls(worker):
        assert client.get(url, {"unmasked": "1"}).status_code == 403
    assert client.get(reverse("enterprises:enterprise_export"), {"unmasked": "1"}).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()


def test_unmasked_export_with_the_permission_is_audited(world, login, worker):
    official = world.users["grid_official"]
    response = login(official).get(
        reverse("enterprises:roster_export", args=[worker.enterprise.pk]), {"unmasked": "1"}
    )
    assert worker.person.id_number in _cells(response)
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action=AuditAction.REVEAL)
    assert event.actor == official and event.changes == {"export": "roster", "rows": 1}


def test_ledger_export_at_a_date_before_anyone_was_employed_is_empty(world, login, worker):
    response = login(world.users["grid_official"]).get(
        reverse("enterprises:ledger_export", args=[worker.enterprise.pk]), {"at": "2019-01-01"}
    )
    assert "ledger-" in response["Content-Disposition"] and "2019-01-01" in response["Content-Disposition"]
    assert worker.person.id_number_masked not in _cells(response)


def test_exports_out_of_scope_are_404(world, login, worker):
    client = login(world.users["neighbour_official"])
    for url in _urls(worker):
        assert client.get(url).status_code == 404
