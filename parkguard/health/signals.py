"""What the health app tells the rest of ParkGuard.

``colour_changed`` is sent (after the transaction that changed it commits) whenever a person's colour
status changes, with ``person``, ``before`` (a ``ColourStatus`` or None the first time) and ``after``.
The passes app listens: a worse colour revokes the person's current pass.
"""

from django.dispatch import Signal

colour_changed = Signal()
