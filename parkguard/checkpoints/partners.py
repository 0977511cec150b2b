"""Syncing a partner jurisdiction's trust list and revocations (一张证明、两地通行).

Both sides run ParkGuard: each publishes its trust list (public keys) and its revocation list at its
export endpoints, and each imports the other's. A sync fetches both documents (from files, or from the
URLs kept in ``PartnerSync``) and imports them through the passes app's services in one transaction:
either both lists are taken, or neither is.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import Capability
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of

from .models import PartnerSync

FETCH_TIMEOUT = 15


@dataclass(frozen=True)
class SyncResult:
    partner: Any
    keys: bool
    revocations: bool


def fetch(url: str) -> str:
    """The text at ``url`` (http or https only), at most ``PARTNER_SYNC_MAX_BYTES``; ``ServiceError`` else."""
    if not url.lower().startswith(("http://", "https://")):
        raise ServiceError(_("A partner's list is fetched over http or https only."), code="sync_url")
    limit = settings.PARTNER_SYNC_MAX_BYTES
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (scheme checked)
            data = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ServiceError(
            _("The partner's list could not be fetched: %(error)s"),
            params={"error": str(exc)[:200]},
            code="sync_fetch",
        ) from exc
    if len(data) > limit:
        raise ServiceError(_("The partner's list is larger than allowed."), code="sync_too_large")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ServiceError(_("The partner's list is not UTF-8 text."), code="sync_encoding") from exc


def _check(actor: Any, partner: Any) -> None:
    """``actor`` None is an operator's command; anyone else manages the pass keys of the partner's park."""
    if actor is not None and not (
        getattr(actor, "is_authenticated", False)
        and actor.has_capability(Capability.MANAGE_PASS_KEYS)
        and scope_of(actor).covers_path(partner.park.path)
    ):
        raise ScopeError(_("You may not sync partners' lists."), code="no_permission")


@transaction.atomic
def partner_sync(
    *, actor: Any, partner: Any, trust_list: str | None = None, revocations: str | None = None
) -> SyncResult:
    """Import a partner's trust list and/or revocation list (texts of their export endpoints).

    ``actor`` None is the ``sync_partner`` command run by an operator.
    """
    from parkguard.passes.services import import_revocations, import_trust_list

    _check(actor, partner)
    if not trust_list and not revocations:
        raise ServiceError(
            _("Give the partner's trust list, its revocation list, or both."), code="sync_empty"
        )
    if trust_list:
        import_trust_list(trust_list, partner=partner, actor=actor)
    if revocations:
        import_revocations(revocations, partner=partner, actor=actor)
    record, _created = PartnerSync.objects.get_or_create(partner=partner)
    record.last_synced_at = timezone.now()
    record.save(update_fields=["last_synced_at"])
    return SyncResult(partner, bool(trust_list), bool(revocations))


def partner_sync_from_urls(*, actor: Any, partner: Any) -> SyncResult:
    """Fetch both lists from the partner's export URLs (kept in ``PartnerSync``), then import them."""
    _check(actor, partner)
    record = PartnerSync.objects.filter(partner=partner).first()
    if record is None or not (record.trust_list_url or record.revocations_url):
        raise ServiceError(_("No export addresses are configured for this partner."), code="sync_no_url")
    trust = fetch(record.trust_list_url) if record.trust_list_url else None
    revoked = fetch(record.revocations_url) if record.revocations_url else None
    return partner_sync(actor=actor, partner=partner, trust_list=trust, revocations=revoked)


@transaction.atomic
def partner_urls_set(*, actor: Any, partner: Any, trust_list_url: str, revocations_url: str) -> PartnerSync:
    _check(actor, partner)
    for url in (trust_list_url, revocations_url):
        if url and not url.lower().startswith(("http://", "https://")):
            raise ServiceError(_("A partner's list is fetched over http or https only."), code="sync_url")
    record, _created = PartnerSync.objects.get_or_create(partner=partner)
    record.trust_list_url, record.revocations_url = trust_list_url, revocations_url
    record.save()
    return record


def partner_get(ref: str) -> Any:
    """The partner with this id, or the one partner of this name or issuer id (for the command line)."""
    from parkguard.passes.models import Partner

    if ref.isdigit():
        return Partner.objects.filter(pk=int(ref)).first()
    found = list(Partner.objects.filter(name=ref)[:2]) or list(Partner.objects.filter(issuer_id=ref)[:2])
    if len(found) > 1:
        raise ServiceError(
            _("Several partners are called %(name)s: give the partner's id."),
            params={"name": ref},
            code="partner_ambiguous",
        )
    return found[0] if found else None
