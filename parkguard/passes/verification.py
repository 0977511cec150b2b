"""Verifying a pass on the server: the codec's ``verify_token`` against the server's trust store.

The trust store of a park (a jurisdiction) is its own keys, the accepted keys of the partners it
trusts, its own revocations and the revocation lists imported from those partners. Without a park, the
store of the whole server: every park's keys, every partner's keys, every revocation (the
``pass_verify`` command). Stores are built once and kept in the process; any change of keys,
partners or revocations bumps a generation number in the cache, so every process rebuilds on its next
verification (ADR 0014, docs/passes.md).
"""

from __future__ import annotations

import base64
import datetime as dt
import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from parkguard import passcodec
from parkguard.hierarchy.models import Node

from .models import Issuer, Partner, PartnerKey, PartnerRevocations, Pass, SigningKey

GENERATION_KEY = "passes:trust-generation"
# A revoked pass leaves the list once it could no longer verify anyway.
REVOCATION_MARGIN = dt.timedelta(seconds=passcodec.CLOCK_SKEW)


@dataclass(frozen=True)
class TrustStore:
    trust: passcodec.TrustList
    revoked: passcodec.RevocationList


_lock = threading.Lock()
_stores: dict[int | None, tuple[object, TrustStore]] = {}


def _generation() -> object:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1)
        value = cache.get(GENERATION_KEY, 1)
    return value


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache (evicted, or never set)
        cache.set(GENERATION_KEY, 1, None)
    with _lock:
        _stores.clear()


def invalidate_now() -> None:
    """Drop every cached store (tests, and a partner sync that wants the new lists at once)."""
    _bump()


def invalidate() -> None:
    """Drop every cached store now and again when the current transaction commits.

    Now, so that this transaction verifies with what it wrote; on commit, so that another process that
    rebuilt a store in between (from the data before the commit) rebuilds it again.
    """
    _bump()
    transaction.on_commit(_bump)


def partner_key_trusted(key: PartnerKey) -> passcodec.TrustedKey:
    return passcodec.TrustedKey(
        kid=bytes.fromhex(key.kid),
        issuer=key.partner.issuer_id,
        public_key=passcodec.load_public_key(base64.b64decode(key.public_key)),
        not_before=int(key.not_before.timestamp()),
        not_after=int(key.not_after.timestamp()),
        accepted=key.accepted,
    )


def own_revocations(
    issuers: list[Issuer] | None, *, now: dt.datetime | None = None
) -> passcodec.RevocationList:
    """Our revoked passes that have not expired yet (of some issuers, or of all)."""
    since = (now or timezone.now()) - REVOCATION_MARGIN
    rows = Pass.objects.filter(revoked_at__isnull=False, expires_at__gt=since)
    if issuers is not None:
        rows = rows.filter(issuer__in=issuers)
    return passcodec.RevocationList(bytes.fromhex(h) for h in rows.values_list("pass_id_hash", flat=True))


def build_store(park: Node | None = None) -> TrustStore:
    """Read the store of ``park`` (or of the whole server) from the database."""
    from .issuers import trusted_key

    issuers = Issuer.objects.all() if park is None else Issuer.objects.filter(park=park)
    partners = Partner.objects.all() if park is None else Partner.objects.filter(park=park)
    trust = passcodec.TrustList()
    for key in SigningKey.objects.filter(issuer__in=issuers).select_related("issuer"):
        trust.add(trusted_key(key))
    for partner_key in PartnerKey.objects.filter(partner__in=partners).select_related("partner"):
        if bytes.fromhex(partner_key.kid) not in trust:  # a park of this server that we also import
            trust.add(partner_key_trusted(partner_key))
    revoked = own_revocations(None if park is None else list(issuers))
    for row in PartnerRevocations.objects.filter(partner__in=partners):
        revoked.merge(passcodec.RevocationList.unpacked(bytes(row.packed)))
    return TrustStore(trust, revoked)


def store_for(park: Node | None = None) -> TrustStore:
    """The cached store of ``park`` (or of the whole server)."""
    generation = _generation()
    key = park.pk if park is not None else None
    with _lock:
        cached = _stores.get(key)
    if cached is not None and cached[0] == generation:
        return cached[1]
    store = build_store(park)
    with _lock:
        _stores[key] = (generation, store)
    return store


def _epoch(now: dt.datetime | int | None) -> int | None:
    if now is None or isinstance(now, int):
        return now
    return int(now.timestamp())


def verify(
    token: str,
    *,
    kind: str | None = None,
    now: dt.datetime | int | None = None,
    park: Node | None = None,
) -> passcodec.Verdict:
    """Verify ``token`` with the server's trust store (``park``'s, when given). Never raises."""
    store = store_for(park)
    return passcodec.verify_token(
        token,
        trust=store.trust,
        revoked=store.revoked,
        now=_epoch(now),
        kind=passcodec.Kind(kind) if kind else None,
    )
