"""People: residents and employees, with their identity number and phone encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.core.scoping import ScopedQuerySet
from parkguard.lib.codes import mask_id_number, mask_name, mask_phone

from .fields import EncryptedTextField


class PersonQuerySet(ScopedQuerySet):
    def with_nodes(self) -> PersonQuerySet:
        return self.select_related("residence", "employer")


class Person(models.Model):
    """A resident or employee. Visible through their residence or their employer's node.

    ``id_number`` and ``phone`` are encrypted; ``*_index`` are keyed blind indexes for exact look-up and
    de-duplication. Screens show ``id_number_masked`` / ``phone_masked``; the full values only through
    the audited reveal service.
    """

    scope_node_fields = ("residence", "employer")
    scope_self_field = "user"
    scope_personal = True

    name = models.CharField(_("name"), max_length=60)
    id_number = EncryptedTextField(_("resident id number"))
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    residence = models.ForeignKey(
        "hierarchy.Node",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("residence"),
    )
    employer = models.ForeignKey(
        "hierarchy.Node",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("employer"),
    )
    origin_code = models.CharField(_("origin division code"), max_length=12, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return mask_name(self.name)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def name_masked(self) -> str:
        return mask_name(self.name)
