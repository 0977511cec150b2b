"""The Chinese for each new msgid of the dashboard (issue #6), for locale/zh_Hans django.po.

Keys are the English msgids of parkguard/dashboard and templates/dashboard; the lead compiles the .po.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "Above-scale enterprises": "规模以上企业",
    "Dashboard": "指挥部看板",
    "Nothing in your scope yet: a dashboard needs a role on a node.": "您的管辖范围内暂无节点：看板需要您在某个节点上担任角色。",
    "Open red flags": "未处置预警",
    "Pass colours": "通行码颜色",
    "Reports in": "已报",
    "Resumption rate": "复工率",
    "Resumption rate, last 14 days": "近14日复工率",
    "applications waiting": "件申请待审",
    "in the green channel": "件走绿色通道",
    "open red flags": "条预警未处置",
    "overdue for a decision": "件超时未审",
    "reports in": "已报送",
    "supervision gaps": "家企业监管缺位",
}
