"""Pass tokens (issue #5): is our offline verification as fast as its signature check allows?

No database: the script needs only the passcodec package (and, for the peer, its own virtual
environment, created on first run)::

    .venv/bin/python bench/passes.py                 # full run, about a minute
    .venv/bin/python bench/passes.py --rounds 3      # smoke run

A pass is verified at a gate many times a second, offline. Everything around the signature — Base45,
zlib, CBOR, COSE, claims, the revocation look-up — should cost little next to the ES256 check itself,
and far less than a verifier assembled from off-the-shelf packages. Issuing should be dominated by the
signature too. Measured in one run, on the same tokens (typical person passes of one park, signed by
one of four trusted keys, with 1,000,000 revoked pass-id hashes that do not include them)::

    verify_ratio = rate(verify_token: Base45 + zlib mark + COSE_Sign1 + ES256 + claims + revocation
                        look-up in 1,000,000 hashes) / rate(cryptography ES256 verify of the same bytes)
                   target ≥ 0.80
    vs_pycose    = rate(verify_token) / rate(a verifier of the same tokens from base45 + pycose,
                   bench/peer_pycose.py in var/bench-pycose, because pycose needs cbor2 < 6)
                   target ≥ 10
    issue_ratio  = rate(issue_token: claims + CWT + sign + COSE + zlib trial + Base45)
                   / rate(cryptography ES256 sign of the same bytes)
                   target ≥ 0.25
    qr_version   = the QR version of a typical person pass at error correction M (the largest among
                   the tokens)   target ≤ 10

Each operation is timed with ``perf_counter`` on each token; the four operations on a token run back to
back, their order turning every round, for ``--rounds`` rounds over all the tokens. A rate is the
tokens over the sum of each token's fastest timing (the run with the least interference from other
processes, as ``timeit`` advises, so that a loaded machine does not decide the ratios); the rates of the
median round and the median of the rounds' paired ratios are printed too. Exit status 0 if every
target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature  # noqa: E402

from parkguard.passcodec import (  # noqa: E402
    PREFIX,
    Claims,
    Kind,
    RevocationList,
    TrustedKey,
    TrustList,
    base45,
    generate_private_key,
    issue_token,
    key_id,
    qr_version,
    verify_token,
)
from parkguard.passcodec.claims import encode_claims  # noqa: E402
from parkguard.passcodec.token import (  # noqa: E402
    _ES256,
    ZLIB_MARK,
    _message_bytes,
    _protected_header,
    _sig_structure,
    _sign1_parts,
)

TARGET_VERIFY_RATIO = 0.80
TARGET_VS_PYCOSE = 10.0
TARGET_ISSUE_RATIO = 0.25
TARGET_QR_VERSION = 10
REVOKED = 1_000_000
ISSUER = "CN-150624-SHM"
NOW = 1_780_000_000
PEER_ENV = ROOT / "var" / "bench-pycose"
PEER_PACKAGES = ["base45>=0.4,<1", "pycose>=1.1,<2", "cbor2>=5.6,<6"]
SUBJECTS = ["张*明", "李*", "王*华", "欧阳**", "赵*", "陈*强", "刘*芳", "马*"]
STEP = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def node_path(*pks: int) -> str:
    """A node path as parkguard.hierarchy writes it: each level's pk in base 36, 7 characters."""
    steps = []
    for pk in pks:
        digits = ""
        while pk:
            pk, rest = divmod(pk, 36)
            digits = STEP[rest] + digits
        steps.append(digits.rjust(7, "0"))
    return "".join(steps)


def residence(rng: random.Random) -> str:
    """The scope the passes app writes for a person: their building (national → park → area → grid →
    compound → building, 42 characters), with pks of a large deployment."""
    return node_path(
        1,
        rng.randrange(2, 40),
        rng.randrange(40, 400),
        rng.randrange(400, 5_000),
        rng.randrange(5_000, 60_000),
        rng.randrange(60_000, 2_000_000),
    )


# ---------------------------------------------------------------------------------------------- world


def build_world(count: int):
    rng = random.Random(5)
    keys = [generate_private_key() for _ in range(4)]
    issuers = [ISSUER, ISSUER, "CN-640181-NDG", "CN-640181-NDG"]
    trust = TrustList(
        TrustedKey.for_key(
            key.public_key(), issuer=issuer, not_before=NOW - 90 * 86400, not_after=NOW + 86400
        )
        for key, issuer in zip(keys, issuers, strict=True)
    )
    signer, kid = keys[1], key_id(keys[1].public_key())
    revoked = RevocationList.unpacked(os.urandom(16 * REVOKED))
    claims = [typical_claims(rng) for _ in range(count)]
    tokens = [issue_token(claim, signer, kid) for claim in claims]
    return trust, revoked, signer, kid, claims, tokens


def typical_claims(rng: random.Random) -> Claims:
    issued = NOW - rng.randrange(0, 20 * 3600)
    return Claims(
        pass_id=os.urandom(16),
        pseudonym=os.urandom(16),
        subject=rng.choice(SUBJECTS),
        colour=rng.choice(["green"] * 8 + ["yellow", "red"]),
        kind=Kind.PERSON,
        scope=residence(rng),
        ruleset=3,
        issuer=ISSUER,
        issued_at=issued,
        expires_at=issued + 24 * 3600,
    )


def token_is_compressed(token: str) -> bool:
    return base45.decode(token[len(PREFIX) :])[0] == ZLIB_MARK


def raw_inputs(tokens: Sequence[str]) -> list[tuple[bytes, bytes]]:
    """(DER signature, Sig_structure) of every token: exactly the bytes ES256 checks."""
    inputs = []
    for token in tokens:
        protected, payload, signature = _sign1_parts(_message_bytes(token))
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        inputs.append((der, _sig_structure(protected, payload)))
    return inputs


# --------------------------------------------------------------------------------------------- timing


def operations(trust, revoked, signer, kid, claims, tokens) -> dict[str, Callable[[int], object]]:
    """What is measured, each as a call on the i-th token."""
    public_key = trust.get(kid).public_key
    raw = raw_inputs(tokens)
    protected = _protected_header(kid)
    to_sign = [_sig_structure(protected, encode_claims(claim)) for claim in claims]
    fields = [
        (
            c.pass_id,
            c.pseudonym,
            c.subject,
            c.colour,
            c.kind,
            c.scope,
            c.ruleset,
            c.issuer,
            c.issued_at,
            c.expires_at,
        )
        for c in claims
    ]
    for token in tokens:
        if not verify_token(token, trust=trust, revoked=revoked, now=NOW, kind=Kind.PERSON).ok:
            raise SystemExit(f"a valid token was refused: {token}")
    return {
        "raw_verify": lambda i: public_key.verify(raw[i][0], raw[i][1], _ES256),
        "verify": lambda i: verify_token(tokens[i], trust=trust, revoked=revoked, now=NOW, kind=Kind.PERSON),
        "raw_sign": lambda i: signer.sign(to_sign[i], _ES256),
        "issue": lambda i: issue_token(Claims(*fields[i]), signer, kid),
    }


def measure(ops: dict[str, Callable[[int], object]], count: int, rounds: int, between: Callable[[], None]):
    """Per operation and token, the fastest of ``rounds`` timings; and each round's total.

    The four operations on one token run back to back (their order turning every round), so that load
    from other processes falls on all of them alike; the fastest of a token's timings is the one with
    the least interference (as ``timeit`` advises).
    """
    clock = time.perf_counter
    fastest = {name: [float("inf")] * count for name in ops}
    totals: dict[str, list[float]] = {name: [] for name in ops}
    for number in range(rounds):
        order = list(ops.items()) if number % 2 == 0 else list(ops.items())[::-1]
        spent = dict.fromkeys(ops, 0.0)
        for i in range(count):
            for name, op in order:
                started = clock()
                op(i)
                took = clock() - started
                spent[name] += took
                if took < fastest[name][i]:
                    fastest[name][i] = took
        for name in ops:
            totals[name].append(spent[name])
        if number == rounds // 2:
            between()
    return fastest, totals


# ----------------------------------------------------------------------------------------------- peer


def ensure_peer_env() -> Path:
    python = PEER_ENV / "bin" / "python"
    if not python.exists():
        print(f"creating {PEER_ENV.relative_to(ROOT)} for the peer (base45, pycose, cbor2 < 6) …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEER_ENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 - our venv's pip, fixed package names
            [str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES], check=True
        )
    return python


def peer_rate(python: Path, trust, revoked, kid, tokens, rounds: int) -> dict:
    from cryptography.hazmat.primitives.asymmetric import ec

    with tempfile.TemporaryDirectory(prefix="parkguard-bench-passes-") as folder:
        work = Path(folder)
        keys = {}
        for key in trust:
            numbers = key.public_key.public_numbers()
            assert isinstance(numbers.curve, ec.SECP256R1)
            keys[key.kid.hex()] = {
                "x": numbers.x.to_bytes(32, "big").hex(),
                "y": numbers.y.to_bytes(32, "big").hex(),
                "issuer": key.issuer,
                "not_before": key.not_before,
                "not_after": key.not_after,
            }
        setup = {"now": NOW, "kind": "person", "keys": keys}
        (work / "setup.json").write_text(json.dumps(setup), encoding="utf-8")
        (work / "revoked.bin").write_bytes(revoked.packed())
        (work / "tokens.txt").write_text("\n".join(tokens), encoding="ascii")
        done = subprocess.run(  # noqa: S603 - our peer script in our venv
            [
                str(python),
                str(ROOT / "bench" / "peer_pycose.py"),
                str(work),
                "--rounds",
                str(rounds),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"the pycose peer failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["valid"] != len(tokens):
        raise SystemExit(f"the pycose peer accepted {result['valid']} of {len(tokens)} valid tokens")
    return result


# --------------------------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tokens", type=int, default=200, help="distinct person passes (default 200)")
    parser.add_argument("--rounds", type=int, default=30, help="rounds over all the tokens (default 30)")
    parser.add_argument(
        "--peer-rounds", type=int, default=3, help="the peer's rounds over the tokens (default 3)"
    )
    parser.add_argument("--no-peer", action="store_true", help="skip the pycose peer")
    args = parser.parse_args()

    started = time.perf_counter()
    trust, revoked, signer, kid, claims, tokens = build_world(args.tokens)
    compressed = sum(token_is_compressed(token) for token in tokens)
    print(
        f"world: {len(tokens)} person passes ({min(map(len, tokens))}–{max(map(len, tokens))} characters, "
        f"{compressed} zlib-compressed), {len(trust)} trusted keys, {len(revoked):,} revoked hashes; "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    ops = operations(trust, revoked, signer, kid, claims, tokens)
    names = list(ops)
    peer: dict = {}

    def run_peer() -> None:
        if not args.no_peer:
            peer.update(peer_rate(ensure_peer_env(), trust, revoked, kid, tokens, args.peer_rounds))

    fastest, totals = measure(ops, len(tokens), args.rounds, run_peer)
    best = {name: len(tokens) / sum(times) for name, times in fastest.items()}
    median = {name: len(tokens) / statistics.median(times) for name, times in totals.items()}

    def paired(ours: str, raw: str) -> float:
        return statistics.median(r / o for o, r in zip(totals[ours], totals[raw], strict=True))

    verify_ratio = best["verify"] / best["raw_verify"]
    issue_ratio = best["issue"] / best["raw_sign"]
    versions = [qr_version(token) for token in tokens]
    version = max(versions)
    print(
        f"{args.rounds} rounds of {len(tokens)} tokens; rates from each token's fastest timing "
        "(from the median round's total):"
    )
    labels = {
        "raw_verify": "raw ES256 verify",
        "verify": "verify_token",
        "raw_sign": "raw ES256 sign",
        "issue": "issue_token",
    }
    for name in names:
        print(f"  rate({labels[name]:<17}) = {best[name]:9,.0f}/s   ({median[name]:9,.0f}/s)")
    if peer:
        print(
            f"  rate(base45 + pycose    ) = {peer['rate']:9,.1f}/s   "
            f"({peer['throughput']:9,.1f}/s; pycose in var/bench-pycose, {peer['count']:,} verifications "
            f"in {peer['seconds']:.1f} s)"
        )
    raw_us, ours_us = 1e6 / best["raw_verify"], 1e6 / best["verify"]
    print(
        f"  verify_token = {ours_us:.1f} µs a token, raw ES256 verify {raw_us:.1f} µs: "
        f"{ours_us - raw_us:.1f} µs around the signature (0.80 allows {raw_us / 0.80 - raw_us:.1f})"
    )
    print(
        f"  median of the paired ratios: verify {paired('verify', 'raw_verify'):.2f}, issue {paired('issue', 'raw_sign'):.2f}"
    )
    print(f"  QR versions at M: {min(versions)}–{version} (median {statistics.median(versions):g})")
    print()
    results = [
        (
            "verify_ratio",
            f"{verify_ratio:.2f}",
            f"≥ {TARGET_VERIFY_RATIO:.2f}",
            verify_ratio >= TARGET_VERIFY_RATIO,
        ),
        (
            "issue_ratio",
            f"{issue_ratio:.2f}",
            f"≥ {TARGET_ISSUE_RATIO:.2f}",
            issue_ratio >= TARGET_ISSUE_RATIO,
        ),
        ("qr_version", f"{version}", f"≤ {TARGET_QR_VERSION}", version <= TARGET_QR_VERSION),
    ]
    if peer:
        vs_pycose = best["verify"] / peer["rate"]
        results.insert(
            1, ("vs_pycose", f"{vs_pycose:.1f}", f"≥ {TARGET_VS_PYCOSE:g}", vs_pycose >= TARGET_VS_PYCOSE)
        )
    for name, value, target, ok in results:
        print(f"{name:<12} = {value:>6}   (target {target})  {verdict(ok)}")
    if not peer:
        print("vs_pycose    = skipped (--no-peer)")
    return 0 if all(ok for *_rest, ok in results) and peer else 1


if __name__ == "__main__":
    sys.exit(main())
