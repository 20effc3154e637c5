"""dejiden publish: one self-contained, accessible page of a project's KPI results (html5lib and headless Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dejiden.model import draft, publish
from dejiden.model.example import seed_report
from dejiden.model.publish import chart
from dejiden.model.publish.chart import number
from dejiden.tui.cli import main

from .summary_reports import SCRIPT, sapporo_incomplete, shiojiri

pytestmark = pytest.mark.writes_files
NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium (Debian chromium) is not installed")


def parse(page: str):
    """The page as an HTML5 parser builds it; a parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)


def text(element) -> str:
    return "".join(element.itertext())


def figures(report) -> list[list[str]]:
    """Per KPI, the printed figures of each year: target, actual, status."""
    ed = report.ed
    return [[x for y in ed.kpi_years for x in (number(k.year(y).target), number(k.year(y).actual), k.status(y) or "未入力")]
            for k in report.kpis]


@pytest.mark.parametrize("report", [seed_report(), shiojiri(), sapporo_incomplete()], ids=["seed", "shiojiri", "incomplete"])
def test_the_page_is_valid_accessible_and_holds_every_figure(report):
    root = parse(publish.render(report))
    assert root.get("lang") == "ja"
    assert not list(root.iter(f"{NS}script")) and not [e for e in root.iter() if e.get("src")]
    assert all(e.get("href", "#").startswith("#") for e in root.iter() if e.get("href") is not None)  # nothing external
    assert "@page { size: A4" in text(root.find(f".//{NS}style"))
    levels = [int(e.tag[-1]) for e in root.iter() if re.fullmatch(rf"{re.escape(NS)}h[1-6]", str(e.tag))]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))  # headings in order, none skipped
    sections = root.findall(f".//{NS}section")
    assert len(sections) == len(report.kpis)
    for section, expected in zip(sections, figures(report)):
        svg = section.find(f".//{SVG}svg")
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG}title")
        assert title.get("id") == svg.get("aria-labelledby") and title.text
        table = section.find(f"{NS}table")
        cells = [text(td) for td in table.iter(f"{NS}td")]
        assert cells == expected
        for figure in expected[:2]:
            assert figure in title.text


def test_text_from_the_draft_is_escaped():
    page = publish.render(shiojiri())
    root = parse(page)
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert any(SCRIPT in text(p) for p in root.iter(f"{NS}p"))  # shown as text
    assert "窓口の待ち時間を短くする<b>オンライン予約</b>" in text(root.find(f".//{NS}h1"))
    assert not list(root.iter(f"{NS}b"))


def test_control_characters_never_reach_the_page():
    report = seed_report()
    report.kpis[0].narrative_unachieved = "前\x1b[31m後\x00\x07\u202e逆"
    page = publish.render(report)
    assert "\x1b" not in page and "\u202e" not in page and "前[31m後逆" in page


def test_a_minus_target_draws_below_the_zero_line():
    page = publish.render(shiojiri())
    chart = parse(page).findall(f".//{NS}section")[2].find(f".//{SVG}svg")
    zero = next(float(line.get("y1")) for line in chart.iter(f"{SVG}line") if line.get("stroke-width") == "1.5")
    tops = [float(r.get("y")) for r in chart.iter(f"{SVG}rect") if r.get("height") and float(r.get("height")) > 0
            and float(r.get("y")) > 20]
    assert any(abs(t - zero) < 0.01 for t in tops)  # a negative bar hangs from the zero line


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={tmp / 'chromium-profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=True)


@needs_chromium
def test_chromium_shows_every_figure_and_prints_on_a4(tmp_path):
    path = tmp_path / "塩尻市.toml"
    draft.save(path, draft.Draft(shiojiri()))
    page = tmp_path / "kekka.html"
    assert main(["publish", str(path), "-o", str(page)]) == 0
    dom = _chromium("--dump-dom", page.as_uri(), tmp=tmp_path).stdout
    root = parse(dom)
    assert not list(root.iter(f"{NS}script"))
    for section, expected in zip(root.findall(f".//{NS}section"), figures(shiojiri())):
        assert [text(td) for td in section.find(f"{NS}table").iter(f"{NS}td")] == expected
    assert SCRIPT in text(root)
    shot = tmp_path / "kekka.png"
    _chromium(f"--screenshot={shot}", "--window-size=900,1600", page.as_uri(), tmp=tmp_path)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    if shutil.which("pdfinfo"):
        pdf = tmp_path / "kekka.pdf"
        _chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri(), tmp=tmp_path)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info)


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_a_long_unbroken_name_wraps_and_nothing_is_cut_off_the_printed_page(tmp_path):
    """A name without a break (an address, say) wraps: the KPI list keeps its 達成状況 column on the A4 page."""
    report = shiojiri()
    report.kpis[3].name = "https://www.city.example.lg.jp/" + "a" * 90
    report.kpis[3].unit = "U" * 60
    path = tmp_path / "long.toml"
    draft.save(path, draft.Draft(report))
    page, pdf = tmp_path / "kekka.html", tmp_path / "kekka.pdf"
    assert main(["publish", str(path), "-o", str(page)]) == 0
    _chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri(), tmp=tmp_path)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    statuses = [k.status(report.ed.final_year) or "未入力" for k in report.kpis]
    table = first[first.index("KPI①"):first.index("達成状況は様式の注記")]  # the KPI list, as printed
    assert re.findall("未達成|未計測|未入力|達成", table) == statuses


def test_command_line(tmp_path, capsys):
    done, begun = tmp_path / "done.toml", tmp_path / "begun.toml"
    draft.save(done, draft.Draft(seed_report()))
    draft.save(begun, draft.Draft(sapporo_incomplete()))
    assert main(["publish", str(done)]) == 0 and (tmp_path / "done.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["publish", str(begun), "-o", str(tmp_path / "b.html")]) == 1
    assert "まだ入力中" in (tmp_path / "b.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["publish", str(done), "-o", "-"]) == 0 and capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["publish", str(done), "-o", str(tmp_path / "x.toml")]) == 2  # never over a draft
    (tmp_path / "bad.toml").write_text("kpis = [", encoding="utf-8")
    assert main(["publish", str(tmp_path / "bad.toml")]) == 2 and "TOMLとして読めません" in capsys.readouterr().err


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-10**9, 10**9), st.floats(-1e9, 1e9, allow_nan=False)),
                          st.one_of(st.none(), st.just("未計測"), st.integers(-10**9, 10**9),
                                    st.floats(-1e9, 1e9, allow_nan=False))), min_size=1, max_size=4))
def test_every_bar_stays_inside_the_chart(years):
    c = chart.build([(f"{2022 + i}年度末", t, a, None) for i, (t, a) in enumerate(years)])
    assert chart.TOP - 1e-6 <= c.zero <= c.height - chart.BOTTOM + 1e-6
    for bar in c.bars:
        assert bar.height >= 0 and chart.TOP - 1e-6 <= bar.y and bar.y + bar.height <= c.height - chart.BOTTOM + 1e-6
        assert chart.LEFT <= bar.x and bar.x + bar.width <= c.width
        assert chart.LEGEND_BOTTOM < bar.label_y - chart.VALUE_PX and bar.label_y < chart.YEARS_TOP  # clear of both
    assert 2 <= len(c.ticks) <= 12
