from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkguard.accounts.roles import Capability
from parkguard.accounts.services import ENTERPRISE_KINDS, assignment_set
from parkguard.core.views import ScopedDetailView, ScopedListView
from parkguard.people.selectors import person_list

from . import selectors, services
from .choices import AssignmentRole
from .forms import AssignmentForm
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
        if node.kind in ENTERPRISE_KINDS and user.has_capability(Capability.MANAGE_ASSIGNMENTS):
            current = {a.role: a.user_id for a in context["assignments"]}
            context["assignment_form"] = AssignmentForm(
                node=node,
                user=user,
                initial={
                    "responsible": current.get(AssignmentRole.RESPONSIBLE),
                    "commissioner": current.get(AssignmentRole.COMMISSIONER),
                    "department": node.supervising_department_id,
                },
            )
        return context


class AssignmentListView(ScopedListView):
    template_name = "hierarchy/assignment_list.html"
    context_object_name = "enterprises"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.enterprise_assignment_list(
            user=self.request.user, missing=self.request.GET.get("missing", "")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["missing"] = self.request.GET.get("missing", "")
        for node in context["enterprises"]:
            roles = {a.role: a.user for a in node.assignments.all()}
            node.responsible = roles.get("responsible")
            node.commissioner = roles.get("commissioner")
        return context


@require_POST
@login_required
def node_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Set an enterprise's responsible official, service commissioner and supervising department."""
    node = get_object_or_404(Node.objects.visible_to(request.user), pk=pk)
    if not request.user.has_capability(Capability.MANAGE_ASSIGNMENTS):
        raise PermissionDenied
    form = AssignmentForm(request.POST, node=node, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("hierarchy:node_detail", pk=pk)
    try:
        with transaction.atomic():
            assignment_set(
                actor=request.user,
                node=node,
                role=AssignmentRole.RESPONSIBLE,
                user=form.cleaned_data["responsible"],
            )
            assignment_set(
                actor=request.user,
                node=node,
                role=AssignmentRole.COMMISSIONER,
                user=form.cleaned_data["commissioner"],
            )
            services.node_update(
                actor=request.user, node=node, supervising_department=form.cleaned_data["department"]
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Assignments saved."))
    return redirect("hierarchy:node_detail", pk=pk)
