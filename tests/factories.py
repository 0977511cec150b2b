"""factory_boy factories. Nodes get their materialised path through ``hierarchy.services.insert_node``."""

from __future__ import annotations

import random

import factory
from stdnum.cn import ric

from parkguard.accounts.models import Membership, User
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.hierarchy.services import insert_node
from parkguard.people.models import Person
from parkguard.people.services import id_number_index, phone_index

_rng = random.Random(20200330)


def make_id_number(area: str = "110105", birth: str | None = None) -> str:
    """A fictional resident id number with a valid birth date and check digit."""
    birth = birth or f"{_rng.randint(1960, 2002)}{_rng.randint(1, 12):02d}{_rng.randint(1, 28):02d}"
    body = f"{area}{birth}{_rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads 18 characters and ignores the last


def make_phone() -> str:
    return f"13{_rng.randint(0, 9)}{_rng.randint(0, 99999999):08d}"


class NodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    parent = None
    kind = NodeKind.PARK
    name = factory.Sequence(lambda n: f"节点{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        return insert_node(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    node = factory.SubFactory(NodeFactory)
    role = "grid_official"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"居民{n}")
    id_number = factory.LazyFunction(make_id_number)
    id_number_index = factory.LazyAttribute(lambda o: id_number_index(o.id_number))
    phone = factory.LazyFunction(make_phone)
    phone_index = factory.LazyAttribute(lambda o: phone_index(o.phone))
    birth_date = factory.LazyAttribute(lambda o: ric.get_birth_date(o.id_number))
