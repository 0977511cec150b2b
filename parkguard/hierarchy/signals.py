"""Signals of the tree for the caches other apps keep beside their models (STYLE.md: signals only for
cache invalidation).

``subtree_moved`` is sent by ``services.move_subtree`` inside its transaction, after the one UPDATE
that rewrites the paths (a bulk update sends no ``post_save``): a cache of figures per parent (the
roll-up's kept totals, parkguard/reports) drops what the old and the new parent no longer add up to.
"""

from __future__ import annotations

from django.dispatch import Signal

# sender=Node; node, old_parent_id, new_parent_id
subtree_moved = Signal()
