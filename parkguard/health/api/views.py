"""The health API: declarations, risk areas, rule sets, colour statuses and manual changes, scoped."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet
from parkguard.people.models import Person

from .. import selectors, services
from ..models import Declaration, ManualChange, RiskArea, RuleSet
from ..status import current_status
from .serializers import (
    ColourStatusSerializer,
    DecisionSerializer,
    DeclarationInputSerializer,
    DeclarationSerializer,
    ManualChangeInputSerializer,
    ManualChangeSerializer,
    RiskAreaInputSerializer,
    RiskAreaSerializer,
    RuleSetSerializer,
)


class DeclarationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Health declarations in the caller's scope (``?date=`` filters); POST declares today for oneself."""

    queryset = Declaration.objects.select_related("person").prefetch_related("travels")
    serializer_class = DeclarationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        rows = super().get_queryset()
        day = self.request.query_params.get("date")
        return rows.filter(date=day) if day and self.action == "list" else rows

    @extend_schema(
        parameters=[OpenApiParameter("date", str, required=False)],
    )
    def list(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DeclarationInputSerializer, responses={201: DeclarationSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        data = DeclarationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declaration = services.declaration_submit(actor=request.user, data=data.validated_data)
        return Response(DeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED)


class RiskAreaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Risk areas of the parks in scope; the command adds (POST) and ends (POST ``end``) them."""

    queryset = RiskArea.objects.select_related("park")
    serializer_class = RiskAreaSerializer

    @extend_schema(request=RiskAreaInputSerializer, responses={201: RiskAreaSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        data = RiskAreaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        park = get_object_or_404(selectors.parks(user=request.user), pk=fields.pop("park"))
        area = services.risk_area_create(actor=request.user, park=park, data=fields)
        return Response(RiskAreaSerializer(area).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RiskAreaSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):  # type: ignore[no-untyped-def]
        area = services.risk_area_end(actor=request.user, area=self.get_object())
        return Response(RiskAreaSerializer(area).data)


class RuleSetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Every version of the colour rules of the parks in scope, newest first."""

    queryset = RuleSet.objects.prefetch_related("rules")
    serializer_class = RuleSetSerializer


class ColourStatusViewSet(ScopedGenericViewSet):
    """The colour of a person in scope (by person id), with its reasons; residents see only their own."""

    queryset = Person.objects.select_related("residence", "employer")
    serializer_class = ColourStatusSerializer

    def retrieve(self, request, pk=None):  # type: ignore[no-untyped-def]
        person = self.get_object()
        s = current_status(person)
        payload = {
            "person": person.pk,
            "colour": s.colour,
            "reasons": [{"code": r.code, "message": r.message} for r in s.reasons],
            "ruleset_version": s.ruleset_version,
            "manual": s.manual,
            "evaluated_at": s.evaluated_at,
        }
        return Response(ColourStatusSerializer(payload).data)


class ManualChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Manual colour changes in scope. POST requests one; ``approve``/``refuse`` by a second official."""

    queryset = ManualChange.objects.select_related("person")
    serializer_class = ManualChangeSerializer

    @extend_schema(request=ManualChangeInputSerializer, responses={201: ManualChangeSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        data = ManualChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = get_object_or_404(selectors.person_queryset(user=request.user), pk=fields.pop("person"))
        change = services.manual_change_request(actor=request.user, person=person, **fields)
        return Response(ManualChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, service):  # type: ignore[no-untyped-def]
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = service(actor=request.user, change=self.get_object(), note=data.validated_data["note"])
        return Response(ManualChangeSerializer(change).data)

    @extend_schema(request=DecisionSerializer, responses={200: ManualChangeSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._decide(request, services.manual_change_approve)

    @extend_schema(request=DecisionSerializer, responses={200: ManualChangeSerializer})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._decide(request, services.manual_change_refuse)

    @extend_schema(request=None, responses={200: ManualChangeSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):  # type: ignore[no-untyped-def]
        change = services.manual_change_revoke(actor=request.user, change=self.get_object())
        return Response(ManualChangeSerializer(change).data)
