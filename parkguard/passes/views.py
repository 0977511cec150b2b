"""Pages of the passes app: my pass (phone), passes in scope, printing, keys and partners, public exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from parkguard import passcodec
from parkguard.lib.pdf import PdfError, png_data_uri, render_pdf

from . import issuers, selectors, services
from .choices import PassKind

UPLOAD_MAX_BYTES = 64 * 1024 * 1024


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- my pass (phone) --------------------------------------------------------------------------------


def _state(pass_: Any) -> dict[str, Any]:
    return {
        "pass": pass_.pass_id_hash,
        "colour": pass_.colour,
        "expires_at": pass_.expires_at.isoformat(),
    }


@never_cache
@login_required
def my_pass(request: HttpRequest) -> HttpResponse:
    """The logged-in person's pass: big colour, masked name, reasons, valid until, the QR.

    ``?format=json`` answers the page's own refresh (every 60 s): the pass it should show now.
    """
    person = selectors.own_person(request.user)
    if person is None:
        if request.GET.get("format") == "json":
            return JsonResponse({"pass": None}, status=404)
        return render(request, "passes/my_pass.html", {"no_person": True}, status=404)
    try:
        pass_ = services.person_pass_get_or_issue(person, actor=request.user)
    except ValidationError as error:
        if request.GET.get("format") == "json":
            return JsonResponse({"pass": None, "error": _error_text(error)}, status=503)
        return render(request, "passes/my_pass.html", {"error": _error_text(error)}, status=503)
    if request.GET.get("format") == "json":
        return JsonResponse(_state(pass_))
    context = {"pass": pass_, "person": person, "qr": passcodec.render_qr_svg(pass_.token, scale=5)}
    return render(request, "passes/my_pass.html", context)


# --- passes in scope (officials) ---------------------------------------------------------------------


@login_required
def pass_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in PassKind.values else ""
    valid_only = request.GET.get("valid") == "1"
    rows = selectors.pass_list(user=request.user, kind=kind, valid_only=valid_only)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page_obj": page, "passes": page.object_list, "kind": kind, "valid_only": valid_only}
    context["kinds"] = PassKind.choices
    context["now"] = timezone.now()
    return render(request, "passes/pass_list.html", context)


@login_required
def pass_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pass_ = get_object_or_404(selectors.pass_list(user=request.user), pk=pk)
    context = {"pass": pass_, "qr": passcodec.render_qr_svg(pass_.token, scale=4), "now": timezone.now()}
    return render(request, "passes/pass_detail.html", context)


@require_POST
@login_required
def pass_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    pass_ = get_object_or_404(selectors.pass_list(user=request.user), pk=pk)
    try:
        services.revoke_pass(pass_, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Pass revoked: it is on our revocation list from now on."))
    return redirect("passes:pass_detail", pk=pk)


@never_cache
@login_required
def person_pass_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable pass (PDF) for a person without a phone, printed by an official in scope (audited)."""
    person = get_object_or_404(selectors.person_queryset(user=request.user), pk=pk)
    try:
        pass_ = services.pass_print(person, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("people:person_detail", pk=pk)
    context = {
        "pass": pass_,
        "qr_uri": png_data_uri(passcodec.render_qr_png(pass_.token, 6)),
        "document_title": _("Pass"),
        "document_date": timezone.localdate(),
    }
    try:
        pdf = render_pdf("passes/pass_print.pdf.html", context)
    except PdfError as error:
        messages.error(request, _("The printed pass could not be made: %(error)s") % {"error": error})
        return redirect("people:person_detail", pk=pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="pass-{pass_.pass_id_hash[:8]}.pdf"'
    return response


# --- keys, partners, lists (MANAGE_PASS_KEYS) ----------------------------------------------------------


def _managed_park(request: HttpRequest) -> Any:
    park_id = request.POST.get("park", "")
    return get_object_or_404(
        selectors.managed_parks(user=request.user), pk=park_id if park_id.isdigit() else 0
    )


@login_required
def keys(request: HttpRequest) -> HttpResponse:
    """Issuers, signing keys, partners and their lists of the parks the user manages."""
    parks = list(selectors.managed_parks(user=request.user))
    if not parks:
        raise Http404
    for park in parks:
        issuers.issuer_for_park(park, actor=request.user)
    context = {
        "parks": parks,
        "issuers": selectors.issuer_list(user=request.user).filter(park__in=parks),
        "keys": selectors.key_list(user=request.user).filter(issuer__park__in=parks),
        "partners": selectors.partner_list(user=request.user).filter(park__in=parks),
        "partner_keys": selectors.partner_key_list(user=request.user).filter(partner__park__in=parks),
        "now": timezone.now(),
    }
    return render(request, "passes/keys.html", context)


@require_POST
@login_required
def key_rotate(request: HttpRequest) -> HttpResponse:
    park = _managed_park(request)
    try:
        key = issuers.rotate_key(park=park, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("New signing key %(kid)s: new passes use it.") % {"kid": key.kid})
    return redirect("passes:keys")


@require_POST
@login_required
def partner_add(request: HttpRequest) -> HttpResponse:
    park = _managed_park(request)
    try:
        services.partner_create(
            actor=request.user,
            park=park,
            name=request.POST.get("name", ""),
            issuer_id=request.POST.get("issuer_id", ""),
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Partner added. Import its trust list next."))
    return redirect("passes:keys")


@require_POST
@login_required
def partner_import(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Upload a partner's trust list (``what=trust``) or revocation list (``what=revocations``)."""
    partner = get_object_or_404(selectors.partner_list(user=request.user), pk=pk)
    upload = request.FILES.get("file")
    if upload is None or what not in {"trust", "revocations"}:
        messages.error(request, _("Choose the file to import."))
        return redirect("passes:keys")
    if upload.size > UPLOAD_MAX_BYTES:
        messages.error(request, _("The file is larger than allowed."))
        return redirect("passes:keys")
    service = services.import_trust_list if what == "trust" else services.import_revocations
    try:
        service(upload.read(), partner=partner, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Imported: %(partner)s's passes are checked against it now.") % {"partner": partner}
        )
    return redirect("passes:keys")


# --- public exports (no login: public keys and hashes only) ------------------------------------------


def _issuer_or_404(issuer_id: str) -> Any:
    issuer = selectors.public_issuer(issuer_id)
    if issuer is None:
        raise Http404
    return issuer


def _download(body: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def trust_list_export(request: HttpRequest, issuer_id: str) -> HttpResponse:
    issuer = _issuer_or_404(issuer_id)
    body = services.export_trust_list(issuer)
    return _download(body, "application/json; charset=utf-8", f"trust-list-{issuer.issuer_id}.json")


@require_GET
def revocations_export(request: HttpRequest, issuer_id: str) -> HttpResponse:
    issuer = _issuer_or_404(issuer_id)
    body = services.export_revocations(issuer)
    return _download(body, "application/json; charset=utf-8", f"revocations-{issuer.issuer_id}.json")


@require_GET
def bundle_export(request: HttpRequest, issuer_id: str) -> HttpResponse:
    issuer = _issuer_or_404(issuer_id)
    try:
        body = services.export_bundle(issuer.park)
    except ValidationError as error:
        return HttpResponse(_error_text(error), status=503, content_type="text/plain; charset=utf-8")
    return _download(body, "application/octet-stream", f"bundle-{issuer.issuer_id}.pgb")
