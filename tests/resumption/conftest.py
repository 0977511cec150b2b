"""Resumption tests: park A's enterprise 1 answers to a department (whose staff is the task force member)
and to the grid official (包保); enterprise 2 has neither. Files are generated in memory."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from parkguard.accounts.models import Assignment
from parkguard.enterprises.models import Enterprise
from parkguard.hierarchy.choices import AssignmentRole
from parkguard.hierarchy.models import Department
from parkguard.resumption import services
from parkguard.resumption.models import Application, ParkSettings

USCC = {
    "enterprise_1": "91530100MA6K000001",
    "enterprise_2": "91530100MA6K000002",
    "enterprise_b": "91150600MA0N000003",
}


def pdf_bytes(body: bytes = b"") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + body + b">>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def pdf(name: str = "plan.pdf", body: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(body), content_type="application/pdf")


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (8, 8), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt, **save)
    return out.getvalue()


def future(days: int = 3) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def valid_fields(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "planned_date": future(),
        "headcount_total": 10,
        "headcount_local": 6,
        "headcount_elsewhere": 4,
        "headcount_risk_areas": 1,
        "headcount_returned": 5,
        "headcount_isolation": 1,
        "prevention_group": True,
        "prevention_head": "张组长",
        "temperature_checks": True,
        "disinfection_schedule": "每日两次",
        "canteen_arrangements": "错峰就餐",
        "dormitory_arrangements": "每间不超过4人",
        "isolation_rooms": 2,
        "emergency_plan": True,
        "masks_days": 14,
        "thermometers_days": 30,
        "disinfectant_days": 20,
        "green_channel": False,
        "green_channel_reason": "",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def enterprises(world) -> dict[str, Enterprise]:
    return {
        key: Enterprise.objects.create(node=world.nodes[key], uscc=uscc, headcount=10)
        for key, uscc in USCC.items()
    }


@pytest.fixture
def department(world, enterprises) -> Department:
    department = Department.objects.create(
        park=world.nodes["park_a"], name="工业和信息化局", task_force=world.nodes["task_force_a"]
    )
    node = world.nodes["enterprise_1"]
    node.supervising_department = department
    node.save()
    Assignment.objects.create(node=node, user=world.users["grid_official"], role=AssignmentRole.RESPONSIBLE)
    return department


@pytest.fixture
def make_application(world, enterprises, department):
    def _make(
        key: str = "enterprise_1", actor: str = "enterprise_contact", **overrides: object
    ) -> Application:
        return services.application_create(
            actor=world.users[actor],
            enterprise=enterprises[key],
            fields=valid_fields(**overrides),
            files={"plan_document": pdf(), "commitment_letter": pdf("letter.pdf")},
        )

    return _make


@pytest.fixture
def filing_park(world):
    def _filing(percent: int = 100) -> ParkSettings:
        return ParkSettings.objects.create(
            park=world.nodes["park_a"], mode="filing", spot_check_percent=percent
        )

    return _filing


def user(world, key: str):
    """A fresh copy of a persona (scope and memberships are cached per instance)."""
    return type(world.users[key]).objects.get(pk=world.users[key].pk)


@pytest.fixture
def walk(world, make_application):
    """Take an application through the approval steps up to ``until`` (submitted, inspected, approved, resumed)."""

    def _walk(until: str, **overrides: object) -> Application:
        application = make_application(**overrides)
        application = services.application_submit(
            actor=user(world, "enterprise_contact"), application=application
        )
        if until == "submitted":
            return application
        services.application_inspect(
            actor=user(world, "grid_official"),
            application=application,
            checklist={"prevention_group": True},
            passed=True,
        )
        application.refresh_from_db()
        if until == "inspected":
            return application
        application = services.application_decide(
            actor=user(world, "task_force_member"), application=application, action="approve"
        )
        if until == "approved":
            return application
        return services.application_decide(
            actor=user(world, "enterprise_contact"), application=application, action="resume"
        )

    return _walk


def codes(excinfo) -> set[str]:  # type: ignore[no-untyped-def]
    """The codes of a raised ServiceError, whether it names fields or not."""
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}
