from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NUMERIC_TYPES, Aggregate, FieldType, FlagWhen, Frequency, Operator, Period, Prefill
from .models import ReportTemplate


class DayForm(forms.Form):
    """The date a page is about (today when absent or invalid)."""

    day = forms.DateField(required=False, label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

    def day_or(self, default: dt.date) -> dt.date:
        return (self.cleaned_data.get("day") if self.is_valid() else None) or default


class PeriodForm(forms.Form):
    period = forms.ChoiceField(choices=Period.choices, required=False)


class FieldAddForm(forms.Form):
    """A new question on a template (applies from tomorrow)."""

    key = forms.SlugField(label=_("Key"), max_length=40)
    label_zh = forms.CharField(label=_("Label (Chinese)"), max_length=120)
    label_en = forms.CharField(label=_("Label (English)"), max_length=120)
    type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    aggregate = forms.ChoiceField(label=_("Adds up as"), choices=Aggregate.choices)
    prefill = forms.ChoiceField(label=_("Pre-filled from"), choices=Prefill.choices, initial=Prefill.NONE)
    flag_when = forms.ChoiceField(label=_("Red flag"), choices=FlagWhen.choices, initial=FlagWhen.NEVER)
    choices = forms.CharField(
        label=_("Options (one per line, for a choice)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


def _time(label: Any) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class TemplateSettingsForm(forms.Form):
    """How often and when the sites report: frequency, windows and deadlines (apply from tomorrow)."""

    name = forms.CharField(label=_("Name"), max_length=120)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    opens_at = _time(_("Opens at"))
    deadline = _time(_("Deadline"))
    morning_opens_at = _time(_("Morning report opens at"))
    morning_deadline = _time(_("Morning report deadline"))
    evening_opens_at = _time(_("Evening report opens at"))
    evening_deadline = _time(_("Evening report deadline"))
    drop_share = forms.DecimalField(
        label=_("Flag a drop larger than this share"),
        max_digits=3,
        decimal_places=2,
        min_value=0,
        max_value=1,
    )

    @classmethod
    def of(cls, version: ReportTemplate, data: Any = None) -> TemplateSettingsForm:
        initial = {name: getattr(version, name) for name in cls.base_fields}
        return cls(data, initial=initial, prefix="settings")

    def changed(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class RuleAddForm(forms.Form):
    """A consistency rule between two number fields of the form (e.g. in isolation ≤ staff)."""

    left = forms.ChoiceField(label=_("Field"))
    operator = forms.ChoiceField(label=_("Must be"), choices=Operator.choices)
    right = forms.ChoiceField(label=_("Than field"))
    message_zh = forms.CharField(label=_("Message (Chinese)"), max_length=200)
    message_en = forms.CharField(label=_("Message (English)"), max_length=200)

    def __init__(self, *args: Any, version: ReportTemplate, **kwargs: Any) -> None:
        super().__init__(*args, prefix="rule", **kwargs)
        numeric = [(f.key, f.label) for f in version.ordered_fields() if f.type in NUMERIC_TYPES]
        self.fields["left"].choices = numeric
        self.fields["right"].choices = numeric
