"""Writes of the health app: declarations, risk areas, colour rules (versioned), manual colour changes.

Each service is one transaction, checks scope and capability, writes its audit event inside, and
refreshes the colour statuses it affects (one person at once, a whole park in the background).
"""

from .common import REEVALUATE_TASK, people_of_park, reevaluation_start
from .declarations import RESIDENCE_KINDS, TRAVEL_DAYS_BACK, clean_declaration, declaration_submit, own_person
from .manual import (
    MANUAL_MAX_DAYS,
    NOTICE_COLOUR_CHANGED,
    manual_change_approve,
    manual_change_refuse,
    manual_change_request,
    manual_change_revoke,
)
from .risk_areas import clean_risk_area, risk_area_create, risk_area_end, risk_areas_import
from .rulesets import rule_add, rule_move, rule_remove, rule_update, ruleset_install_defaults

__all__ = [
    "MANUAL_MAX_DAYS",
    "NOTICE_COLOUR_CHANGED",
    "REEVALUATE_TASK",
    "RESIDENCE_KINDS",
    "TRAVEL_DAYS_BACK",
    "clean_declaration",
    "clean_risk_area",
    "declaration_submit",
    "manual_change_approve",
    "manual_change_refuse",
    "manual_change_request",
    "manual_change_revoke",
    "own_person",
    "people_of_park",
    "reevaluation_start",
    "risk_area_create",
    "risk_area_end",
    "risk_areas_import",
    "rule_add",
    "rule_move",
    "rule_remove",
    "rule_update",
    "ruleset_install_defaults",
]
