"""The Chinese for each new msgid of notices and reminders (issue #4 item 4), for locale/zh_Hans django.po.

Keys are the English msgids of parkguard/notices, parkguard/reports/reminders.py and the notices
templates; the lead compiles the .po.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "%(count)d notices marked read.": "已将%(count)d条通知标为已读。",
    "%(n)s unread notice": "%(n)s条未读通知",
    "%(n)s unread notices": "%(n)s条未读通知",
    "%(site)s has not yet submitted its %(period)s report of %(date)s (deadline %(deadline)s). "
    "Please submit it, or see that it is submitted.": "%(site)s尚未提交%(date)s%(period)s报告（截止时间%(deadline)s），"
    "请尽快提交或督促其提交。",
    "%(site)s: the %(period)s report of %(date)s is due by %(deadline)s": "%(site)s：%(date)s%(period)s报告须于"
    "%(deadline)s前提交",
    "%(site)s: the %(period)s report of %(date)s missed its %(deadline)s deadline": "%(site)s：%(date)s%(period)s"
    "报告已过%(deadline)s截止时间，尚未提交",
    "Mark all read": "全部标为已读",
    "Mark read": "标为已读",
    "No notices.": "暂无通知。",
    "Notice": "通知",
    "Notices": "通知",
    "Open": "打开",
    "Report missing": "报告缺报",
    "Sent at": "发送时间",
    "This notice is not yours.": "这条通知不属于您。",
    "Unread notices": "未读通知",
    "about": "相关节点",
    "kind": "类型",
    "link": "链接",
    "notice": "通知",
    "notices": "通知",
    "read at": "阅读时间",
    "recipient": "接收人",
    "sent at": "发送时间",
    "text": "正文",
    "title": "标题",
    "Health declaration missing": "未健康申报",
    "Pass colour changed": "通行码颜色变化",
    "Work resumption": "复工复产",
    "Isolation observation": "隔离观察",
}
