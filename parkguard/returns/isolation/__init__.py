"""Writes of central isolation observation (集中隔离观察, issue #7): check-in, observations, extension,
release, alerts, and the overdue follow-up.

Every service is one transaction with its audit event; bad input is a ``ServiceError`` with a message
in zh-hans (English on request) and nothing is written. A check-in locks the site's row, then counts
the open stays of the room and of the site, so two check-ins at the same moment cannot overfill a room
(the second waits for the first and then sees its stay); a person has at most one open stay (unique
constraint, also when two sites check them in at once). Check-in and release re-evaluate the person's
colour (the health rules read the stays: ``health.status.isolations_of``), and so their pass.

The services live in four modules, one per part of the work, and are re-exported here, so callers keep
writing ``from parkguard.returns import isolation`` and ``isolation.stay_check_in(...)``:
``access`` (who may act, input cleaning), ``sites`` (sites and rooms), ``stays`` (check-in, extension,
release) and ``observations`` (observations, alerts, the overdue follow-up).
"""

from .access import (
    FEVER,
    check_manage,
    clean_day,
    clean_symptoms,
    clean_temperature,
    field_error,
    may_manage,
    may_release_early,
    today,
)
from .observations import (
    NOTICE_KIND,
    SLOT_DUE,
    alert_resolve,
    due_slots,
    flag_overdue,
    observation_record,
    overdue_slots,
    park_commanders,
)
from .sites import MAX_ROOM_BEDS, MAX_SITE_BEDS, check_command, room_save, site_setup, site_update
from .stays import (
    MAX_EXTENSION_DAYS,
    certificate_number_for,
    free_room,
    run_check_in,
    stay_check_in,
    stay_extend,
    stay_release,
    waiting_passengers,
)

__all__ = [
    "FEVER",
    "MAX_EXTENSION_DAYS",
    "MAX_ROOM_BEDS",
    "MAX_SITE_BEDS",
    "NOTICE_KIND",
    "SLOT_DUE",
    "alert_resolve",
    "certificate_number_for",
    "check_command",
    "check_manage",
    "clean_day",
    "clean_symptoms",
    "clean_temperature",
    "due_slots",
    "field_error",
    "flag_overdue",
    "free_room",
    "may_manage",
    "may_release_early",
    "observation_record",
    "overdue_slots",
    "park_commanders",
    "room_save",
    "run_check_in",
    "site_setup",
    "site_update",
    "stay_check_in",
    "stay_extend",
    "stay_release",
    "today",
    "waiting_passengers",
]
