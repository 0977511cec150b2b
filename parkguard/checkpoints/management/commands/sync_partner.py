"""``manage.py sync_partner PARTNER [--trust-list FILE|URL] [--revocations FILE|URL]``.

Imports a partner jurisdiction's trust list and revocation list, from files or from the URLs of its
export endpoints; without either option, from the addresses configured for the partner. Run it from
cron (or beat) so that a revocation on one side reaches the other side's gates.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parkguard.checkpoints import partners


def _read(source: str) -> str:
    if source.lower().startswith(("http://", "https://")):
        return partners.fetch(source)
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {source}: {exc}") from exc


class Command(BaseCommand):
    help = "Import a partner's trust list and revocation list (files or URLs of its export endpoints)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("partner", help="the partner's id, name or issuer id")
        parser.add_argument("--trust-list", help="file or URL of the partner's trust list")
        parser.add_argument("--revocations", help="file or URL of the partner's revocation list")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            partner = partners.partner_get(options["partner"])
            if partner is None:
                raise CommandError(f"no partner {options['partner']!r}")
            if options["trust_list"] or options["revocations"]:
                trust = _read(options["trust_list"]) if options["trust_list"] else None
                revoked = _read(options["revocations"]) if options["revocations"] else None
                result = partners.partner_sync(
                    actor=None, partner=partner, trust_list=trust, revocations=revoked
                )
            else:
                result = partners.partner_sync_from_urls(actor=None, partner=partner)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        done = [
            name for name, flag in (("trust list", result.keys), ("revocations", result.revocations)) if flag
        ]
        self.stdout.write(f"{partner}: imported {' and '.join(done)}")
