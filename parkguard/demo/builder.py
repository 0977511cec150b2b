"""Building the tree of the five parks (nodes and departments) and their fictional people.

Nodes go through ``hierarchy.services.insert_node`` one by one, so that paths are made the one way the
hierarchy makes them; about 1,850 of them take well under two seconds. There is no audit event per
node or person: the demo is fixture data, not the act of an official.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import ceil
from typing import TypeVar

from stdnum.cn import ric

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Department, Node
from parkguard.hierarchy.services import insert_node
from parkguard.people.models import Person
from parkguard.people.services import id_number_index, phone_index

from .fiction import Fiction
from .parks import CODE_YEAR, NATIONAL_NAME, ParkSpec

T = TypeVar("T")
HOUSEHOLD = 3  # residents per building that has residents
TEAM = 2  # employees per workplace that has employees


def spread(slots: Sequence[T], count: int) -> list[T]:
    """Place ``count`` items evenly over ``slots``, in order: item i goes to slot i·len/count."""
    if count and not slots:
        raise ValueError(f"nowhere to place {count} items: check the park's data in parks.py")
    return [slots[i * len(slots) // count] for i in range(count)]


def share(items: Sequence[T], holders: int) -> list[list[T]]:
    """Cut ``items`` into ``holders`` consecutive blocks of (almost) equal size."""
    n = len(items)
    return [list(items[i * n // holders : (i + 1) * n // holders]) for i in range(holders)]


@dataclass
class ParkNodes:
    """The nodes of one demo park, by kind, in the order they were created."""

    spec: ParkSpec
    park: Node
    departments: list[Department] = field(default_factory=list)
    areas: list[Node] = field(default_factory=list)
    grids: list[Node] = field(default_factory=list)
    task_forces: list[Node] = field(default_factory=list)
    checkpoints: list[Node] = field(default_factory=list)
    compounds: list[Node] = field(default_factory=list)
    buildings: list[Node] = field(default_factory=list)
    enterprises: list[Node] = field(default_factory=list)
    construction: list[Node] = field(default_factory=list)
    other_sites: list[Node] = field(default_factory=list)

    @property
    def holders(self) -> list[Node]:
        """Where sites hang: the grids, else the areas, else the park itself."""
        return self.grids or self.areas or [self.park]

    @property
    def workplaces(self) -> list[Node]:
        """Enterprises and construction projects: what officials are assigned to and people work at."""
        return self.enterprises + self.construction


@dataclass
class DemoTree:
    national: Node
    parks: dict[str, ParkNodes]


def demo_exists() -> bool:
    """The national node is the demo's marker: the whole demo is written in one transaction."""
    return Node.objects.filter(kind=NodeKind.NATIONAL, name=NATIONAL_NAME).exists()


def _node(parent: Node | None, kind: str, name: str, code: str = "", **extra) -> Node:
    year = CODE_YEAR if code else None
    return insert_node(
        parent=parent, kind=kind, name=name, division_code=code, division_code_year=year, **extra
    )


def build_tree(specs: Sequence[ParkSpec]) -> DemoTree:
    national = _node(None, NodeKind.NATIONAL, NATIONAL_NAME)
    return DemoTree(national, {spec.key: build_park(national, spec) for spec in specs})


def build_park(national: Node, spec: ParkSpec) -> ParkNodes:
    fiction = Fiction(f"{spec.key}:places")
    park = ParkNodes(spec, _node(national, NodeKind.PARK, spec.name, spec.division_code))
    park.departments = [Department.objects.create(park=park.park, name=name) for name in spec.departments]
    for area_spec in spec.areas:
        area = _node(park.park, NodeKind.AREA, area_spec.name, area_spec.code)
        park.areas.append(area)
        grid_names = [area_spec.grid_name.format(n=n) for n in range(1, area_spec.grids + 1)]
        park.grids += _place([area], NodeKind.GRID, grid_names)
    # Task forces and checkpoints answer to the command, so they hang beside the areas.
    park.task_forces = _place([park.park], NodeKind.TASK_FORCE, spec.task_forces)
    if spec.construction_authority:
        name, office = spec.construction_authority
        park.task_forces += _place([park.park], NodeKind.TASK_FORCE, [office])
        park.departments.append(
            Department.objects.create(
                park=park.park, name=name, oversees_construction=True, task_force=park.task_forces[-1]
            )
        )
    park.checkpoints = _place([park.park], NodeKind.CHECKPOINT, spec.checkpoints)
    park.compounds = _place(park.holders, NodeKind.COMPOUND, fiction.compound_names(spec.compounds))
    park.buildings = _add_buildings(park.compounds, spec.buildings)
    _add_enterprises(park, fiction)
    names = fiction.project_names(spec.construction_projects)
    park.construction = _place(park.holders, NodeKind.CONSTRUCTION, names)
    park.other_sites = _place(park.holders, NodeKind.MEDICAL, spec.medical)
    park.other_sites += _place(park.holders, NodeKind.ISOLATION_SITE, spec.isolation_sites)
    return park


def _place(holders: Sequence[Node], kind: str, names: Sequence[str]) -> list[Node]:
    """One node per name, spread evenly over ``holders``."""
    return [
        _node(holder, kind, name) for holder, name in zip(spread(holders, len(names)), names, strict=True)
    ]


def _add_buildings(compounds: list[Node], count: int) -> list[Node]:
    """Buildings spread over the compounds, numbered within each compound (幸福花园1栋, 2栋 …)."""
    buildings, numbers = [], dict.fromkeys((c.pk for c in compounds), 0)
    for compound in spread(compounds, count):
        numbers[compound.pk] += 1
        buildings.append(_node(compound, NodeKind.BUILDING, f"{compound.name}{numbers[compound.pk]}栋"))
    return buildings


def _add_enterprises(park: ParkNodes, fiction: Fiction) -> None:
    """Enterprises spread over the grids, each answering to a department in turn (上海庙's 监管部门).

    The last ``department_gaps`` have none, so that the assignments page shows a gap.
    """
    spec = park.spec
    names = fiction.enterprise_names(spec.city, spec.enterprises, spec.enterprise_trades)
    with_department = spec.enterprises - spec.department_gaps
    for i, (holder, name) in enumerate(zip(spread(park.holders, len(names)), names, strict=True)):
        if spec.enterprise_categories:
            name += f"（{spec.enterprise_categories[i % len(spec.enterprise_categories)]}）"
        department = (
            park.departments[i % len(park.departments)] if park.departments and i < with_department else None
        )
        park.enterprises.append(_node(holder, NodeKind.ENTERPRISE, name, supervising_department=department))


def park_people(park: ParkNodes) -> list[Person]:
    """Residents in households of three, employees in teams of two, both spread over the whole park.

    Residents were registered locally (the park's own area code); employees come from any of the
    park's ``id_areas`` and, when not local, carry it as their origin (上海庙's workers from Shandong).
    """
    spec, fiction = park.spec, Fiction(f"{park.spec.key}:people")
    residents = spec.people // 2 if park.compounds else 0
    homes = spread(park.buildings or park.compounds, ceil(residents / HOUSEHOLD))
    teams = spread(park.workplaces, ceil((spec.people - residents) / TEAM))
    people = [_person(fiction, spec.id_areas[0], residence=homes[i // HOUSEHOLD]) for i in range(residents)]
    for i in range(spec.people - residents):
        area = fiction.rng.choice(spec.id_areas)
        origin = "" if area == spec.id_areas[0] else area
        people.append(_person(fiction, area, employer=teams[i // TEAM], origin_code=origin))
    return people


def _person(fiction: Fiction, area: str, **fields) -> Person:
    """An unsaved person, with the encrypted fields, blind indexes and birth date person_create sets."""
    number, phone = fiction.id_number(area), fiction.phone()
    return Person(
        name=fiction.person_name(),
        id_number=number,
        id_number_index=id_number_index(number),
        phone=phone,
        phone_index=phone_index(phone),
        birth_date=ric.get_birth_date(number),
        **fields,
    )
