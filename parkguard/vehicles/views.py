"""Pages of vehicle registration: list, register, edit, approve/suspend, the vehicle pass."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from parkguard import passcodec
from parkguard.accounts.roles import Capability
from parkguard.core.views import errors_to_form
from parkguard.passes import services as pass_services
from parkguard.passes.selectors import pass_list

from . import selectors, services
from .choices import VehicleStatus
from .forms import VehicleForm


@login_required
def vehicle_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in VehicleStatus.values else ""
    rows = selectors.vehicle_list(user=request.user, status=status, query=request.GET.get("q", "")[:20])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "vehicles": page.object_list,
        "status": status,
        "statuses": VehicleStatus.choices,
        "q": request.GET.get("q", ""),
        "may_register": request.user.has_capability(Capability.REGISTER_VEHICLES),
    }
    return render(request, "vehicles/vehicle_list.html", context)


def _form_data(form: VehicleForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("company", None)
    return data


@login_required
def vehicle_create(request: HttpRequest) -> HttpResponse:
    companies = selectors.company_choices(user=request.user)
    form = VehicleForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            vehicle = services.vehicle_register(
                actor=request.user, company=form.cleaned_data["company"], data=_form_data(form)
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("Vehicle registered, pass number %(number)s.") % {"number": vehicle.pass_number}
            )
            return redirect("vehicles:vehicle_detail", pk=vehicle.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "vehicles/vehicle_form.html", {"form": form}, status=status)


@login_required
def vehicle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vehicle = get_object_or_404(selectors.vehicle_list(user=request.user), pk=pk)
    companies = selectors.company_choices(user=request.user)
    initial = {
        "plate": vehicle.plate_display,
        "vehicle_type": vehicle.vehicle_type,
        "company": vehicle.company,
        "driver_name": vehicle.driver_name,
        "driver_phone": vehicle.driver_phone,
        "cargo": vehicle.cargo,
        "route": vehicle.route,
        "valid_from": vehicle.valid_from,
        "valid_to": vehicle.valid_to,
    }
    form = VehicleForm(request.POST or None, initial=initial, companies=companies)
    if request.method == "POST" and form.is_valid():
        data = _form_data(form)
        if form.cleaned_data["company"] != vehicle.company:
            data["company"] = form.cleaned_data["company"]
        try:
            services.vehicle_update(actor=request.user, vehicle=vehicle, data=data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Vehicle saved."))
            return redirect("vehicles:vehicle_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "vehicles/vehicle_form.html", {"form": form, "vehicle": vehicle}, status=status)


@never_cache
@login_required
def vehicle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vehicle = get_object_or_404(selectors.vehicle_list(user=request.user), pk=pk)
    passes = pass_list(user=request.user).filter(vehicle=vehicle)
    current = passes.valid_at(timezone.now()).first()
    context = {
        "vehicle": vehicle,
        "passes": passes[:10],
        "current": current,
        "qr": passcodec.render_qr_svg(current.token, scale=4) if current else "",
        "may_decide": services.can_decide(request.user, vehicle),
        "may_reveal": request.user.has_capability(Capability.REVEAL_PERSONAL),
        "now": timezone.now(),
    }
    return render(request, "vehicles/vehicle_detail.html", context)


def _act(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    vehicle = get_object_or_404(selectors.vehicle_list(user=request.user), pk=pk)
    try:
        action(vehicle)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("vehicles:vehicle_detail", pk=pk)


@require_POST
@login_required
def vehicle_approve(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _act(
        request,
        pk,
        lambda v: services.vehicle_approve(actor=request.user, vehicle=v, note=note),
        _("Vehicle approved."),
    )


@require_POST
@login_required
def vehicle_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _act(
        request,
        pk,
        lambda v: services.vehicle_suspend(actor=request.user, vehicle=v, note=note),
        _("Vehicle suspended; its passes are revoked."),
    )


@require_POST
@login_required
def vehicle_pass_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda v: pass_services.issue_vehicle_pass(v, actor=request.user),
        _("Vehicle pass issued."),
    )


@never_cache
@require_POST
@login_required
def driver_phone_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    vehicle = get_object_or_404(selectors.vehicle_list(user=request.user), pk=pk)
    try:
        phone = services.driver_phone_reveal(
            actor=request.user, vehicle=vehicle, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("vehicles:vehicle_detail", pk=pk)
    return render(request, "vehicles/driver_phone.html", {"vehicle": vehicle, "phone": phone})
