from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parkguard.hierarchy.models import Node

from .choices import VehicleType
from .plates import validate_plate


class VehicleForm(forms.Form):
    """The registration form; every rule is checked again by the service."""

    plate = forms.CharField(
        label=_("Plate"), max_length=20, help_text=_("e.g. 蒙K·D12345 (new energy) or 蒙K·12345")
    )
    vehicle_type = forms.ChoiceField(label=_("Vehicle type"), choices=VehicleType.choices)
    company = forms.ModelChoiceField(label=_("Owner company"), queryset=Node.objects.none())
    driver_name = forms.CharField(label=_("Driver"), max_length=60)
    driver_phone = forms.CharField(label=_("Driver's phone"), max_length=20)
    cargo = forms.CharField(label=_("Cargo"), max_length=120, required=False)
    route = forms.CharField(label=_("Route"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, companies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields["company"].queryset = companies

    def clean_plate(self) -> str:
        return validate_plate(self.cleaned_data["plate"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and start > end:
            self.add_error("valid_to", _("The end date is before the start date."))
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
