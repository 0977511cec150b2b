from __future__ import annotations

from rest_framework import serializers

from parkguard.accounts.models import Membership, User
from parkguard.accounts.roles import Role
from parkguard.hierarchy.models import Node


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),  # scope: any active user may receive a role
    )
    node = serializers.PrimaryKeyRelatedField(queryset=Node.objects.none())  # set per request below
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "user", "node", "role", "created_at"]
        read_only_fields = ["id", "created_at"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["node"].queryset = Node.objects.visible_to(request.user)
