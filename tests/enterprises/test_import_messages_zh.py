"""Issue #3: every import message exists in English and in Chinese (zh-hans), shown as the user sees it.

Each case makes the problem happen and reads the message back from the job, its issues or the service's
error, in both languages. A Chinese case whose msgid is not yet in locale/zh_Hans is an expected failure
(the lead adds the import messages to the .po); once it is there, the text must be the one in
``messages_zh.ZH``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from django.utils import translation

from parkguard.core.errors import ServiceError
from parkguard.enterprises import services
from parkguard.enterprises.choices import CommitMode, ImportStatus, WorkStatus
from parkguard.enterprises.imports import jobs
from parkguard.enterprises.models import Employment
from parkguard.lib.excel import Limits
from tests.factories import make_id_number

from .bad_files import CSV_RENAMED, blank_sheet, encrypted_workbook, with_extra_entry, with_merged_cells
from .factories import EnterpriseFactory, make_uscc
from .importing import REGISTRY_HEADER, db_state, roster_enterprise, roster_row, start_registry, start_roster
from .messages_zh import expected
from .xlsx import ROSTER_HEADER, workbook_bytes

pytestmark = pytest.mark.django_db


@dataclass
class Env:
    """What a case needs: the world, its enterprise, the settings, and what its given step left behind."""

    world: Any
    enterprise: Any
    settings: Any
    monkeypatch: Any
    job: Any = None

    @property
    def language(self) -> str:
        return translation.get_language()

    @property
    def contact(self) -> Any:
        return self.world.users["enterprise_contact"]


@dataclass
class Case:
    msgid: str
    params: dict[str, Any]
    when: Callable[[Env], str]
    given: Callable[[Env], None] = lambda env: None


def _job_message(data: bytes, env: Env) -> str:
    job = start_roster(env.world, env.enterprise, data, language=env.language)
    assert job.status == ImportStatus.FAILED
    return job.message


def _roster_issue(rows: list[list], env: Env) -> str:
    job = start_roster(env.world, env.enterprise, workbook_bytes(rows), language=env.language)
    return job.issues.first().message


def _registry_issue(rows: list[list], env: Env, header: list[str] = REGISTRY_HEADER) -> str:
    data = workbook_bytes(rows, title="企业名录", header=header)
    return start_registry(env.world, data, language=env.language).issues.first().message


def _service_error(call: Callable[[Env], Any], env: Env) -> str:
    with pytest.raises(ServiceError) as refused:
        call(env)
    return " ".join(refused.value.messages)


def _size_limit(env: Env) -> None:
    env.settings.IMPORT_MAX_BYTES = 1024 * 1024


def _inflation_limit(env: Env) -> None:
    env.monkeypatch.setattr(jobs, "Limits", partial(Limits, max_inflated_bytes=1024 * 1024))


def _row_limit(env: Env) -> None:
    env.settings.IMPORT_MAX_ROWS = 3


def _worker_employed_elsewhere(env: Env) -> None:
    Employment.objects.create(
        enterprise=roster_enterprise(env.world, "enterprise_2"),
        person=env.world.people["worker_2"],
        work_status=WorkStatus.ON_SITE,
    )


def _worker_row(env: Env) -> list[Any]:
    worker = env.world.people["worker_2"]
    return roster_row(name=worker.name, id_number=worker.id_number)


def _previewed_then_employed_elsewhere(env: Env) -> None:
    env.job = start_roster(
        env.world, env.enterprise, workbook_bytes([_worker_row(env)]), language=env.language
    )
    _worker_employed_elsewhere(env)


def _commit_refused_by_the_rows(env: Env) -> str:
    services.import_commit(actor=env.contact, job=env.job, mode=CommitMode.ALL_OR_NOTHING)
    env.job.refresh_from_db()
    return env.job.message


def _enterprise_in_grid_2(env: Env) -> None:
    env.job = EnterpriseFactory(node=env.world.nodes["enterprise_2"])


def _previewed(rows: list[list], env: Env) -> None:
    env.job = start_roster(env.world, env.enterprise, workbook_bytes(rows), language=env.language)


def _committed(env: Env) -> None:
    _previewed([roster_row()], env)
    services.import_commit(actor=env.contact, job=env.job, mode=CommitMode.ALL_OR_NOTHING)
    env.job.refresh_from_db()


def _queued(env: Env) -> None:
    env.monkeypatch.setattr(services, "enqueue", lambda *task: None)
    start_roster(env.world, env.enterprise, workbook_bytes([roster_row()]), language=env.language)


def _upload(name: str, env: Env) -> Any:
    return start_roster(
        env.world, env.enterprise, workbook_bytes([roster_row()]), name=name, language=env.language
    )


def _commit_all(env: Env) -> Any:
    return services.import_commit(actor=env.contact, job=env.job, mode=CommitMode.ALL_OR_NOTHING)


def _cancel(env: Env) -> Any:
    return services.import_cancel(actor=env.contact, job=env.job)


_WORKBOOK = workbook_bytes([roster_row()])
_ID_NUMBER = make_id_number()
_USCC = make_uscc()
_NO_STATUS = [h for h in ROSTER_HEADER if h != "工作状态"]
_REGISTRY_MORE = [*REGISTRY_HEADER, "职工人数", "监管部门"]

CASES: list[Case] = [
    # The file as a whole
    Case(
        "This file is not an Excel workbook (.xlsx). A CSV file renamed to .xlsx is not one either.",
        {},
        partial(_job_message, CSV_RENAMED),
    ),
    Case(
        "This workbook is password-protected or in the old .xls format. "
        "Remove the password and save it as .xlsx.",
        {},
        partial(_job_message, encrypted_workbook(_WORKBOOK)),
    ),
    Case(
        "This file is not a readable Excel workbook (.xlsx).",
        {},
        partial(_job_message, b"PK\x03\x04" + bytes(100)),
    ),
    Case("The file is empty.", {}, partial(_job_message, b"")),
    Case("The file is empty.", {}, partial(_job_message, blank_sheet())),
    Case(
        "The file is larger than %(mb)d MB. Split it into smaller files.",
        {"mb": 1},
        partial(_job_message, b"PK\x03\x04" + bytes(1024 * 1024)),
        given=_size_limit,
    ),
    Case(
        "The workbook inflates to an implausible size.",
        {},
        partial(_job_message, with_extra_entry(_WORKBOOK, "xl/zeros.bin", bytes(2 * 1024 * 1024))),
        given=_inflation_limit,
    ),
    Case(
        "The workbook has no sheet named %(names)s. Start from the downloadable template.",
        {"names": "花名册 / Roster"},
        partial(_job_message, workbook_bytes([roster_row()], title="Sheet1")),
    ),
    Case(
        "Cells %(cells)s hold formulas. Paste them as values and upload again.",
        {"cells": "C2"},
        partial(_job_message, workbook_bytes([roster_row(phone="=1+1")])),
    ),
    Case(
        "Cells %(cells)s are merged. Unmerge them so that every row holds its own values.",
        {"cells": "D2:D3"},
        partial(_job_message, with_merged_cells([roster_row(), roster_row()], "D2:D3")),
    ),
    Case(
        "The sheet has more than %(rows)d rows. Split it into smaller files.",
        {"rows": 3},
        partial(_job_message, workbook_bytes([roster_row() for _ in range(4)])),
        given=_row_limit,
    ),
    Case(
        "Required columns are missing: %(columns)s. Start from the downloadable template.",
        {"columns": "工作状态*"},
        partial(_job_message, workbook_bytes([["x"] * len(_NO_STATUS)], header=_NO_STATUS)),
    ),
    Case("The sheet has a header but no rows.", {}, partial(_job_message, workbook_bytes([]))),
    Case(
        "Some rows are invalid, so nothing was written. Fix them, or commit the valid rows only.",
        {},
        _commit_refused_by_the_rows,
        given=_previewed_then_employed_elsewhere,
    ),
    # One cell
    Case("Required.", {}, partial(_roster_issue, [roster_row(name="")])),
    Case("At most %(n)d characters.", {"n": 60}, partial(_roster_issue, [roster_row(department="部" * 61)])),
    Case(
        "This %(what)s is stored as a number and has lost digits. Format the column as text.",
        {"what": "id number"},
        partial(_roster_issue, [roster_row(id_number=int(make_id_number()[:17] + "0"))]),
    ),
    Case(
        "This %(what)s is stored as a number and has lost digits. Format the column as text.",
        {"what": "credit code"},
        partial(_registry_issue, [[915301001234567890, "滇池包装", "独立厂区", ""]]),
    ),
    Case("Not a date.", {}, partial(_roster_issue, [roster_row(expected=12)])),
    Case("Not a date; write it as 2020-02-10.", {}, partial(_roster_issue, [roster_row(expected="soon")])),
    Case("This date does not exist.", {}, partial(_roster_issue, [roster_row(expected="2020-02-30")])),
    Case("Write 是 or 否 (yes or no).", {}, partial(_roster_issue, [roster_row(key_position="也许")])),
    Case(
        "Choose one of: %(options)s",
        {"options": "在岗 / 居家办公 / 未返岗 / 隔离观察 / 已离职"},
        partial(_roster_issue, [roster_row(status="上班")]),
    ),
    Case(
        "Not a number.",
        {},
        partial(
            _registry_issue, [[make_uscc(), "滇池包装", "独立厂区", "", "很多", ""]], header=_REGISTRY_MORE
        ),
    ),
    Case(
        "A whole number, zero or more.",
        {},
        partial(_registry_issue, [[make_uscc(), "滇池包装", "独立厂区", "", -3, ""]], header=_REGISTRY_MORE),
    ),
    Case(
        "The check digit of this id number is wrong.",
        {},
        partial(_roster_issue, [roster_row(id_number="110105194912310021")]),
    ),
    Case(
        "A mobile number has 11 digits and starts with 13–19.",
        {},
        partial(_roster_issue, [roster_row(phone="123")]),
    ),
    # Rows against the file and the database
    Case(
        "The same id number is already on row %(row)d.",
        {"row": 2},
        partial(_roster_issue, [roster_row(id_number=_ID_NUMBER)] * 2),
    ),
    Case(
        "This person is employed by another enterprise. That enterprise must record them as left first.",
        {},
        lambda env: _roster_issue([_worker_row(env)], env),
        given=_worker_employed_elsewhere,
    ),
    Case(
        "The same credit code is already on row %(row)d.",
        {"row": 2},
        partial(_registry_issue, [[_USCC, "滇池包装", "独立厂区", ""]] * 2),
    ),
    Case(
        "No grid or area of this name in your part of the park.",
        {},
        partial(_registry_issue, [[make_uscc(), "滇池包装", "独立厂区", "二号网格"]]),
    ),
    Case(
        "No department of this name in the park.",
        {},
        partial(
            _registry_issue,
            [[make_uscc(), "滇池包装", "独立厂区", "", 10, "无此部门"]],
            header=_REGISTRY_MORE,
        ),
    ),
    Case(
        "This enterprise is registered in another part of the park.",
        {},
        lambda env: _registry_issue([[env.job.uscc, "螺蛳湾物流", "商贸物流", ""]], env),
        given=_enterprise_in_grid_2,
    ),
    # Credit codes
    Case(
        "A unified social credit code has 18 characters; this one has %(length)d.",
        {"length": 16},
        partial(_registry_issue, [["91530100MA6K0AB1", "滇池包装", "独立厂区", ""]]),
    ),
    Case(
        "This unified social credit code contains characters the standard does not use.",
        {},
        partial(_registry_issue, [["91530100MA6K0AB1IO", "滇池包装", "独立厂区", ""]]),
    ),
    Case(
        "The check character of this unified social credit code is wrong.",
        {},
        partial(
            _registry_issue, [[_USCC[:17] + ("0" if _USCC[17] != "0" else "1"), "滇池包装", "独立厂区", ""]]
        ),
    ),
    # Starting and committing
    Case("Upload an Excel workbook (.xlsx).", {}, partial(_service_error, partial(_upload, "roster.xls"))),
    Case(
        "An import is already running here. Wait until it has finished.",
        {},
        partial(_service_error, partial(_upload, "roster.xlsx")),
        given=_queued,
    ),
    Case(
        "Invalid rows: %(n)d. Fix them, or commit the valid rows only.",
        {"n": 2},
        partial(_service_error, _commit_all),
        given=partial(_previewed, [roster_row(phone="1"), roster_row(phone="2")]),
    ),
    Case(
        "Only a validated import can be committed.",
        {},
        partial(_service_error, _commit_all),
        given=_committed,
    ),
    Case(
        "Only an import waiting for commit can be cancelled.",
        {},
        partial(_service_error, _cancel),
        given=_committed,
    ),
]


def _cases() -> list[Any]:
    params = []
    for case in CASES:
        name = case.msgid.split(".")[0][:40].strip().replace(" ", "-")
        params.append(pytest.param("en", case, id=f"en-{name}"))
        params.append(pytest.param("zh-hans", case, id=f"zh-{name}"))
    return params


@pytest.mark.parametrize(("language", "case"), _cases())
def test_each_import_message_is_shown_in_the_users_language(world, settings, monkeypatch, language, case):
    env = Env(world, roster_enterprise(world), settings, monkeypatch)
    with translation.override(language):
        case.given(env)
        before = db_state()

        shown = case.when(env)

    assert shown == expected(language, case.msgid, **case.params)
    assert db_state() == before
