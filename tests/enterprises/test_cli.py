import pytest
from django.core.management import call_command

from parkguard.audit.models import AuditEvent
from parkguard.enterprises.models import Employment
from tests.factories import make_id_number

from .factories import EnterpriseFactory
from .xlsx import workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(world):
    return EnterpriseFactory(node=world.nodes["enterprise_1"])


def _file(tmp_path, invalid=False):
    rows = [
        [f"员工{i}", make_id_number(), "13800138000", "生产部", "操作工", "在岗", "2020-02-10", "否"]
        for i in range(3)
    ]
    if invalid:
        rows.append(["坏行", "110105194912310020", "", "", "", "在岗", "", ""])
    path = tmp_path / "roster.xlsx"
    path.write_bytes(workbook_bytes(rows))
    return path


def test_import_roster_writes_the_rows_and_an_audit_event(world, enterprise, tmp_path, capsys):
    call_command("import_roster", str(_file(tmp_path)), enterprise=enterprise.uscc, user="enterprise_contact")
    out, err = capsys.readouterr()
    assert "new 3" in out and "3 / 3 rows (100%)" in err
    assert Employment.objects.filter(enterprise=enterprise).count() == 3
    assert Employment.history.first().history_user == world.users["enterprise_contact"]
    assert AuditEvent.objects.get(object_type="enterprises.enterprise").changes["new"] == 3


def test_invalid_rows_exit_1_and_write_nothing(world, enterprise, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("import_roster", str(_file(tmp_path, invalid=True)), enterprise=enterprise.uscc)
    assert exit_.value.code == 1
    assert "invalid 1" in capsys.readouterr().out
    assert not Employment.objects.exists()
    assert not AuditEvent.objects.exists()


def test_valid_only_writes_the_valid_rows(world, enterprise, tmp_path):
    call_command(
        "import_roster", str(_file(tmp_path, invalid=True)), enterprise=enterprise.uscc, valid_only=True
    )
    assert Employment.objects.filter(enterprise=enterprise).count() == 3
    assert Employment.history.first().history_user is None


def test_dry_run_writes_nothing(world, enterprise, tmp_path, capsys):
    call_command("import_roster", str(_file(tmp_path)), enterprise=enterprise.uscc, dry_run=True)
    assert "nothing was written" in capsys.readouterr().out
    assert not Employment.objects.exists()


def test_reimport_changes_nothing(world, enterprise, tmp_path, capsys):
    path = _file(tmp_path)
    call_command("import_roster", str(path), enterprise=enterprise.uscc)
    capsys.readouterr()
    call_command("import_roster", str(path), enterprise=enterprise.uscc)
    assert "new 0 · changed 0 · unchanged 3" in capsys.readouterr().out
