"""``manage.py pass_issue --id-number ID [--park PARK]``: issue a pass for a person and print its token.

The person is found by the blind index of their id number (the number itself is never stored in
clear); the issue is audited with no actor (an operator's command).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parkguard.passes import services
from parkguard.people.models import Person
from parkguard.people.selectors import id_number_search_key

from ._parks import park_get


class Command(BaseCommand):
    help = "Issue a pass for the person with this id number and print its token."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--id-number", required=True, help="the person's resident id number")
        parser.add_argument("--park", help="only if the person belongs to this park (id, issuer id or name)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        key = id_number_search_key(options["id_number"])
        if not key:
            raise CommandError("not a valid resident id number / 身份证号无效")
        person = Person.objects.filter(id_number_index=key).select_related("residence", "employer").first()
        if person is None:
            raise CommandError("nobody with this id number / 查无此人")
        if options.get("park"):
            park = park_get(options["park"])
            node = person.residence or person.employer
            if node is None or not node.path.startswith(park.path):
                raise CommandError(f"this person does not belong to {park.name} / 此人不属于{park.name}")
        try:
            pass_ = services.issue_person_pass(person, actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(pass_.token)
