"""``manage.py demo --logins`` on an empty database builds the demo, then prints the logins."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from parkguard.demo.logins import DEMO_PASSWORD, USERNAMES
from parkguard.hierarchy.models import Node

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_logins_builds_the_demo_when_absent_and_prints_every_login():
    assert not Node.objects.exists()  # also shows the other modules' demo was rolled back

    output = run("--logins")

    assert Node.objects.exists()
    for username in USERNAMES:
        assert username in output
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000" in output
    assert "演示账号 / Demo logins" in output
