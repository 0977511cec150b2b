"""The demo reproduces the seed's figures, with valid fictional people, and builds only once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from parkguard.accounts.models import Assignment, Membership, User
from parkguard.accounts.roles import Role
from parkguard.checkpoints.demo import NINGDONG_NAME
from parkguard.demo.parks import CODE_YEAR, HEFEI, KUNMING, NATIONAL_NAME, PARKS, SHANGHAIMIAO, WUXI, ZIYA
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.models import Department, Node
from parkguard.lib.codes import validate_division_code, validate_id_number, validate_mobile
from parkguard.people.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def park(spec) -> Node:
    return Node.objects.get(kind=NodeKind.PARK, name=spec.name)


def under(spec, kind: str):
    return Node.objects.filter(path__startswith=park(spec).path, kind=kind)


def holders_under(spec, role: str):
    return Membership.objects.filter(node__path__startswith=park(spec).path, role=role)


@pytest.mark.parametrize(
    ("spec", "kind", "count"),
    [
        (KUNMING, NodeKind.COMPOUND, 66),
        (KUNMING, NodeKind.GRID, 140),
        (KUNMING, NodeKind.BUILDING, 682),
        (KUNMING, NodeKind.ENTERPRISE, 439),
        (KUNMING, NodeKind.TASK_FORCE, 7),  # 2 专班 + 5 工作组
        (WUXI, NodeKind.CONSTRUCTION, 194),
        (SHANGHAIMIAO, NodeKind.ENTERPRISE, 24),
        (SHANGHAIMIAO, NodeKind.COMPOUND, 7),
        (SHANGHAIMIAO, NodeKind.TASK_FORCE, 4),
        (HEFEI, NodeKind.TASK_FORCE, 5),  # 五个企业服务组
    ],
    ids=lambda value: getattr(value, "key", value),
)
def test_park_has_the_seeds_figure(spec, kind, count):
    assert under(spec, kind).count() == count


def test_five_parks_and_the_partner_ningdong_hang_under_the_national_office():
    national = Node.objects.get(kind=NodeKind.NATIONAL, name=NATIONAL_NAME)

    parks = Node.objects.filter(parent=national, kind=NodeKind.PARK)

    # 宁东 is 上海庙's partner jurisdiction (issue #5, 一张证明、两地通行), not one of the seed's five.
    assert sorted(parks.values_list("name", flat=True)) == sorted([*(s.name for s in PARKS), NINGDONG_NAME])


def test_parks_and_kunming_streets_carry_2020_division_codes():
    for spec in PARKS:
        assert (park(spec).division_code, park(spec).division_code_year) == (spec.division_code, CODE_YEAR)
    streets = under(KUNMING, NodeKind.AREA)
    assert streets.exists()
    for street in streets:
        assert len(validate_division_code(street.division_code)) == 12
        assert street.division_code_year == CODE_YEAR


def test_kunming_has_337_grid_officials_on_its_grids():
    officials = holders_under(KUNMING, Role.GRID_OFFICIAL)

    assert officials.count() == 337
    assert not officials.exclude(node__kind=NodeKind.GRID).exists()


def test_kunming_has_one_building_head_per_building():
    heads = holders_under(KUNMING, Role.BUILDING_HEAD)

    assert heads.count() == 682
    assert heads.values("node").distinct().count() == 682


def test_every_shanghaimiao_enterprise_has_a_department_and_a_responsible_official():
    enterprises = under(SHANGHAIMIAO, NodeKind.ENTERPRISE)
    departments = Department.objects.filter(park=park(SHANGHAIMIAO))

    assert not enterprises.filter(supervising_department__isnull=True).exists()
    assert set(enterprises.values_list("supervising_department", flat=True)) <= set(
        departments.values_list("pk", flat=True)
    )
    responsible = Assignment.objects.filter(node__in=enterprises, role=AssignmentRole.RESPONSIBLE)
    assert responsible.count() == 24


def test_shanghaimiao_has_the_ningdong_checkpoint():
    assert under(SHANGHAIMIAO, NodeKind.CHECKPOINT).filter(name="宁东出口检查站").exists()


def test_ziya_leaves_gaps_for_the_assignments_page():
    enterprises = under(ZIYA, NodeKind.ENTERPRISE)
    responsible = Assignment.objects.filter(node__in=enterprises, role=AssignmentRole.RESPONSIBLE)

    assert enterprises.count() - responsible.count() == ZIYA.responsible_gaps == 3
    assert enterprises.filter(supervising_department__isnull=True).count() == ZIYA.department_gaps


def test_ziya_area_leaders_answer_for_the_areas():
    areas = under(ZIYA, NodeKind.AREA)

    leaders = holders_under(ZIYA, Role.AREA_LEADER)

    assert set(leaders.values_list("node", flat=True)) == set(areas.values_list("pk", flat=True))


def test_hefei_commissioners_cover_every_enterprise_and_leaders_twenty():
    enterprises = under(HEFEI, NodeKind.ENTERPRISE)
    assignments = Assignment.objects.filter(node__in=enterprises)

    assert assignments.filter(role=AssignmentRole.COMMISSIONER).count() == enterprises.count()
    assert assignments.filter(role=AssignmentRole.COMMISSIONER).values("user").distinct().count() == 30
    assert assignments.filter(role=AssignmentRole.RESPONSIBLE).count() == 20


def test_officials_without_a_login_cannot_log_in():
    officials = User.objects.filter(username__startswith="km-grid-")

    assert officials.count() == 336  # the 337th is the demo-grid login
    assert not any(user.has_usable_password() for user in officials)


def test_every_person_has_a_valid_id_number_and_mobile():
    people = list(Person.objects.all())

    assert 100 <= len(people) <= 200
    for person in people:
        assert validate_id_number(person.id_number).value == person.id_number
        assert validate_mobile(person.phone) == person.phone
        assert person.birth_date is not None


def test_every_person_lives_or_works_in_a_demo_park():
    for person in Person.objects.with_nodes():
        node = person.residence or person.employer
        assert node.kind in {NodeKind.BUILDING, NodeKind.COMPOUND, NodeKind.ENTERPRISE, NodeKind.CONSTRUCTION}
        assert node.depth > 2


def test_running_twice_changes_nothing():
    models = (Node, Department, User, Membership, Assignment, Person)
    before = {model: model.objects.count() for model in models}
    out = io.StringIO()

    call_command("demo", stdout=out)

    assert {model: model.objects.count() for model in models} == before
    assert "nothing changed" in out.getvalue()


def test_first_run_prints_the_parks_figures(demo):
    assert "Demo built" in demo
    assert "昆明经济技术开发区" in demo
    assert "682" in demo


def test_logins_prints_without_rebuilding():
    nodes = Node.objects.count()
    out = io.StringIO()

    call_command("demo", "--logins", "--url", "http://127.0.0.1:8080", stdout=out)

    assert Node.objects.count() == nodes
    assert "demo-grid" in out.getvalue()
    assert "http://127.0.0.1:8080" in out.getvalue()
    assert "Demo built" not in out.getvalue()
    assert "nothing changed" not in out.getvalue()


def test_every_enterprise_has_a_ledger_record_and_every_employee_a_roster_line(demo):
    from parkguard.enterprises.models import Employment, Enterprise
    from parkguard.hierarchy.models import Node
    from parkguard.lib.codes import validate_uscc

    sites = Node.objects.filter(kind__in=("enterprise", "construction", "medical"))
    assert Enterprise.objects.count() == sites.count()
    assert all(validate_uscc(code) for code in Enterprise.objects.values_list("uscc", flat=True))
    assert Employment.objects.count() == Person.objects.filter(employer__isnull=False).count()
    assert Enterprise.objects.filter(node__name__endswith="）", above_scale=True).count() == 439


def test_the_demo_ledger_has_a_history_before_and_after_the_return(demo):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from parkguard.enterprises.models import Employment

    before = dt.datetime(2020, 2, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    on_site_then = Employment.history.as_of(before).filter(work_status="on_site").count()
    assert on_site_then == 0
    assert Employment.objects.filter(work_status="on_site").exists()


def test_the_demo_has_a_week_of_daily_reports_with_gaps_today(demo):
    from parkguard.reports import clock
    from parkguard.reports.models import DailyReport, ReportTemplate

    today = clock.today()
    assert ReportTemplate.objects.filter(park__name=KUNMING.name).exists()
    kunming_today = DailyReport.objects.filter(site__path__startswith=park(KUNMING).path, date=today)
    assert 0 < kunming_today.count() < 439
    assert DailyReport.objects.filter(date=today - dt.timedelta(days=6)).exists()


def test_every_kunming_enterprise_has_a_responsible_official(demo):
    kunming = park(KUNMING)
    enterprises = Node.objects.filter(path__startswith=kunming.path, kind=NodeKind.ENTERPRISE)
    assigned = Assignment.objects.filter(node__in=enterprises, role=AssignmentRole.RESPONSIBLE)
    assert assigned.count() == enterprises.count() == 439
