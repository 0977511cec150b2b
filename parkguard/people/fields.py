"""A model field whose value is encrypted in the database and plain text in Python."""

from __future__ import annotations

from typing import Any

from django.db import models

from parkguard.lib import fieldcrypt


class EncryptedTextField(models.TextField):
    """Stores ``v1$<base64(nonce + AES-GCM ciphertext)>``; the column never holds the plain value.

    Not searchable: look values up through the blind-index field beside it.
    """

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return fieldcrypt.encrypt(value, context=self.name)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return fieldcrypt.decrypt(value, context=self.name)

    def get_lookup(self, lookup_name: str):  # type: ignore[override]
        if lookup_name not in {"isnull"}:
            raise TypeError(f"{self.name} is encrypted; look it up through its blind index")
        return super().get_lookup(lookup_name)
