from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from parkguard.core.views import ScopedDetailView, ScopedListView
from parkguard.lib.codes import mask_phone

from .. import exports, selectors, services
from ..exports import Export
from ..forms import EnterpriseFilterForm, LedgerDateForm, RosterFilterForm
from ..models import Enterprise

HISTORY_PAGE = 25


def xlsx_response(export: Export, *, unmasked: bool = False) -> HttpResponse:
    response = HttpResponse(export.content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    if unmasked:
        response["Cache-Control"] = "no-store"
    return response


def _unmasked(request: HttpRequest) -> bool:
    unmasked = request.GET.get("unmasked") == "1"
    exports.check_unmasked(request.user, unmasked)
    return unmasked


def _enterprise(request: HttpRequest, pk: int) -> Enterprise:
    return get_object_or_404(selectors.enterprise_get_queryset(user=request.user), pk=pk)


class EnterpriseListView(ScopedListView):
    template_name = "enterprises/enterprise_list.html"
    context_object_name = "enterprises"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        self.form = EnterpriseFilterForm(self.request.GET)
        return selectors.enterprise_list(user=self.request.user, **self.form.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=self.form, counts=selectors.enterprise_counts(self.object_list), query=query.urlencode()
        )
        return context


@login_required
def enterprise_export(request: HttpRequest) -> HttpResponse:
    unmasked = _unmasked(request)
    filters = EnterpriseFilterForm(request.GET).filters()
    export = exports.enterprises_xlsx(
        selectors.enterprise_list(user=request.user, **filters), unmasked=unmasked
    )
    if unmasked:
        services.export_record(
            actor=request.user, obj=request.user, node=None, export="enterprises", rows=export.rows
        )
    return xlsx_response(export, unmasked=unmasked)


class EnterpriseLedgerView(ScopedDetailView):
    """The ledger (台账) of one enterprise: now, or as of the end of a chosen day, and its changes."""

    model = Enterprise
    queryset = Enterprise.objects.select_related("node", "node__parent", "node__supervising_department")
    template_name = "enterprises/ledger.html"
    context_object_name = "enterprise"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        enterprise = self.object
        date_form = LedgerDateForm(self.request.GET)
        day = date_form.day()
        if day is not None:
            record, ledger = selectors.ledger_as_of(enterprise=enterprise, day=day)
            timeline = selectors.ledger_history(enterprise=enterprise, until=selectors.end_of_day(day))
        else:
            record, ledger = enterprise, selectors.ledger_now(enterprise=enterprise)
            timeline = selectors.ledger_history(enterprise=enterprise)
        page = Paginator(timeline, HISTORY_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            date_form=date_form,
            day=day,
            record=record,
            ledger=ledger,
            assignments=selectors.enterprise_assignments(enterprise=enterprise),
            history_page=page,
            changes=selectors.changes_for(list(page.object_list)),
            today=timezone.localdate(),
            contact_phone_masked=mask_phone(record.contact_phone) if record is not None else "",
        )
        return context


@login_required
def ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise(request, pk)
    unmasked = _unmasked(request)
    day = LedgerDateForm(request.GET).day() or timezone.localdate()
    record, ledger = selectors.ledger_as_of(enterprise=enterprise, day=day)
    rows = selectors.roster_as_of(enterprise=enterprise, day=day).exclude(work_status="left")
    export = exports.ledger_xlsx(enterprise, day, record, ledger, rows, unmasked=unmasked)
    if unmasked:
        services.export_record(
            actor=request.user, obj=enterprise, node=enterprise.node, export=f"ledger {day}", rows=export.rows
        )
    return xlsx_response(export, unmasked=unmasked)


class RosterListView(ScopedListView):
    """One enterprise's roster (花名册), id numbers and phones masked."""

    template_name = "enterprises/roster_list.html"
    context_object_name = "rows"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        self.enterprise = _enterprise(self.request, self.kwargs["pk"])
        self.form = RosterFilterForm(
            self.request.GET, departments=selectors.roster_departments(enterprise=self.enterprise)
        )
        return selectors.roster_list(
            user=self.request.user, enterprise=self.enterprise, **self.form.filters()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(enterprise=self.enterprise, form=self.form, query=query.urlencode())
        return context


@login_required
def roster_export(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise(request, pk)
    unmasked = _unmasked(request)
    form = RosterFilterForm(request.GET, departments=selectors.roster_departments(enterprise=enterprise))
    rows = selectors.roster_list(user=request.user, enterprise=enterprise, **form.filters())
    export = exports.roster_xlsx(enterprise, rows, unmasked=unmasked)
    if unmasked:
        services.export_record(
            actor=request.user, obj=enterprise, node=enterprise.node, export="roster", rows=export.rows
        )
    return xlsx_response(export, unmasked=unmasked)
