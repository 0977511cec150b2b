"""The command centre's pages: the user's top node, and any node of their scope on a day."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from parkguard.reports import clock
from parkguard.reports.forms import DayForm

from . import selectors
from .panels import Board, panels_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    node = selectors.top_node(user=request.user)
    if node is None:
        return render(request, "dashboard/empty.html")
    return redirect("dashboard:node", pk=node.pk)


@login_required
def node(request: HttpRequest, pk: int) -> HttpResponse:
    here = get_object_or_404(selectors.node_get_queryset(user=request.user), pk=pk)
    form = DayForm(request.GET)
    board = Board(
        user=request.user,
        node=here,
        day=form.day_or(clock.today()),
        children=selectors.children(user=request.user, node=here),
    )
    panels = panels_for(board)
    columns = [column for panel in panels for column in panel.columns]
    rows = [(child, [column.values.get(child.path, "—") for column in columns]) for child in board.children]
    context = {
        "board": board,
        "form": form,
        "crumbs": selectors.ancestors(user=request.user, node=here),
        "panels": panels,
        "columns": columns,
        "rows": rows,
    }
    return render(request, "dashboard/node.html", context)
