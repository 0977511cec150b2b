from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from .models import Returnee
from .registration import FIELDS

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LinesField(forms.CharField):
    """One item a line (symptoms, family members)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


REGISTRATION_FIELDS = [f for f in FIELDS if f not in ("symptoms", "family_members")] + ["certificate_scan"]
WIDGETS = {
    "certificate_date": DATE,
    "arrival_date": DATE,
    "earliest_arrival": DATE,
    "latest_arrival": DATE,
    "home_observation_until": DATE,
    "risk_notes": forms.Textarea(attrs={"rows": 2}),
    "origin_code": forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{6}"}),
}


class ReturneeForm(forms.Form):
    """A phone-sized registration: the person (of the roster or new), origin, certificate, window, risks.

    A plain form over the model's fields: the service checks them together (the window, the dates, the
    roster), with clearer messages than the database constraints would give.
    """

    person = forms.ModelChoiceField(queryset=None, required=False, label=_("Person of the roster"))
    new_name = forms.CharField(label=_("or a new person: name"), required=False, max_length=60)
    new_id_number = forms.CharField(label=_("resident id number"), required=False, max_length=18)
    new_phone = forms.CharField(label=_("mobile phone"), required=False, max_length=20)
    locals().update(fields_for_model(Returnee, fields=REGISTRATION_FIELDS, widgets=WIDGETS))
    symptoms = LinesField(label=_("symptoms (one a line)"), required=False)
    family_members = LinesField(label=_("family members returning with them (one a line)"), required=False)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is None:
            for name in ("person", "new_name", "new_id_number", "new_phone"):
                del self.fields[name]
        else:
            self.fields["person"].queryset = people

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in FIELDS if k in self.cleaned_data}

    def new_person(self) -> dict[str, str] | None:
        name = self.cleaned_data.get("new_name")
        if not name:
            return None
        return {
            "name": name,
            "id_number": self.cleaned_data.get("new_id_number", ""),
            "phone": self.cleaned_data.get("new_phone", ""),
            "origin_code": self.cleaned_data.get("origin_code", ""),
        }


class TravelForm(forms.Form):
    division_code = forms.CharField(label=_("division code"), max_length=6, required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("to"), required=False, widget=DATE)


TravelFormSet = forms.formset_factory(TravelForm, extra=3, max_num=20)


def travels_of(formset: Any) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data.get("division_code")]


class PlanRunForm(forms.Form):
    first_day = forms.DateField(label=_("first day"), widget=DATE)
    horizon_days = forms.IntegerField(label=_("days planned"), min_value=1, initial=14)
    observation_days = forms.IntegerField(label=_("observation days"), min_value=1, initial=14)
    bus_seats = forms.IntegerField(label=_("bus seats per origin and day"), min_value=0, initial=40)
    bus_quota = forms.CharField(
        label=_("bus seats by origin group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line each: city division code and seats per day, e.g. 420100 20."),
    )
    sites = forms.ModelMultipleChoiceField(
        queryset=None, label=_("usable isolation sites"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = sites

    def clean_bus_quota(self) -> dict[str, int]:
        quota: dict[str, int] = {}
        for line in (self.cleaned_data.get("bus_quota") or "").splitlines():
            parts = line.replace("=", " ").replace(":", " ").split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[1].isdigit():
                raise forms.ValidationError(_("Write each line as a division code and a number of seats."))
            quota[parts[0]] = int(parts[1])
        return quota


class EntryEditForm(forms.Form):
    arrival_date = forms.DateField(label=_("arrival date"), required=False, widget=DATE)
    site = forms.ModelChoiceField(queryset=None, label=_("site"), required=False)

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class RunForm(forms.Form):
    vehicle = forms.ModelChoiceField(queryset=None, label=_("vehicle"), required=False)
    driver_name = forms.CharField(label=_("driver"), max_length=60, required=False)
    leader_name = forms.CharField(label=_("responsible leader"), max_length=60, required=False)
    route = forms.CharField(label=_("route"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("seats"), min_value=1)
    departure_at = forms.DateTimeField(label=_("planned departure"), required=False, widget=DATETIME)
    arrival_at = forms.DateTimeField(label=_("planned arrival"), required=False, widget=DATETIME)

    def __init__(self, *args: Any, vehicles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = vehicles
