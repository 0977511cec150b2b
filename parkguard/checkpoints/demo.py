"""The checkpoints of the demo, and the partner 宁东 (一张证明、两地通行).

宁东能源化工基地 is the neighbour of 上海庙 in the seed: "a vehicle registered on one side passes on both".
In the demo it is a second park under the national office, with its own issuer and keys, as if it ran
its own ParkGuard: the two parks import each other's trust list and revocation list through the same
export and import a real partner uses, and each checkpoint verifies with its own park's trust store
(docs/adr/0014). So a 上海庙 vehicle pass passes 宁东's road check station because 宁东 imported
上海庙's keys, and after a revocation 宁东 refuses it once it has synced 上海庙's revocation list.

Like the rest of the demo this is fixture data: rows are written directly, with no audit events, except
the partner exchange, which goes through the passes app's import services (they audit with no actor).
"""

from __future__ import annotations

from django.db import transaction

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.hierarchy.services import insert_node

from .choices import Direction, LaneKind, OwnScope
from .models import Checkpoint, Lane, PartnerSync

NINGDONG_NAME = "宁东能源化工基地"
NINGDONG_CODE = "640181"  # 灵武市, where most of the base lies (GB/T 2260, 2020)
NINGDONG_CHECKPOINT = "宁东—上海庙道路检查站"
SHANGHAIMIAO_NAME = "上海庙经济开发区"
SHANGHAIMIAO_CHECKPOINT = "宁东出口检查站"
NATIONAL_NAME = "国家生态工业园区建设协调领导小组办公室"
CODE_YEAR = 2020

ROAD_LANES = (
    ("人员通道", LaneKind.PERSON, ""),
    ("车辆进入", LaneKind.VEHICLE, Direction.IN),
    ("车辆驶出", LaneKind.VEHICLE, Direction.OUT),
)


def ningdong_nodes(national: Node) -> tuple[Node, Node]:
    """宁东's park node and its road check station toward 上海庙 (made once)."""
    park = Node.objects.filter(kind=NodeKind.PARK, name=NINGDONG_NAME).first()
    if park is None:
        park = insert_node(
            parent=national,
            kind=NodeKind.PARK,
            name=NINGDONG_NAME,
            division_code=NINGDONG_CODE,
            division_code_year=CODE_YEAR,
        )
    station = Node.objects.filter(parent=park, kind=NodeKind.CHECKPOINT, name=NINGDONG_CHECKPOINT).first()
    if station is None:
        station = insert_node(parent=park, kind=NodeKind.CHECKPOINT, name=NINGDONG_CHECKPOINT)
    return park, station


def partner_of(park: Node, other: Node):  # type: ignore[no-untyped-def]
    """``park``'s partner record for ``other`` (created on first use, as an operator would)."""
    from parkguard.passes.issuers import issuer_for_park
    from parkguard.passes.models import Partner
    from parkguard.passes.trust import partner_create

    issuer_id = issuer_for_park(other).issuer_id
    partner = Partner.objects.filter(park=park, issuer_id=issuer_id).first()
    return partner or partner_create(actor=None, park=park, name=other.name, issuer_id=issuer_id)


def sync_from(park: Node, other: Node):  # type: ignore[no-untyped-def]
    """``park`` imports ``other``'s trust list and revocation list, as ``sync_partner`` would."""
    from parkguard.passes.trust import export_revocations, export_trust_list

    from .partners import partner_sync

    partner = partner_of(park, other)
    partner_sync(
        actor=None,
        partner=partner,
        trust_list=export_trust_list(other),
        revocations=export_revocations(other),
    )
    return partner


@transaction.atomic
def exchange(a: Node, b: Node):  # type: ignore[no-untyped-def]
    """Both parks import each other's lists; returns (a's partner record of b, b's of a)."""
    from parkguard.passes.issuers import issuer_for_park

    issuer_for_park(a), issuer_for_park(b)
    return sync_from(a, b), sync_from(b, a)


def gate(node: Node, *, lanes=ROAD_LANES, partners=(), **fields) -> Checkpoint:  # type: ignore[no-untyped-def]
    """The checkpoint configuration of ``node`` with these lanes (fixture data: no audit)."""
    checkpoint, created = Checkpoint.objects.get_or_create(node=node, defaults=fields)
    if created:
        Lane.objects.bulk_create(
            Lane(checkpoint=checkpoint, name=name, kind=kind, direction=direction, order=i)
            for i, (name, kind, direction) in enumerate(lanes)
        )
    if partners:
        checkpoint.partners.add(*partners)
    return checkpoint


COMPOUND_GATE = (("小区大门", LaneKind.BOTH, ""),)


@transaction.atomic
def build_checkpoints_demo() -> None:
    """Checkpoints of the demo parks, 宁东 with its road check station, and the partner exchange.

    Runs after the demo tree is built and before the demo logins are made (the 宁东 logins sit on the
    nodes made here). Safe to run twice.
    """
    national = Node.objects.get(kind=NodeKind.NATIONAL, name=NATIONAL_NAME)
    shanghaimiao = Node.objects.get(kind=NodeKind.PARK, name=SHANGHAIMIAO_NAME)
    ningdong, ningdong_station = ningdong_nodes(national)
    to_ningdong, to_shanghaimiao = exchange(shanghaimiao, ningdong)
    for station in Node.objects.filter(kind=NodeKind.CHECKPOINT, path__startswith=shanghaimiao.path):
        gate(station, partners=[to_ningdong])
    gate(ningdong_station, partners=[to_shanghaimiao])
    # Compound gates open with the passes of the compound's own people (无锡's 智码开门, 2020's closed
    # management of compounds): anyone else's pass is out of the gate's scope.
    for compound in Node.objects.filter(kind=NodeKind.COMPOUND).order_by("path"):
        gate(compound, lanes=COMPOUND_GATE, own_scope=OwnScope.NODE)
    _sync_addresses(to_ningdong, to_shanghaimiao)


def _sync_addresses(*partners) -> None:  # type: ignore[no-untyped-def]
    """Where each side fetches the other's lists: the export endpoints of the same demo server."""
    from django.urls import NoReverseMatch, reverse

    from parkguard.passes.issuers import issuer_for_park

    for partner in partners:
        other = Node.objects.filter(pass_issuer__issuer_id=partner.issuer_id).first()
        try:
            trust = reverse("passes:trust_list_export", args=[issuer_for_park(other).issuer_id])
            revoked = reverse("passes:revocations_export", args=[issuer_for_park(other).issuer_id])
        except NoReverseMatch:  # the passes app names its export pages otherwise
            continue
        base = "http://127.0.0.1:8000"  # where ``make run`` serves the demo
        PartnerSync.objects.update_or_create(
            partner=partner, defaults={"trust_list_url": base + trust, "revocations_url": base + revoked}
        )
