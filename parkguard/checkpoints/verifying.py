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

from parkguard.passcodec import Verdict, pass_id_hash
from parkguard.people.models import Person
from parkguard.people.selectors import id_number_search_key

from .models import Checkpoint


@dataclass(frozen=True)
class Checked:
    verdict: Verdict
    in_scope: bool = False
    pass_obj: Any = None
    person: Any = None


def pass_hash(pass_id: bytes) -> str:
    """The pass id as the scan log keeps it: the hash revocation lists carry (hex)."""
    return pass_id_hash(pass_id).hex()


def check(checkpoint: Checkpoint, token: str, *, kind: str | None, now: dt.datetime) -> Checked:
    from parkguard.passes.verification import verify

    verdict = verify(token, kind=kind, now=now)
    if not verdict.ok or verdict.claims is None:
        return Checked(verdict)
    pass_obj = own_pass(verdict.claims.pass_id)
    person = getattr(pass_obj, "person", None)
    return Checked(verdict, in_scope(checkpoint, verdict.claims, pass_obj), pass_obj, person)


def own_pass(pass_id: bytes) -> Any:
    from parkguard.passes.models import Pass

    return (
        Pass.objects.select_related("person__residence", "person__employer").filter(pass_id=pass_id).first()
    )


def in_scope(checkpoint: Checkpoint, claims: Any, pass_obj: Any) -> bool:
    raise NotImplementedError


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
