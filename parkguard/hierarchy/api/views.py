from __future__ import annotations

from rest_framework import mixins

from parkguard.core.api import ScopedGenericViewSet
from parkguard.hierarchy.models import Node

from .serializers import NodeSerializer


class NodeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Nodes of the grid hierarchy in the caller's scope. ``?parent=`` and ``?kind=`` filter."""

    queryset = Node.objects.order_by("path")
    serializer_class = NodeSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        nodes = super().get_queryset()
        params = self.request.query_params
        if params.get("parent", "").isdigit():
            nodes = nodes.filter(parent_id=params["parent"])
        if params.get("kind"):
            nodes = nodes.filter(kind=params["kind"])
        return nodes
