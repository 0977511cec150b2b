"""``parkguard-verify``: verify a pass offline from a trust-list file and a revocation file."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    raise SystemExit("parkguard-verify is being built (issue #5)")
