from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet

from .. import selectors, services
from ..models import Employment, Enterprise, ImportJob
from .serializers import (
    EmploymentSerializer,
    EmploymentWriteSerializer,
    EnterpriseSerializer,
    EnterpriseUpdateSerializer,
    EnterpriseWriteSerializer,
    ImportCommitSerializer,
    ImportJobSerializer,
    ImportUploadSerializer,
)

_BOOL = {"true": "1", "1": "1", "false": "0", "0": "0"}


class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Enterprises in the caller's scope.

    Filters: ``category``, ``above_scale``, ``key``, ``producer`` (true / false) and ``q`` (name or code).
    """

    queryset = Enterprise.objects.select_related("node")
    serializer_class = EnterpriseSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            params = self.request.query_params
            return selectors.enterprise_list(
                user=self.request.user,
                category=params.get("category", ""),
                above_scale=_BOOL.get(params.get("above_scale", "").lower(), ""),
                key=_BOOL.get(params.get("key", "").lower(), ""),
                producer=_BOOL.get(params.get("producer", "").lower(), ""),
                q=params.get("q", ""),
            )
        return super().get_queryset()

    @extend_schema(request=EnterpriseWriteSerializer, responses={201: EnterpriseSerializer})
    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        data = EnterpriseWriteSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        enterprise = services.enterprise_create(actor=request.user, **data.validated_data)
        return Response(EnterpriseSerializer(enterprise).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EnterpriseUpdateSerializer, responses={200: EnterpriseSerializer})
    def partial_update(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        enterprise = self.get_object()
        data = EnterpriseUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        enterprise = services.enterprise_update(
            actor=request.user, enterprise=enterprise, **data.validated_data
        )
        return Response(EnterpriseSerializer(enterprise).data)


class EmploymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Roster lines in the caller's scope, masked.

    Filters: ``enterprise`` and ``status`` (a work status, or ``all`` to include those who left).
    """

    queryset = Employment.objects.select_related("person", "enterprise__node")
    serializer_class = EmploymentSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            params = self.request.query_params
            enterprise = params.get("enterprise", "")
            rows = selectors.roster_list(user=self.request.user, status=params.get("status", ""))
            return rows.filter(enterprise_id=enterprise) if enterprise.isdigit() else rows
        return super().get_queryset()

    @extend_schema(request=EmploymentWriteSerializer, responses={200: EmploymentSerializer})
    def partial_update(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        employment = self.get_object()
        data = EmploymentWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        employment = services.employment_update(
            actor=request.user, employment=employment, **data.validated_data
        )
        return Response(EmploymentSerializer(employment).data)


class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Imports: upload a workbook (multipart) to start one, poll ``status_url``, then commit."""

    queryset = ImportJob.objects.select_related("node", "enterprise")
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=ImportUploadSerializer, responses={201: ImportJobSerializer})
    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        data = ImportUploadSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        job = services.import_start(actor=request.user, **data.validated_data)
        job.refresh_from_db()
        body = ImportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["status_url"]})

    @extend_schema(request=ImportCommitSerializer, responses={202: ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):  # type: ignore[no-untyped-def]
        job = self.get_object()
        data = ImportCommitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.import_commit(actor=request.user, job=job, mode=data.validated_data["mode"])
        job.refresh_from_db()
        return Response(
            ImportJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )
