from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from parkguard.hierarchy.models import Node

from .. import selectors
from ..choices import Category, CommitMode, ImportKind, WorkStatus
from ..models import Employment, Enterprise, ImportJob
from ..services import EMPLOYMENT_FIELDS, ENTERPRISE_FIELDS


class EnterpriseSerializer(serializers.ModelSerializer):
    """An enterprise as the API shows it: the contact's phone masked, always."""

    name = serializers.CharField(source="node.name", read_only=True)
    contact_phone = serializers.CharField(source="contact_phone_masked", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "node",
            "name",
            "uscc",
            "category",
            *(f for f in ENTERPRISE_FIELDS if f != "contact_phone"),
            "contact_phone",
        ]
        read_only_fields = fields


class EnterpriseWriteSerializer(serializers.Serializer):
    """Input for registering or changing an enterprise; the rules are the services'."""

    parent = serializers.PrimaryKeyRelatedField(queryset=Node.objects.none())
    name = serializers.CharField(max_length=120)
    uscc = serializers.CharField(max_length=40)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    above_scale = serializers.BooleanField(required=False)
    key_enterprise = serializers.BooleanField(required=False)
    epidemic_producer = serializers.BooleanField(required=False)
    epidemic_products = serializers.CharField(max_length=200, required=False, allow_blank=True)
    industry = serializers.CharField(max_length=60, required=False, allow_blank=True)
    legal_representative = serializers.CharField(max_length=60, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, write_only=True)
    headcount = serializers.IntegerField(min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Nodes outside the caller's scope look like nodes that do not exist.
            self.fields["parent"].queryset = Node.objects.visible_to(request.user)


class EnterpriseUpdateSerializer(EnterpriseWriteSerializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("parent", "name", "uscc"):
            self.fields.pop(name)


class RosterPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    id_number = serializers.CharField(source="id_number_masked")
    phone = serializers.CharField(source="phone_masked")


class EmploymentSerializer(serializers.ModelSerializer):
    """A roster line; the person's id number and phone masked, always."""

    person = RosterPersonSerializer(read_only=True)

    class Meta:
        model = Employment
        fields = ["id", "enterprise", "person", *EMPLOYMENT_FIELDS, "updated_at"]
        read_only_fields = fields


class EmploymentWriteSerializer(serializers.Serializer):
    department = serializers.CharField(max_length=60, required=False, allow_blank=True)
    position = serializers.CharField(max_length=60, required=False, allow_blank=True)
    work_status = serializers.ChoiceField(choices=WorkStatus.choices, required=False)
    expected_return_date = serializers.DateField(required=False, allow_null=True)
    actual_return_date = serializers.DateField(required=False, allow_null=True)
    dormitory = serializers.CharField(max_length=60, required=False, allow_blank=True)
    key_position = serializers.BooleanField(required=False)


class ImportJobSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "node",
            "enterprise",
            "original_name",
            "status",
            "mode",
            "counts",
            "total_rows",
            "processed_rows",
            "progress",
            "message",
            "created_at",
            "updated_at",
            "status_url",
        ]
        read_only_fields = fields

    def get_progress(self, job: ImportJob) -> dict[str, Any]:
        return selectors.import_job_progress(job=job)

    def get_status_url(self, job: ImportJob) -> str:
        url = reverse("importjob-detail", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField()
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), required=False)
    node = serializers.PrimaryKeyRelatedField(queryset=Node.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(request.user).select_related(
                "node"
            )
            self.fields["node"].queryset = Node.objects.visible_to(request.user)


class ImportCommitSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=CommitMode.choices)
