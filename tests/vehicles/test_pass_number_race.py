"""Pass numbers allocated by concurrent registrations are unique and consecutive (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from parkguard.hierarchy.choices import NodeKind
from parkguard.vehicles.models import PassNumberSerial
from parkguard.vehicles.services import allocate_pass_number

from ..factories import NodeFactory


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_share_a_number():
    national = NodeFactory(kind=NodeKind.NATIONAL, name="国家")
    park = NodeFactory(parent=national, kind=NodeKind.PARK, name="上海庙", division_code="150624")
    numbers: list[str] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(allocate_pass_number(park))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(numbers) == [f"150624-{n:06d}" for n in range(1, 41)]
    assert PassNumberSerial.objects.get(division_code="150624").last == 40
