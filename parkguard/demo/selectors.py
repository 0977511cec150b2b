"""Reads for the demo command: what each park holds, and the demo logins."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import translation
from django.utils.functional import Promise

from parkguard.accounts.models import Membership, User
from parkguard.accounts.roles import Role
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .logins import DEMO_PASSWORD, USERNAMES
from .parks import PARKS

# The kinds counted in the summary, with their column headings.
FIGURES: tuple[tuple[str, str], ...] = (
    (NodeKind.GRID, "网格 Grids"),
    (NodeKind.COMPOUND, "小区 Compounds"),
    (NodeKind.BUILDING, "楼栋 Buildings"),
    (NodeKind.ENTERPRISE, "企业 Enterprises"),
    (NodeKind.CONSTRUCTION, "在建项目 Projects"),
)


def park_figures() -> list[dict[str, object]]:
    """Per demo park: its name, the number of nodes of each kind in ``FIGURES``, officials and people."""
    rows = []
    for park in Node.objects.filter(kind=NodeKind.PARK, name__in=[spec.name for spec in PARKS]):
        below = Q(path__startswith=park.path)
        counts = Node.objects.filter(below).aggregate(
            **{kind: Count("pk", filter=Q(kind=kind)) for kind, _ in FIGURES}
        )
        counts["officials"] = Membership.objects.filter(node__path__startswith=park.path).count()
        counts["people"] = Person.objects.filter(
            Q(residence__path__startswith=park.path) | Q(employer__path__startswith=park.path)
        ).count()
        rows.append({"park": park.name, **counts})
    return rows


@dataclass(frozen=True)
class LoginRow:
    username: str
    role: str  # 中文 English
    node: str
    password: str


def login_rows() -> list[LoginRow]:
    """The demo logins as they are in the database (a login deleted since is left out)."""
    users = User.objects.filter(username__in=USERNAMES).prefetch_related("memberships__node")
    by_name = {user.username: user for user in users}
    rows = []
    for username in USERNAMES:
        user = by_name.get(username)
        if user is None:
            continue
        membership = next(iter(user.memberships.all()), None)
        if membership is None:
            role, node = "超级用户 Superuser", "—"
        else:
            role, node = bilingual(Role(membership.role).label), membership.node.name
        rows.append(LoginRow(username, role, node, DEMO_PASSWORD))
    return rows


def bilingual(label: Promise | str) -> str:
    """``网格员 Grid official``: the demo's newcomer may read either language."""
    with translation.override("zh-hans"):
        chinese = str(label)
    with translation.override("en"):
        english = str(label)
    return chinese if chinese == english else f"{chinese} {english}"
