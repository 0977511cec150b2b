from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.models import Membership, User
from parkguard.accounts.roles import Role
from parkguard.health.choices import Symptom
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person
from parkguard.people.services import id_number_index

from . import isolation
from .models import IsolationSite, IsolationStay, Returnee, Room, Slot, TestResult
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


# --- central isolation -----------------------------------------------------------------------------------------


class CheckInForm(forms.Form):
    returnee = forms.ModelChoiceField(label=_("Returnee"), queryset=Returnee.objects.none(), required=False)
    id_number = forms.CharField(label=_("Or the id number of another person"), max_length=18, required=False)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    on = forms.DateField(
        label=_("Check-in date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, user: Any, site: IsolationSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_isolation = IsolationStay.objects.filter(released_on__isnull=True).values(
            "person_id"
        )  # scope: ids only, to leave out
        self.fields["returnee"].queryset = (
            Returnee.objects.visible_to(user)
            .filter(enterprise__path__startswith=site.node.park_path or site.node.path)
            .exclude(person_id__in=in_isolation)
            .select_related("person", "enterprise")
        )
        self.fields["returnee"].label_from_instance = lambda r: f"{r.person.name} · {r.enterprise.name}"
        self.fields["room"].queryset = Room.objects.visible_to(user).filter(site=site)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number = (data.get("id_number") or "").strip().upper()
        if not data.get("returnee") and not number:
            raise ValidationError(gettext("Choose a returnee or enter an id number."), code="no_person")
        data["person"] = None
        if number and not data.get("returnee"):
            person = (
                Person.objects.visible_to(self.user).filter(id_number_index=id_number_index(number)).first()
            )
            if person is None:
                self.add_error("id_number", gettext("No person with this id number in your scope."))
            data["person"] = person
        return data


class ObservationForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    slot = forms.ChoiceField(label=_("Time of day"), choices=Slot.choices)
    temperature = forms.CharField(
        label=_("Temperature (°C)"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "36.5"}),
    )
    symptoms = forms.MultipleChoiceField(
        label=_("Symptoms"),
        choices=Symptom.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    test_result = forms.ChoiceField(label=_("Test result"), choices=TestResult.choices, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    correction_reason = forms.CharField(label=_("Reason for a correction"), max_length=500, required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=isolation.MAX_EXTENSION_DAYS)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for an early release"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SiteSetupForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Isolation site"), queryset=Node.objects.none())
    capacity = forms.IntegerField(label=_("Beds"), min_value=1)
    observation_days = forms.IntegerField(label=_("Observation days"), min_value=1, initial=14)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = Node.objects.visible_to(user).filter(
            kind=NodeKind.ISOLATION_SITE, isolation__isnull=True
        )


class SiteSettingsForm(forms.Form):
    capacity = forms.IntegerField(label=_("Beds"), min_value=1)
    observation_days = forms.IntegerField(label=_("Observation days"), min_value=1)
    officer = forms.ModelChoiceField(label=_("Site officer"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, site: IsolationSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        holders = (
            Membership.objects.visible_to(user)
            .filter(node__path__startswith=site.node.park_path or site.node.path)
            .exclude(role=Role.RESIDENT)
            .values("user_id")
        )
        # scope: users holding a role the actor sees (memberships read through visible_to)
        self.fields["officer"].queryset = User.objects.filter(pk__in=holders, is_active=True).order_by(
            "username"
        )


class RoomForm(forms.Form):
    number = forms.CharField(label=_("Room"), max_length=20)
    beds = forms.IntegerField(label=_("Beds"), min_value=1, initial=1)
