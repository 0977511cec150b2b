"""Encryption of personal-data fields at rest (AES-256-GCM) and their keyed blind index (HMAC-SHA256).

Both keys are derived with HKDF from ``settings.FIELD_ENCRYPTION_KEY`` (generated into ``var/`` on first
run). The blind index lets the database find and de-duplicate a value without holding it; it is keyed,
so a leaked table cannot be matched against a list of guessed id numbers. See docs/adr/0003.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = "v1"


def _derive(info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        settings.FIELD_ENCRYPTION_KEY
    )


@lru_cache(maxsize=4)
def _keys(master: bytes) -> tuple[AESGCM, bytes]:
    return AESGCM(_derive(b"parkguard field encryption")), _derive(b"parkguard blind index")


def _cipher() -> AESGCM:
    return _keys(settings.FIELD_ENCRYPTION_KEY)[0]


def encrypt(plaintext: str, *, context: str) -> str:
    """``context`` (the field's name) is bound as associated data: a value cannot be moved to another field."""
    nonce = os.urandom(12)
    sealed = _cipher().encrypt(nonce, plaintext.encode(), context.encode())
    return f"{VERSION}${base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: str) -> str:
    version, _, body = token.partition("$")
    if version != VERSION:
        raise ValueError("unknown field-encryption version")
    raw = base64.urlsafe_b64decode(body)
    return _cipher().decrypt(raw[:12], raw[12:], context.encode()).decode()


def blind_index(value: str, *, context: str) -> str:
    key = _keys(settings.FIELD_ENCRYPTION_KEY)[1]
    return hmac.new(key, f"{context}:{value}".encode(), hashlib.sha256).hexdigest()
