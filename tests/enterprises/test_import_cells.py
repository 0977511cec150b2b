"""Issue #3: how roster cells are read — dates in every form, id numbers as typed, and each cell's message.

Pipeline level (``run_pipeline``): a preview writes nothing; a commit writes the valid rows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.enterprises.imports.reading import Issue
from parkguard.enterprises.models import Employment
from parkguard.lib.codes import mask_id_number, mask_phone
from parkguard.people.models import Person
from parkguard.people.services import id_number_index
from tests.factories import make_id_number

from .importing import db_state, preview, roster_enterprise, roster_row, write
from .xlsx import ROSTER_HEADER

pytestmark = pytest.mark.django_db

FEB_10 = dt.date(2020, 2, 10)
ENGLISH_HEADER = [
    "Name",
    "Id number",
    "Mobile",
    "Department",
    "Position",
    "Work status",
    "Expected return",
    "Key position",
]


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


@pytest.mark.parametrize(
    "cell",
    [
        dt.datetime(2020, 2, 10),
        "2020-02-10",
        "2020/2/10",
        "2020.2.10",
        "2020年2月10日",
        "２０２０年２月１０日",
        43871,
    ],
    ids=["date-cell", "iso-text", "slashes", "dots", "chinese", "full-width-chinese", "excel-serial"],
)
def test_a_date_is_read_from_a_date_cell_text_or_an_excel_serial(world, cell):
    enterprise = roster_enterprise(world)
    number = make_id_number()

    outcome = write(enterprise, [roster_row(id_number=number, expected=cell)])

    assert outcome.issues == [] and outcome.counts["new"] == 1
    employment = Employment.objects.get(
        enterprise=enterprise, person__id_number_index=id_number_index(number)
    )
    assert employment.expected_return_date == FEB_10


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2020-02-30", "This date does not exist."),
        ("next Monday", "Not a date; write it as 2020-02-10."),
        ("10/2/2020", "Not a date; write it as 2020-02-10."),
        (12, "Not a date."),
    ],
    ids=["impossible", "words", "day-first", "number-not-a-serial"],
)
def test_a_cell_that_is_not_a_date_is_reported(world, cell, message):
    enterprise = roster_enterprise(world)
    before = db_state()

    outcome = preview(enterprise, [roster_row(expected=cell)])

    assert outcome.issues == [Issue(2, "预计返岗日期", str(cell), message)]
    assert outcome.counts == {"new": 0, "changed": 0, "unchanged": 0, "invalid": 1}
    assert db_state() == before


@pytest.mark.parametrize(
    "typed",
    [
        lambda n: _full_width(n),
        lambda n: f"{n[:6]} {n[6:14]} {n[14:]}",
        lambda n: f"{n[:6]}\u3000{n[6:]}",
        lambda n: f" {n[:6]}-{n[6:14]}-{n[14:]} ",
    ],
    ids=["full-width", "spaces", "ideographic-space", "dashes"],
)
def test_an_id_number_typed_with_full_width_digits_or_spaces_is_stored_clean(world, typed):
    enterprise = roster_enterprise(world)
    number = make_id_number(birth="19850101")[:-1]
    number += "X" if _check(number) == "X" else _check(number)

    outcome = write(enterprise, [roster_row(id_number=typed(number))])

    assert outcome.issues == [] and outcome.counts["new"] == 1
    assert Person.objects.get(id_number_index=id_number_index(number)).id_number == number


def test_an_id_number_in_full_width_finds_the_person_already_registered(world):
    enterprise = roster_enterprise(world)
    worker = world.people["worker_1"]
    before = db_state()

    outcome = preview(enterprise, [roster_row(name=worker.name, id_number=_full_width(worker.id_number))])

    assert outcome.issues == []
    assert outcome.counts["new"] == 1  # a new roster line for a person already registered
    assert db_state() == before


def test_an_id_number_stored_as_a_number_cell_is_refused_because_it_lost_digits(world):
    enterprise = roster_enterprise(world)
    number = make_id_number()
    before = db_state()

    outcome = preview(enterprise, [roster_row(id_number=int(number[:17] + "0"))])

    (issue,) = outcome.issues
    assert (issue.row, issue.column) == (2, "身份证号码")
    assert (
        issue.message
        == "This id number is stored as a number and has lost digits. Format the column as text."
    )
    assert number[3:14] not in issue.value
    assert outcome.counts["invalid"] == 1
    assert db_state() == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("11010519491231002", "An id number has 18 characters; this one has 17."),
        ("11010519491231002Y", "An id number has 17 digits and a final digit or X."),
        ("110105194913310027", "The birth date in this id number is impossible."),
        ("110105194912310021", "The check digit of this id number is wrong."),
        ("", "Required."),
    ],
    ids=["length", "format", "birth-date", "check-digit", "blank"],
)
def test_a_wrong_id_number_is_reported_masked(world, typed, message):
    enterprise = roster_enterprise(world)
    before = db_state()

    outcome = preview(enterprise, [roster_row(), ["李四", typed, "", "", "", "在岗", "", ""]])

    assert outcome.issues == [Issue(3, "身份证号码", mask_id_number(typed), message)]
    assert outcome.counts == {"new": 1, "changed": 0, "unchanged": 0, "invalid": 1}
    assert db_state() == before


@pytest.mark.parametrize(
    ("column", "row", "message"),
    [
        ("姓名", roster_row(name=""), "Required."),
        ("姓名", roster_row(name="名" * 61), "At most 60 characters."),
        ("手机号码", roster_row(phone="12345678901"), "A mobile number has 11 digits and starts with 13–19."),
        ("部门", roster_row(department="部" * 61), "At most 60 characters."),
        (
            "工作状态",
            roster_row(status="上班"),
            "Choose one of: 在岗 / 居家办公 / 未返岗 / 隔离观察 / 已离职",
        ),
        ("工作状态", roster_row(status=""), "Required."),
        ("关键岗位", roster_row(key_position="也许"), "Write 是 or 否 (yes or no)."),
    ],
    ids=["name-blank", "name-long", "phone", "department-long", "status-unknown", "status-blank", "yes-no"],
)
def test_each_bad_cell_is_reported_with_its_row_column_and_message(world, column, row, message):
    enterprise = roster_enterprise(world)
    before = db_state()

    outcome = preview(enterprise, [row])

    assert [(i.row, i.column, i.message) for i in outcome.issues] == [(2, column, message)]
    assert outcome.counts["invalid"] == 1
    assert db_state() == before


def test_a_wrong_phone_is_shown_masked_in_the_report(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    outcome = preview(enterprise, [roster_row(phone="12345678901")])

    assert [i.value for i in outcome.issues] == [mask_phone("12345678901")]
    assert db_state() == before


def test_every_problem_of_a_row_is_reported_not_only_the_first(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    outcome = preview(enterprise, [roster_row(phone="123", status="上班", expected="soon")])

    assert [i.column for i in outcome.issues] == ["手机号码", "工作状态", "预计返岗日期"]
    assert outcome.counts["invalid"] == 1
    assert db_state() == before


def test_english_headers_and_choice_labels_are_read(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    outcome = preview(
        enterprise, [roster_row(status="Working remotely", key_position="yes")], header=ENGLISH_HEADER
    )

    assert outcome.issues == [] and outcome.unknown_columns == []
    assert outcome.counts["new"] == 1
    assert db_state() == before


def test_blank_rows_between_rows_are_skipped(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    outcome = preview(
        enterprise,
        [roster_row(), [None] * len(ROSTER_HEADER), ["", " ", "", "", "", "", "", ""], roster_row()],
    )

    assert outcome.issues == []
    assert outcome.counts["new"] == 2
    assert db_state() == before


def _check(body: str) -> str:
    from stdnum.cn import ric

    return ric.calc_check_digit(body + "0")
