"""What a checkpoint asks of the passes and health apps: is this pass valid here, and whose is it.

A pass is valid at a checkpoint when the verifier accepts it (signature, trust list, revocation list,
validity, lane kind) and it is in the checkpoint's scope: issued by the checkpoint's own park (for a
compound gate that takes only its own people: a person living or working under it), or by a partner
the checkpoint accepts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from parkguard.hierarchy.models import Node
from parkguard.passcodec import Claims, Reason, Verdict, pass_id_hash
from parkguard.passes.models import Issuer, Pass
from parkguard.passes.verification import verify
from parkguard.people.models import Person
from parkguard.people.selectors import id_number_search_key

from .choices import OwnScope
from .models import Checkpoint

# The reasons given after the signature was checked and held.
AUTHENTIC = frozenset({Reason.OK, Reason.EXPIRED, Reason.NOT_YET_VALID, Reason.REVOKED, Reason.WRONG_KIND})


@dataclass(frozen=True)
class Checked:
    verdict: Verdict
    in_scope: bool = False
    pass_obj: Any = None
    person: Any = None


def pass_hash(pass_id: bytes) -> str:
    """The pass id as the scan log keeps it: the hash revocation lists carry (hex)."""
    return pass_id_hash(pass_id).hex()


def park_of(checkpoint: Checkpoint) -> Node:
    """The park (jurisdiction) a checkpoint belongs to: it verifies with that park's trust store."""
    return Node.objects.get(path=checkpoint.node.park_path)


def check(checkpoint: Checkpoint, token: str, *, kind: str | None, now: dt.datetime) -> Checked:
    """Verify with the trust store of the checkpoint's park (its keys, its partners', their revocations).

    A pass of another park of this server is not in that store (unknown key) unless the park imported
    it as a partner: a checkpoint answers as its own jurisdiction's server would.
    """
    park = park_of(checkpoint)
    verdict = verify(token, kind=kind, now=now, park=park)
    # Claims come with a verdict once the signature holds, even when the pass is refused; the log
    # takes them only from those verdicts, so a forged pass can never name a real holder.
    claims = verdict.claims if verdict.reason in AUTHENTIC else None
    if claims is None:
        return Checked(Verdict(verdict.ok, verdict.reason, None, verdict.kid))
    own = claims.issuer == own_issuer_id(park)
    # Only our own passes link to a holder (a revoked or expired one too: tracing wants to know who
    # tried); a partner's pass names nobody registered in this park.
    pass_obj = own_pass(claims.pass_id) if own else None
    scoped = verdict.ok and in_scope(checkpoint, claims, own=own)
    return Checked(verdict, scoped, pass_obj, getattr(pass_obj, "person", None))


def own_issuer_id(park: Node) -> str | None:
    return Issuer.objects.filter(park=park).values_list("issuer_id", flat=True).first()


def own_pass(pass_id: bytes) -> Pass | None:
    return Pass.objects.select_related("person").filter(pass_id_hash=pass_hash(pass_id)).first()


def in_scope(checkpoint: Checkpoint, claims: Claims, *, own: bool) -> bool:
    """Our pass, under this node when the gate takes only its own people; or an accepted partner's."""
    if own:
        return checkpoint.own_scope != OwnScope.NODE or claims.scope.startswith(checkpoint.node.path)
    return checkpoint.partners.filter(issuer_id=claims.issuer).exists()


def person_by_id_number(id_number: str) -> Person | None:
    """The person with exactly this id number, by its blind index, whoever may see them.

    Only the checkpoints' id-number check calls this, for a guard at their own gate, and it is audited:
    a guard's scope holds no people, yet a person without a phone must be checkable at the gate.
    """
    key = id_number_search_key(id_number)
    if not key:
        return None
    return Person.objects.filter(id_number_index=key).first()


def colour_of(person: Person) -> str:
    from parkguard.health.status import current_status

    return current_status(person).colour
