"""``parkguard-verify``: verify a pass offline from a trust-list file and a revocation file.

Needs only files — no database, no server, no Django. Exit status: 0 valid, 1 refused, 2 usage error
(missing or unreadable files, a bundle that is not signed by the anchor key, bad arguments).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .bundle import BundleError, load_bundle
from .claims import Claims, Kind
from .keys import TrustList, TrustListError, load_public_key
from .reasons import REASON_TEXT
from .revocation import RevocationList, RevocationListError
from .token import MAX_TOKEN_CHARS, Verdict, verify_token

EXIT_VALID, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Arguments or files that do not allow a verification at all."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parkguard-verify",
        description="Verify a ParkGuard pass (PC1:…) offline, from a trust list and a revocation list "
        "or from a signed bundle of both. Exit status: 0 valid, 1 refused, 2 usage error.",
    )
    parser.add_argument("token", metavar="TOKEN", help="the pass token, or - to read it from standard input")
    parser.add_argument("--trust", type=Path, metavar="FILE", help="trust list (JSON)")
    parser.add_argument("--revoked", type=Path, metavar="FILE", help="revocation list (JSON)")
    parser.add_argument(
        "--bundle", type=Path, metavar="FILE", help="signed bundle of both (for gate devices)"
    )
    parser.add_argument("--anchor", type=Path, metavar="PEM", help="public key (PEM) that signs the bundle")
    parser.add_argument("--kind", choices=[kind.value for kind in Kind], help="the lane: person or vehicle")
    parser.add_argument("--now", type=int, metavar="EPOCH", help="verify as at this time (epoch seconds)")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        trust, revoked = load_lists(args)
        token = read_token(args.token)
    except UsageError as exc:
        print(f"parkguard-verify: {exc}", file=sys.stderr)
        return EXIT_USAGE
    kind = Kind(args.kind) if args.kind else None
    verdict = verify_token(token, trust=trust, revoked=revoked, now=args.now, kind=kind)
    print(render_json(verdict) if args.json else render_text(verdict))
    return EXIT_VALID if verdict.ok else EXIT_REFUSED


def load_lists(args: argparse.Namespace) -> tuple[TrustList, RevocationList]:
    """The trust and revocation lists of the files named: the bundle's, merged with the plain files'."""
    if (args.bundle is None) != (args.anchor is None):
        raise UsageError("--bundle and --anchor go together")
    if args.bundle is None and (args.trust is None or args.revoked is None):
        raise UsageError("give --trust FILE and --revoked FILE, or --bundle FILE and --anchor PEM")
    trust, revoked = TrustList(), RevocationList()
    if args.bundle is not None:
        try:
            anchor = load_public_key(read_file(args.anchor))
        except ValueError as exc:
            raise UsageError(f"{args.anchor}: {exc}") from exc
        try:
            trust, revoked = load_bundle(read_file(args.bundle), anchor)
        except BundleError as exc:
            raise UsageError(f"{args.bundle}: bundle refused: {exc}") from exc
    try:
        if args.trust is not None:
            trust.merge(TrustList.from_json(read_file(args.trust)))
        if args.revoked is not None:
            revoked.merge(RevocationList.from_json(read_file(args.revoked)))
    except (TrustListError, RevocationListError) as exc:
        raise UsageError(str(exc)) from exc
    return trust, revoked


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc


def read_token(argument: str) -> str:
    if argument != "-":
        return argument
    # A little more than the longest token, so an oversized input is still seen as oversized.
    return sys.stdin.read(MAX_TOKEN_CHARS + 64).strip()


def _when(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def claims_rows(claims: Claims) -> list[tuple[str, str]]:
    """The claims to show: the subject is masked at issue; ids are random, never personal."""
    return [
        ("subject", claims.subject),
        ("colour", claims.colour),
        ("kind", claims.kind.value),
        ("scope", claims.scope),
        ("issuer", claims.issuer),
        ("issued", _when(claims.issued_at)),
        ("expires", _when(claims.expires_at)),
        ("rule set", str(claims.ruleset)),
        ("pass id", claims.pass_id.hex()),
    ]


def render_text(verdict: Verdict) -> str:
    english, chinese = REASON_TEXT[verdict.reason]
    lines = [f"{'OK' if verdict.ok else 'REFUSED'} {verdict.reason.value}", f"  {english}", f"  {chinese}"]
    if verdict.kid is not None:
        lines.append(f"  {'key id':<9} {verdict.kid.hex()}")
    if verdict.claims is not None:
        lines += [f"  {name:<9} {value}" for name, value in claims_rows(verdict.claims)]
    return "\n".join(lines)


def render_json(verdict: Verdict) -> str:
    english, chinese = REASON_TEXT[verdict.reason]
    document = {
        "ok": verdict.ok,
        "reason": verdict.reason.value,
        "message": {"en": english, "zh": chinese},
        "kid": verdict.kid.hex() if verdict.kid is not None else None,
        "claims": dict(claims_rows(verdict.claims)) if verdict.claims is not None else None,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
