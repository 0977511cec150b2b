"""Pages of the daily cycle: the site's form, completeness, roll-up, templates, the task list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import bulletins, clock, editor, flags, selectors, services, workflow
from .authority import authority_list, construction_status
from .choices import FieldType
from .forms import DayForm, FieldAddForm, PeriodForm, RuleAddForm, TemplateSettingsForm
from .models import Flag


def _day(request: HttpRequest):  # type: ignore[no-untyped-def]
    return DayForm(request.GET).day_or(clock.today())


def _typed(request: HttpRequest, rows: list[selectors.FormRow]) -> dict[str, Any]:
    typed = {}
    for row in rows:
        raw = request.POST.get(row.field.key, "")
        if row.field.type == FieldType.BOOLEAN and raw in ("1", "0"):
            typed[row.field.key] = raw == "1"
        else:
            typed[row.field.key] = raw
    return typed


def _save(request: HttpRequest, site, day, period: str, typed: dict[str, Any]):  # type: ignore[no-untyped-def]
    action = request.POST.get("action", "submit")
    if action == "draft":
        services.report_save_draft(actor=request.user, site=site, day=day, period=period, values=typed)
        return _("Draft saved.")
    services.report_submit(
        actor=request.user,
        site=site,
        day=day,
        period=period,
        values=typed,
        zero_report=action == "zero",
        reason=request.POST.get("reason", ""),
    )
    return _("Report submitted.")


@login_required
def report_form(request: HttpRequest, site_pk: int) -> HttpResponse:
    """Today's report of one site: draft, submit, nothing to report; derived figures read-only."""
    site = get_object_or_404(selectors.site_get_queryset(user=request.user), pk=site_pk)
    day = clock.today()
    template = services.template_for_site(site, day) if _has_template(site, day) else None
    if template is None:
        return render(request, "reports/report_form.html", {"site": site, "day": day, "template": None})
    period = PeriodForm(request.GET).data.get("period") or template.periods[0]
    if period not in template.periods:
        period = template.periods[0]
    report = selectors.report_list(user=request.user, day=day, node=site).filter(period=period).first()
    version = report.template if report else template
    rows = selectors.report_form_rows(site=site, template=version, report=report)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        typed = _typed(request, rows)
        try:
            messages.success(request, _save(request, site, day, period, typed))
            return redirect(f"{request.path}?period={period}")
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            rows = selectors.report_form_rows(site=site, template=version, report=report, typed=typed)
    for row in rows:
        row.errors = errors.get(row.field.key, [])
    context = {
        "site": site,
        "day": day,
        "template": version,
        "period": period,
        "report": report,
        "rows": rows,
        "errors": errors.get("__all__", []),
        "reason_errors": errors.get("reason", []),
        "may_report": workflow.can_report(request.user, site),
    }
    return render(request, "reports/report_form.html", context)


def _has_template(site, day) -> bool:  # type: ignore[no-untyped-def]
    try:
        services.template_for_site(site, day)
    except ValidationError:
        return False
    return True


@login_required
def completeness(request: HttpRequest, node_pk: int) -> HttpResponse:
    node = get_object_or_404(selectors.node_get_queryset(user=request.user), pk=node_pk)
    day = _day(request)
    context = {
        "node": node,
        "day": day,
        "c": selectors.completeness(node=node, day=day),
        "form": DayForm(request.GET),
        "authorities": authority_list(user=request.user).filter(park=node),
    }
    return render(request, "reports/completeness.html", context)


@login_required
def authority(request: HttpRequest, pk: int) -> HttpResponse:
    """The construction authority's view of the park's construction projects on a day."""
    department = get_object_or_404(authority_list(user=request.user), pk=pk)
    day = _day(request)
    context = {
        "department": department,
        "day": day,
        "status": construction_status(department=department, day=day),
        "form": DayForm(request.GET),
    }
    return render(request, "reports/authority.html", context)


@login_required
def rollup(request: HttpRequest, node_pk: int) -> HttpResponse:
    node = get_object_or_404(selectors.node_get_queryset(user=request.user), pk=node_pk)
    day = _day(request)
    measures, own, children = selectors.rollup_page(node=node, day=day)
    context = {
        "node": node,
        "day": day,
        "measures": measures,
        "labels": selectors.measure_labels(node=node, day=day),
        "own": own,
        "children": children,
        "trend": selectors.rollup_trend(node=node, day=day, days=7),
        "form": DayForm(request.GET),
    }
    return render(request, "reports/rollup.html", context)


@login_required
def flag_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/flag_list.html", {"flags": selectors.flag_list(user=request.user)})


@login_required
@require_POST
def flag_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close one red flag of the task list with a note; a refusal is shown above the list."""
    flag = get_object_or_404(Flag.objects.visible_to(request.user).select_related("site"), pk=pk)
    try:
        flags.flag_close(actor=request.user, flag=flag, note=request.POST.get("note", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Red flag closed."))
    return redirect("reports:flag_list")


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reports/template_list.html", {"templates": selectors.template_list(user=request.user)}
    )


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The command's editor: fields, frequency and windows, rules; every change goes into tomorrow's
    version (the page shows the newest version)."""
    template = get_object_or_404(selectors.template_list(user=request.user), pk=pk)
    latest = selectors.template_latest(template=template)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("form", "field") if post else ""
    forms = {
        "field": FieldAddForm(post if action == "field" else None),
        "settings": TemplateSettingsForm.of(latest, post if action == "settings" else None),
        "rule": RuleAddForm(post if action == "rule" else None, version=latest),
    }
    errors: list[str] = []
    if post is not None:
        try:
            done = _template_change(request, template, action, forms.get(action))
        except ValidationError as error:
            if action in forms:
                _form_errors(forms[action], error)
            else:
                errors = error.messages
        else:
            if done:
                messages.success(request, done)
                return redirect("reports:template_edit", pk=pk)
    context = {
        "template": template,
        "latest": latest,
        "form": forms["field"],
        "settings_form": forms["settings"],
        "rule_form": forms["rule"],
        "errors": errors,
    }
    return render(request, "reports/template_edit.html", context)


def _template_change(request: HttpRequest, template, action: str, form) -> str:  # type: ignore[no-untyped-def]
    """Apply one change of the editor; returns the success message, or "" when the form is invalid."""
    actor, post = request.user, request.POST
    if "remove" in post:
        services.template_field_remove(actor=actor, template=template, key=post["remove"])
        return _("Field removed from tomorrow's form.")
    if "remove_rule" in post:
        left, operator, right = [*post["remove_rule"].split(" ", 2), "", ""][:3]
        editor.template_rule_remove(actor=actor, template=template, left=left, operator=operator, right=right)
        return _("Rule removed from tomorrow's form.")
    if form is None or not form.is_valid():
        return ""
    if action == "settings":
        if not form.changed():
            return _("Nothing changed.")
        editor.template_settings_update(actor=actor, template=template, **form.changed())
        return _("Tomorrow's form will use the new frequency and times.")
    if action == "rule":
        editor.template_rule_add(actor=actor, template=template, **form.cleaned_data)
        return _("Rule added to tomorrow's form.")
    services.template_field_add(actor=actor, template=template, **form.cleaned_data)
    return _("Field added to tomorrow's form.")


def _form_errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    """Show a service's refusal on the form: beside its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, problems in error.error_dict.items():
        form.add_error(key if key in form.fields else None, problems)


@login_required
def bulletin_list(request: HttpRequest, node_pk: int | None = None) -> HttpResponse:
    """The archive of daily bulletins under a node, with "generate now" for the command.

    Without a node (the top bar's link): the archive of the highest node the user sees.
    """
    nodes = selectors.node_get_queryset(user=request.user)
    if node_pk is None:
        node = nodes.order_by("depth", "path").first()
        if node is None:
            return render(request, "reports/bulletin_list.html", {"node": None, "bulletins": []})
    else:
        node = get_object_or_404(nodes, pk=node_pk)
    context = {
        "node": node,
        "bulletins": selectors.bulletin_list(user=request.user, node=node),
        "form": DayForm(request.GET),
        "may_generate": workflow.can_generate_bulletin(request.user, node),
    }
    return render(request, "reports/bulletin_list.html", context)


@login_required
@require_POST
def bulletin_generate(request: HttpRequest, node_pk: int) -> HttpResponse:
    node = get_object_or_404(selectors.node_get_queryset(user=request.user), pk=node_pk)
    if not workflow.can_generate_bulletin(request.user, node):
        raise PermissionDenied
    day = DayForm(request.POST).day_or(clock.today())
    bulletins.bulletin_generate(actor=request.user, node=node, date=day)
    messages.success(request, _("Bulletin generated."))
    return redirect("reports:bulletin_list", node_pk=node.pk)


DOWNLOADS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def bulletin_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    if kind not in DOWNLOADS:
        raise Http404
    bulletin = get_object_or_404(selectors.bulletin_get_queryset(user=request.user), pk=pk)
    file = getattr(bulletin, kind)
    name = f"bulletin-{bulletin.node.name}-{bulletin.date.isoformat()}.{kind}"
    return FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=DOWNLOADS[kind])
