"""Pages of returning workers: registration (enterprise), plans (command), point-to-point runs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkguard.core.views import errors_to_form
from parkguard.hierarchy.models import Node
from parkguard.vehicles.models import Vehicle

from . import plans, registration, selectors, transport
from .choices import PlanState, RunStatus
from .forms import (
    REGISTRATION_FIELDS,
    EntryEditForm,
    PlanRunForm,
    ReturneeForm,
    RunForm,
    TravelFormSet,
    travels_of,
)
from .models import PlanEntry
from .services import may_command, may_register


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Returnees in scope with origin control's answer; the enterprises to register for; the plans."""
    context = {
        "returnees": selectors.returnee_list(user=request.user),
        "enterprises": selectors.enterprises_to_register(user=request.user),
        "parks": selectors.parks_to_plan(user=request.user),
        "plans": selectors.plan_list(user=request.user)[:20] if may_command(request.user) else [],
    }
    return render(request, "returns/index.html", context)


def _travel_errors(formset: Any, exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict") and "travels" in exc.error_dict:
        return [m for e in exc.error_dict.pop("travels") for m in e.messages]
    return []


@login_required
def returnee_register(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Node.objects.visible_to(request.user), pk=enterprise_pk)
    if not may_register(request.user):
        raise Http404
    people = selectors.roster_people(user=request.user, enterprise=enterprise)
    form = ReturneeForm(request.POST or None, request.FILES or None, people=people)
    travels = TravelFormSet(request.POST or None, prefix="travel")
    travel_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and travels.is_valid():
        try:
            returnee = registration.returnee_register(
                actor=request.user,
                enterprise=enterprise,
                fields=form.values(),
                person=form.cleaned_data.get("person"),
                new_person=form.new_person(),
                travels=travels_of(travels),
                certificate_scan=request.FILES.get("certificate_scan"),
            )
        except ValidationError as exc:
            travel_errors = _travel_errors(travels, exc)
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Returnee registered."))
            return redirect("returns:returnee_detail", returnee.pk)
    context = {"form": form, "travels": travels, "travel_errors": travel_errors, "enterprise": enterprise}
    return render(request, "returns/returnee_form.html", context)


@login_required
def returnee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    returnee = get_object_or_404(selectors.returnee_queryset(user=request.user), pk=pk)
    initial = model_to_dict(returnee, fields=[*REGISTRATION_FIELDS, "symptoms", "family_members"])
    form = ReturneeForm(request.POST or None, request.FILES or None, initial=initial)
    legs = [
        {"division_code": t.division_code, "date_from": t.date_from, "date_to": t.date_to}
        for t in returnee.travels.all()
    ]
    travels = TravelFormSet(request.POST or None, prefix="travel", initial=legs)
    travel_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and travels.is_valid():
        try:
            registration.returnee_update(
                actor=request.user,
                returnee=returnee,
                fields=form.values(),
                travels=travels_of(travels),
                certificate_scan=request.FILES.get("certificate_scan"),
            )
        except ValidationError as exc:
            travel_errors = _travel_errors(travels, exc)
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Registration saved."))
            return redirect("returns:returnee_detail", returnee.pk)
    context = {
        "form": form,
        "travels": travels,
        "travel_errors": travel_errors,
        "enterprise": returnee.enterprise,
        "returnee": returnee,
    }
    return render(request, "returns/returnee_form.html", context)


@login_required
def returnee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    returnee = get_object_or_404(selectors.returnee_queryset(user=request.user), pk=pk)
    selectors.with_blocks([returnee])
    context = {
        "returnee": returnee,
        "travels": returnee.travels.all(),
        "entry": selectors.entry_of(returnee=returnee),
        "can_edit": may_register(request.user),
    }
    return render(request, "returns/returnee_detail.html", context)


@login_required
def certificate_scan(request: HttpRequest, pk: int) -> HttpResponse:
    returnee = get_object_or_404(selectors.returnee_queryset(user=request.user), pk=pk)
    if not returnee.certificate_scan:
        raise Http404
    stored = returnee.certificate_scan
    return FileResponse(stored.open("rb"), filename=stored.name.rsplit("/", 1)[-1])


# --- plans ------------------------------------------------------------------------------------------


@login_required
def plan_create(request: HttpRequest, park_pk: int) -> HttpResponse:
    park = get_object_or_404(Node.objects.visible_to(request.user), pk=park_pk, kind="park")
    if not may_command(request.user, park):
        raise Http404
    sites = selectors.sites_of(user=request.user, park=park)
    form = PlanRunForm(request.POST or None, sites=sites, initial={"sites": list(sites)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = plans.plan_run(
                actor=request.user,
                park=park,
                first_day=data["first_day"],
                horizon_days=data["horizon_days"],
                observation_days=data["observation_days"],
                bus_seats=data["bus_seats"],
                bus_quota=data["bus_quota"],
                sites=list(data["sites"]),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if plan.state == PlanState.SOLVING:
                messages.info(request, _("The planner is working; this page shows how far it is."))
            elif plan.state == PlanState.DRAFT:
                messages.success(
                    request, _("The planner has proposed a plan. Review it, adjust it and approve it.")
                )
            return redirect("returns:plan_detail", plan.pk)
    return render(request, "returns/plan_form.html", {"form": form, "park": park})


@login_required
def plan_detail(request: HttpRequest, pk: int, *, status: int = 200, errors: Any = None) -> HttpResponse:
    plan = get_object_or_404(selectors.plan_queryset(user=request.user), pk=pk)
    view = selectors.plan_view(plan=plan)
    commands = may_command(request.user, plan.park)
    editable = plan.state == PlanState.DRAFT and commands
    context = {
        "view": view,
        "plan": plan,
        "editable": editable,
        "discardable": (plan.state in (PlanState.DRAFT, PlanState.FAILED) or plan.job_lost) and commands,
        "solving": plan.state == PlanState.SOLVING,
        "errors": errors or [],
        "runs": selectors.run_queryset(user=request.user).filter(plan=plan),
        "site_choices": view.sites,
    }
    return render(request, "returns/plan_detail.html", context, status=status)


@login_required
@require_POST
def plan_entry_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plan_queryset(user=request.user), pk=pk)
    entry = get_object_or_404(PlanEntry.objects.visible_to(request.user), pk=entry_pk, plan=plan)
    form = EntryEditForm(request.POST, sites=plan.sites.all())
    if not form.is_valid():
        return plan_detail(request, pk, status=400, errors=[_("Check the date and the site.")])
    site = form.cleaned_data["site"] if request.POST.get("action") != "drop" else None
    day = form.cleaned_data["arrival_date"] if site is not None else None
    try:
        plans.plan_entry_edit(actor=request.user, entry=entry, arrival_date=day, site=site)
    except ValidationError as exc:
        return plan_detail(request, pk, status=400, errors=exc.messages)
    messages.success(request, _("Plan changed; every capacity still holds."))
    return redirect("returns:plan_detail", plan.pk)


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plan_queryset(user=request.user), pk=pk)
    try:
        plans.plan_approve(actor=request.user, plan=plan)
    except ValidationError as exc:
        return plan_detail(request, pk, status=400, errors=exc.messages)
    messages.success(request, _("Plan approved; its buses are listed below."))
    return redirect("returns:plan_detail", plan.pk)


@login_required
@require_POST
def plan_discard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plan_queryset(user=request.user), pk=pk)
    try:
        plans.plan_discard(actor=request.user, plan=plan)
    except ValidationError as exc:
        return plan_detail(request, pk, status=400, errors=exc.messages)
    messages.success(request, _("Draft plan discarded."))
    return redirect("returns:index")


# --- runs -------------------------------------------------------------------------------------------


def _run_form(request: HttpRequest, run: Any, data: Any = None) -> RunForm:
    vehicles = Vehicle.objects.visible_to(request.user).filter(park=run.plan.park)
    initial = model_to_dict(run, fields=["vehicle", "driver_name", "leader_name", "route", "seats"])
    initial |= {"departure_at": run.departure_at, "arrival_at": run.arrival_at}
    return RunForm(data, vehicles=vehicles, initial=initial)


@login_required
def run_detail(
    request: HttpRequest, pk: int, *, status: int = 200, errors: Any = None, form: Any = None
) -> HttpResponse:
    run = get_object_or_404(selectors.run_queryset(user=request.user), pk=pk)
    context = {
        "run": run,
        "passengers": selectors.passengers_of(run=run),
        "form": form or _run_form(request, run),
        "can_act": may_command(request.user, run.plan.park),
        "errors": errors or [],
        "transitions": run.transitions.select_related("actor"),
        "fever": transport.FEVER,
        "planned": run.status == RunStatus.PLANNED,
        "departed": run.status == RunStatus.DEPARTED,
    }
    return render(request, "returns/run_detail.html", context, status=status)


@login_required
@require_POST
def run_update(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.run_queryset(user=request.user), pk=pk)
    form = _run_form(request, run, request.POST)
    if not form.is_valid():
        return run_detail(request, pk, status=400, form=form)
    data = dict(form.cleaned_data)
    vehicle = data.pop("vehicle")
    try:
        transport.run_update(actor=request.user, run=run, vehicle=vehicle, **data)
    except ValidationError as exc:
        errors_to_form(form, exc)
        return run_detail(request, pk, status=400, form=form)
    messages.success(request, _("Run saved."))
    return redirect("returns:run_detail", run.pk)


def _temperatures(request: HttpRequest) -> dict[int, str]:
    out = {}
    for key, value in request.POST.items():
        if key.startswith("t-") and key[2:].isdigit() and value.strip():
            out[int(key[2:])] = value.strip()
    return out


@login_required
@require_POST
def run_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Record temperatures, and depart or arrive when the button says so."""
    run = get_object_or_404(selectors.run_queryset(user=request.user), pk=pk)
    action = request.POST.get("action", "")
    temperatures = _temperatures(request)
    try:
        if action == "depart":
            transport.run_depart(actor=request.user, run=run, temperatures=temperatures)
        elif action == "arrive":
            transport.run_arrive(actor=request.user, run=run, temperatures=temperatures)
        else:
            stage = transport.BOARDING if run.status == RunStatus.PLANNED else transport.ARRIVAL
            transport.run_record_temperatures(
                actor=request.user, run=run, stage=stage, temperatures=temperatures
            )
    except ValidationError as exc:
        return run_detail(request, pk, status=400, errors=exc.messages)
    messages.success(request, _("Saved."))
    return redirect("returns:run_detail", run.pk)
