"""The GB/T 2260 lookup built from python-stdnum's table."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from parkguard.health import divisions


def test_lookup_names_province_city_and_county():
    division = divisions.lookup("530111")
    assert (division.province, division.city, division.name, division.level) == (
        "云南省",
        "昆明市",
        "官渡区",
        "county",
    )
    assert divisions.lookup("110105").full_name == "北京市 朝阳区"


def test_search_by_name_and_by_code_prefix():
    assert "420106" in [d.code for d in divisions.search("武昌")]
    assert all(d.code.startswith("4201") for d in divisions.search("4201"))


@pytest.mark.parametrize("raw", ["", "12", "abcdef", "999999", "130103"])  # 130103 was abolished in 2014
def test_codes_not_in_use_are_refused(raw):
    with pytest.raises(ValidationError):
        divisions.validate_division(raw)


def test_a_picker_label_and_full_width_digits_are_accepted():
    assert divisions.validate_division("420106 湖北省 武汉市 武昌区").code == "420106"
    assert divisions.validate_division("４２０１０６").code == "420106"


def test_stems_cover_by_prefix():
    assert divisions.stem("420000") == "42" and divisions.stem("420100") == "4201"
    assert divisions.covers("420100", "420106") and not divisions.covers("420106", "420111")
