from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from parkguard.accounts.roles import Capability
from parkguard.core.views import ScopedDetailView, ScopedListView
from parkguard.hierarchy.models import Node

from . import selectors, services
from .models import Person


class PersonListView(ScopedListView):
    """People in scope. Searching posts the query, so a full id number never travels in a URL (access
    logs, browser history): the page redirects to its blind index instead."""

    template_name = "people/person_list.html"
    context_object_name = "people"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        query = request.POST.get("q", "").strip()
        params = {"node": request.POST.get("node", "")}
        key = selectors.id_number_search_key(query)
        params.update({"id": key} if key else {"q": query})
        return redirect(f"{request.path}?{urlencode({k: v for k, v in params.items() if v})}")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        self.node = None
        node_id = self.request.GET.get("node", "")
        if node_id.isdigit():
            self.node = get_object_or_404(Node.objects.visible_to(self.request.user), pk=node_id)
        return selectors.person_list(
            user=self.request.user,
            node=self.node,
            query=self.request.GET.get("q", ""),
            id_index=self.request.GET.get("id", ""),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            node=self.node, q=self.request.GET.get("q", ""), by_id=bool(self.request.GET.get("id"))
        )
        return context


class PersonDetailView(ScopedDetailView):
    model = Person
    queryset = Person.objects.with_nodes()
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_reveal"] = self.request.user.has_capability(Capability.REVEAL_PERSONAL)
        return context


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
