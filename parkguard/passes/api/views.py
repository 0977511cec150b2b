"""The passes API: my pass, passes in scope, revocation, issuers (public exports), partners (imports)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet

from .. import selectors, services
from ..models import Issuer, Partner, Pass
from .serializers import (
    ImportSerializer,
    IssuerSerializer,
    PartnerSerializer,
    PassSerializer,
    RevokeSerializer,
)


class PassViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Passes in the caller's scope (``?kind=person|vehicle``, ``?valid=1``); ``mine`` is the caller's own."""

    queryset = Pass.objects.select_related("issuer", "key")
    serializer_class = PassSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        rows = super().get_queryset()
        kind = self.request.query_params.get("kind")
        if kind in {"person", "vehicle"}:
            rows = rows.filter(kind=kind)
        if self.request.query_params.get("valid") == "1":
            rows = rows.valid_at(timezone.now())
        return rows

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, required=False, enum=["person", "vehicle"]),
            OpenApiParameter("valid", str, required=False),
        ]
    )
    def list(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: PassSerializer})
    @action(detail=False, methods=["get"])
    def mine(self, request):  # type: ignore[no-untyped-def]
        """The caller's valid pass, issued now when they hold none that matches their colour."""
        person = selectors.own_person(request.user)
        if person is None:
            raise NotFound("Your login is not linked to a person record. / 您的账号未关联人员信息。")
        pass_ = services.person_pass_get_or_issue(person, actor=request.user)
        return Response(PassSerializer(pass_).data)

    @extend_schema(request=RevokeSerializer, responses={200: PassSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pass_ = services.revoke_pass(
            self.get_object(), actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(PassSerializer(pass_).data)


class IssuerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Our issuers in scope and their keys; ``trust-list`` and ``revocations`` are public (no login)."""

    queryset = Issuer.objects.select_related("park").prefetch_related("keys")
    serializer_class = IssuerSerializer
    lookup_field = "issuer_id"
    lookup_value_regex = "[^/]+"

    def _public(self, issuer_id: str) -> Issuer:
        issuer = selectors.public_issuer(issuer_id)
        if issuer is None:
            raise NotFound()
        return issuer

    @extend_schema(request=None, responses={(200, "application/json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="trust-list", permission_classes=[AllowAny])
    def trust_list(self, request, issuer_id=None):  # type: ignore[no-untyped-def]
        body = services.export_trust_list(self._public(issuer_id))
        return HttpResponse(body, content_type="application/json; charset=utf-8")

    @extend_schema(request=None, responses={(200, "application/json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], permission_classes=[AllowAny])
    def revocations(self, request, issuer_id=None):  # type: ignore[no-untyped-def]
        body = services.export_revocations(self._public(issuer_id))
        return HttpResponse(body, content_type="application/json; charset=utf-8")


class PartnerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Partners of the parks in scope; POST adds one; ``trust-list``/``revocations`` import their files."""

    queryset = Partner.objects.select_related("park").prefetch_related("keys")
    serializer_class = PartnerSerializer

    @extend_schema(request=PartnerSerializer, responses={201: PartnerSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        data = PartnerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        park = get_object_or_404(selectors.managed_parks(user=request.user), pk=fields["park"].pk)
        partner = services.partner_create(
            actor=request.user, park=park, name=fields["name"], issuer_id=fields["issuer_id"]
        )
        return Response(PartnerSerializer(partner).data, status=status.HTTP_201_CREATED)

    def _import(self, request, service):  # type: ignore[no-untyped-def]
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = self.get_object()
        service(data.text(), partner=partner, actor=request.user)
        partner.refresh_from_db()
        return Response(PartnerSerializer(partner).data)

    @extend_schema(request=ImportSerializer, responses={200: PartnerSerializer})
    @action(detail=True, methods=["post"], url_path="trust-list")
    def trust_list(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._import(request, services.import_trust_list)

    @extend_schema(request=ImportSerializer, responses={200: PartnerSerializer})
    @action(detail=True, methods=["post"])
    def revocations(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._import(request, services.import_revocations)
