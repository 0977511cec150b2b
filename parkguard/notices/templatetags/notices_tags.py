from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from parkguard.notices.selectors import notice_unread_count

register = template.Library()


@register.simple_tag
def notice_badge(user: Any) -> str:
    """The unread count beside "Notices" in the top bar; nothing when all is read."""
    if not getattr(user, "is_authenticated", False):
        return ""
    count = notice_unread_count(user=user)
    if not count:
        return ""
    return format_html('<span class="tag" id="notice-badge" title="{}">{}</span>', _("Unread notices"), count)
