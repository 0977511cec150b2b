"""The peer of bench/passes.py: a pass verifier built from the off-the-shelf packages, base45 + pycose.

Runs in its own virtual environment (var/bench-pycose: pycose needs cbor2 < 6, ParkGuard uses cbor2 6),
started by bench/passes.py as a subprocess. It reads the tokens, keys and revocation hashes that
bench/passes.py wrote to a folder, checks every token the way ``verify_token`` does (prefix, Base45,
zlib when marked, COSE_Sign1 with the kid from the protected header, ES256 signature, claims: issuer of
the key, key validity at issue, revocation look-up in the same set, not yet valid / expired, kind), and
prints one JSON line: the rate of verifications per second (from each token's fastest timing, as
bench/passes.py measures ours), the plain throughput, and how many tokens were valid.

    var/bench-pycose/bin/python bench/peer_pycose.py FOLDER [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
import zlib
from pathlib import Path

import base45
import cbor2
from pycose.headers import KID
from pycose.keys import EC2Key
from pycose.keys.curves import P256
from pycose.messages import CoseMessage

PREFIX = "PC1:"
CLOCK_SKEW = 300
PRIVATE_CLAIMS = -65537
KIND_CODE = {"person": 1, "vehicle": 2}


class Verifier:
    def __init__(self, folder: Path) -> None:
        setup = json.loads((folder / "setup.json").read_text(encoding="utf-8"))
        self.now = setup["now"]
        self.kind = KIND_CODE[setup["kind"]]
        self.keys = {
            bytes.fromhex(kid): (
                EC2Key(crv=P256, x=bytes.fromhex(entry["x"]), y=bytes.fromhex(entry["y"])),
                entry["issuer"],
                entry["not_before"],
                entry["not_after"],
            )
            for kid, entry in setup["keys"].items()
        }
        packed = (folder / "revoked.bin").read_bytes()
        self.revoked = frozenset(packed[i : i + 16] for i in range(0, len(packed), 16))

    def verify(self, token: str) -> bool:
        if not token.startswith(PREFIX):
            return False
        data = base45.b45decode(token[len(PREFIX) :])
        if data[:1] == b"\x78":
            data = zlib.decompress(data)
        message = CoseMessage.decode(data)
        entry = self.keys.get(message.phdr.get(KID))
        if entry is None:
            return False
        key, issuer, not_before, not_after = entry
        message.key = key
        if not message.verify_signature():
            return False
        claims = cbor2.loads(message.payload)
        issued_at, expires_at = claims[6], claims[4]
        return (
            claims[1] == issuer
            and not_before <= issued_at <= not_after
            and hashlib.sha256(claims[7]).digest()[:16] not in self.revoked
            and issued_at <= self.now + CLOCK_SKEW
            and self.now < expires_at
            and claims[PRIVATE_CLAIMS][4] == self.kind
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all the tokens (default 3)")
    args = parser.parse_args()
    verifier = Verifier(args.folder)
    tokens = (args.folder / "tokens.txt").read_text(encoding="ascii").splitlines()  # Base45 has spaces
    valid = sum(verifier.verify(token) for token in tokens)  # warm-up, and the check that it agrees
    # As bench/passes.py measures ours: each token's fastest timing over the rounds.
    clock = time.perf_counter
    fastest = [float("inf")] * len(tokens)
    started = clock()
    for _ in range(args.rounds):
        for i, token in enumerate(tokens):
            begun = clock()
            verifier.verify(token)
            fastest[i] = min(fastest[i], clock() - begun)
    elapsed = clock() - started
    result = {
        "rate": len(tokens) / sum(fastest),
        "throughput": args.rounds * len(tokens) / elapsed,
        "count": args.rounds * len(tokens),
        "seconds": elapsed,
        "valid": valid,
        "tokens": len(tokens),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
