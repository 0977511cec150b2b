"""The central isolation API (issue #7): sites with occupancy, stays (check-in, observations, extension,
release, the release certificate) and alerts.

The same services as the pages (``isolation.py``) and the same scope: every read goes through
``visible_to(user)`` (out of scope is 404), a role that sees a site but may not run it gets 403, and bad
input gets 400 with the service's message in zh-hans (English with ``Accept-Language: en``).
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet
from parkguard.core.errors import ServiceError
from parkguard.health import clock
from parkguard.people.models import Person

from .. import isolation
from ..certificate import certificate_pdf
from ..models import IsolationAlert, IsolationSite, IsolationStay, Returnee, Room, TransportRun
from ..occupancy import occupancy, occupied_beds
from .isolation_serializers import (
    CheckInSerializer,
    ExtendSerializer,
    IsolationAlertSerializer,
    IsolationSiteSerializer,
    IsolationStayDetailSerializer,
    IsolationStaySerializer,
    ObserveSerializer,
    OccupancyQuerySerializer,
    OccupancySerializer,
    ReleaseSerializer,
    RunCheckInSerializer,
)


def _query(serializer_class: type[serializers.Serializer], request: Any) -> dict[str, Any]:
    """A list's query parameters, checked like a body (400 by parameter)."""
    data = serializer_class(data=request.query_params.dict())
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class SiteFilterSerializer(serializers.Serializer):
    site = serializers.IntegerField(required=False)
    open = serializers.BooleanField(required=False, allow_null=True, default=None)


class AlertFilterSerializer(SiteFilterSerializer):
    kind = serializers.CharField(required=False, help_text="fever | positive_test | overdue")


SITE_FILTERS = [
    OpenApiParameter("site", int, description="Only this isolation site."),
    OpenApiParameter(
        "open", bool, description="true: not released (alerts: not handled); false: the others."
    ),
]


# --- sites -----------------------------------------------------------------------------------------


class IsolationSiteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Isolation sites in the caller's scope with their beds, rooms and people in isolation today."""

    queryset = IsolationSite.objects.select_related("node")
    serializer_class = IsolationSiteSerializer

    def _context(self, sites: list[IsolationSite]) -> dict[str, Any]:
        taken = occupied_beds(sites=sites, first_day=clock.today(), horizon_days=1, today=clock.today())
        rooms: dict[int, list[Room]] = {}
        for room in (
            Room.objects.visible_to(self.request.user)
            .filter(site__in=sites)
            .annotate(taken=Count("stays", filter=Q(stays__released_on__isnull=True)))
            .order_by("site_id", "number")
        ):
            rooms.setdefault(room.site_id, []).append(room)
        return {"occupied": {pk: days[0] for pk, days in taken.items()}, "rooms": rooms}

    def list(self, request):  # type: ignore[no-untyped-def]
        page = self.paginate_queryset(self.get_queryset())
        sites = list(page if page is not None else self.get_queryset())
        data = IsolationSiteSerializer(sites, many=True, context=self._context(sites)).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, pk=None):  # type: ignore[no-untyped-def]
        site = self.get_object()
        return Response(IsolationSiteSerializer(site, context=self._context([site])).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day; today by default."),
            OpenApiParameter("days", int, description="1–60 days; 14 by default."),
        ],
        responses={200: OccupancySerializer},
    )
    @action(detail=False, methods=["get"])
    def occupancy(self, request):  # type: ignore[no-untyped-def]
        """Beds taken and free on each day, per site in scope and in total."""
        raw = request.query_params.dict()
        if "from" in raw:
            raw["start"] = raw.pop("from")
        query = OccupancyQuerySerializer(data=raw)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        table = occupancy(
            sites=list(self.get_queryset()),
            first_day=values.get("start") or clock.today(),
            days=values["days"],
            today=clock.today(),
        )
        return Response(
            {
                "days": table.days,
                "sites": [
                    {
                        "site": s.site.pk,
                        "name": s.site.node.name,
                        "capacity": s.capacity,
                        "taken": s.taken,
                        "free": s.free,
                    }
                    for s in table.sites
                ],
                "total": {"capacity": table.capacity, "taken": table.taken, "free": table.free},
            }
        )


# --- stays -----------------------------------------------------------------------------------------


class PDFRenderer(BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; errors still go out as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return data if isinstance(data, bytes) else json.dumps(data, default=str).encode()


class IsolationStayViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Stays in the caller's scope: check in (one person, or an arrived bus), observe twice a day, extend,
    release (early only by the command or the medical team, with a reason), the release certificate."""

    queryset = IsolationStay.objects.select_related("site__node", "room", "person")
    serializer_class = IsolationStaySerializer

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return IsolationStayDetailSerializer if self.action == "retrieve" else IsolationStaySerializer

    def _detail(self, stay: IsolationStay, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            self.get_queryset()
            .prefetch_related("observations", "extensions", "alerts__stay__person", "alerts__stay__room")
            .get(pk=stay.pk)
        )
        overdue = [(day, slot) for _s, day, slot in isolation.overdue_slots([fresh], now=clock.now())]
        return Response(IsolationStayDetailSerializer(fresh, context={"overdue": overdue}).data, status=code)

    @extend_schema(parameters=SITE_FILTERS)
    def list(self, request):  # type: ignore[no-untyped-def]
        where = _query(SiteFilterSerializer, request)
        stays = self.get_queryset().order_by("site", "-check_in_date", "id")
        if "site" in where:
            stays = stays.filter(site_id=where["site"])
        if where.get("open") is not None:
            stays = stays.filter(released_on__isnull=where["open"])
        page = self.paginate_queryset(stays)
        return self.get_paginated_response(IsolationStaySerializer(page, many=True).data)

    def retrieve(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._detail(self.get_object())

    @extend_schema(request=CheckInSerializer, responses={201: IsolationStayDetailSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        """Check a returnee (or another person) in at a site, in a room."""
        data = CheckInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        site = get_object_or_404(
            IsolationSite.objects.visible_to(user).select_related("node"), pk=values["site"]
        )
        room = returnee = person = None
        if values["room"] is not None:
            room = get_object_or_404(Room.objects.visible_to(user), pk=values["room"])
        if values["returnee"] is not None:
            returnee = get_object_or_404(
                Returnee.objects.visible_to(user).select_related("person"), pk=values["returnee"]
            )
        if values["person"] is not None:
            person = get_object_or_404(Person.objects.visible_to(user), pk=values["person"])
        stay = isolation.stay_check_in(
            actor=user, site=site, room=room, person=person, returnee=returnee, on=values["on"]
        )
        return self._detail(stay, status.HTTP_201_CREATED)

    @extend_schema(request=RunCheckInSerializer, responses={201: IsolationStaySerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="run-check-in")
    def run_check_in(self, request):  # type: ignore[no-untyped-def]
        """Check in, all or none, the waiting passengers of an arrived point-to-point bus."""
        data = RunCheckInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run = get_object_or_404(TransportRun.objects.visible_to(request.user), pk=values["run"])
        site = None
        if values["site"] is not None:
            site = get_object_or_404(IsolationSite.objects.visible_to(request.user), pk=values["site"])
        stays = isolation.run_check_in(actor=request.user, run=run, site=site)
        fresh = self.get_queryset().filter(pk__in=[s.pk for s in stays]).order_by("id")
        return Response(IsolationStaySerializer(fresh, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ObserveSerializer, responses={200: IsolationStayDetailSerializer})
    @action(detail=True, methods=["post"])
    def observe(self, request, pk=None):  # type: ignore[no-untyped-def]
        """The morning or evening observation; a slot entered already needs a correction reason."""
        stay = self.get_object()
        data = ObserveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        isolation.observation_record(actor=request.user, stay=stay, **data.validated_data)
        return self._detail(stay)

    @extend_schema(request=ExtendSerializer, responses={200: IsolationStayDetailSerializer})
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):  # type: ignore[no-untyped-def]
        stay = self.get_object()
        data = ExtendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        isolation.stay_extend(actor=request.user, stay=stay, **data.validated_data)
        return self._detail(stay)

    @extend_schema(request=ReleaseSerializer, responses={200: IsolationStayDetailSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):  # type: ignore[no-untyped-def]
        stay = self.get_object()
        data = ReleaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        isolation.stay_release(actor=request.user, stay=stay, **data.validated_data)
        return self._detail(stay)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def certificate(self, request, pk=None):  # type: ignore[no-untyped-def]
        """The release certificate (解除隔离证明) as a PDF, once released."""
        stay = self.get_object()
        if stay.is_open:
            raise ServiceError(
                _("%(name)s is still in isolation: the release certificate comes with the release."),
                code="not_released",
                params={"name": stay.person.name_masked},
            )
        response = HttpResponse(certificate_pdf(stay), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="release-{stay.certificate_number}.pdf"'
        return response


# --- alerts ----------------------------------------------------------------------------------------


class IsolationAlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Fever, positive-test and overdue-observation alerts of the stays in the caller's scope."""

    queryset = IsolationAlert.objects.select_related("stay__person", "stay__room")
    serializer_class = IsolationAlertSerializer

    @extend_schema(
        parameters=[
            *SITE_FILTERS,
            OpenApiParameter("kind", str, description="fever | positive_test | overdue"),
        ]
    )
    def list(self, request):  # type: ignore[no-untyped-def]
        where = _query(AlertFilterSerializer, request)
        alerts = self.get_queryset()
        if "site" in where:
            alerts = alerts.filter(stay__site_id=where["site"])
        if where.get("open") is not None:
            alerts = alerts.filter(resolved_at__isnull=where["open"])
        if where.get("kind"):
            alerts = alerts.filter(kind=where["kind"])
        page = self.paginate_queryset(alerts)
        return self.get_paginated_response(IsolationAlertSerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: IsolationAlertSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):  # type: ignore[no-untyped-def]
        """Mark the alert handled (the site's officer or the command has acted on it)."""
        alert = isolation.alert_resolve(actor=request.user, alert=self.get_object())
        return Response(IsolationAlertSerializer(self.get_queryset().get(pk=alert.pk)).data)
