"""Pages of central isolation observation: sites with occupancy, a site, check-in, a stay, occupancy by day.

Every read goes through ``visible_to(user)`` (out of scope is 404); every write through the services
of the ``isolation`` package, whose errors come back on the forms (``forms.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkguard.accounts.roles import Capability
from parkguard.core.views import errors_to_form
from parkguard.health import clock

from . import isolation
from .certificate import certificate_pdf
from .choices import RunStatus
from .forms import (
    CheckInForm,
    ExtendForm,
    ObservationForm,
    ReleaseForm,
    RoomForm,
    SiteSettingsForm,
    SiteSetupForm,
)
from .models import (
    IsolationAlert,
    IsolationSite,
    IsolationStay,
    Observation,
    Room,
    RunPassenger,
    Slot,
    TransportRun,
)
from .occupancy import occupancy

MAX_DAYS = 60


def _sites(user: Any):  # type: ignore[no-untyped-def]
    return IsolationSite.objects.visible_to(user).select_related("node", "officer")


def _stays(user: Any):  # type: ignore[no-untyped-def]
    return IsolationStay.objects.visible_to(user).select_related("site__node", "room", "person", "returnee")


def _open_counts(user: Any) -> dict[int, int]:
    rows = (
        IsolationStay.objects.visible_to(user)
        .filter(released_on__isnull=True)
        .values("site_id")
        .annotate(n=Count("id"))
    )
    return {r["site_id"]: r["n"] for r in rows}


# --- pages -----------------------------------------------------------------------------------------


def _may_set_up(user: Any) -> bool:
    return user.is_superuser or user.has_capability(Capability.MANAGE_ISOLATION)


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    setup = SiteSetupForm(request.POST or None, user=request.user) if _may_set_up(request.user) else None
    if request.method == "POST":
        if setup is None:
            raise Http404
        if setup.is_valid():
            try:
                site = isolation.site_setup(actor=request.user, **setup.cleaned_data)
            except ValidationError as exc:
                errors_to_form(setup, exc)
            else:
                messages.success(request, _("Isolation site set up. Add its rooms."))
                return redirect("returns:isolation_site", site.pk)
    sites = list(_sites(request.user))
    counts = _open_counts(request.user)
    rows = [(s, counts.get(s.pk, 0), max(s.capacity - counts.get(s.pk, 0), 0)) for s in sites]
    return render(
        request,
        "returns/isolation/site_list.html",
        {
            "rows": rows,
            "capacity": sum(s.capacity for s in sites),
            "taken": sum(r[1] for r in rows),
            "free": sum(r[2] for r in rows),
            "setup": setup if setup is not None and setup.fields["node"].queryset.exists() else None,
        },
    )


@login_required
def occupancy_page(request: HttpRequest) -> HttpResponse:
    start = clock.today()
    try:
        if request.GET.get("from"):
            start = dt.date.fromisoformat(request.GET["from"])
        days = min(max(int(request.GET.get("days", 14)), 1), MAX_DAYS)
    except ValueError:
        days = 14
        messages.error(request, _("Enter a date as YYYY-MM-DD and a number of days."))
    table = occupancy(sites=_sites(request.user), first_day=start, days=days)
    rows = [
        (day, [s.taken[i] for s in table.sites], table.taken[i], table.free[i])
        for i, day in enumerate(table.days)
    ]
    return render(
        request,
        "returns/isolation/occupancy.html",
        {"table": table, "rows": rows, "start": start, "days": days},
    )


def _arrived_runs(site: IsolationSite, user: Any) -> list[tuple[Any, list[Any]]]:
    """Arrived point-to-point runs with passengers for this site not checked in yet."""
    passengers = (
        RunPassenger.objects.visible_to(user)
        .filter(entry__site=site, run__status=RunStatus.ARRIVED, returnee__stays__isnull=True)
        .select_related("run", "returnee__person")
        .order_by("run_id", "id")
    )
    runs: dict[int, tuple[Any, list[Any]]] = {}
    for p in passengers:
        runs.setdefault(p.run_id, (p.run, []))[1].append(p)
    return list(runs.values())


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(_sites(request.user), pk=pk)
    return _site_page(request, site)


def _site_page(
    request: HttpRequest,
    site: IsolationSite,
    *,
    status: int = 200,
    settings_form: forms.Form | None = None,
    room_form: forms.Form | None = None,
) -> HttpResponse:
    stays = list(
        _stays(request.user).filter(site=site, released_on__isnull=True).order_by("room__number", "id")
    )
    rooms = list(
        Room.objects.visible_to(request.user)
        .filter(site=site)
        .annotate(taken=Count("stays", filter=Q(stays__released_on__isnull=True)))
    )
    alerts = (
        IsolationAlert.objects.visible_to(request.user)
        .filter(stay__site=site, resolved_at__isnull=True)
        .select_related("stay__person", "stay__room")
    )
    now = clock.now()
    overdue = isolation.overdue_slots(stays, now=now)
    today = timezone.localtime(now).date()
    released = _stays(request.user).filter(site=site, released_on__isnull=False).order_by("-released_on")[:20]
    return render(
        request,
        "returns/isolation/site_detail.html",
        {
            "site": site,
            "stays": stays,
            "rooms": rooms,
            "alerts": alerts,
            "overdue": overdue,
            "released": released,
            "taken": len(stays),
            "free": max(site.capacity - len(stays), 0),
            "today": today,
            "may_manage": isolation.may_manage(request.user, site),
            "may_set_up": _may_set_up(request.user),
            "settings_form": settings_form
            or SiteSettingsForm(
                initial={
                    "capacity": site.capacity,
                    "observation_days": site.observation_days,
                    "officer": site.officer_id,
                },
                user=request.user,
                site=site,
            ),
            "room_form": room_form or RoomForm(),
            "runs": _arrived_runs(site, request.user),
        },
        status=status,
    )


@login_required
@require_POST
def site_settings(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(_sites(request.user), pk=pk)
    if not _may_set_up(request.user):
        raise Http404
    form = SiteSettingsForm(request.POST, user=request.user, site=site)
    if form.is_valid():
        try:
            isolation.site_update(actor=request.user, site=site, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Site saved."))
            return redirect("returns:isolation_site", site.pk)
    return _site_page(request, site, status=400, settings_form=form)


@login_required
@require_POST
def room_save(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(_sites(request.user), pk=pk)
    if not _may_set_up(request.user):
        raise Http404
    form = RoomForm(request.POST)
    if form.is_valid():
        try:
            isolation.room_save(actor=request.user, site=site, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Room saved."))
            return redirect("returns:isolation_site", site.pk)
    return _site_page(request, site, status=400, room_form=form)


@login_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(_sites(request.user), pk=pk)
    if not isolation.may_manage(request.user, site):
        raise Http404
    form = CheckInForm(request.POST or None, user=request.user, site=site)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stay = isolation.stay_check_in(
                actor=request.user,
                site=site,
                room=data["room"],
                person=data["person"],
                returnee=data["returnee"],
                on=data["on"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Checked in; observation until %(date)s.") % {"date": stay.planned_release}
            )
            return redirect("returns:isolation_stay", stay.pk)
    return render(request, "returns/isolation/check_in.html", {"site": site, "form": form})


@login_required
@require_POST
def run_check_in(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    """Check in every waiting passenger of an arrived run for this site, each in a room with a free bed."""
    site = get_object_or_404(_sites(request.user), pk=pk)
    run = get_object_or_404(TransportRun.objects.visible_to(request.user), pk=run_pk)
    if not isolation.may_manage(request.user, site):
        raise Http404
    try:
        stays = isolation.run_check_in(actor=request.user, run=run, site=site)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)s people checked in.") % {"count": len(stays)})
    return redirect("returns:isolation_site", site.pk)


def _stay_page(
    request: HttpRequest, stay: IsolationStay, *, status: int = 200, **forms_: Any
) -> HttpResponse:
    today = clock.today()
    observations = Observation.objects.visible_to(request.user).filter(stay=stay).order_by("-date", "-slot")
    context = {
        "stay": stay,
        "observations": observations,
        "extensions": stay.extensions.order_by("created_at"),
        "alerts": IsolationAlert.objects.visible_to(request.user).filter(stay=stay),
        "may_manage": isolation.may_manage(request.user, stay.site),
        "may_release_early": isolation.may_release_early(request.user, stay.site),
        "due": stay.is_open and today >= stay.planned_release,
        "observation_form": forms_.get("observation_form")
        or ObservationForm(initial={"date": today, "slot": _next_slot()}),
        "extend_form": forms_.get("extend_form") or ExtendForm(),
        "release_form": forms_.get("release_form") or ReleaseForm(),
    }
    return render(request, "returns/isolation/stay_detail.html", context, status=status)


def _next_slot() -> str:
    return Slot.MORNING if timezone.localtime(clock.now()).hour < 14 else Slot.EVENING


@login_required
def stay_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stay = get_object_or_404(_stays(request.user), pk=pk)
    return _stay_page(request, stay)


def _stay_action(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_key: str,
    act: Callable[[Any, IsolationStay, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A form posted on the stay page: run the service, or show the page again with its errors."""
    stay = get_object_or_404(_stays(request.user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(request.user, stay, form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("returns:isolation_stay", stay.pk)
    return _stay_page(request, stay, status=400, **{form_key: form})


@login_required
@require_POST
def observe(request: HttpRequest, pk: int) -> HttpResponse:
    return _stay_action(
        request,
        pk,
        form_class=ObservationForm,
        form_key="observation_form",
        act=lambda actor, stay, data: isolation.observation_record(actor=actor, stay=stay, **data),
        done=_("Observation saved."),
    )


@login_required
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _stay_action(
        request,
        pk,
        form_class=ExtendForm,
        form_key="extend_form",
        act=lambda actor, stay, data: isolation.stay_extend(actor=actor, stay=stay, **data),
        done=_("Observation extended."),
    )


@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    return _stay_action(
        request,
        pk,
        form_class=ReleaseForm,
        form_key="release_form",
        act=lambda actor, stay, data: isolation.stay_release(actor=actor, stay=stay, reason=data["reason"]),
        done=_("Released from isolation. The release certificate is ready."),
    )


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    stay = get_object_or_404(_stays(request.user), pk=pk)
    if stay.is_open:
        raise Http404
    response = HttpResponse(certificate_pdf(stay), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="release-{stay.certificate_number}.pdf"'
    return response


@login_required
@require_POST
def alert_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(IsolationAlert.objects.visible_to(request.user).select_related("stay"), pk=pk)
    try:
        isolation.alert_resolve(actor=request.user, alert=alert)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("returns:isolation_site", alert.stay.site_id)


urlpatterns = [
    path("isolation/", site_list, name="isolation_sites"),
    path("isolation/occupancy/", occupancy_page, name="isolation_occupancy"),
    path("isolation/sites/<int:pk>/", site_detail, name="isolation_site"),
    path("isolation/sites/<int:pk>/check-in/", check_in, name="isolation_check_in"),
    path("isolation/sites/<int:pk>/settings/", site_settings, name="isolation_site_settings"),
    path("isolation/sites/<int:pk>/rooms/", room_save, name="isolation_room_save"),
    path("isolation/sites/<int:pk>/runs/<int:run_pk>/check-in/", run_check_in, name="isolation_run_check_in"),
    path("isolation/stays/<int:pk>/", stay_detail, name="isolation_stay"),
    path("isolation/stays/<int:pk>/observe/", observe, name="isolation_observe"),
    path("isolation/stays/<int:pk>/extend/", extend, name="isolation_extend"),
    path("isolation/stays/<int:pk>/release/", release, name="isolation_release"),
    path("isolation/stays/<int:pk>/certificate.pdf", certificate, name="isolation_certificate"),
    path("isolation/alerts/<int:pk>/resolve/", alert_resolve, name="isolation_alert_resolve"),
]
