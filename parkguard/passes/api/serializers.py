from __future__ import annotations

from rest_framework import serializers

from ..models import Issuer, Partner, PartnerKey, Pass, SigningKey


class PassSerializer(serializers.ModelSerializer):
    issuer = serializers.CharField(source="issuer.issuer_id", read_only=True)
    kid = serializers.CharField(source="key.kid", read_only=True)

    class Meta:
        model = Pass
        fields = [
            "id",
            "pass_id_hash",
            "kind",
            "person",
            "vehicle",
            "issuer",
            "kid",
            "subject",
            "colour",
            "reasons",
            "ruleset",
            "issued_at",
            "expires_at",
            "superseded_at",
            "revoked_at",
            "revoked_reason",
            "token",
        ]
        read_only_fields = fields


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class SigningKeySerializer(serializers.ModelSerializer):
    class Meta:
        model = SigningKey
        fields = ["kid", "not_before", "not_after", "retired_at"]
        read_only_fields = fields


class IssuerSerializer(serializers.ModelSerializer):
    keys = SigningKeySerializer(many=True, read_only=True)

    class Meta:
        model = Issuer
        fields = ["id", "issuer_id", "park", "keys"]
        read_only_fields = fields


class PartnerKeySerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerKey
        fields = ["kid", "not_before", "not_after", "accepted"]
        read_only_fields = fields


class PartnerSerializer(serializers.ModelSerializer):
    keys = PartnerKeySerializer(many=True, read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "park", "name", "issuer_id", "keys_imported_at", "keys"]
        read_only_fields = ["id", "keys_imported_at", "keys"]


class ImportSerializer(serializers.Serializer):
    """The exported document, as its JSON text (``document``) or as an uploaded ``file``."""

    document = serializers.CharField(required=False, allow_blank=False, trim_whitespace=False)
    file = serializers.FileField(required=False)

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        if not attrs.get("document") and not attrs.get("file"):
            raise serializers.ValidationError("Give the document or a file. / 请提供文件内容或上传文件。")
        return attrs

    def text(self) -> str | bytes:
        data = self.validated_data
        return data["document"] if data.get("document") else data["file"].read()
