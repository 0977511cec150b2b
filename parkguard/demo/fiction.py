"""Fictional names, id numbers and phone numbers for the demo.

Deterministic: each park draws from its own seeded generator, so every run builds the same demo and a
change to one park does not reshuffle the others. Id numbers are valid GB 11643 numbers (possible birth
date, correct check digit) that belong to nobody we know of; the sequence part is random.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric

FAMILY_NAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红鹏辉玲"
    "建国志宏海燕波宁丹斌浩凯琳欣怡佳俊晨雪梅飞鑫宇航慧颖婷"
)

TRADE_NAMES = (
    "恒昌", "宏达", "瑞丰", "华联", "鼎盛", "金诚", "众合", "永信", "新源", "泰和", "远航", "晨光", "德润",
    "嘉禾", "汇通", "博远", "天成", "安泰", "信达", "联创", "隆昌", "金鹰", "广源", "润华", "卓越", "盛世",
    "捷达", "兴业", "正阳", "华瑞", "东升", "中和",
)  # fmt: skip
TRADES = (
    "机械", "电子", "物流", "医药", "食品", "新材料", "精密制造", "光电", "汽车零部件", "商贸", "包装",
    "环保科技", "电气", "生物科技", "再生资源",
)  # fmt: skip
COMPOUND_WORDS = (
    "幸福",
    "和谐",
    "阳光",
    "锦绣",
    "翠湖",
    "金色",
    "书香",
    "春晖",
    "怡景",
    "康乐",
    "瑞祥",
    "兴园",
)
COMPOUND_SUFFIXES = ("花园", "家园", "雅苑", "新村", "佳苑", "名城")
PROJECT_KINDS = (
    "厂房新建工程", "安置房工程", "道路改造工程", "研发中心工程", "商业综合体工程", "学校建设工程",
    "雨污管网工程", "产业园标准厂房工程",
)  # fmt: skip
# Mobile prefixes of the three operators; the other eight digits are random.
MOBILE_PREFIXES = ("135", "136", "138", "139", "150", "151", "158", "186", "187", "189", "133", "177")

OLDEST, YOUNGEST = date(1960, 1, 1), date(2001, 12, 31)


class Fiction:
    """A seeded source of fictional data for one park."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(f"parkguard-demo:{seed}")
        self._id_numbers: set[str] = set()

    def person_name(self) -> str:
        given = "".join(self.rng.choice(GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(FAMILY_NAMES) + given

    def id_number(self, area: str) -> str:
        """A valid GB 11643 number: area code, birth date, sequence, check digit. Unique per generator."""
        while True:
            birth = OLDEST + timedelta(days=self.rng.randrange((YOUNGEST - OLDEST).days))
            body = f"{area}{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
            # stdnum's calc_check_digit reads a full 18-character number and ignores its last one.
            number = body + ric.calc_check_digit(body + "0")
            if number not in self._id_numbers:
                self._id_numbers.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def enterprise_names(self, city: str, count: int, trades: tuple[str, ...] = ()) -> list[str]:
        """``count`` distinct names such as 昆明恒昌机械有限公司."""
        combos = [(name, trade) for name in TRADE_NAMES for trade in (trades or TRADES)]
        if count > len(combos):
            raise ValueError(f"only {len(combos)} distinct enterprise names, {count} asked")
        return [f"{city}{name}{trade}有限公司" for name, trade in self.rng.sample(combos, count)]

    def compound_names(self, count: int) -> list[str]:
        combos = [w + s for w in COMPOUND_WORDS for s in COMPOUND_SUFFIXES]
        return self.rng.sample(combos, count)

    def project_names(self, count: int) -> list[str]:
        return [f"2020-{n:03d}号地块{PROJECT_KINDS[n % len(PROJECT_KINDS)]}" for n in range(1, count + 1)]
