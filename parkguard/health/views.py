"""Pages of the health app: the daily declaration, a person's colour, risk areas, rules, manual changes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkguard.core.views import errors_to_form

from . import clock, divisions, selectors, services, workflow
from .choices import ConditionKind, ManualStatus, Symptom
from .forms import (
    EXTRA_TRAVEL_ROWS,
    ManualChangeForm,
    RiskAreaForm,
    RiskAreaImportForm,
    RuleForm,
    declaration_data,
    unanswered,
)
from .imports import read_rows
from .models import RuleSet
from .status import current_status


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _travel_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shown = []
    for row in rows:
        code = str(row.get("division_code", ""))
        division = divisions.lookup(code[:6])
        shown.append({**row, "division_code": division.label if division else code})
    return shown + [{} for _i in range(EXTRA_TRAVEL_ROWS)]


# --- the declaration (phone) -----------------------------------------------------------------------


@login_required
def declare(request: HttpRequest) -> HttpResponse:
    """Today's declaration of the logged-in person, with their colour and why on top."""
    try:
        person = services.own_person(request.user)
    except ValidationError as error:
        return render(request, "health/declare.html", {"no_person": error.messages[0]}, status=200)
    today = clock.today()
    prefill = selectors.declaration_prefill(person=person, today=today)
    errors: dict[str, list[str]] = {}
    rows, residence = prefill["travels"], prefill["residence"]
    if request.method == "POST":
        data, rows = declaration_data(request.POST)
        residence = data["residence"]
        errors = unanswered(request.POST)
        if not errors:
            try:
                services.declaration_submit(actor=request.user, data=data)
            except ValidationError as error:
                errors = _errors(error)
            else:
                messages.success(request, _("Declaration received. Thank you."))
                return redirect("health:declare")
    context = {
        "person": person,
        "today": today,
        "status": current_status(person),
        "declared": person.declarations.filter(date=today).first(),
        "prefilled_from": prefill.get("from_date"),
        "rows": _travel_rows(rows),
        "residence": str(residence or ""),
        "residences": selectors.residence_choices(person=person),
        "symptoms": Symptom.choices,
        "posted": request.POST if request.method == "POST" else {},
        "posted_symptoms": request.POST.getlist("symptoms"),
        "errors": errors,
        "general_errors": errors.get("__all__", []),
    }
    return render(request, "health/declare.html", context, status=400 if errors else 200)


@login_required
def division_search(request: HttpRequest) -> HttpResponse:
    """The place picker: JSON for type-ahead (``?format=json``), a plain page without JavaScript."""
    query = request.GET.get("q", "")[:40]
    found = divisions.search(query, limit=20)
    if request.GET.get("format") == "json":
        return JsonResponse({"results": [{"code": d.code, "label": d.label} for d in found]})
    return render(request, "health/division_search.html", {"q": query, "found": found})


# --- a person's colour (officials) -----------------------------------------------------------------


@login_required
def person_status(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.person_queryset(user=request.user), pk=pk)
    form = ManualChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.manual_change_request(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Manual colour change requested; a second official must approve it."))
            return redirect("health:person_status", pk=pk)
    context = {
        "person": person,
        "status": current_status(person),
        "declarations": selectors.declaration_list(user=request.user).filter(person=person)[:14],
        "changes": selectors.manual_change_list(user=request.user).filter(person=person)[:20],
        "may_change": workflow.can_change_colour(request.user, person),
        "form": form,
    }
    return render(request, "health/person_status.html", context, status=400 if form.errors else 200)


# --- risk areas ------------------------------------------------------------------------------------


@login_required
def risk_area_list(request: HttpRequest) -> HttpResponse:
    parks = selectors.parks(user=request.user)
    form = RiskAreaForm(request.POST or None, parks=parks)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        park = data.pop("park")
        try:
            services.risk_area_create(actor=request.user, park=park, data=data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Risk area added; colours are being re-evaluated."))
            return redirect("health:risk_area_list")
    show = request.GET.get("show", "active")
    areas = selectors.risk_area_list(user=request.user, active_on=clock.today() if show == "active" else None)
    context = {
        "areas": areas,
        "show": show,
        "form": form,
        "may_manage": any(workflow.can_manage_rules(request.user, p) for p in parks),
        "today": clock.today(),
    }
    return render(request, "health/risk_area_list.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def risk_area_end(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(selectors.risk_area_list(user=request.user), pk=pk)
    try:
        services.risk_area_end(actor=request.user, area=area)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Risk area ended; colours are being re-evaluated."))
    return redirect("health:risk_area_list")


@login_required
def risk_area_import(request: HttpRequest) -> HttpResponse:
    parks = selectors.parks(user=request.user)
    form = RiskAreaImportForm(request.POST or None, request.FILES or None, parks=parks)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload, upload.name)
            areas = services.risk_areas_import(actor=request.user, park=form.cleaned_data["park"], rows=rows)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("%(count)d risk areas imported.") % {"count": len(areas)})
            return redirect("health:risk_area_list")
    context = {"form": form, "problems": problems}
    return render(request, "health/risk_area_import.html", context, status=400 if problems else 200)


@login_required
def risk_area_history(request: HttpRequest) -> HttpResponse:
    rows = selectors.risk_area_history(user=request.user)[:500]
    return render(request, "health/risk_area_history.html", {"rows": rows})


# --- colour rules ----------------------------------------------------------------------------------


@login_required
def ruleset_list(request: HttpRequest) -> HttpResponse:
    parks = list(selectors.parks_around(user=request.user))
    latest = {}
    for ruleset in selectors.ruleset_list(user=request.user).order_by("park", "-version"):
        latest.setdefault(ruleset.park_id, ruleset)
    rows = [(park, latest.get(park.pk)) for park in parks]
    return render(request, "health/ruleset_list.html", {"rows": rows})


@login_required
def ruleset_edit(request: HttpRequest, park_pk: int) -> HttpResponse:
    """The command's editor: every change makes a new version and re-evaluates the park's colours."""
    park = get_object_or_404(selectors.parks_around(user=request.user), pk=park_pk)
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        try:
            done = _rule_action(request, park, form)
        except ValidationError as error:
            _rule_errors(request, form, error)
            done = False
        if done:
            messages.success(request, _("New version of the rules saved; colours are being re-evaluated."))
            return redirect("health:ruleset_edit", park_pk=park.pk)
    versions = selectors.ruleset_list(user=request.user).filter(park=park)
    version = _shown_version(request, versions)
    context = {
        "park": park,
        "version": version,
        "latest": versions.first(),
        "rules": version.ordered_rules() if version else [],
        "versions": versions[:30],
        "jobs": selectors.job_list(user=request.user, park=park)[:5],
        "form": form,
        "may_manage": workflow.can_manage_rules(request.user, park),
        "kinds": ConditionKind.choices,
    }
    return render(request, "health/ruleset_edit.html", context, status=400 if form.errors else 200)


def _rule_errors(request: HttpRequest, form: RuleForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and form.is_bound and form.is_valid():
        for name, errors in error.error_dict.items():
            field = name.removeprefix("params.")
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            messages.error(request, message)


def _shown_version(request: HttpRequest, versions: Any) -> RuleSet | None:
    wanted = request.GET.get("version", "")
    if wanted.isdigit():
        return versions.filter(version=int(wanted)).first() or versions.first()
    return versions.first()


def _rule_action(request: HttpRequest, park: Any, form: RuleForm) -> bool:
    post = request.POST
    code = post.get("reason", "")
    if "remove" in post:
        services.rule_remove(actor=request.user, park=park, reason_code=code)
    elif "up" in post or "down" in post:
        services.rule_move(actor=request.user, park=park, reason_code=code, up="up" in post)
    elif "install" in post:
        if services.ruleset_install_defaults(park=park, actor=request.user) is None:
            return False
        workflow.check_can_manage_rules(request.user, park)
    else:
        if not form.is_valid():
            return False
        services.rule_add(
            actor=request.user,
            park=park,
            data=form.service_data(),
            position=form.cleaned_data.get("position"),
        )
    return True


# --- manual colour changes -------------------------------------------------------------------------


@login_required
def manual_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    changes = selectors.manual_change_list(
        user=request.user, status=status if status in ManualStatus.values else None
    )
    rows = [(c, workflow.can_approve(request.user, c)) for c in changes[:200]]
    context = {"rows": rows, "status": status, "statuses": ManualStatus.choices, "now": clock.now()}
    return render(request, "health/manual_list.html", context)


@login_required
@require_POST
def manual_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(selectors.manual_change_list(user=request.user), pk=pk)
    action = request.POST.get("action")
    note = request.POST.get("note", "")
    try:
        if action == "approve":
            services.manual_change_approve(actor=request.user, change=change, note=note)
            messages.success(request, _("Approved: the colour is in force and the person has been told."))
        elif action == "refuse":
            services.manual_change_refuse(actor=request.user, change=change, note=note)
            messages.success(request, _("Refused."))
        elif action == "revoke":
            services.manual_change_revoke(actor=request.user, change=change)
            messages.success(request, _("Revoked: the rules decide the colour again."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(request.POST.get("next") or "health:manual_list")
