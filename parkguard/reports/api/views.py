from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet

from .. import selectors, services
from ..models import DailyReport
from .serializers import DailyReportSerializer, NodeDaySerializer, ReportSubmitSerializer

NODE_DAY = [OpenApiParameter("node", int, required=True), OpenApiParameter("date", str, required=True)]


def _plain(totals: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if not isinstance(v, bool | int | None) else v for k, v in totals.items()}


class DailyReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Daily reports in the caller's scope; ``date`` filters the list. Submit with POST ``submit``."""

    queryset = DailyReport.objects.select_related("site", "template")
    serializer_class = DailyReportSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            day = self.request.query_params.get("date")
            reports = selectors.report_list(user=self.request.user)
            return reports.filter(date=day) if day else reports
        return super().get_queryset()

    def _node(self, request):  # type: ignore[no-untyped-def]
        data = NodeDaySerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        nodes = selectors.node_get_queryset(user=request.user)
        return get_object_or_404(nodes, pk=data.validated_data["node"]), data.validated_data["date"]

    @extend_schema(request=ReportSubmitSerializer, responses={200: DailyReportSerializer})
    @action(detail=False, methods=["post"])
    def submit(self, request):  # type: ignore[no-untyped-def]
        data = ReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        site = get_object_or_404(selectors.site_get_queryset(user=request.user), pk=fields.pop("site"))
        report = services.report_submit(actor=request.user, site=site, day=fields.pop("date"), **fields)
        return Response(DailyReportSerializer(report).data, status=status.HTTP_200_OK)

    @extend_schema(parameters=NODE_DAY, responses={200: dict})
    @action(detail=False, methods=["get"])
    def completeness(self, request):  # type: ignore[no-untyped-def]
        node, day = self._node(request)
        c = selectors.completeness(node=node, day=day)
        counts = ("expected", "submitted", "on_time", "late", "missing")
        return Response(
            {
                **{name: getattr(c, name) for name in counts},
                "children": [{"name": ch.name, **{n: getattr(ch, n) for n in counts}} for ch in c.children],
                "missing_sites": [
                    {
                        "site": m.site["id"],
                        "name": m.site["name"],
                        "period": m.period,
                        "official": str(m.official or ""),
                    }
                    for m in c.missing_reports
                ],
            }
        )

    @extend_schema(parameters=NODE_DAY, responses={200: dict})
    @action(detail=False, methods=["get"])
    def rollup(self, request):  # type: ignore[no-untyped-def]
        node, day = self._node(request)
        _measures, own, children = selectors.rollup_page(node=node, day=day)
        return Response(
            {
                "node": node.pk,
                "totals": _plain(own.totals),
                "children": [
                    {"node": c.node.pk, "name": c.node.name, "totals": _plain(c.totals)} for c in children
                ],
            }
        )
