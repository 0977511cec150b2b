import pytest

from parkguard.enterprises.models import Employment, ImportJob
from tests.factories import make_id_number

from .factories import EnterpriseFactory
from .xlsx import upload, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(world):
    return EnterpriseFactory(node=world.nodes["enterprise_1"])


def _file(invalid=False):
    rows = [["张三", make_id_number(), "13800138000", "生产部", "操作工", "在岗", "2020-02-10", "否"]]
    if invalid:
        rows.append(["李四", "110105194912310020", "", "", "", "在岗", "", ""])
    return upload(workbook_bytes(rows))


def test_upload_returns_the_job_and_a_status_url(world, api_as, enterprise):
    api = api_as(world.users["enterprise_contact"])
    response = api.post(
        "/api/imports/",
        {"kind": "roster", "enterprise": enterprise.pk, "file": _file(True)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "validated" and body["counts"]["invalid"] == 1
    status = api.get(body["status_url"]).json()
    assert status["progress"]["percent"] == 100 and status["counts"]["new"] == 1


def test_commit_through_the_api(world, api_as, enterprise):
    api = api_as(world.users["enterprise_contact"])
    job = api.post(
        "/api/imports/",
        {"kind": "roster", "enterprise": enterprise.pk, "file": _file(True)},
        format="multipart",
    ).json()
    refused = api.post(f"/api/imports/{job['id']}/commit/", {"mode": "all"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_rows"
    done = api.post(f"/api/imports/{job['id']}/commit/", {"mode": "valid_only"}, format="json")
    assert done.status_code == 202 and done.json()["status"] == "committed"
    assert Employment.objects.filter(enterprise=enterprise).count() == 1


def test_upload_for_an_enterprise_out_of_scope_is_400(world, api_as, enterprise):
    response = api_as(world.users["neighbour_official"]).post(
        "/api/imports/", {"kind": "roster", "enterprise": enterprise.pk, "file": _file()}, format="multipart"
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_jobs_of_another_grid_are_invisible(world, api_as, enterprise):
    api_as(world.users["enterprise_contact"]).post(
        "/api/imports/", {"kind": "roster", "enterprise": enterprise.pk, "file": _file()}, format="multipart"
    )
    job = ImportJob.objects.get()
    api = api_as(world.users["neighbour_official"])
    assert api.get("/api/imports/").json()["results"] == []
    assert api.get(f"/api/imports/{job.pk}/").status_code == 404
