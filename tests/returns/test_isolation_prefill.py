"""The daily report's isolation figures pre-filled from the stays (issue #7): an isolation site's day,
an enterprise's people in central isolation."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from parkguard.reports.choices import Prefill
from parkguard.reports.models import ReportField
from parkguard.reports.prefill import prefill_values
from parkguard.returns.models import Returnee
from tests.factories import PersonFactory

from .isolation_helpers import make_site, raw_stay

D = dt.timedelta


def fields(*prefills):
    return [ReportField(key=str(p), prefill=p) for p in prefills]


ISOLATION = (
    Prefill.ISOLATION_OCCUPIED,
    Prefill.ISOLATION_FREE_BEDS,
    Prefill.ISOLATION_CHECK_INS,
    Prefill.ISOLATION_RELEASES,
)


def test_an_isolation_sites_report_is_filled_with_its_day(world):
    today = timezone.localdate()
    site = make_site(world, capacity=5)
    raw_stay(site, check_in=today - D(days=3))
    raw_stay(site, check_in=today)
    raw_stay(site, check_in=today - D(days=14), released_on=today)
    raw_stay(site, check_in=today - D(days=20), released_on=today - D(days=6))
    values = prefill_values(site.node, fields(*ISOLATION))
    assert values == {
        "isolation_occupied": 2,
        "isolation_free_beds": 3,
        "isolation_check_ins": 1,
        "isolation_releases": 1,
    }
    earlier = prefill_values(site.node, fields(*ISOLATION), today - D(days=6))
    assert earlier["isolation_occupied"] == 1 and earlier["isolation_releases"] == 1


def test_a_site_that_is_no_isolation_site_types_those_fields(world):
    assert prefill_values(world.nodes["enterprise_1"], fields(*ISOLATION)) == {}


def test_an_enterprises_people_in_central_isolation_employees_and_its_returnees(world):
    today = timezone.localdate()
    site = make_site(world)
    enterprise = world.nodes["enterprise_1"]
    raw_stay(site, person=PersonFactory(employer=enterprise), check_in=today - D(days=1))
    returnee = Returnee.objects.create(person=PersonFactory(), enterprise=enterprise, origin_code="150621")
    stay = raw_stay(site, person=returnee.person, check_in=today)
    stay.returnee = returnee
    stay.save()
    raw_stay(site, person=PersonFactory(employer=enterprise), check_in=today - D(days=15), released_on=today)
    raw_stay(site, person=PersonFactory(employer=world.nodes["enterprise_2"]), check_in=today)
    values = prefill_values(enterprise, fields(Prefill.EMPLOYEES_IN_ISOLATION, Prefill.NONE))
    assert values == {"employees_in_isolation": 2}


def test_roster_figures_are_still_read_from_the_roster_beside_isolation_ones(world):
    from parkguard.enterprises.choices import WorkStatus
    from parkguard.enterprises.models import Employment
    from tests.enterprises.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    Employment.objects.create(
        enterprise=enterprise, person=PersonFactory(), work_status=WorkStatus.IN_ISOLATION
    )
    values = prefill_values(
        enterprise.node, fields(Prefill.ROSTER_IN_ISOLATION, Prefill.EMPLOYEES_IN_ISOLATION)
    )
    assert values == {"roster_in_isolation": 1, "employees_in_isolation": 0}
