from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Direction, LaneDirection, LaneKind
from .models import Checkpoint

# A scanner types at most a pass (1,000 characters); anything longer is refused by the verifier with
# its own reason, so the form lets a little more through rather than answering with a form error.
TOKEN_FIELD_MAX = 4096


class ScanForm(forms.Form):
    token = forms.CharField(label=_("Pass code"), max_length=TOKEN_FIELD_MAX, strip=True)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, required=False)
    lane = forms.IntegerField(required=False)


class IdCheckForm(forms.Form):
    id_number = forms.CharField(label=_("Id number"), max_length=40, strip=True)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, required=False)
    lane = forms.IntegerField(required=False)


class TraceForm(forms.Form):
    """A period (local time) and optionally one checkpoint; the last 24 hours by default."""

    checkpoint = forms.ModelChoiceField(
        label=_("Checkpoint"),
        queryset=Checkpoint.objects.none(),
        required=False,
        empty_label=_("All in my scope"),
    )
    start = forms.DateTimeField(label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label=_("To"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    pseudonym = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, checkpoints=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if checkpoints is not None:
            self.fields["checkpoint"].queryset = checkpoints

    @staticmethod
    def defaults() -> dict[str, str]:
        now = timezone.localtime().replace(second=0, microsecond=0)
        fmt = "%Y-%m-%dT%H:%M"
        return {"start": (now - dt.timedelta(days=1)).strftime(fmt), "end": now.strftime(fmt)}


class CheckpointForm(forms.ModelForm):
    class Meta:
        model = Checkpoint
        fields = ["yellow", "red", "own_scope", "partners", "active"]
        widgets = {"partners": forms.CheckboxSelectMultiple}


class LaneForm(forms.Form):
    name = forms.CharField(label=_("Lane name"), max_length=40)
    kind = forms.ChoiceField(label=_("Takes"), choices=LaneKind.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=LaneDirection.choices, required=False)
