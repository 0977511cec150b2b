"""Another app's figures join the dashboard as one more entry of ``PANELS``: its panel, its column."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.dashboard import panels
from parkguard.dashboard.panels import Board, Column, Panel

pytestmark = pytest.mark.django_db


def occupancy_panel(board: Board) -> Panel:
    return Panel(
        key="occupancy",
        title="Isolation sites",
        template="dashboard/panels/colours.html",
        context={"counts": {"green": 7, "yellow": 0, "red": 0}},
        columns=[Column("Beds taken", {child.path: f"{len(child.name)} beds" for child in board.children})],
    )


def test_a_panel_added_to_the_list_shows_with_its_column(world, login, monkeypatch):
    monkeypatch.setattr(panels, "PANELS", [*panels.PANELS, occupancy_panel])

    response = login(world.users["park_commander"]).get(
        reverse("dashboard:node", args=[world.nodes["park_a"].pk])
    )

    html = response.content.decode()
    assert 'id="panel-occupancy"' in html and "Isolation sites" in html
    assert "<th>Beds taken</th>" in html and "4 beds" in html  # 阿拉街道


def test_a_panel_with_nothing_to_show_is_left_out(world, login):
    response = login(world.users["park_commander"]).get(
        reverse("dashboard:node", args=[world.nodes["park_a"].pk])
    )

    html = response.content.decode()
    assert 'id="panel-resumption"' in html
    assert 'id="panel-colours"' not in html  # nobody holds a colour yet
