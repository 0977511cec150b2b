from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.models import Membership, User
from parkguard.accounts.roles import Role

from .models import Department, Node


class AssignmentForm(forms.Form):
    """Who answers for an enterprise (包保), who serves it, and which department supervises it."""

    responsible = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Responsible official (包保)")
    )
    commissioner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Service commissioner")
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, label=_("Supervising department")
    )

    def __init__(self, *args: Any, node: Node, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        park_path = node.park_path or node.path
        # Candidates: officials holding a role somewhere in the same park, as far as the editor can see.
        officials = (
            Membership.objects.visible_to(user)
            .filter(node__path__startswith=park_path)
            .exclude(role=Role.RESIDENT)
            .values("user_id")
        )
        users = User.objects.filter(pk__in=officials, is_active=True).order_by("display_name", "username")
        self.fields["responsible"].queryset = users
        self.fields["commissioner"].queryset = users
        self.fields["department"].queryset = Department.objects.visible_to(user).filter(park__path=park_path)
