from __future__ import annotations

from rest_framework import serializers

from parkguard.hierarchy.models import Node
from parkguard.people.models import Person


class PersonSerializer(serializers.ModelSerializer):
    """A person as the API shows them: id number and phone masked, always."""

    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "id_number", "phone", "residence", "employer", "origin_code", "birth_date"]
        read_only_fields = fields


class PersonWriteSerializer(serializers.Serializer):
    """Input for creating or changing a person; validation of the values is the service's."""

    name = serializers.CharField(max_length=60)
    id_number = serializers.CharField(max_length=40, write_only=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, write_only=True)
    residence = serializers.PrimaryKeyRelatedField(
        queryset=Node.objects.none(), required=False, allow_null=True
    )
    employer = serializers.PrimaryKeyRelatedField(
        queryset=Node.objects.none(), required=False, allow_null=True
    )
    origin_code = serializers.CharField(max_length=12, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Nodes outside the caller's scope look like nodes that do not exist.
        request = self.context.get("request")
        if request is not None:
            for name in ("residence", "employer"):
                self.fields[name].queryset = Node.objects.visible_to(request.user)


class RevealSerializer(serializers.Serializer):
    id_number = serializers.CharField()
    phone = serializers.CharField()


class SearchSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=40)
