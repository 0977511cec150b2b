"""The resumption section the daily bulletin will carry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parkguard.resumption.bulletin import bulletin_section
from parkguard.resumption.models import Application


@pytest.mark.django_db
def test_the_section_has_the_rates_the_gaps_and_the_overdue(world, walk):
    application = walk("submitted")
    Application.objects.filter(pk=application.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    section = bulletin_section(node=world.nodes["park_a"], day=timezone.localdate())
    assert section.summary()["enterprises"] == 2
    assert (section.gaps, section.gap_names) == (1, ["螺蛳湾物流"])
    assert (section.overdue, section.overdue_names) == (1, ["滇池机械"])


@pytest.mark.django_db
def test_the_national_section_names_no_enterprise(world, walk):
    walk("resumed")
    section = bulletin_section(node=world.nodes["national"], day=timezone.localdate(), named=False)
    assert section.summary()["resumed"] == 1
    assert section.gap_names == [] and section.gaps == 2
