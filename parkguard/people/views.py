from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from parkguard.core.views import ScopedDetailView, ScopedListView
from parkguard.hierarchy.models import Node

from . import selectors, services
from .models import Person


class PersonListView(ScopedListView):
    template_name = "people/person_list.html"
    context_object_name = "people"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        self.node = None
        node_id = self.request.GET.get("node", "")
        if node_id.isdigit():
            self.node = get_object_or_404(Node.objects.visible_to(self.request.user), pk=node_id)
        return selectors.person_list(
            user=self.request.user, node=self.node, query=self.request.GET.get("q", "")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(node=self.node, q=self.request.GET.get("q", ""))
        return context


class PersonDetailView(ScopedDetailView):
    model = Person
    queryset = Person.objects.with_nodes()
    template_name = "people/person_detail.html"
    context_object_name = "person"


@never_cache
@require_POST
@login_required
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user).with_nodes(), pk=pk)
    try:
        revealed = services.person_reveal(
            actor=request.user, person=person, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("people:person_detail", pk=pk)
    response = render(request, "people/person_detail.html", {"person": person, "revealed": revealed})
    response["Cache-Control"] = "no-store"
    return response
