"""Issuers and their signing keys, partners and what we import from them, pseudonyms, and passes.

Each park is an issuer (``Issuer``) with ES256 signing keys (``SigningKey``, private key encrypted at
rest). A partner jurisdiction (``Partner``) is trusted by one of our parks: its public keys
(``PartnerKey``) and its revocation list (``PartnerRevocations``) are imported from its exports. A pass
(``Pass``) is one signed token for a person or a vehicle. See docs/passes.md and docs/adr/0016.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet
from parkguard.people.fields import EncryptedTextField

from .choices import PassKind


class Issuer(models.Model):
    """One park as the signer of passes. ``issuer_id`` travels in every token and never changes."""

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.OneToOneField(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="pass_issuer", verbose_name=_("park")
    )
    issuer_id = models.CharField(_("issuer id"), max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["issuer_id"]
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")

    def __str__(self) -> str:
        return self.issuer_id


class SigningKey(models.Model):
    """An ES256 key of an issuer. ``kid`` is the EU DCC key id (hex); the private key is encrypted.

    The current key is the newest one not retired and inside its validity. A retired key stays in the
    trust list: passes it signed verify until they expire (its ``not_after`` covers them).
    """

    scope_node_fields = ("issuer__park",)
    scope_personal = False

    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="keys", verbose_name=_("issuer")
    )
    kid = models.CharField(_("key id"), max_length=16, unique=True)
    public_key = models.TextField(_("public key (SPKI DER, Base64)"))
    private_key = EncryptedTextField(_("private key"))
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["issuer", "-not_before", "-id"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return f"{self.issuer_id} · {self.kid}"

    def valid_at(self, when: dt.datetime) -> bool:
        return self.not_before <= when <= self.not_after


class Partner(models.Model):
    """A jurisdiction whose passes one of our parks accepts (联防联控: 宁东 for 上海庙)."""

    scope_node_fields = ("park",)
    scope_personal = False

    park = models.ForeignKey(
        "hierarchy.Node", on_delete=models.CASCADE, related_name="pass_partners", verbose_name=_("our park")
    )
    name = models.CharField(_("name"), max_length=120)
    issuer_id = models.CharField(_("issuer id"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    keys_imported_at = models.DateTimeField(_("trust list imported"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["park", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["park", "issuer_id"], name="partner_unique_issuer"),
            models.UniqueConstraint(fields=["park", "name"], name="partner_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerKey(models.Model):
    """A partner's public key, imported from its trust list; ``accepted`` lets us set one aside."""

    scope_node_fields = ("partner__park",)
    scope_personal = False

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="keys", verbose_name=_("partner")
    )
    kid = models.CharField(_("key id"), max_length=64)
    public_key = models.TextField(_("public key (SPKI DER, Base64)"))
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    accepted = models.BooleanField(_("accepted"), default=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "-not_before"]
        verbose_name = _("partner key")
        verbose_name_plural = _("partner keys")
        constraints = [models.UniqueConstraint(fields=["partner", "kid"], name="partner_key_unique")]

    def __str__(self) -> str:
        return f"{self.partner} · {self.kid}"


class PartnerRevocations(models.Model):
    """A partner's whole revocation list as last imported: the packed 16-byte hashes, one row."""

    scope_node_fields = ("partner__park",)
    scope_personal = False

    partner = models.OneToOneField(
        Partner, on_delete=models.CASCADE, related_name="revocations", verbose_name=_("partner")
    )
    packed = models.BinaryField(_("hashes"), default=b"")
    count = models.PositiveIntegerField(_("revoked passes"), default=0)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner revocation list")
        verbose_name_plural = _("partner revocation lists")

    def __str__(self) -> str:
        return f"{self.partner} · {self.count}"


class Pseudonym(models.Model):
    """The random pseudonym a person's passes carry: drawn once, never derived from the id number."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="pass_pseudonym", verbose_name=_("person")
    )
    value = models.BinaryField(_("pseudonym"), max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pseudonym")
        verbose_name_plural = _("pseudonyms")

    def __str__(self) -> str:
        return bytes(self.value).hex()


class PassQuerySet(ScopedQuerySet):
    def valid_at(self, when: dt.datetime) -> PassQuerySet:
        return self.filter(revoked_at__isnull=True, issued_at__lte=when, expires_at__gt=when)


class Pass(models.Model):
    """One signed pass (智码开门) of a person or a vehicle, as issued; the token is what the QR holds.

    Visible through the holder: a person's residence or employer, a vehicle's owner company, and to the
    person themselves. ``superseded_at`` marks a pass replaced by a newer one (still valid until it
    expires unless it was revoked, see docs/adr/0016).
    """

    scope_node_fields = ("person__residence", "person__employer", "vehicle__company")
    scope_self_field = "person__user"
    scope_personal = True

    pass_id = models.BinaryField(_("pass id"), max_length=16, unique=True)
    pass_id_hash = models.CharField(_("pass id (hashed)"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PassKind.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="passes",
        verbose_name=_("person"),
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="passes",
        verbose_name=_("vehicle"),
    )
    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="passes", verbose_name=_("issuer")
    )
    key = models.ForeignKey(
        SigningKey, on_delete=models.PROTECT, related_name="passes", verbose_name=_("key")
    )
    subject = models.CharField(_("masked name or plate"), max_length=64)
    colour = models.CharField(_("colour"), max_length=10)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    ruleset = models.PositiveIntegerField(_("rule-set version"), default=0)
    scope = models.CharField(_("scope"), max_length=96)
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("valid until"))
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.TextField(_("token"))

    objects = PassQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("pass")
        verbose_name_plural = _("passes")
        indexes = [
            models.Index(fields=["person", "issued_at"], name="pass_person_issued"),
            models.Index(fields=["vehicle", "issued_at"], name="pass_vehicle_issued"),
            models.Index(fields=["issuer", "revoked_at"], name="pass_issuer_revoked"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False, vehicle__isnull=True, kind=PassKind.PERSON))
                | (models.Q(person__isnull=True, vehicle__isnull=False, kind=PassKind.VEHICLE)),
                name="pass_one_holder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.colour} · {self.pass_id_hash[:8]}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_valid_at(self, when: dt.datetime) -> bool:
        return self.revoked_at is None and self.issued_at <= when < self.expires_at

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(r.get("code", "") for r in self.reasons or ())

    @property
    def node(self):  # type: ignore[no-untyped-def]
        """The node a pass hangs off (for audit events)."""
        if self.person_id:
            return self.person.residence or self.person.employer
        return self.vehicle.company if self.vehicle_id else None
