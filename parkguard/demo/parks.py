"""The five parks of the seed (seeds/000: 工作动态 2020年第1期), as data.

Figures the seed gives are kept exactly (昆明: 66 compounds, 140 grid units, 337 grid officials, 682
building heads, 439 above-scale enterprises; 无锡: 194 construction projects; 上海庙: 24 enterprises, 7
compounds, 4 task forces). Where the seed gives no figure, or a figure too large for a quick demo, the
number here is ours and the comment says so. Names of people, enterprises and compounds are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL_NAME = "国家生态工业园区建设协调领导小组办公室"
# Every division code in the demo is from the 2020 lists: the seed is dated 2020-03-30.
CODE_YEAR = 2020


@dataclass(frozen=True)
class AreaSpec:
    """An area (片区 / 街道) and its grids. ``grid_name`` is formatted with the grid's number ``n``."""

    name: str
    grids: int = 0
    grid_name: str = "第{n}网格"
    # 12-digit statistical code (county + street + community); only where we give one.
    code: str = ""


@dataclass(frozen=True)
class ParkSpec:
    """One park: its places, its officials and how many fictional people live and work there.

    Sites (compounds, enterprises, construction projects, other sites) are spread evenly over the
    park's grids, or over its areas where it has no grids. Buildings are spread over the compounds.
    """

    key: str  # prefix of the officials' user names
    name: str
    division_code: str  # GB/T 2260, six digits
    city: str  # prefix of fictional enterprise names
    areas: tuple[AreaSpec, ...] = ()
    task_forces: tuple[str, ...] = ()
    checkpoints: tuple[str, ...] = ()
    medical: tuple[str, ...] = ()
    isolation_sites: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    # The construction authority (建设主管部门) that construction projects also report to (无锡's
    # 双报告制度): the department's name and the task force whose members are its staff.
    construction_authority: tuple[str, str] | None = None
    compounds: int = 0
    buildings: int = 0
    enterprises: int = 0
    enterprise_trades: tuple[str, ...] = ()  # overrides the general trades for enterprise names
    enterprise_categories: tuple[str, ...] = ()  # appended to names in turn: 企业（独立厂区）
    construction_projects: int = 0
    grid_officials: int | None = None  # None: one per grid
    # Service commissioners share the park's enterprises and projects between them.
    commissioners: int = 0
    commissioners_on_task_forces: bool = False  # 合肥: they belong to the enterprise service groups
    # Responsible officials (包保) share the first ``responsible_enterprises`` enterprises and projects;
    # None means all of them but the last ``responsible_gaps``.
    responsible_officials: int = 0
    responsible_enterprises: int | None = None
    responsible_gaps: int = 0
    department_gaps: int = 0  # the last enterprises have no supervising department
    people: int = 20
    # Area codes of the people's id numbers (place of first registration); the first is the park's own.
    id_areas: tuple[str, ...] = ()


ZIYA = ParkSpec(
    key="zy",
    name="天津子牙经济技术开发区",
    division_code="120118",  # 静海区
    city="子牙",
    # 主要领导负总责、分管领导包片区、一般干部保企业: one area leader per 片区, officials per enterprise.
    areas=(
        AreaSpec("循环经济产业片区", grids=2),
        AreaSpec("节能环保产业片区", grids=2),
        AreaSpec("子牙镇片区", grids=2),
    ),
    departments=("经济发展局", "安全生产监督管理局", "生态环境局", "建设管理局", "招商服务局"),
    compounds=2,
    buildings=8,
    enterprises=39,  # ours: the seed gives no count
    construction_projects=0,
    commissioners=8,  # 防疫服务专员
    responsible_officials=12,  # 一般干部保企业
    responsible_gaps=3,  # the assignments page has gaps to show
    department_gaps=2,
    people=25,
    id_areas=("120118", "130981", "371402"),
)

WUXI = ParkSpec(
    key="wx",
    name="无锡新区",
    division_code="320214",  # 新吴区
    city="无锡",
    areas=tuple(
        AreaSpec(street, grids=2, grid_name=street.removesuffix("街道") + "第{n}社区")
        for street in ("旺庄街道", "硕放街道", "江溪街道", "新安街道", "梅村街道", "鸿山街道")
    ),
    compounds=6,  # 智码开门 opens compound gates; the seed gives no count
    buildings=18,
    construction_projects=194,
    construction_authority=("新吴区住房和城乡建设局", "建设工程疫情防控专班"),  # names are ours
    commissioners=20,  # 分工包干、一对一服务 on the construction projects; count is ours
    people=30,
    id_areas=("320214", "320211", "341221"),
)

KUNMING = ParkSpec(
    key="km",
    # GB/T 2260 has no code of its own for the park; it lies in 官渡区 (530111).
    name="昆明经济技术开发区",
    division_code="530111",
    city="昆明",
    # Five-level grid 区、街道、社区、小区、楼栋 with 140 村民小组网格单元. Street codes are in the
    # statistical format (county + street + 000); illustrative, not taken from the official list.
    areas=(
        AreaSpec("阿拉街道", grids=72, grid_name="阿拉第{n}村民小组网格单元", code="530111009000"),
        AreaSpec("洛羊街道", grids=68, grid_name="洛羊第{n}村民小组网格单元", code="530111010000"),
    ),
    # 2 工作专班 (names are ours) and the seed's five working groups.
    task_forces=(
        "综合协调专班",
        "复工复产服务专班",
        "病源输入防控组",
        "疫情监测处置组",
        "医疗救治组",
        "后勤保障组",
        "舆情监测和宣传组",
    ),
    medical=("经开区社区卫生服务中心", "阿拉街道卫生院"),
    isolation_sites=("经开区集中留验站",),
    compounds=66,
    buildings=682,
    enterprises=439,
    enterprise_categories=("独立厂区", "商贸物流", "楼宇经济"),
    grid_officials=337,  # 社区网格员和包保部门网格员
    # Officials of the 包保 departments answer for the enterprises (the seed gives no count).
    responsible_officials=40,
    people=40,
    id_areas=("530111", "530102", "532301"),
)

HEFEI = ParkSpec(
    key="hf",
    name="合肥高新技术产业开发区",
    division_code="340104",  # 蜀山区
    city="合肥",
    areas=(AreaSpec("南岗科技园片区"), AreaSpec("柏堰科技园片区"), AreaSpec("创新产业园片区")),
    task_forces=tuple(f"企业服务{n}组" for n in "一二三四五"),
    compounds=2,
    buildings=6,
    # The seed: 300+ commissioners cover all enterprises. Scaled down ~10x so the demo stays quick.
    enterprises=120,
    enterprise_trades=("生物医药", "人工智能", "智能语音", "检测技术", "医疗器械", "软件", "光电", "新材料"),
    commissioners=30,
    commissioners_on_task_forces=True,
    responsible_officials=5,  # 管委会领导
    responsible_enterprises=20,  # 包联 20 家重点企业
    people=30,
    id_areas=("340104", "340102", "341202"),
)

SHANGHAIMIAO = ParkSpec(
    key="shm",
    name="上海庙经济开发区",
    division_code="150623",  # 鄂托克前旗
    city="上海庙",
    areas=(AreaSpec("上海庙镇", grids=4, grid_name="上海庙镇第{n}网格"),),
    task_forces=("综合协调组", "排查防控组", "返岗复工组", "物资保障组"),  # 4 专项工作组; names are ours
    checkpoints=("宁东出口检查站",),
    isolation_sites=("上海庙集中隔离观察点",),
    # 开发区为每个企业落实一个监管部门
    departments=(
        "经济发展局",
        "安全生产监督管理局",
        "生态环境分局",
        "规划建设局",
        "社会事务局",
        "应急管理办公室",
    ),
    compounds=7,
    buildings=21,
    enterprises=24,
    enterprise_trades=("煤业", "矿业", "电力", "能源", "煤化工", "化工"),
    responsible_officials=8,
    people=30,
    # 煤矿企业以山东籍工人居多: most workers' id numbers are from Shandong.
    id_areas=("150623", "370883", "370481", "370828"),
)

PARKS: tuple[ParkSpec, ...] = (ZIYA, WUXI, KUNMING, HEFEI, SHANGHAIMIAO)
