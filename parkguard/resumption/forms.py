from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CHECKLIST, Action
from .models import Application, ParkSettings
from .validation import FIELDS


class ApplicationForm(forms.ModelForm):
    """Parses the fields; the business rules (headcounts, dates) are the service's."""

    plan_document = forms.FileField(label=_("Prevention plan (PDF or photo)"), required=False)
    commitment_letter = forms.FileField(label=_("Signed commitment letter (PDF or photo)"), required=False)

    class Meta:
        model = Application
        fields = FIELDS
        widgets = {"planned_date": forms.DateInput(attrs={"type": "date"})}


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=Action.choices)
    expected_state = forms.CharField(max_length=20)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)
    conditions = forms.CharField(label=_("Conditions to lift"), max_length=2000, required=False)
    effective_on = forms.DateField(label=_("Actual date"), required=False)


class InspectionForm(forms.Form):
    expected_state = forms.CharField(max_length=20)
    findings = forms.CharField(label=_("Findings"), max_length=4000, required=False, widget=forms.Textarea)
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Passed")), ("0", _("Not passed"))],
        coerce=lambda v: v == "1",
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST.items():
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)

    @property
    def checklist(self) -> dict[str, bool]:
        return {key: self.cleaned_data.get(f"check_{key}", False) for key in CHECKLIST}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ParkSettings
        fields = ("mode", "spot_check_percent", "spot_check_days", "review_hours", "green_channel_hours")


class RatesForm(forms.Form):
    date = forms.DateField(required=False)

    def day_or(self, default: dt.date) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("date"):
            return self.cleaned_data["date"]
        return default
