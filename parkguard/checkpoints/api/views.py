from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from .. import selectors, services
from ..models import Checkpoint
from .serializers import (
    CheckpointSerializer,
    IdCheckInputSerializer,
    ScanEventSerializer,
    ScanInputSerializer,
    ScanResultSerializer,
    TraceQuerySerializer,
)


class CheckpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Checkpoints in the caller's scope and the gates they guard."""

    serializer_class = CheckpointSerializer
    queryset = Checkpoint.objects.none()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.checkpoint_list(user=self.request.user).prefetch_related("lanes")


def _lane(checkpoint: Checkpoint, lane_id: int | None):  # type: ignore[no-untyped-def]
    return get_object_or_404(checkpoint.lanes.all(), pk=lane_id) if lane_id else None


class ScanViewSet(GenericViewSet):
    """Scan a pass at a gate (POST), check a person by id number, and query the scan log (tracing)."""

    serializer_class = ScanResultSerializer
    queryset = Checkpoint.objects.none()

    def _checkpoint(self, pk: int) -> Checkpoint:
        return get_object_or_404(selectors.checkpoint_scan_list(user=self.request.user), pk=pk)

    @extend_schema(request=ScanInputSerializer, responses={200: ScanResultSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        data = ScanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        checkpoint = self._checkpoint(fields["checkpoint"])
        result = services.scan(
            checkpoint,
            fields["token"],
            guard=request.user,
            direction=fields["direction"],
            lane=_lane(checkpoint, fields["lane"]),
        )
        return Response(ScanResultSerializer(result).data, status=status.HTTP_200_OK)

    @extend_schema(request=IdCheckInputSerializer, responses={200: ScanResultSerializer})
    @action(detail=False, methods=["post"], url_path="id-check")
    def id_check(self, request):  # type: ignore[no-untyped-def]
        data = IdCheckInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        checkpoint = self._checkpoint(fields["checkpoint"])
        result = services.check_by_id_number(
            checkpoint,
            fields["id_number"],
            guard=request.user,
            direction=fields["direction"],
            lane=_lane(checkpoint, fields["lane"]),
        )
        return Response(ScanResultSerializer(result).data, status=status.HTTP_200_OK)

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True),
            OpenApiParameter("end", str, required=True),
            OpenApiParameter("checkpoint", int),
            OpenApiParameter("pseudonym", str),
        ],
        responses={200: ScanEventSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def trace(self, request):  # type: ignore[no-untyped-def]
        """Who passed a checkpoint (or any in scope) between two times; audited, names masked."""
        if not selectors.can_trace(request.user):
            raise PermissionDenied
        data = TraceQuerySerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        checkpoint = None
        if fields["checkpoint"]:
            checkpoint = get_object_or_404(
                selectors.tracing_checkpoints(user=request.user), pk=fields["checkpoint"]
            )
        trace = services.trace_contacts(
            actor=request.user,
            start=fields["start"],
            end=fields["end"],
            checkpoint=checkpoint,
            pseudonym=fields["pseudonym"],
        )
        return Response(ScanEventSerializer(trace.scans, many=True).data)
