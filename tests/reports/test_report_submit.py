"""Issue #4: submitting a daily report — on time, late, zero report, edits and corrections."""

from __future__ import annotations

import pytest

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ServiceError
from parkguard.reports.choices import ReportStatus
from parkguard.reports.models import DailyReport

from .reporting import english, submit, values

pytestmark = pytest.mark.django_db


def test_a_report_before_the_deadline_is_on_time(world, templates, at):
    at("11:59")
    report = submit(world)
    assert report.status == ReportStatus.SUBMITTED
    assert report.late is False
    assert report.values["staff_on_site"] == 40
    assert report.values["mask_days"] == "7.5"
    assert report.submitted_by == world.users["enterprise_contact"]


def test_a_report_after_the_deadline_is_marked_late(world, templates, at):
    at("12:01")
    assert submit(world).late is True


def test_a_zero_report_is_a_report_without_figures(world, templates):
    report = submit(world, values={}, zero_report=True)
    assert report.is_submitted and report.zero_report
    assert report.values == {}


def test_a_report_can_be_changed_until_the_deadline(world, templates, at):
    submit(world)
    at("11:00")
    report = submit(world, values=values(arrivals_today=5))
    assert report.values["arrivals_today"] == 5
    assert report.correction_reason == ""
    assert DailyReport.objects.count() == 1


def test_a_correction_after_the_deadline_needs_a_reason(world, templates, at):
    submit(world)
    at("15:00")
    with pytest.raises(ServiceError) as refused:
        submit(world, values=values(arrivals_today=5))
    assert english(refused.value) == {"reason": ["After the deadline, a correction needs a reason."]}
    assert DailyReport.objects.get().values["arrivals_today"] == 3


def test_a_correction_with_a_reason_is_audited(world, templates, at):
    report = submit(world)
    at("15:00")
    submit(world, values=values(arrivals_today=5), reason="漏报两人")
    event = AuditEvent.objects.filter(object_type="reports.dailyreport", object_id=str(report.pk)).first()
    assert event.changes == {"arrivals_today": [3, 5], "correction_reason": [None, "漏报两人"]}
    report.refresh_from_db()
    assert report.correction_reason == "漏报两人"
    assert report.late is False


def test_a_draft_keeps_partial_values_and_is_not_submitted(world, templates):
    from parkguard.reports import services

    from .conftest import DAY

    draft = services.report_save_draft(
        actor=world.users["enterprise_contact"],
        site=world.nodes["enterprise_1"],
        day=DAY,
        period="day",
        values={"arrivals_today": "4"},
    )
    assert draft.status == ReportStatus.DRAFT
    assert draft.values == {"arrivals_today": 4}
