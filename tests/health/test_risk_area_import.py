"""Importing risk areas from xlsx or CSV: all rows or none, with every row's problem listed."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parkguard.health.models import ReevaluationJob, RiskArea
from parkguard.lib.excel import write_workbook

pytestmark = pytest.mark.django_db

HEADER = ["区划代码", "风险等级", "起始日期", "结束日期"]


def xlsx(rows) -> bytes:
    return write_workbook([("风险地区", HEADER, iter(rows))])


def upload(client, park, name, content):
    return client.post(
        "/health/risk-areas/import/",
        {"park": park.pk, "file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_an_xlsx_list_is_imported_with_history(world, at, login):
    content = xlsx([["420106", "高", "2020-01-23", None], ["420100", "中", "2020-01-23", "2020-03-10"]])
    response = upload(login(world.users["park_commander"]), world.nodes["park_a"], "risk.xlsx", content)
    assert response.status_code == 302
    assert RiskArea.objects.count() == 2
    assert RiskArea.history.filter(history_type="+").count() == 2
    assert ReevaluationJob.objects.get().status == "done"


def test_a_csv_in_gb18030_is_imported(world, at, login):
    content = "区划代码,风险等级,起始日期\n420106,高风险,2020/1/23\n".encode("gb18030")
    response = upload(login(world.users["park_commander"]), world.nodes["park_a"], "risk.csv", content)
    assert response.status_code == 302
    assert RiskArea.objects.get().level == "high"


def test_bad_rows_are_all_listed_and_nothing_is_imported(world, at, login, settings):
    settings.LANGUAGE_CODE = "en"
    content = xlsx(
        [
            ["420106", "高", "2020-01-23", None],
            ["999999", "低", "2020-01-23", None],
            ["420100", "中", "2020-02-10", "2020-02-01"],
        ]
    )
    response = upload(login(world.users["park_commander"]), world.nodes["park_a"], "risk.xlsx", content)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Row 3:" in text and "Row 4:" in text and "Row 2:" not in text
    assert not RiskArea.objects.exists()


def test_a_file_without_the_columns_is_refused(world, at, login):
    content = "name,level\n武昌,高\n".encode()
    response = upload(login(world.users["park_commander"]), world.nodes["park_a"], "risk.csv", content)
    assert response.status_code == 400
    assert "区划代码" in response.content.decode()


def test_a_file_that_is_not_a_workbook_is_refused(world, at, login):
    response = upload(login(world.users["park_commander"]), world.nodes["park_a"], "risk.xlsx", b"hello")
    assert response.status_code == 400
    assert not RiskArea.objects.exists()


def test_only_the_command_imports(world, at, login):
    client = login(world.users["commander_b"])
    content = io.BytesIO(xlsx([["420106", "高", "2020-01-23", None]])).getvalue()
    response = upload(client, world.nodes["park_a"], "risk.xlsx", content)
    assert response.status_code == 200  # park A is not a choice for park B's commander
    assert not RiskArea.objects.exists()
