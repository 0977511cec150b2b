from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parkguard.core.views import ScopedDetailView, ScopedListView
from parkguard.people.selectors import person_list

from . import selectors
from .models import Node


@login_required
def scope_tree(request: HttpRequest) -> HttpResponse:
    include_buildings = request.GET.get("buildings") == "1"
    nodes = list(selectors.node_tree(user=request.user, include_buildings=include_buildings))
    base_depth = min((n.depth for n in nodes), default=0)
    for node in nodes:
        node.indent = node.depth - base_depth
    return render(
        request,
        "hierarchy/scope_tree.html",
        {"nodes": nodes, "include_buildings": include_buildings},
    )


class NodeDetailView(ScopedDetailView):
    model = Node
    queryset = Node.objects.select_related("parent", "supervising_department")
    template_name = "hierarchy/node_detail.html"
    context_object_name = "node"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        node, user = self.object, self.request.user
        context.update(
            ancestors=selectors.node_ancestors(user=user, node=node),
            officials=selectors.node_officials(node=node),
            assignments=selectors.node_assignments(node=node),
            children=selectors.node_children(user=user, node=node)[:200],
            people_count=person_list(user=user, node=node).count(),
        )
        return context


class AssignmentListView(ScopedListView):
    template_name = "hierarchy/assignment_list.html"
    context_object_name = "enterprises"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.enterprise_assignment_list(user=self.request.user, missing=self.request.GET.get("missing", ""))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["missing"] = self.request.GET.get("missing", "")
        for node in context["enterprises"]:
            roles = {a.role: a.user for a in node.assignments.all()}
            node.responsible = roles.get("responsible")
            node.commissioner = roles.get("commissioner")
        return context
