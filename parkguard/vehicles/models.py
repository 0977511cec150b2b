"""Vehicle registration (车辆登记备案): freight vehicles of the park's enterprises, and their pass numbers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet
from parkguard.lib.codes import mask_phone
from parkguard.people.fields import EncryptedTextField

from .choices import VehicleStatus, VehicleType
from .plates import display_plate, mask_plate


class Vehicle(models.Model):
    """A registered vehicle of an enterprise, with its driver, cargo, route and the dates it may run.

    ``pass_number`` is the issuing division code and a serial (``150624-000123``), as on the 2022
    national freight pass (全国统一通行证). The driver's phone is encrypted and shown masked.
    """

    scope_node_fields = ("company",)
    scope_personal = True

    plate = models.CharField(_("plate"), max_length=12, unique=True)
    pass_number = models.CharField(_("pass number"), max_length=20, unique=True)
    vehicle_type = models.CharField(_("vehicle type"), max_length=20, choices=VehicleType.choices)
    company = models.ForeignKey(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="vehicles", verbose_name=_("owner company")
    )
    park = models.ForeignKey(
        "hierarchy.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("park")
    )
    driver_name = models.CharField(_("driver"), max_length=60)
    driver_phone = EncryptedTextField(_("driver's phone"))
    cargo = models.CharField(_("cargo"), max_length=120, blank=True)
    route = models.CharField(_("route"), max_length=200, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=VehicleStatus.choices, default=VehicleStatus.PENDING
    )
    status_note = models.CharField(_("note"), max_length=200, blank=True)
    pseudonym = models.BinaryField(_("pseudonym"), max_length=16, unique=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lte=models.F("valid_to")), name="vehicle_dates"
            )
        ]

    def __str__(self) -> str:
        return self.plate_display

    @property
    def plate_display(self) -> str:
        return display_plate(self.plate)

    @property
    def plate_masked(self) -> str:
        return mask_plate(self.plate)

    @property
    def driver_phone_masked(self) -> str:
        return mask_phone(self.driver_phone)

    def runs_on(self, day: dt.date) -> bool:
        return self.status == VehicleStatus.APPROVED and self.valid_from <= day <= self.valid_to


class PassNumberSerial(models.Model):
    """The last serial allocated under one division code; the row is locked while a number is taken."""

    division_code = models.CharField(_("division code"), max_length=12, unique=True)
    last = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("pass-number serial")
        verbose_name_plural = _("pass-number serials")

    def __str__(self) -> str:
        return f"{self.division_code}: {self.last}"
