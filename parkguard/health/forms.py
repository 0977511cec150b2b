"""Forms of the health pages. They parse input; the services check it (one set of rules for pages and API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Colour, ConditionKind, RiskLevel, Symptom

YES_NO = [("1", _("Yes")), ("0", _("No"))]
# Travel rows offered on the declaration page besides those prefilled from yesterday.
EXTRA_TRAVEL_ROWS = 2


def declaration_data(post: Any) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The service's input from the declaration page, and the raw travel rows to show back on error."""
    rows = []
    count = min(int(post.get("travel_rows") or 0), 30) if str(post.get("travel_rows", "")).isdigit() else 0
    for i in range(count):
        row = {
            "division_code": post.get(f"travel-{i}-place", "").strip(),
            "date_from": post.get(f"travel-{i}-from", "").strip(),
            "date_to": post.get(f"travel-{i}-to", "").strip(),
        }
        if any(row.values()):
            rows.append(row)
    data = {
        "temperature": post.get("temperature", ""),
        "symptoms": post.getlist("symptoms"),
        "contact": post.get("contact") == "1",
        "under_observation": post.get("under_observation") == "1",
        "residence": post.get("residence") or None,
        "travels": rows,
    }
    return data, rows


def unanswered(post: Any) -> dict[str, list[str]]:
    """Yes/no questions left blank: health answers are never pre-filled, so each must be answered."""
    return {
        name: [str(_("Answer yes or no."))]
        for name in ("contact", "under_observation")
        if post.get(name) not in ("0", "1")
    }


class RiskAreaForm(forms.Form):
    park = forms.ModelChoiceField(queryset=None, label=_("Park"))  # type: ignore[arg-type]
    division_code = forms.CharField(label=_("Place (division code)"), max_length=80)
    level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    valid_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, parks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        if parks.count() == 1:
            self.fields["park"].initial = parks.first()


class RiskAreaImportForm(forms.Form):
    park = forms.ModelChoiceField(queryset=None, label=_("Park"))  # type: ignore[arg-type]
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args: Any, parks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        if parks.count() == 1:
            self.fields["park"].initial = parks.first()


class RuleForm(forms.Form):
    """A rule: condition and its parameters, colour, reason code and message (checked by the service)."""

    kind = forms.ChoiceField(label=_("Condition"), choices=ConditionKind.choices)
    threshold = forms.CharField(label=_("Temperature threshold (°C)"), required=False, max_length=5)
    symptoms = forms.MultipleChoiceField(
        label=_("Symptoms (none ticked: any)"),
        choices=Symptom.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.ChoiceField(label=_("Risk level"), choices=[("", "—"), *RiskLevel.choices], required=False)
    days = forms.CharField(label=_("Days"), required=False, max_length=3)
    colour = forms.ChoiceField(label=_("Colour"), choices=Colour.choices)
    reason_code = forms.CharField(label=_("Reason code"), max_length=40)
    message_zh = forms.CharField(label=_("Message (Chinese)"), max_length=200)
    message_en = forms.CharField(label=_("Message (English)"), max_length=200)
    position = forms.IntegerField(label=_("Position (empty: last)"), required=False, min_value=1)

    def service_data(self) -> dict[str, Any]:
        from .rules import PARAMETERS

        data = self.cleaned_data
        wanted = PARAMETERS.get(data["kind"], {})
        params = {name: data.get(name) for name in wanted if data.get(name) not in (None, "", [])}
        return {
            "kind": data["kind"],
            "params": params,
            "colour": data["colour"],
            "reason_code": data["reason_code"],
            "message_en": data["message_en"],
            "message_zh": data["message_zh"],
        }


class ManualChangeForm(forms.Form):
    colour = forms.ChoiceField(label=_("Colour"), choices=Colour.choices)
    reason = forms.CharField(
        label=_("Reason (required, recorded)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    until = forms.DateTimeField(
        label=_("In force until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
