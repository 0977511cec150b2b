import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from parkguard.enterprises.choices import ImportStatus
from parkguard.enterprises.models import Employment, Enterprise, ImportJob
from tests.factories import make_id_number

from .factories import EnterpriseFactory, make_uscc
from .xlsx import upload, workbook_bytes

pytestmark = pytest.mark.django_db


def _rows(n_valid=2, invalid=True):
    rows = [
        [f"员工{i}", make_id_number(), "13800138000", "生产部", "操作工", "在岗", "2020-02-10", "否"]
        for i in range(n_valid)
    ]
    if invalid:
        rows.append(["坏行", "110105194912310020", "", "", "", "在岗", "", ""])
    return rows


@pytest.fixture
def enterprise(world):
    return EnterpriseFactory(node=world.nodes["enterprise_1"])


def _upload(client, enterprise, data):
    return client.post(reverse("enterprises:roster_import", args=[enterprise.pk]), {"file": upload(data)})


@pytest.mark.parametrize(
    "kind, sheet, header", [("roster", "花名册", "姓名*"), ("enterprises", "企业名录", "统一社会信用代码*")]
)
def test_template_has_chinese_headers_and_instructions(world, login, kind, sheet, header):
    response = login(world.users["grid_official"]).get(reverse("enterprises:import_template", args=[kind]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [sheet, "说明 Instructions"]
    assert next(book[sheet].iter_rows(values_only=True))[0] == header
    instructions = list(book["说明 Instructions"].iter_rows(values_only=True))
    assert any("在岗" in (row[3] or "") or "独立厂区" in (row[3] or "") for row in instructions)


def test_the_template_imports_cleanly(world, login, enterprise):
    client = login(world.users["enterprise_contact"])
    template = client.get(reverse("enterprises:import_template", args=["roster"])).content
    response = _upload(client, enterprise, template)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportStatus.VALIDATED, job.message
    assert job.counts["invalid"] == 0 and job.counts["new"] == 1


def test_upload_preview_then_commit_valid_rows_only(world, login, enterprise):
    client = login(world.users["enterprise_contact"])
    response = _upload(client, enterprise, workbook_bytes(_rows()))
    job = ImportJob.objects.get()
    assert response.url == reverse("enterprises:import_detail", args=[job.pk])

    preview = client.get(response.url)
    assert preview.context["job"].counts["new"] == 2 and preview.context["job"].counts["invalid"] == 1
    assert len(preview.context["issues"]) == 1
    assert b"110105194912310020" not in preview.content
    assert not Employment.objects.exists()

    client.post(reverse("enterprises:import_commit", args=[job.pk]), {"mode": "valid_only"})
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert Employment.objects.filter(enterprise=enterprise).count() == 2


def test_commit_all_with_invalid_rows_is_refused_with_a_message(world, login, enterprise):
    client = login(world.users["enterprise_contact"])
    _upload(client, enterprise, workbook_bytes(_rows()))
    job = ImportJob.objects.get()
    response = client.post(reverse("enterprises:import_commit", args=[job.pk]), {"mode": "all"}, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    assert not Employment.objects.exists()


def test_reimporting_the_same_file_changes_nothing(world, login, enterprise):
    client = login(world.users["enterprise_contact"])
    data = workbook_bytes(_rows(invalid=False))
    _upload(client, enterprise, data)
    first = ImportJob.objects.get()
    client.post(reverse("enterprises:import_commit", args=[first.pk]), {"mode": "all"})
    _upload(client, enterprise, data)
    second = ImportJob.objects.exclude(pk=first.pk).get()
    assert second.counts["new"] == 0 and second.counts["changed"] == 0 and second.counts["unchanged"] == 2


def test_error_report_lists_row_column_value_message(world, login, enterprise):
    client = login(world.users["enterprise_contact"])
    _upload(client, enterprise, workbook_bytes(_rows()))
    job = ImportJob.objects.get()
    response = client.get(reverse("enterprises:import_issues_export", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == 4 and rows[1][1] == "身份证号码"
    assert "*" in rows[1][2]  # the id number is masked in the report


def test_a_broken_file_is_a_message_not_a_500(world, login, enterprise):
    client = login(world.users["enterprise_contact"])
    response = client.post(
        reverse("enterprises:roster_import", args=[enterprise.pk]), {"file": upload(b"a,b\n", "x.csv")}
    )
    assert response.status_code == 200
    assert list(response.context["messages"])


def test_progress_endpoint_reports_the_job(world, login, enterprise):
    client = login(world.users["enterprise_contact"])
    _upload(client, enterprise, workbook_bytes(_rows()))
    job = ImportJob.objects.get()
    progress = client.get(reverse("enterprises:import_progress", args=[job.pk])).json()
    assert progress["status"] == "validated" and progress["active"] is False and progress["total"] == 3


def test_job_pages_of_another_grid_are_404(world, login, enterprise):
    _upload(login(world.users["enterprise_contact"]), enterprise, workbook_bytes(_rows()))
    job = ImportJob.objects.get()
    client = login(world.users["neighbour_official"])
    for name in ("import_detail", "import_progress", "import_issues_export"):
        assert client.get(reverse(f"enterprises:{name}", args=[job.pk])).status_code == 404
    assert (
        client.post(reverse("enterprises:import_commit", args=[job.pk]), {"mode": "all"}).status_code == 404
    )


def test_cancel_leaves_nothing_written(world, login, enterprise):
    client = login(world.users["enterprise_contact"])
    _upload(client, enterprise, workbook_bytes(_rows(invalid=False)))
    job = ImportJob.objects.get()
    client.post(reverse("enterprises:import_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and not Employment.objects.exists()


def test_registry_import_under_a_grid(world, login):
    client = login(world.users["grid_official"])
    header = ["统一社会信用代码", "企业名称", "企业类别"]
    data = workbook_bytes([[make_uscc(), "新企业", "独立厂区"]], title="企业名录", header=header)
    response = client.post(
        reverse("enterprises:registry_import"),
        {"file": upload(data, "e.xlsx"), "node": world.nodes["grid_1"].pk},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.counts["new"] == 1, job.message
    client.post(reverse("enterprises:import_commit", args=[job.pk]), {"mode": "all"})
    assert Enterprise.objects.filter(node__name="新企业", node__parent=world.nodes["grid_1"]).exists()


def test_registry_import_form_offers_only_nodes_in_scope(world, login):
    response = login(world.users["grid_official"]).get(reverse("enterprises:registry_import"))
    assert list(response.context["form"].fields["node"].queryset) == [world.nodes["grid_1"]]
