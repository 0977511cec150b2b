"""Reads of people, always through ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from parkguard.hierarchy.models import Node
from parkguard.lib.codes import validate_id_number

from .models import Person, PersonQuerySet
from .services import id_number_index


def person_list(
    *, user: Any, node: Node | None = None, query: str = "", id_index: str = ""
) -> PersonQuerySet:
    """People the user may see, optionally under one node, searched by name or exact id number.

    ``id_index`` is the blind index of a full id number (see ``id_number_search_key``): pages carry it
    in their links instead of the number, which must not appear in a URL or an access log.
    """
    people = Person.objects.visible_to(user).with_nodes()
    if node is not None:
        people = people.filter(
            Q(residence__path__startswith=node.path) | Q(employer__path__startswith=node.path)
        )
    if id_index:
        return people.filter(id_number_index=id_index)
    query = query.strip()
    if query:
        key = id_number_search_key(query)
        people = people.filter(id_number_index=key) if key else people.filter(name__contains=query)
    return people


def id_number_search_key(text: str) -> str:
    """The blind index of ``text`` when it is a valid id number, else ``""``."""
    try:
        number = validate_id_number(text).value
    except ValidationError:
        return ""
    return id_number_index(number)


def person_find_by_id_number(*, user: Any, id_number: str) -> Person | None:
    try:
        number = validate_id_number(id_number).value
    except ValidationError:
        return None
    return Person.objects.visible_to(user).filter(id_number_index=id_number_index(number)).first()
