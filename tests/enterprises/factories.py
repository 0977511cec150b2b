from __future__ import annotations

import factory
from stdnum.cn import uscc

from parkguard.enterprises.models import Enterprise

_serial = iter(range(10_000_000))


def make_uscc() -> str:
    body = f"91530100MA{next(_serial):07d}"
    return body + uscc.calc_check_digit(body)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.LazyFunction(make_uscc)
    category = "standalone_plant"
    headcount = 100
