import pytest

from parkguard.enterprises.choices import ImportKind, ImportStatus
from parkguard.enterprises.models import Employment
from parkguard.enterprises.services import import_commit, import_start
from tests.factories import make_id_number

from .factories import EnterpriseFactory
from .xlsx import upload, workbook_bytes

pytestmark = pytest.mark.django_db


def test_roster_import_previews_then_commits(world):
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    rows = [
        ["张三", make_id_number(), "13800138000", "生产部", "操作工", "在岗", "2020-02-10", "否"],
        ["李四", "110105194912310020", "", "", "", "在岗", "", ""],
    ]
    job = import_start(
        actor=world.users["enterprise_contact"],
        kind=ImportKind.ROSTER,
        enterprise=enterprise,
        file=upload(workbook_bytes(rows)),
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED, job.message
    assert job.counts["new"] == 1 and job.counts["invalid"] == 1
    import_commit(actor=world.users["enterprise_contact"], job=job, mode="valid_only")
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED, job.message
    assert Employment.objects.filter(enterprise=enterprise).count() == 1
