"""Pages of work resumption: the enterprise's form and status, reviewer queues, detail, coverage, rates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkguard.core.views import errors_to_form
from parkguard.hierarchy.models import Node
from parkguard.lib.excel import write_workbook

from . import selectors, services, workflow
from .choices import CHECKLIST, EDITABLE_STATES, State
from .forms import ApplicationForm, DecisionForm, InspectionForm, RatesForm, SettingsForm
from .models import InspectionPhoto
from .rates import rates_sheets, resumption_rates
from .validation import FIELDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """The reviewer's queue (green channel first), the user's enterprises, and applications in scope."""
    state = request.GET.get("state", "")
    applications = selectors.application_list(user=request.user, state=state if state in State.values else "")
    return render(
        request,
        "resumption/application_list.html",
        {
            "queue": selectors.queue(user=request.user),
            "rate_nodes": selectors.rate_nodes(user=request.user),
            "may_set": request.user.is_superuser or request.user.has_role("park_commander"),
            "enterprises": selectors.enterprises_to_apply(user=request.user),
            "applications": applications[:100],
            "states": State.choices,
            "state": state,
            "now": timezone.now(),
        },
    )


def _files(request: HttpRequest) -> dict[str, Any]:
    return {name: request.FILES.get(name) for name in ("plan_document", "commitment_letter")}


@login_required
def application_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_object_or_404(selectors.enterprise_get_queryset(user=request.user), pk=enterprise_pk)
    form = ApplicationForm(
        request.POST or None, request.FILES or None, initial=selectors.prefill(enterprise=enterprise)
    )
    if request.method == "POST" and form.is_valid():
        try:
            fields = {k: form.cleaned_data[k] for k in FIELDS}
            application = services.application_create(
                actor=request.user, enterprise=enterprise, fields=fields, files=_files(request)
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Draft saved. Submit it when it is complete."))
            return redirect("resumption:application_detail", application.pk)
    return render(request, "resumption/application_form.html", {"form": form, "enterprise": enterprise})


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.application_get_queryset(user=request.user), pk=pk)
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {k: form.cleaned_data[k] for k in FIELDS}
            services.application_update(
                actor=request.user, application=application, fields=fields, files=_files(request)
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Application saved."))
            return redirect("resumption:application_detail", application.pk)
    context = {"form": form, "enterprise": application.enterprise, "application": application}
    return render(request, "resumption/application_form.html", context)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.application_get_queryset(user=request.user), pk=pk)
    return _detail(request, application)


def _detail(request: HttpRequest, application: Any, *, status: int = 200, **extra: Any) -> HttpResponse:
    actions = workflow.allowed_actions(request.user, application)
    context = {
        "application": application,
        "transitions": selectors.transitions_of(application=application),
        "inspections": selectors.inspections_of(application=application),
        "actions": [a for a in actions if a != "inspect"],
        "can_inspect": "inspect" in actions or workflow.may_spot_check(request.user, application),
        "can_edit": application.state in EDITABLE_STATES
        and workflow.may(request.user, workflow.ENTERPRISE, application),
        "checklist": CHECKLIST,
        "gaps": services.coverage_gaps_of(application.enterprise.node),
        "inspection_form": extra.pop("inspection_form", None) or InspectionForm(),
        **extra,
    }
    return render(request, "resumption/application_detail.html", context, status=status)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.application_get_queryset(user=request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, status=400, errors=[_("Check the form and try again.")])
    data = form.cleaned_data
    try:
        if data["action"] == "submit":
            services.application_submit(
                actor=request.user, application=application, expected_state=data["expected_state"]
            )
        else:
            services.application_decide(
                actor=request.user,
                application=application,
                action=data["action"],
                expected_state=data["expected_state"],
                reason=data["reason"],
                conditions=data["conditions"],
                effective_on=data["effective_on"],
            )
    except ValidationError as exc:
        application.refresh_from_db()
        return _detail(request, application, status=400, errors=exc.messages)
    messages.success(request, _("Done."))
    return redirect("resumption:application_detail", application.pk)


@login_required
@require_POST
def application_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.application_get_queryset(user=request.user), pk=pk)
    form = InspectionForm(request.POST)
    if form.is_valid():
        try:
            services.application_inspect(
                actor=request.user,
                application=application,
                expected_state=form.cleaned_data["expected_state"],
                checklist=form.checklist,
                findings=form.cleaned_data["findings"],
                passed=form.cleaned_data["passed"],
                photos=request.FILES.getlist("photos"),
            )
        except ValidationError as exc:
            application.refresh_from_db()
            return _detail(request, application, status=400, errors=exc.messages, inspection_form=form)
        messages.success(request, _("Inspection recorded."))
        return redirect("resumption:application_detail", application.pk)
    return _detail(request, application, status=400, inspection_form=form)


@login_required
def application_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    application = get_object_or_404(selectors.application_get_queryset(user=request.user), pk=pk)
    if name not in ("plan_document", "commitment_letter") or not getattr(application, name):
        raise Http404
    stored = getattr(application, name)
    return FileResponse(stored.open("rb"), filename=stored.name.rsplit("/", 1)[-1])


@login_required
def photo_file(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(InspectionPhoto.objects.visible_to(request.user), pk=pk)
    return FileResponse(photo.image.open("rb"), filename=photo.image.name.rsplit("/", 1)[-1])


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Enterprises in scope without a supervising department or a responsible official."""
    gaps = selectors.coverage_gaps(user=request.user)
    return render(request, "resumption/coverage.html", {"gaps": gaps[:500], "count": gaps.count()})


def _rates(request: HttpRequest, node_pk: int) -> Any:
    node = get_object_or_404(Node.objects.visible_to(request.user), pk=node_pk)
    day = RatesForm(request.GET).day_or(timezone.localdate())
    return resumption_rates(node=node, day=day)


@login_required
def rates(request: HttpRequest, node_pk: int) -> HttpResponse:
    return render(request, "resumption/rates.html", {"rates": _rates(request, node_pk)})


@login_required
def rates_xlsx(request: HttpRequest, node_pk: int) -> HttpResponse:
    r = _rates(request, node_pk)
    data = write_workbook(rates_sheets(r))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="resumption-{r.day.isoformat()}.xlsx"'
    return response


@login_required
def park_settings(request: HttpRequest, node_pk: int) -> HttpResponse:
    park = get_object_or_404(Node.objects.visible_to(request.user), pk=node_pk, kind="park")
    form = SettingsForm(request.POST or None, instance=services.settings_for(park))
    if request.method == "POST" and form.is_valid():
        try:
            values = {k: form.cleaned_data[k] for k in SettingsForm.Meta.fields}
            services.settings_update(actor=request.user, park=park, **values)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("resumption:park_settings", park.pk)
    return render(request, "resumption/settings.html", {"form": form, "park": park})
