"""Reads of people, always through ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from parkguard.hierarchy.models import Node
from parkguard.lib.codes import validate_id_number

from .models import Person, PersonQuerySet
from .services import id_number_index


def person_list(*, user: Any, node: Node | None = None, query: str = "") -> PersonQuerySet:
    """People the user may see, optionally under one node, searched by name or exact id number."""
    people = Person.objects.visible_to(user).with_nodes()
    if node is not None:
        people = people.filter(
            Q(residence__path__startswith=node.path) | Q(employer__path__startswith=node.path)
        )
    query = query.strip()
    if query:
        try:
            number = validate_id_number(query).value
        except ValidationError:
            people = people.filter(name__contains=query)
        else:
            people = people.filter(id_number_index=id_number_index(number))
    return people


def person_find_by_id_number(*, user: Any, id_number: str) -> Person | None:
    try:
        number = validate_id_number(id_number).value
    except ValidationError:
        return None
    return Person.objects.visible_to(user).filter(id_number_index=id_number_index(number)).first()
