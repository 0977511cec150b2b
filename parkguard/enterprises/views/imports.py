from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from parkguard.core.views import ScopedDetailView, ScopedListView
from parkguard.lib.excel import write_workbook

from .. import exports, selectors, services
from ..choices import CommitMode, ImportKind, ImportStatus
from ..exports import Export
from ..forms import ImportCommitForm, ImportUploadForm, RegistryUploadForm
from ..models import ImportJob
from .enterprises import _enterprise, xlsx_response

PREVIEW_ISSUES = 200


def _error_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("roster", "enterprises"):
        raise Http404
    return xlsx_response(exports.import_template_xlsx(kind))


@login_required
def roster_import(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise(request, pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_start(
                actor=request.user,
                kind=ImportKind.ROSTER,
                enterprise=enterprise,
                file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            return redirect("enterprises:import_detail", pk=job.pk)
    return render(
        request, "enterprises/import_form.html", {"form": form, "enterprise": enterprise, "kind": "roster"}
    )


@login_required
def registry_import(request: HttpRequest) -> HttpResponse:
    form = RegistryUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_start(
                actor=request.user,
                kind=ImportKind.ENTERPRISES,
                node=form.cleaned_data["node"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            return redirect("enterprises:import_detail", pk=job.pk)
    return render(request, "enterprises/import_form.html", {"form": form, "kind": "enterprises"})


class ImportJobListView(ScopedListView):
    template_name = "enterprises/import_list.html"
    context_object_name = "jobs"
    paginate_by = 25

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.import_job_list(user=self.request.user)


class ImportJobDetailView(ScopedDetailView):
    """The job page: progress while it runs, then the preview and the commit form."""

    model = ImportJob
    queryset = ImportJob.objects.select_related("node", "enterprise__node", "created_by")
    template_name = "enterprises/import_detail.html"
    context_object_name = "job"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = self.object
        issues = list(selectors.import_issues(job=job)[: PREVIEW_ISSUES + 1])
        context.update(
            progress=selectors.import_job_progress(job=job),
            issues=issues[:PREVIEW_ISSUES],
            more_issues=len(issues) > PREVIEW_ISSUES,
            can_commit=job.status == ImportStatus.VALIDATED,
            modes=CommitMode,
        )
        return context


@never_cache
@login_required
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_object_or_404(selectors.import_job_queryset(user=request.user), pk=pk)
    return JsonResponse(selectors.import_job_progress(job=job))


@login_required
def import_issues_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The full error report: row, column, value (already masked) and message."""
    job = get_object_or_404(selectors.import_job_queryset(user=request.user), pk=pk)
    rows = (
        [i.row, i.column, i.value, i.message]
        for i in selectors.import_issues(job=job).iterator(chunk_size=2000)
    )
    content = write_workbook([("错误报告 Errors", ["行 Row", "列 Column", "值 Value", "问题 Message"], rows)])
    return xlsx_response(Export(content, f"import-{job.pk}-errors.xlsx", 0))


@require_POST
@login_required
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(selectors.import_job_queryset(user=request.user), pk=pk)
    form = ImportCommitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to commit."))
        return redirect("enterprises:import_detail", pk=pk)
    try:
        services.import_commit(actor=request.user, job=job, mode=form.cleaned_data["mode"])
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect("enterprises:import_detail", pk=pk)


@require_POST
@login_required
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(selectors.import_job_queryset(user=request.user), pk=pk)
    try:
        services.import_cancel(actor=request.user, job=job)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("The import was cancelled; nothing was written."))
    return redirect("enterprises:import_detail", pk=pk)
