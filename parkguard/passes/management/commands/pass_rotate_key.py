"""``manage.py pass_rotate_key --park PARK``: a new signing key for the park; the old one retires.

New passes use the new key at once; passes signed with the old key verify until they expire. Run it on
a schedule (yearly, ``PASS_KEY_LIFETIME_DAYS``) or at once if a private key may have leaked (then also
revoke what it signed).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parkguard.passes.issuers import rotate_key

from ._parks import park_get


class Command(BaseCommand):
    help = "Rotate a park's pass signing key (new passes use the new key)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--park", required=True, help="the park: id, issuer id or name")
        parser.add_argument("--issuer-id", default="", help="issuer id for a park that has none yet")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        park = park_get(options["park"])
        try:
            key = rotate_key(park=park, actor=None, issuer_id=options["issuer_id"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{key.issuer.issuer_id}: new key {key.kid}, valid until {key.not_after:%Y-%m-%d}")
