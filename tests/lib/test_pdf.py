from __future__ import annotations

import base64
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from parkguard.lib import pdf
from parkguard.lib.charts import GREEN, RED, BarChart, LineChart, Series
from parkguard.lib.pdf import PdfError, PdfUnavailable, png_data_uri, render_pdf

PARK = "锡山经济技术开发区"
FIGURE_LABELS = ("应报", "已报", "未报", "迟报")

BULLETIN = """{% extends "pdf/base.html" %}
{% block content %}
<h1>{{ park }}疫情防控日通报</h1>
<div class="key-figures">
  {% for label, value in figures %}
  <div class="key-figure"><span class="value">{{ value }}</span><span class="label">{{ label }}</span></div>
  {% endfor %}
</div>
{% for chart in charts %}
<figure class="chart"><img src="{{ chart }}" alt="图{{ forloop.counter }}"></figure>
{% endfor %}
{% for row in rows %}<p>未报企业：无锡某某精密机械有限公司{{ row }}</p>{% endfor %}
{% endblock %}
"""

FETCHES = """{% extends "pdf/base.html" %}
{% block content %}<img src="{{ src }}" alt="">{% endblock %}
"""

STYLED = """{% extends "pdf/base.html" %}
{% block style %}<link rel="stylesheet" href="css/parkguard.css">{% endblock %}
{% block content %}<p>{{ park }}</p>{% endblock %}
"""


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed: install the Debian package poppler-utils")
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=60)  # noqa: S603
    return done.stdout


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    (folder / "pdf").mkdir()
    for name, text in {"bulletin.html": BULLETIN, "fetches.html": FETCHES, "styled.html": STYLED}.items():
        (folder / "pdf" / name).write_text(text, encoding="utf-8")
    engine = settings.TEMPLATES[0]
    with override_settings(TEMPLATES=[{**engine, "DIRS": [*engine["DIRS"], folder]}]):
        yield folder


@pytest.fixture(scope="module")
def bulletin(templates, tmp_path_factory) -> Path:
    completeness = BarChart(
        title="各片区填报情况",
        categories=["东片区", "西片区"],
        series=[Series("已报", [10, 20], GREEN), Series("未报", [2, 1], RED)],
    )
    trend = LineChart(x_labels=["3/1", "3/2", "3/3"], series=[Series("已报", [25, 28, 30])])
    context = {
        "document_title": f"{PARK}日通报",
        "document_date": dt.date(2020, 3, 1),
        "park": PARK,
        "figures": list(zip(FIGURE_LABELS, (33, 30, 3, 2), strict=True)),
        "charts": [png_data_uri(completeness.png(dpi=100)), png_data_uri(trend.png(dpi=100))],
        "rows": range(60),
    }
    path = tmp_path_factory.mktemp("pdf") / "bulletin.pdf"
    path.write_bytes(render_pdf("pdf/bulletin.html", context))
    return path


def test_pdf_text_holds_the_park_name_and_figure_labels(bulletin):
    text = poppler("pdftotext", str(bulletin), "-")

    assert f"{PARK}疫情防控日通报" in text
    for label in FIGURE_LABELS:
        assert label in text


def test_pdf_charts_are_images(bulletin):
    listing = poppler("pdfimages", "-list", str(bulletin))

    images = [line for line in listing.splitlines()[2:] if line.split()[2] == "image"]
    assert len(images) == 2


def test_pdf_embeds_the_cjk_font(bulletin):
    fonts = poppler("pdffonts", str(bulletin))

    assert re.search(r"Noto-?Sans-?CJK-?SC", fonts)
    for line in fonts.splitlines()[2:]:
        assert line.split()[-5] == "yes", f"font not embedded: {line}"


def test_pdf_is_a4_with_title_and_author(bulletin):
    info = poppler("pdfinfo", str(bulletin))

    assert re.search(r"^Title:\s+锡山经济技术开发区日通报$", info, re.MULTILINE)
    assert re.search(r"^Author:\s+ParkGuard$", info, re.MULTILINE)
    assert "(A4)" in info


def test_every_page_has_header_and_page_number(bulletin):
    pages = int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(bulletin)), re.MULTILINE)[1])
    assert pages >= 2

    for page in range(1, pages + 1):
        text = poppler("pdftotext", "-f", str(page), "-l", str(page), str(bulletin), "-")
        assert f"{PARK}日通报" in text
        assert "2020年3月1日" in text
        assert re.search(rf"^{page}\s*/\s*{pages}$", text, re.MULTILINE)


@pytest.mark.parametrize(
    "src", ["http://127.0.0.1:9/chart.png", "https://example.com/x.png", "file:///etc/passwd"]
)
def test_pdf_refuses_resources_from_outside(templates, src):
    with pytest.raises(PdfError, match="data: URIs and static files only"):
        render_pdf("pdf/fetches.html", {"src": src, "document_title": "x"})


def test_pdf_reads_static_files(templates):
    static = Path(settings.STATICFILES_DIRS[0]).resolve()

    data = render_pdf("pdf/styled.html", {"park": PARK}, base_url=static.as_uri() + "/")

    assert data.startswith(b"%PDF-")


def test_png_data_uri_refuses_other_bytes():
    with pytest.raises(ValueError, match="PNG"):
        png_data_uri(b"<svg></svg>")


def test_png_data_uri_is_base64_png():
    data = b"\x89PNG\r\n\x1a\nrest"

    uri = png_data_uri(data)

    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.removeprefix("data:image/png;base64,")) == data


def test_missing_pango_names_the_debian_packages(monkeypatch):
    def no_pango(name):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf.importlib, "import_module", no_pango)

    with pytest.raises(PdfUnavailable, match=re.escape("libpango-1.0-0 libpangoft2-1.0-0")):
        render_pdf("pdf/base.html", {})
