"""Charts drawn on the server, once as SVG for pages and once as PNG for PDF documents.

A chart is a small frozen description (``BarChart``, ``LineChart``, ``DonutChart``); ``svg()`` and
``png()`` draw the same description with matplotlib, so a page and the printed bulletin show the same
figure. matplotlib is used through ``Figure`` objects only, never ``pyplot``: pyplot keeps global
state and is not safe in a threaded web process.

Chinese labels need a CJK font. Without one matplotlib silently draws empty boxes (tofu), so the font
is looked up explicitly and its absence is an error that names the Debian package. SVG keeps text as
text (``svg.fonttype = none``): it stays searchable, selectable and small, and the browser sets it in
the page's own CJK font. Output is deterministic (fixed hash salt, no date) so that tests and caches
can compare bytes. See docs/adr/0010-bulletin-pdf-and-charts.md.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import MaxNLocator, PercentFormatter

# Preferred first: Simplified Chinese glyph forms, then the other Noto/Source Han regional subsets.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
)
CJK_PACKAGE = "fonts-noto-cjk"
_PROBE = "应报已报未报迟报园区"
_CM_PER_INCH = 2.54
_SVG_SALT = "parkguard"

# The project's colours (static/css/parkguard.css).
GREEN = "#1f7a3a"
BRAND = "#0b6e4f"
AMBER = "#b58100"
RED = "#b3261e"
GREY = "#5b6675"
PALETTE = (BRAND, AMBER, RED, GREY, "#3b6ea5", "#7a4f9a")


class ChartFontMissing(RuntimeError):
    """No installed font can draw Chinese text; charts would show empty boxes."""


@dataclass(frozen=True)
class Series:
    """One named row of values, drawn as a bar segment or a line."""

    label: str
    values: Sequence[float]
    color: str | None = None


@dataclass(frozen=True)
class Slice:
    """One part of a donut."""

    label: str
    value: float
    color: str | None = None


def find_cjk_font(fonts: Sequence[font_manager.FontEntry] | None = None) -> font_manager.FontEntry:
    """The installed font entry that can set Chinese text, preferring Simplified Chinese forms."""
    fonts = font_manager.fontManager.ttflist if fonts is None else fonts
    for family in CJK_FAMILIES:
        # Regular weight first: its file is the one whose glyphs are checked.
        entries = sorted(
            (f for f in fonts if f.name == family), key=lambda f: f.weight not in (400, "normal")
        )
        if entries and _draws_chinese(entries[0].fname):
            return entries[0]
    raise ChartFontMissing(
        f"No CJK font found for chart labels (looked for {', '.join(CJK_FAMILIES)}). "
        f"Install the Debian package {CJK_PACKAGE} (apt-get install {CJK_PACKAGE}) and restart the process."
    )


def _draws_chinese(path: str) -> bool:
    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError):
        return False
    return all(ord(char) in charmap for char in _PROBE)


_font: font_manager.FontEntry | None = None
_lock = threading.Lock()


def cjk_font() -> font_manager.FontEntry:
    """``find_cjk_font()`` of the installed fonts, looked up once per process (a failure is not kept)."""
    global _font
    with _lock:
        if _font is None:
            _font = _find_or_rescan()
            # rcParams are process-wide: set once, here, and never changed afterwards (no
            # ``rc_context``, which would race between threads).
            matplotlib.rcParams.update(
                {
                    "font.family": [_font.name],
                    "svg.fonttype": "none",
                    # Labels are data (site names); a "$" in one must not start TeX math.
                    "text.parse_math": False,
                    "svg.hashsalt": _SVG_SALT,
                    "axes.spines.top": False,
                    "axes.spines.right": False,
                }
            )
        return _font


def _find_or_rescan() -> font_manager.FontEntry:
    try:
        return find_cjk_font()
    except ChartFontMissing:
        # matplotlib keeps a cache of the system's fonts; one built before fonts-noto-cjk was
        # installed does not list it.
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "SourceHan" in path:
                font_manager.fontManager.addfont(path)
        return find_cjk_font()


@dataclass(frozen=True, kw_only=True)
class Chart:
    """What every chart shares: an optional title drawn above it, and its printed size."""

    title: str = ""
    width_cm: float = 16.0
    height_cm: float = 8.0

    def figure(self) -> Figure:
        cjk_font()
        figure = Figure(
            figsize=(self.width_cm / _CM_PER_INCH, self.height_cm / _CM_PER_INCH), layout="constrained"
        )
        axes = figure.add_subplot()
        if self.title:
            axes.set_title(self.title, loc="left", fontsize=11)
        if self._is_empty():
            axes.set_axis_off()
            axes.text(0.5, 0.5, _("No data"), ha="center", va="center", color=GREY, transform=axes.transAxes)
        else:
            self._draw(axes)
        return figure

    def svg(self) -> str:
        """A standalone SVG document (for an ``image/svg+xml`` response or a file)."""
        out = io.StringIO()
        self.figure().savefig(out, format="svg", metadata={"Date": None})
        return out.getvalue()

    def svg_inline(self) -> SafeString:
        """The ``<svg>`` element alone, labelled for screen readers, to put inside a page.

        Safe to insert unescaped: matplotlib XML-escapes every text it writes.
        """
        document = self.svg()
        element = document[document.index("<svg") :]
        label = escape(self.title or _("Chart"))
        return mark_safe(element.replace("<svg", f'<svg role="img" aria-label="{label}"', 1))  # noqa: S308

    def png(self, *, dpi: int = 200) -> bytes:
        """A PNG of exactly ``width_cm`` × ``height_cm`` at ``dpi`` (for PDF documents)."""
        out = io.BytesIO()
        self.figure().savefig(out, format="png", dpi=dpi, metadata={"Software": None})
        return out.getvalue()

    def _is_empty(self) -> bool:
        return False

    def _draw(self, axes: Axes) -> None:
        raise NotImplementedError


def _check_lengths(labels: Sequence[str], series: Sequence[Series]) -> None:
    for one in series:
        if len(one.values) != len(labels):
            raise ValueError(f"Series {one.label!r} has {len(one.values)} values for {len(labels)} labels.")


def _legend(axes: Axes, count: int) -> None:
    # Outside the axes, so that it never covers a bar or the end of a line.
    if count > 1:
        axes.figure.legend(frameon=False, fontsize=9, ncols=min(count, 4), loc="outside upper right")


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True, kw_only=True)
class BarChart(Chart):
    """Values by category; several series side by side or stacked (e.g. submitted + missing by area)."""

    categories: Sequence[str]
    series: Sequence[Series]
    stacked: bool = True
    horizontal: bool = False
    value_labels: bool = True

    def __post_init__(self) -> None:
        _check_lengths(self.categories, self.series)

    def _is_empty(self) -> bool:
        return not self.categories or not self.series

    def _draw(self, axes: Axes) -> None:
        positions = range(len(self.categories))
        count = len(self.series)
        width = 0.7 if self.stacked else 0.8 / count
        base = [0.0] * len(self.categories)
        for index, one in enumerate(self.series):
            color = one.color or PALETTE[index % len(PALETTE)]
            offset = 0.0 if self.stacked else (index - (count - 1) / 2) * width
            places = [p + offset for p in positions]
            draw = axes.barh if self.horizontal else axes.bar
            bars = draw(places, one.values, width, base, label=one.label, color=color)
            if self.value_labels:
                self._label(axes, bars, one.values)
            if self.stacked:
                base = [b + v for b, v in zip(base, one.values, strict=True)]
        self._categories_axis(axes)
        _legend(axes, count)

    def _label(self, axes: Axes, bars: BarContainer, values: Sequence[float]) -> None:
        if not self.stacked:
            axes.bar_label(bars, labels=[_number(v) for v in values], padding=2, fontsize=8)
            return
        # A number inside a thin segment would overprint its neighbours' numbers.
        tallest = max(sum(column) for column in zip(*(one.values for one in self.series), strict=True))
        labels = [_number(v) if v >= 0.06 * tallest else "" for v in values]
        axes.bar_label(bars, labels=labels, label_type="center", fontsize=8, color="white")

    def _categories_axis(self, axes: Axes) -> None:
        positions = list(range(len(self.categories)))
        if self.horizontal:
            axes.set_yticks(positions, self.categories)
            axes.invert_yaxis()  # first category on top, as in a table
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            rotation = 30 if len(self.categories) > 6 else 0
            axes.set_xticks(
                positions, self.categories, rotation=rotation, ha="right" if rotation else "center"
            )
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))


@dataclass(frozen=True, kw_only=True)
class LineChart(Chart):
    """One or more series over days; ``x_labels`` are the days, already formatted for the reader."""

    x_labels: Sequence[str]
    series: Sequence[Series]
    y_label: str = ""
    percent: bool = False

    def __post_init__(self) -> None:
        _check_lengths(self.x_labels, self.series)

    def _is_empty(self) -> bool:
        return not self.x_labels or not self.series

    def _draw(self, axes: Axes) -> None:
        positions = list(range(len(self.x_labels)))
        for index, one in enumerate(self.series):
            color = one.color or PALETTE[index % len(PALETTE)]
            axes.plot(
                positions, one.values, marker="o", markersize=3, linewidth=1.8, label=one.label, color=color
            )
        step = max(1, len(positions) // 10)  # at most ~10 day labels, or they overlap
        axes.set_xticks(positions[::step], list(self.x_labels)[::step])
        axes.set_ylim(bottom=0)
        if self.percent:
            axes.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        else:
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        if self.y_label:
            axes.set_ylabel(self.y_label)
        axes.grid(axis="y", linewidth=0.5, alpha=0.5)
        _legend(axes, len(self.series))


@dataclass(frozen=True, kw_only=True)
class DonutChart(Chart):
    """Parts of a whole (e.g. on time / late / missing), with a figure in the middle such as "92%"."""

    slices: Sequence[Slice]
    center_text: str = ""
    width_cm: float = 8.0
    height_cm: float = 8.0

    def _is_empty(self) -> bool:
        return sum(s.value for s in self.slices) <= 0

    def _draw(self, axes: Axes) -> None:
        shown = [s for s in self.slices if s.value > 0]
        colors = [s.color or PALETTE[i % len(PALETTE)] for i, s in enumerate(shown)]
        total = sum(s.value for s in shown)
        axes.pie(
            [s.value for s in shown],
            labels=[f"{s.label} {_number(s.value)}" for s in shown],
            colors=colors,
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.38, "edgecolor": "white"},
            textprops={"fontsize": 9},
        )
        axes.set_aspect("equal")
        text = self.center_text or _number(total)
        axes.text(0, 0, text, ha="center", va="center", fontsize=16, fontweight="bold")
