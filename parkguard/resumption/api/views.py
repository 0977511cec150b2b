from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet

from .. import selectors, services, workflow
from ..models import Application
from ..validation import FIELDS
from .serializers import (
    ApplicationSerializer,
    ApplicationWriteSerializer,
    ResumptionDecisionSerializer,
    ResumptionInspectionSerializer,
    ResumptionTransitionSerializer,
)


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Resumption applications in the caller's scope: create and change drafts, take each step."""

    queryset = Application.objects.select_related("enterprise__node__supervising_department")
    serializer_class = ApplicationSerializer

    def _saved(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        data = ApplicationSerializer(application).data
        data["allowed_actions"] = workflow.allowed_actions(self.request.user, application)
        return Response(data, status=code)

    def _input(self, partial: bool = False):  # type: ignore[no-untyped-def]
        data = ApplicationWriteSerializer(data=self.request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        files = {name: values.pop(name, None) for name in ("plan_document", "commitment_letter")}
        return values, files

    @extend_schema(request=ApplicationWriteSerializer, responses={201: ApplicationSerializer})
    def create(self, request):  # type: ignore[no-untyped-def]
        values, files = self._input()
        enterprises = selectors.enterprise_get_queryset(user=request.user)
        enterprise = get_object_or_404(enterprises, pk=values.pop("enterprise", None))
        application = services.application_create(
            actor=request.user, enterprise=enterprise, fields=values, files=files
        )
        return self._saved(application, status.HTTP_201_CREATED)

    @extend_schema(request=ApplicationWriteSerializer, responses={200: ApplicationSerializer})
    def partial_update(self, request, pk=None):  # type: ignore[no-untyped-def]
        application = self.get_object()
        values, files = self._input(partial=True)
        values.pop("enterprise", None)
        fields = {k: v for k, v in values.items() if k in FIELDS}
        application = services.application_update(
            actor=request.user, application=application, fields=fields, files=files
        )
        return self._saved(application)

    @extend_schema(request=ResumptionDecisionSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):  # type: ignore[no-untyped-def]
        application = self.get_object()
        data = ResumptionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        step = values.pop("action")
        if step == "submit":
            application = services.application_submit(
                actor=request.user, application=application, expected_state=values["expected_state"]
            )
        else:
            application = services.application_decide(
                actor=request.user, application=application, action=step, **values
            )
        return self._saved(application)

    @extend_schema(request=ResumptionInspectionSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def inspect(self, request, pk=None):  # type: ignore[no-untyped-def]
        application = self.get_object()
        data = ResumptionInspectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_inspect(
            actor=request.user,
            application=application,
            photos=request.FILES.getlist("photos"),
            **data.validated_data,
        )
        application.refresh_from_db()
        return self._saved(application)

    @extend_schema(responses={200: ResumptionTransitionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):  # type: ignore[no-untyped-def]
        application = self.get_object()
        return Response(
            ResumptionTransitionSerializer(selectors.transitions_of(application=application), many=True).data
        )
