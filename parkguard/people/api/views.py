from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from parkguard.core.api import ScopedGenericViewSet
from parkguard.people import selectors, services
from parkguard.people.models import Person

from .serializers import PersonSerializer, PersonWriteSerializer, RevealSerializer, SearchSerializer


class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """People in the caller's scope, masked. ``?q=`` searches a name or an exact id number."""

    queryset = Person.objects.with_nodes()
    serializer_class = PersonSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            return selectors.person_list(user=self.request.user, query=self.request.query_params.get("q", ""))
        return super().get_queryset()

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        data = PersonWriteSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        result = services.person_create(actor=request.user, **data.validated_data)
        body = PersonSerializer(result.person).data
        body["warnings"] = result.warnings
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonWriteSerializer, responses={200: PersonSerializer})
    def partial_update(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        person = self.get_object()
        data = PersonWriteSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        result = services.person_update(actor=request.user, person=person, **data.validated_data)
        return Response(PersonSerializer(result.person).data)

    @extend_schema(request=SearchSerializer, responses={200: PersonSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def search(self, request):  # type: ignore[no-untyped-def]
        """Find a person by full id number, sent in the body so that it stays out of URLs and logs."""
        data = SearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = selectors.id_number_search_key(data.validated_data["id_number"])
        people = selectors.person_list(user=request.user, id_index=key) if key else Person.objects.none()
        return Response(PersonSerializer(people[:10], many=True).data)

    @extend_schema(request=None, responses={200: RevealSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):  # type: ignore[no-untyped-def]
        """Full id number and phone; needs the reveal permission and writes an audit event."""
        person = self.get_object()
        revealed = services.person_reveal(
            actor=request.user, person=person, reason=request.data.get("reason", "")
        )
        response = Response(revealed)
        response["Cache-Control"] = "no-store"
        return response
