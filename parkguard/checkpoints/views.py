"""Pages of the checkpoints: the guard's scanner, contact tracing, configuration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from parkguard.lib.excel import write_workbook

from . import partners, selectors, services
from .choices import Direction, LaneDirection, Outcome
from .forms import CheckpointForm, IdCheckForm, LaneForm, ScanForm, TraceForm
from .models import Checkpoint, Lane


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _scan_checkpoint(request: HttpRequest, pk: int) -> Checkpoint:
    """A checkpoint where the user may scan; any other is missing (404)."""
    return get_object_or_404(selectors.checkpoint_scan_list(user=request.user), pk=pk)


def _lane(checkpoint: Checkpoint, lane_id: Any) -> Lane | None:
    if not lane_id:
        return None
    return get_object_or_404(checkpoint.lanes.all(), pk=lane_id)


@login_required
def checkpoint_list(request: HttpRequest) -> HttpResponse:
    """Where the user scans (a guard with one gate goes straight to it), traces and configures."""
    scan_at = list(selectors.checkpoint_scan_list(user=request.user))
    if len(scan_at) == 1 and not selectors.can_trace(request.user) and "list" not in request.GET:
        return redirect("checkpoints:scan", pk=scan_at[0].pk)
    context = {
        "scan_at": scan_at,
        "can_trace": selectors.can_trace(request.user),
        "configurable": selectors.checkpoint_config_list(user=request.user),
    }
    return render(request, "checkpoints/checkpoint_list.html", context)


def _page_context(request: HttpRequest, checkpoint: Checkpoint, **extra: Any) -> dict[str, Any]:
    lanes = list(checkpoint.lanes.all())
    lane_id = request.POST.get("lane") or request.GET.get("lane") or ""
    current = next((lane for lane in lanes if str(lane.pk) == lane_id), lanes[0] if lanes else None)
    return {
        "checkpoint": checkpoint,
        "lanes": lanes,
        "lane": current,
        "direction": request.POST.get("direction") or request.GET.get("direction") or Direction.IN,
        "directions": Direction.choices,
        "per_scan": LaneDirection.PER_SCAN,
        "recent": selectors.recent_scans(checkpoint=checkpoint, guard=request.user),
        "labels": _labels(),
        **extra,
    }


def _labels() -> dict[str, Any]:
    """What the page's script writes on the verdict, in the page's language."""
    return {
        "outcomes": {o.value: str(o.label) for o in Outcome},
        "colours": {"green": _("Green"), "yellow": _("Yellow"), "red": _("Red")},
        "directions": {d.value: str(d.label) for d in Direction},
        "offline": _("No answer from the server: check the network, or check by id number."),
        "camera_starting": _("Starting the camera…"),
        "camera_ready": _("Hold the pass code in front of the camera."),
        "camera_failed": _("The camera could not be started: use the scanner or type the code."),
    }


@never_cache
@login_required
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The guard's page. POST a code (scanner, typed, camera) and get the verdict: JSON for the page's
    script, the page itself with the verdict on top without it."""
    checkpoint = _scan_checkpoint(request, pk)
    if request.method != "POST":
        return render(request, "checkpoints/scan.html", _page_context(request, checkpoint))
    form = ScanForm(request.POST)
    if not form.is_valid():
        return _error(request, checkpoint, _("Scan or type a pass code."))
    data = form.cleaned_data
    try:
        result = services.scan(
            checkpoint,
            data["token"],
            guard=request.user,
            direction=data["direction"],
            lane=_lane(checkpoint, data["lane"]),
        )
    except ValidationError as exc:
        return _error(request, checkpoint, " ".join(exc.messages))
    return _verdict(request, checkpoint, result)


@never_cache
@require_POST
@login_required
def id_check(request: HttpRequest, pk: int) -> HttpResponse:
    """A person without a phone: their colour and masked name by id number (audited)."""
    checkpoint = _scan_checkpoint(request, pk)
    form = IdCheckForm(request.POST)
    if not form.is_valid():
        return _error(request, checkpoint, _("Type an id number."))
    data = form.cleaned_data
    try:
        result = services.check_by_id_number(
            checkpoint,
            data["id_number"],
            guard=request.user,
            direction=data["direction"],
            lane=_lane(checkpoint, data["lane"]),
        )
    except ValidationError as exc:
        return _error(request, checkpoint, " ".join(exc.messages))
    return _verdict(request, checkpoint, result)


def _verdict(request: HttpRequest, checkpoint: Checkpoint, result: services.ScanResult) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(result.as_dict())
    return render(request, "checkpoints/scan.html", _page_context(request, checkpoint, result=result))


def _error(request: HttpRequest, checkpoint: Checkpoint, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return render(
        request, "checkpoints/scan.html", _page_context(request, checkpoint, error=message), status=400
    )


# --- contact tracing --------------------------------------------------------------------------------


@never_cache
@login_required
def trace(request: HttpRequest) -> HttpResponse:
    """Who passed a checkpoint (or any in scope) between two times. Each query is audited."""
    if not selectors.can_trace(request.user):
        raise PermissionDenied
    checkpoints = selectors.tracing_checkpoints(user=request.user)
    if "start" not in request.GET:
        form = TraceForm(initial=TraceForm.defaults(), checkpoints=checkpoints)
        return render(request, "checkpoints/trace.html", {"form": form})
    form = TraceForm(request.GET, checkpoints=checkpoints)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.trace_contacts(
                actor=request.user,
                start=data["start"],
                end=data["end"],
                checkpoint=data["checkpoint"],
                pseudonym=data["pseudonym"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if request.GET.get("export") == "xlsx":
                return _trace_xlsx(result)
    return render(request, "checkpoints/trace.html", {"form": form, "trace": result})


def _trace_xlsx(trace: services.Trace) -> HttpResponse:
    """The query's rows as a workbook: masked names only, like the page (the query itself was audited)."""
    headers = [
        _("Time"),
        _("Checkpoint"),
        _("Direction"),
        _("Result"),
        _("Reason"),
        _("Colour"),
        _("Masked name or plate"),
        _("Issuer"),
        _("Pseudonym"),
    ]
    rows = (
        [
            timezone.localtime(s.scanned_at).strftime("%Y-%m-%d %H:%M:%S"),
            s.checkpoint.node.name,
            s.get_direction_display(),
            s.get_result_display(),
            s.reason,
            s.colour,
            s.subject_masked,
            s.issuer,
            s.pseudonym,
        ]
        for s in trace.scans
    )
    data = write_workbook([(str(_("Contact tracing")), [str(h) for h in headers], rows)])
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="contact-tracing.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_POST
@login_required
def trace_reveal(request: HttpRequest, event_pk: int) -> HttpResponse:
    if not selectors.can_trace(request.user):
        raise PermissionDenied
    event = get_object_or_404(selectors.scan_list(user=request.user), pk=event_pk)
    try:
        revealed = services.trace_reveal(
            actor=request.user, event=event, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        back = request.POST.get("back", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
        return redirect(back if safe else "checkpoints:trace")
    response = render(request, "checkpoints/trace_reveal.html", {"event": event, "revealed": revealed})
    response["Cache-Control"] = "no-store"
    return response


# --- configuration ----------------------------------------------------------------------------------


@login_required
def configure(request: HttpRequest, node_pk: int) -> HttpResponse:
    """The configuration of the gate at a checkpoint or compound node (created on first save)."""
    node = get_object_or_404(selectors.gate_node_list(user=request.user), pk=node_pk)
    checkpoint = Checkpoint.objects.visible_to(request.user).filter(node=node).first()
    form = CheckpointForm(request.POST or None, instance=checkpoint)
    form.fields["partners"].queryset = selectors.partner_choices(user=request.user, node=node)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = list(data.pop("partners"))
        try:
            services.checkpoint_configure(actor=request.user, node=node, partners=partners, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Checkpoint saved."))
            return redirect("checkpoints:configure", node_pk=node.pk)
    lane_form = LaneForm()
    return render(
        request,
        "checkpoints/configure.html",
        {"node": node, "checkpoint": checkpoint, "form": form, "lane_form": lane_form},
    )


@require_POST
@login_required
def lane_add(request: HttpRequest, node_pk: int) -> HttpResponse:
    node = get_object_or_404(selectors.gate_node_list(user=request.user), pk=node_pk)
    checkpoint = Checkpoint.objects.visible_to(request.user).filter(node=node).first()
    if checkpoint is None:
        raise Http404
    form = LaneForm(request.POST)
    if form.is_valid():
        try:
            services.lane_save(actor=request.user, checkpoint=checkpoint, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Lane saved."))
    else:
        messages.error(request, _("Give the lane a name and what it takes."))
    return redirect("checkpoints:configure", node_pk=node.pk)


# --- partners (一张证明、两地通行) --------------------------------------------------------------------


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    """Our partners, when their lists were imported, and where we fetch them from."""
    if not selectors.can_configure(request.user):
        raise PermissionDenied
    return render(
        request, "checkpoints/partner_list.html", {"partners": selectors.partner_list(user=request.user)}
    )


def _uploaded(request: HttpRequest, name: str) -> str | None:
    upload = request.FILES.get(name)
    if upload is None:
        return None
    if upload.size > settings.PARTNER_SYNC_MAX_BYTES:
        raise ValidationError(_("The partner's list is larger than allowed."), code="sync_too_large")
    return upload.read().decode("utf-8", errors="replace")


@require_POST
@login_required
def partner_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the uploaded files, or fetch both lists from the partner's export addresses."""
    partner = get_object_or_404(selectors.partner_list(user=request.user), pk=pk)
    try:
        trust, revoked = _uploaded(request, "trust_list"), _uploaded(request, "revocations")
        if trust or revoked:
            partners.partner_sync(actor=request.user, partner=partner, trust_list=trust, revocations=revoked)
        else:
            partners.partner_sync_from_urls(actor=request.user, partner=partner)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The partner's lists are imported."))
    return redirect("checkpoints:partner_list")


@require_POST
@login_required
def partner_urls(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(selectors.partner_list(user=request.user), pk=pk)
    try:
        partners.partner_urls_set(
            actor=request.user,
            partner=partner,
            trust_list_url=request.POST.get("trust_list_url", "").strip()[:500],
            revocations_url=request.POST.get("revocations_url", "").strip()[:500],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Addresses saved."))
    return redirect("checkpoints:partner_list")
