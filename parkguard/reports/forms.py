from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Aggregate, FieldType, FlagWhen, Period, Prefill


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
