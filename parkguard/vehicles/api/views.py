"""The vehicles API: registrations in scope (CRUD), approve/suspend, and the vehicle pass."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet
from parkguard.passes import services as pass_services
from parkguard.passes.api.serializers import PassSerializer

from .. import selectors, services
from ..models import Vehicle
from .serializers import (
    VehicleDecisionSerializer,
    VehicleInputSerializer,
    VehicleSerializer,
    VehicleUpdateSerializer,
)


class VehicleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Vehicles of the companies in scope (``?status=``, ``?q=`` plate or pass number)."""

    queryset = Vehicle.objects.select_related("company", "park")
    serializer_class = VehicleSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            return selectors.vehicle_list(
                user=self.request.user,
                status=self.request.query_params.get("status", ""),
                query=self.request.query_params.get("q", "")[:20],
            )
        return super().get_queryset()

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False),
            OpenApiParameter("q", str, required=False),
        ]
    )
    def list(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return super().list(request, *args, **kwargs)

    def _company(self, request, pk):  # type: ignore[no-untyped-def]
        return get_object_or_404(selectors.company_choices(user=request.user), pk=pk)

    @extend_schema(request=VehicleInputSerializer, responses={201: VehicleSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        data = VehicleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        company = self._company(request, fields.pop("company"))
        vehicle = services.vehicle_register(actor=request.user, company=company, data=fields)
        return Response(VehicleSerializer(vehicle).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VehicleUpdateSerializer, responses={200: VehicleSerializer})
    def partial_update(self, request, pk=None):  # type: ignore[no-untyped-def]
        vehicle = self.get_object()
        data = VehicleUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "company" in fields:
            fields["company"] = self._company(request, fields["company"])
        vehicle = services.vehicle_update(actor=request.user, vehicle=vehicle, data=fields)
        return Response(VehicleSerializer(vehicle).data)

    @extend_schema(request=VehicleDecisionSerializer, responses={200: VehicleSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = VehicleDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vehicle = services.vehicle_approve(
            actor=request.user, vehicle=self.get_object(), note=data.validated_data["note"]
        )
        return Response(VehicleSerializer(vehicle).data)

    @extend_schema(request=VehicleDecisionSerializer, responses={200: VehicleSerializer})
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = VehicleDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vehicle = services.vehicle_suspend(
            actor=request.user, vehicle=self.get_object(), note=data.validated_data["note"]
        )
        return Response(VehicleSerializer(vehicle).data)

    @extend_schema(request=None, responses={201: PassSerializer})
    @action(detail=True, methods=["post"], url_path="pass")
    def issue_pass(self, request, pk=None):  # type: ignore[no-untyped-def]
        pass_ = pass_services.issue_vehicle_pass(self.get_object(), actor=request.user)
        return Response(PassSerializer(pass_).data, status=status.HTTP_201_CREATED)
