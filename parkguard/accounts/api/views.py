from __future__ import annotations

from rest_framework import mixins, status
from rest_framework.response import Response

from parkguard.accounts import services
from parkguard.accounts.models import Membership
from parkguard.core.api import ScopedGenericViewSet

from .serializers import MembershipSerializer


class MembershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ScopedGenericViewSet
):
    """Roles held on nodes in the caller's scope. Granting checks the granter's own scope."""

    queryset = Membership.objects.select_related("user", "node")
    serializer_class = MembershipSerializer

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_grant(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_revoke(actor=self.request.user, membership=instance)
