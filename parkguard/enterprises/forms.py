from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parkguard.hierarchy.models import Node

from . import selectors
from .choices import Category, CommitMode, WorkStatus

YES_NO_ANY = [("", _("Any")), ("1", _("Yes")), ("0", _("No"))]


class EnterpriseFilterForm(forms.Form):
    """Filters of the enterprise list (and of its export)."""

    q = forms.CharField(required=False, label=_("Name or credit code"))
    category = forms.ChoiceField(
        choices=[("", _("All categories")), *Category.choices], required=False, label=_("Category")
    )
    above_scale = forms.ChoiceField(choices=YES_NO_ANY, required=False, label=_("Above scale"))
    key = forms.ChoiceField(choices=YES_NO_ANY, required=False, label=_("Key enterprise"))
    producer = forms.ChoiceField(choices=YES_NO_ANY, required=False, label=_("Epidemic supplies"))

    def filters(self) -> dict[str, str]:
        """The valid filters (an invalid value is ignored, never an error page)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}


class RosterFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            ("", _("Current staff")),
            *WorkStatus.choices,
            ("all", _("Everyone, including those who left")),
        ],
        required=False,
        label=_("Work status"),
    )
    department = forms.ChoiceField(
        choices=[("", _("All departments"))], required=False, label=_("Department")
    )

    def __init__(self, *args: Any, departments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments")), *((d, d) for d in departments)]

    def filters(self) -> dict[str, str]:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}


class LedgerDateForm(forms.Form):
    at = forms.DateField(
        required=False, label=_("Ledger as of"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def day(self) -> dt.date | None:
        return self.cleaned_data.get("at") if self.is_valid() else None


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class RegistryUploadForm(ImportUploadForm):
    node = forms.ModelChoiceField(queryset=Node.objects.none(), label=_("Register the enterprises under"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = selectors.registry_nodes(user=user)

    field_order = ["node", "file"]


class ImportCommitForm(forms.Form):
    mode = forms.ChoiceField(choices=CommitMode.choices)
