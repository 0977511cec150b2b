from rest_framework import serializers

from parkguard.hierarchy.models import Node


class NodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Node
        fields = [
            "id",
            "parent",
            "kind",
            "name",
            "division_code",
            "division_code_year",
            "depth",
            "supervising_department",
        ]
        read_only_fields = fields
