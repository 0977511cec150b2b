from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet
from parkguard.hierarchy.models import Node
from parkguard.vehicles.models import Vehicle

from .. import plans, registration, selectors, transport
from ..choices import PlanState
from ..models import IsolationSite, Returnee, ReturnPlan, TransportRun
from ..registration import FIELDS
from .serializers import (
    EntryEditSerializer,
    PlanRunSerializer,
    ReturneeSerializer,
    ReturneeWriteSerializer,
    ReturnPlanSerializer,
    RunUpdateSerializer,
    StageTemperaturesSerializer,
    TemperaturesSerializer,
    TransportRunSerializer,
)


class ReturneeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Returnees in the caller's scope, each with origin control's reasons; register and change."""

    queryset = Returnee.objects.select_related("person", "enterprise").prefetch_related("travels")
    serializer_class = ReturneeSerializer

    def _saved(self, returnee: Returnee, code: int = status.HTTP_200_OK) -> Response:
        selectors.with_blocks([returnee])
        return Response(ReturneeSerializer(returnee).data, status=code)

    def retrieve(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._saved(self.get_object())

    def list(self, request):  # type: ignore[no-untyped-def]
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.with_blocks(list(page if page is not None else self.get_queryset()))
        data = ReturneeSerializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _input(self, partial: bool = False):  # type: ignore[no-untyped-def]
        data = ReturneeWriteSerializer(data=self.request.data, partial=partial)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    @extend_schema(request=ReturneeWriteSerializer, responses={201: ReturneeSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        values = self._input()
        enterprise = get_object_or_404(
            Node.objects.visible_to(request.user), pk=values.pop("enterprise", None)
        )
        person_pk = values.pop("person", None)
        person = None
        if person_pk is not None:
            person = get_object_or_404(
                selectors.roster_people(user=request.user, enterprise=enterprise), pk=person_pk
            )
        new_person = values.pop("new_person", None)
        if new_person is not None:
            new_person = dict(new_person) | {"origin_code": values.get("origin_code", "")}
        returnee = registration.returnee_register(
            actor=request.user,
            enterprise=enterprise,
            fields={k: v for k, v in values.items() if k in FIELDS},
            person=person,
            new_person=new_person,
            travels=[dict(t) for t in values.get("travels", [])],
            certificate_scan=values.get("certificate_scan"),
        )
        return self._saved(returnee, status.HTTP_201_CREATED)

    @extend_schema(request=ReturneeWriteSerializer, responses={200: ReturneeSerializer})
    def partial_update(self, request, pk=None):  # type: ignore[no-untyped-def]
        returnee = self.get_object()
        values = self._input(partial=True)
        travels = values.get("travels")
        returnee = registration.returnee_update(
            actor=request.user,
            returnee=returnee,
            fields={k: v for k, v in values.items() if k in FIELDS},
            travels=[dict(t) for t in travels] if travels is not None else None,
            certificate_scan=values.get("certificate_scan"),
        )
        return self._saved(returnee)


class ReturnPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Return plans: run the planner for a park, move or drop an entry, approve."""

    queryset = ReturnPlan.objects.select_related("park").prefetch_related(
        "entries__returnee__person", "entries__plan", "sites"
    )
    serializer_class = ReturnPlanSerializer

    def _saved(self, plan: ReturnPlan, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(ReturnPlanSerializer(fresh).data, status=code)

    @extend_schema(
        request=PlanRunSerializer,
        responses={
            201: ReturnPlanSerializer,
            202: OpenApiResponse(ReturnPlanSerializer, description="Accepted: the plan is solving"),
        },
    )
    def create(self, request):  # type: ignore[no-untyped-def]
        data = PlanRunSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        park = get_object_or_404(Node.objects.visible_to(request.user), pk=values.pop("park"))
        site_ids = values.pop("sites")
        sites = list(
            IsolationSite.objects.visible_to(request.user).filter(pk__in=site_ids).select_related("node")
        )
        if len(sites) != len(set(site_ids)):
            raise NotFound  # a site that does not exist or is out of scope looks the same: missing
        plan = plans.plan_run(actor=request.user, park=park, sites=sites, **values)
        # The planner runs in the background: 202 with the plan still solving (poll GET /plans/{id}/),
        # or 201 with the finished plan when the job has already run (TASKS_MODE=sync).
        solving = plan.state == PlanState.SOLVING
        return self._saved(plan, status.HTTP_202_ACCEPTED if solving else status.HTTP_201_CREATED)

    @extend_schema(request=EntryEditSerializer, responses={200: ReturnPlanSerializer})
    @action(detail=True, methods=["post"], url_path="edit-entry")
    def edit_entry(self, request, pk=None):  # type: ignore[no-untyped-def]
        plan = self.get_object()
        data = EntryEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        entry = get_object_or_404(plan.entries.all(), pk=values["entry"])
        site = None
        if values["site"] is not None:
            site = get_object_or_404(IsolationSite.objects.visible_to(request.user), pk=values["site"])
        plans.plan_entry_edit(actor=request.user, entry=entry, arrival_date=values["arrival_date"], site=site)
        return self._saved(plan)

    @extend_schema(request=None, responses={200: ReturnPlanSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):  # type: ignore[no-untyped-def]
        plan = plans.plan_approve(actor=request.user, plan=self.get_object())
        return self._saved(plan)


class TransportRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Point-to-point runs of approved plans: crew and vehicle, temperatures, depart, arrive."""

    queryset = TransportRun.objects.select_related("plan__park").prefetch_related(
        "passengers__returnee__person"
    )
    serializer_class = TransportRunSerializer

    def _saved(self, run: TransportRun) -> Response:
        return Response(TransportRunSerializer(self.get_queryset().get(pk=run.pk)).data)

    @staticmethod
    def _temperatures(data: dict) -> dict[int, object]:
        return {int(k): v for k, v in data.get("temperatures", {}).items() if str(k).isdigit()}

    @extend_schema(request=RunUpdateSerializer, responses={200: TransportRunSerializer})
    def partial_update(self, request, pk=None):  # type: ignore[no-untyped-def]
        run = self.get_object()
        data = RunUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        vehicle_pk = values.pop("vehicle", None)
        vehicle = None
        if vehicle_pk is not None:
            vehicle = get_object_or_404(Vehicle.objects.visible_to(request.user), pk=vehicle_pk)
        transport.run_update(actor=request.user, run=run, vehicle=vehicle, **values)
        return self._saved(run)

    @extend_schema(request=StageTemperaturesSerializer, responses={200: TransportRunSerializer})
    @action(detail=True, methods=["post"])
    def temperatures(self, request, pk=None):  # type: ignore[no-untyped-def]
        run = self.get_object()
        data = StageTemperaturesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transport.run_record_temperatures(
            actor=request.user,
            run=run,
            stage=data.validated_data["stage"],
            temperatures=self._temperatures(data.validated_data),
        )
        return self._saved(run)

    @extend_schema(request=TemperaturesSerializer, responses={200: TransportRunSerializer})
    @action(detail=True, methods=["post"])
    def depart(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = TemperaturesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = transport.run_depart(
            actor=request.user, run=self.get_object(), temperatures=self._temperatures(data.validated_data)
        )
        return self._saved(run)

    @extend_schema(request=TemperaturesSerializer, responses={200: TransportRunSerializer})
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):  # type: ignore[no-untyped-def]
        data = TemperaturesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = transport.run_arrive(
            actor=request.user, run=self.get_object(), temperatures=self._temperatures(data.validated_data)
        )
        return self._saved(run)
