from __future__ import annotations

import io
import struct
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import translation
from matplotlib import font_manager

from parkguard.lib import charts
from parkguard.lib.charts import (
    AMBER,
    GREEN,
    RED,
    BarChart,
    ChartFontMissing,
    DonutChart,
    LineChart,
    Series,
    Slice,
    find_cjk_font,
)


def completeness() -> BarChart:
    return BarChart(
        title="各片区填报情况",
        categories=["东片区", "西片区", "南片区"],
        series=[
            Series("已报", [10, 20, 5], GREEN),
            Series("迟报", [1, 0, 2], AMBER),
            Series("未报", [2, 0, 7], RED),
        ],
    )


def trend() -> LineChart:
    days = [f"3/{day}" for day in range(1, 15)]
    return LineChart(
        title="近两周趋势",
        x_labels=days,
        series=[Series("应报", [120] * 14), Series("已报", [100 + d for d in range(14)])],
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_bar_chart_svg_keeps_chinese_labels_as_text():
    svg = completeness().svg()

    for text in ("各片区填报情况", "东片区", "西片区", "南片区", "已报", "迟报", "未报"):
        assert f">{text}</text>" in svg
    assert "font-family: 'Noto Sans CJK SC'" in svg


def test_line_chart_svg_shows_series_and_days():
    svg = trend().svg()

    assert ">应报</text>" in svg
    assert ">已报</text>" in svg
    assert ">3/1</text>" in svg


def test_donut_shows_parts_and_centre_figure():
    donut = DonutChart(
        title="按时率",
        slices=[Slice("按时", 80, GREEN), Slice("迟报", 5, AMBER), Slice("未报", 15, RED)],
        center_text="80%",
    )

    svg = donut.svg()

    assert ">按时 80</text>" in svg
    assert ">未报 15</text>" in svg
    assert ">80%</text>" in svg


def test_same_chart_gives_the_same_bytes():
    assert completeness().svg() == completeness().svg()
    assert completeness().png(dpi=72) == completeness().png(dpi=72)


def test_svg_has_no_date():
    assert "<dc:date>" not in completeness().svg()


def test_png_has_the_printed_size_at_the_requested_dpi():
    chart = BarChart(categories=["东片区"], series=[Series("已报", [3])], width_cm=12.7, height_cm=5.08)

    assert png_size(chart.png(dpi=100)) == (500, 200)
    assert png_size(chart.png(dpi=200)) == (1000, 400)


def test_png_draws_every_chinese_glyph():
    # matplotlib warns "Glyph … missing from font(s)" where it would draw an empty box.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        completeness().png(dpi=50)
        trend().png(dpi=50)

    assert not [w for w in caught if "missing from" in str(w.message)]


def test_svg_inline_is_an_element_labelled_for_screen_readers():
    inline = completeness().svg_inline()

    assert inline.startswith('<svg role="img" aria-label="各片区填报情况"')
    assert "<?xml" not in inline
    assert "<!DOCTYPE" not in inline


def test_svg_inline_escapes_labels_from_data():
    chart = BarChart(
        title='<img src=x onerror="alert(1)">',
        categories=["<script>alert(1)</script>"],
        series=[Series("已报", [1])],
    )

    inline = chart.svg_inline()

    assert "<script>" not in inline
    assert "&lt;script&gt;" in inline
    assert "<img" not in inline


def test_dollar_signs_in_labels_are_text_not_math():
    chart = BarChart(categories=["A$1$B", "C$D"], series=[Series("已报", [1, 2])])

    svg = chart.svg()

    assert ">A$1$B</text>" in svg
    assert ">C$D</text>" in svg


def test_empty_chart_says_there_is_no_data():
    chart = BarChart(title="各片区填报情况", categories=[], series=[])

    with translation.override("en"):
        svg = chart.svg()

    assert ">No data</text>" in svg


def test_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="has 2 values for 3 labels"):
        BarChart(categories=["东", "西", "南"], series=[Series("已报", [1, 2])])


def test_missing_cjk_font_names_the_debian_package():
    with pytest.raises(ChartFontMissing, match="fonts-noto-cjk"):
        find_cjk_font([])


def test_font_installed_after_matplotlib_cached_its_font_list_is_found(monkeypatch):
    cached = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", cached)

    assert charts._find_or_rescan().name == "Noto Sans CJK SC"


def test_installed_cjk_font_is_noto_simplified_chinese():
    assert find_cjk_font().name == "Noto Sans CJK SC"


def test_charts_render_the_same_in_parallel_threads():
    expected = completeness().svg()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: completeness().svg(), range(8)))

    assert all(result == expected for result in results)


def test_png_opens_as_an_image():
    from PIL import Image

    image = Image.open(io.BytesIO(trend().png(dpi=72)))

    assert image.format == "PNG"
    image.verify()
