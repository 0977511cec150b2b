"""``manage.py pass_verify TOKEN [--park PARK] [--kind person|vehicle]``: exit 0 valid, 1 refused.

Prints the reason code and its message in English and Chinese, with the claims once the signature
holds. Uses the server's trust store (``parkguard.passes.verification``), the same as the gates.
"""

from __future__ import annotations

import datetime as dt
import sys

from django.core.management.base import BaseCommand

from parkguard.passes.verification import verify

from ._parks import park_get


class Command(BaseCommand):
    help = "Verify a pass token with the server's trust store; exit 0 when valid, 1 when refused."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("token", help="the token (PC1:…); '-' reads it from standard input")
        parser.add_argument("--park", help="verify with this park's trust store (id, issuer id or name)")
        parser.add_argument("--kind", choices=["person", "vehicle"], help="the lane's kind")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        given = options["token"]
        token = sys.stdin.read() if given == "-" else given
        park = park_get(options["park"]) if options.get("park") else None
        verdict = verify(token, kind=options.get("kind"), park=park)
        english, chinese = verdict.messages
        self.stdout.write(f"{verdict.reason.value}: {english} / {chinese}")
        if verdict.claims is not None:
            c = verdict.claims
            until = dt.datetime.fromtimestamp(c.expires_at, tz=dt.UTC).isoformat()
            self.stdout.write(f"{c.kind} {c.colour} {c.subject} issuer={c.issuer} expires={until}")
        if not verdict.ok:
            sys.exit(1)
