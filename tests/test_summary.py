"""dejiden summary: many reports in one workbook — values, formulas (cached and recalculated), charts, unreadable files."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from dejiden.model import rules, summary
from dejiden.model.summary.rates import BINS, bin_of, rate
from dejiden.tui.cli import main

from .office import convert, needs_poppler, needs_soffice, recalculated
from .summary_reports import SHIOJIRI, folder_of_reports

pytestmark = pytest.mark.writes_files
FORMULA_SHEETS = (summary.REPORTS, summary.TOTALS, summary.KPIS)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("reports")
    bad = folder_of_reports(folder / "in")
    out = folder / "summary.xlsx"
    assert main(["summary", str(folder / "in"), "-o", str(out)]) == 1  # some files could not be read
    return folder / "in", out, bad


def sheet(path: Path, name: str) -> list[dict[str, object]]:
    """A table's rows as {heading: value}, as a reader that never calculates sees them (cached values)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def by_name(rows: list[dict[str, object]], name: str) -> dict[str, object]:
    return next(r for r in rows if r["団体名"] == name)


def test_one_row_per_report_with_its_edition_totals_and_counts(made):
    _, out, _ = made
    reports = sheet(out, summary.REPORTS)
    assert len(reports) == 4 and [r["No."] for r in reports] == [1, 2, 3, 4]
    assert [r["コード"] for r in reports] == ["01100", "07447", "07447", "20215"]  # text, the leading zero kept
    seed, shiojiri, sapporo = by_name(reports, "会津美里町"), by_name(reports, "塩尻市"), by_name(reports, "札幌市")
    assert (seed["様式の版"], shiojiri["様式の版"]) == ("令和3年度補正", "令和4年度補正")
    assert (seed["状態"], seed["未入力"], seed["エラー"]) == ("完成", 0, 0)
    assert sapporo["状態"] == "未完成" and sapporo["未入力"] > 10
    assert (seed["予定 経費合計（千円）"], seed["予定 収入合計（千円）"], seed["予定 収支（千円）"]) == (2000, "-", -2000)
    assert (seed["実際 経費合計（千円）"], seed["実際 収支（千円）"]) == ("-", "-")
    assert (shiojiri["実際 経費合計（千円）"], shiojiri["実際 収入合計（千円）"], shiojiri["実際 収支（千円）"]) == (4800, 2400, -2400)
    assert (seed["最終年度末　達成"], seed["最終年度末　未達成"], seed["最終年度末　未計測"]) == (1, 3, 1)
    assert (shiojiri["最終年度末（年度）"], shiojiri["最終年度末　達成"], shiojiri["最終年度末　未達成"], shiojiri["最終年度末　未計測"]) == (2024, 3, 1, 1)
    assert (shiojiri["2023年度末　達成"], shiojiri["2023年度末　未達成"], shiojiri["2023年度末　未計測"]) == (1, 3, 1)
    assert seed["2024年度末　達成"] == "" and shiojiri["2022年度末　達成"] == ""  # a year the edition has not
    assert shiojiri["ファイル"].endswith("長野県/shiojiri.toml") and seed["読めなかったセル"] == 0
    assert [r["重複"] for r in reports] == ["", "", "No.2と同じ", ""]  # the seed's draft and its export


def test_kpi_rows_follow_the_footnotes(made):
    _, out, _ = made
    kpis = [k for k in sheet(out, summary.KPIS) if k["団体名"] == "塩尻市"]
    assert [k["備考"] for k in kpis] == ["減少KPI", "0目標KPI", "", "", ""]
    for year, expected in SHIOJIRI.items():
        assert [k[f"{year}年度末　達成状況"] for k in kpis] == [s for s, _ in expected]
        assert [k[f"{year}年度末　達成率"] for k in kpis] == pytest.approx(["" if r is None else r for _, r in expected])
    assert [k["最終年度末　達成率"] for k in kpis] == pytest.approx([1.25, 1.0, 1.2, 0.4, ""])
    assert kpis[4]["2023年度末　実績値"] == "未計測"
    sapporo = [k for k in sheet(out, summary.KPIS) if k["団体名"] == "札幌市"]
    assert sapporo[0]["KPI名"] == "+cmd|' /C calc'!A0" and sapporo[0]["2022年度末　達成率"] == pytest.approx(1.2)


def test_totals_and_bins(made):
    _, out, _ = made
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(summary.TOTALS).to_python()
    table = {r[0]: r[1] for r in rows if r and r[0]}
    # final years: seed 1/3/1 twice, 塩尻市 3/1/1, 札幌市 (2023 not answered) 1 undecided
    assert (table["達成"], table["未達成"], table["未計測"], table["判定できない（未入力）"], table["KPI数（合計）"]) == (5, 7, 3, 1, 16)
    rates = [0.9714285714285714, 0.9506666666666667, 1 / 30, 3.3] * 2 + [1.25, 1.0, 1.2, 0.4]
    counts = [0] * len(BINS)
    for r in rates:
        counts[bin_of(r)] += 1
    assert [table[label] for label, _, _ in BINS] == counts == [3, 0, 4, 3, 2]
    assert table["達成率のあるKPI"] == len(rates)


def test_unreadable_files_are_all_named_with_their_reason(made):
    folder, out, bad = made
    rows = sheet(out, summary.UNREADABLE)
    reasons = {Path(r["ファイル"]).name: r["理由"] for r in rows}
    for name, phrase in bad.items():
        assert phrase in reasons.pop(name), name
    assert reasons == {}


def test_text_from_files_stays_text(made):
    _, out, _ = made
    wb = openpyxl.load_workbook(out)
    ws = wb[summary.REPORTS]
    cell = next(c for c in ws["E"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix
    code = next(c for c in ws["D"][1:] if c.value == "07447")
    assert code.data_type == "s" and code.number_format == "@"


def test_formulas_with_cached_values_equal_libreoffice_s(made, tmp_path):
    _, out, _ = made
    wb = openpyxl.load_workbook(out)
    ws = wb[summary.KPIS]
    status = ws.cell(2, [c.value for c in ws[1]].index("2023年度末　達成状況") + 1).value
    assert status.startswith("=IF(") and "0目標KPI" in status
    assert wb[summary.REPORTS]["S2"].value.startswith("=COUNTIFS('KPI一覧'!$A$2:$A$17,")
    if needs_soffice.args[0]:
        pytest.skip(needs_soffice.kwargs["reason"])
    again = recalculated(out, tmp_path)
    for name in FORMULA_SHEETS:
        cached = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(name).to_python()
        computed = CalamineWorkbook.from_path(str(again)).get_sheet_by_name(name).to_python()
        assert len(cached) == len(computed)
        for a, b in zip(cached, computed):
            assert a == pytest.approx(b), name


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _chart_refs(path: Path) -> list[tuple[str, str, str, list[str]]]:
    """Each chart's title, bar direction, grouping and the ranges it reads, in order."""
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        drawing_rels = z.read("xl/worksheets/_rels/sheet2.xml.rels").decode()  # 集計 is the second sheet
        assert "drawing" in drawing_rels
        out = []
        for name in charts:
            root = ET.fromstring(z.read(name))
            title = "".join(t.text or "" for t in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
            out.append((title, root.find(f".//{C}barDir").get("val"), root.find(f".//{C}grouping").get("val"),
                        [f.text for f in root.iter(f"{C}f")]))
        return out


def test_charts_point_at_their_ranges(made):
    _, out, _ = made
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [summary.REPORTS, summary.TOTALS, summary.KPIS, summary.UNREADABLE]
    charts = _chart_refs(out)
    assert len(charts) == 2
    (h_title, h_dir, _, h_refs), (s_title, s_dir, s_grouping, s_refs) = charts
    assert h_title.startswith("達成率の分布") and h_dir == "col"
    assert h_refs == ["'集計'!B10", "'集計'!$A$11:$A$15", "'集計'!$B$11:$B$15"]
    assert [wb[summary.TOTALS][f"A{r}"].value for r in range(11, 16)] == [label for label, _, _ in BINS]
    rates = openpyxl.utils.get_column_letter([c.value for c in wb[summary.KPIS][1]].index("最終年度末　達成率") + 1)
    assert wb[summary.TOTALS]["B11"].value == f"=COUNTIFS('KPI一覧'!${rates}$2:${rates}$17,\"<\"&0.5)"
    assert s_title.startswith("報告書ごとのKPIの達成状況") and (s_dir, s_grouping) == ("bar", "stacked")
    heads = [c.value for c in wb[summary.REPORTS][1]]
    col = lambda head: openpyxl.utils.get_column_letter(heads.index(head) + 1)  # noqa: E731
    totals = wb[summary.TOTALS]
    top = int(s_refs[0].split("!")[1][1:])  # the chart's own table on 集計: labels, then a column per 達成状況
    assert totals[f"A{top}"].value.startswith("報告書")
    for i, status in enumerate(("達成", "未達成", "未計測")):
        letter, mine = col(f"最終年度末　{status}"), "BCD"[i]
        assert s_refs[i * 3: i * 3 + 3] == [f"'集計'!{mine}{top}", f"'集計'!$A${top + 1}:$A${top + 4}",
                                            f"'集計'!${mine}${top + 1}:${mine}${top + 4}"]
        assert totals[f"{mine}{top}"].value == status
        assert [totals[f"{mine}{top + r}"].value for r in (1, 4)] == [f"='報告書一覧'!{letter}2", f"='報告書一覧'!{letter}5"]
    listed = [c.value for c in wb[summary.REPORTS][col("No.")][1:]]
    assert [totals[f"A{top + r}"].value.split(".")[0] for r in range(1, 5)] == [str(n) for n in listed]


def test_the_chart_by_report_is_laid_out_as_meant(made):
    """Its plot area placed by hand (room for every name, the title and legend above) and the counts
    below the bars: both are in the file, not dropped as openpyxl saves."""
    from xml.etree import ElementTree as ET

    _, out, _ = made
    with zipfile.ZipFile(out) as z:
        root = next(r for r in (ET.fromstring(z.read(n)) for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
                    if r.find(f".//{C}barDir").get("val") == "bar")
    layout = root.find(f"{C}chart/{C}plotArea/{C}layout/{C}manualLayout")
    assert layout is not None and layout.find(f"{C}layoutTarget").get("val") == "inner"
    assert float(layout.find(f"{C}x").get("val")) >= 0.2  # the names' room on the left
    assert root.find(f".//{C}valAx/{C}crosses").get("val") == "max"


def test_frozen_filtered_and_printed_on_a4(made):
    _, out, _ = made
    wb = openpyxl.load_workbook(out)
    for name in (summary.REPORTS, summary.KPIS, summary.UNREADABLE):
        ws = wb[name]
        assert ws.freeze_panes and ws.freeze_panes.endswith("2") and ws.auto_filter.ref.startswith("A1:")
        assert ws.print_title_rows == "$1:$1"
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.page_setup.orientation == "landscape"
    for ws in (wb[summary.TOTALS], wb[summary.UNREADABLE]):
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    # the two wide tables: blocks of columns on pages side by side, at 90 % or more, the key columns on each
    for name, keys in ((summary.REPORTS, "$A:$C"), (summary.KPIS, "$A:$D")):
        ws = wb[name]
        assert not ws.sheet_properties.pageSetUpPr.fitToPage and 90 <= ws.page_setup.scale <= 100
        assert ws.print_title_cols == keys and len(ws.col_breaks.brk) >= 1 and ws.page_setup.pageOrder == "overThenDown"


@needs_soffice
@needs_poppler
def test_printed_by_libreoffice(made, tmp_path):
    _, out, _ = made
    pdf = convert(out, "pdf", tmp_path / "pdf", tmp_path / "lo-profile")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for phrase in ("塩尻市", "達成率の分布", "名前付きパイプ", "pipe.toml"):
        assert phrase in text.replace(" ", ""), phrase
    # 報告書一覧 across three pages, each with the bodies' names: the checks, the budget and counts, the years
    first, second, third = [p.replace(" ", "") for p in text.split("\f")[:3]]
    assert "事業名" in first and "注意" in first and "予定経費" not in first  # headings wrap: 「予定 経費合\n計」
    assert "予定経費" in second and "KPI数" in second and "ファイル" not in second
    assert "2024年" in third and "ファイル" in third
    assert all("塩尻市" in page for page in (first, second, third))


@given(st.one_of(st.none(), st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False)),
       st.one_of(st.none(), st.just("未計測"), st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False)),
       st.sampled_from([None, "減少KPI", "0目標KPI"]))
def test_a_rate_of_100_percent_or_more_is_exactly_achieved(target, actual, note):
    value, status = rate(target, actual, note), rules.achievement(target, actual, note)
    if value is not None:
        assert (value >= 1) == (status == rules.ACHIEVED) or abs(value - 1) < 1e-9
    if actual == "未計測" or actual is None:
        assert value is None


def test_command_line_exit_codes_and_quiet_in_a_pipe(made, tmp_path, capsys):
    folder, _, _ = made
    out = tmp_path / "s.xlsx"
    assert main(["summary", str(folder / "seed.toml"), str(folder / "長野県"), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""  # not a terminal: nothing but errors
    assert len(sheet(out, summary.REPORTS)) == 2
    assert main(["summary", str(folder / "bad.toml"), "-o", str(out)]) == 1
    assert capsys.readouterr().err.startswith("読めません：") and sheet(out, summary.UNREADABLE)[0]["ファイル"].endswith("bad.toml")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["summary", str(empty), "-o", str(tmp_path / "e.xlsx")]) == 2 and not (tmp_path / "e.xlsx").exists()
    before = (folder / "seed.toml").read_bytes()
    assert main(["summary", str(folder), "-o", str(folder / "seed.toml")]) == 2  # never over a draft
    assert (folder / "seed.toml").read_bytes() == before


def test_progress_on_a_terminal(made, tmp_path):
    import os
    import pty
    import sys

    folder, _, _ = made
    pid, fd = pty.fork()
    if pid == 0:  # the child: stderr is the terminal, stdout too
        os.execv(sys.executable, [sys.executable, "-m", "dejiden.tui.cli", "summary", str(folder), "-o", str(tmp_path / "p.xlsx")])
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 1
    assert "\r読み込み中 9/9 ファイル" in text  # every report file but the symlink, refused before reading
    assert "に書き出しました（報告書 4件、読めなかったファイル 6件）" in text


@needs_soffice
def test_many_random_kpis_agree_with_libreoffice(tmp_path):
    """The Python twins of 達成状況 and 達成率 against LibreOffice's own results, over zeros, minus values and floats."""
    import random

    from dejiden.model import draft
    from dejiden.model.report import Report

    rng = random.Random(21)
    values = [0, 0, 1, -1, 5, -5, 0.5, -0.5, 100, 12.5, -12.5, "未計測"]
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        kpis = []
        for j in range(15):
            kpi = {"name": f"KPI{j}", "kind": "アウトカム", "unit": "件"}
            kpi.update({f"fy{y}": {"target": rng.choice(values[:-1]), "actual": rng.choice(values)} for y in (2022, 2023)})
            note = rng.choice([None, "減少KPI", "0目標KPI"])
            if note:
                kpi["note"] = note
            kpis.append(kpi)
        draft.save(folder / f"r{n}.toml", draft.Draft(Report.model_validate({"kpis": kpis})))
    out = tmp_path / "s.xlsx"
    assert main(["summary", str(folder), "-o", str(out)]) == 0
    again = recalculated(out, tmp_path)
    for name in FORMULA_SHEETS:
        cached = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(name).to_python()
        computed = CalamineWorkbook.from_path(str(again)).get_sheet_by_name(name).to_python()
        for a, b in zip(cached, computed, strict=True):
            assert a == pytest.approx(b), name


def test_a_workbook_of_another_edition_gives_the_same_rows_as_its_draft(tmp_path):
    from dejiden.model import draft, workbook

    from .summary_reports import shiojiri

    draft.save(tmp_path / "a.toml", draft.Draft(shiojiri()))
    workbook.export(shiojiri(), None, tmp_path / "b.xlsx")
    out = tmp_path / "s.xlsx"
    assert main(["summary", str(tmp_path / "a.toml"), str(tmp_path / "b.xlsx"), "-o", str(out)]) == 0
    first, second = sheet(out, summary.REPORTS)
    assert first["様式の版"] == "令和4年度補正" and second["重複"] == "No.1と同じ"
    for row in (first, second):
        for key in ("No.", "ファイル", "重複"):
            row.pop(key)
    assert first == second
    kpis = sheet(out, summary.KPIS)
    assert [dict(k, **{"No.": 0}) for k in kpis[:5]] == [dict(k, **{"No.": 0}) for k in kpis[5:]]


def test_folders_are_walked_within_bounds(tmp_path, monkeypatch):
    from dejiden.model.summary import gather

    deep = tmp_path
    for i in range(4):
        deep = deep / f"d{i}"
        deep.mkdir()
        (deep / f"r{i}.toml").write_text("", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.toml").write_text("", encoding="utf-8")
    (tmp_path / "~$book.xlsx").write_text("", encoding="utf-8")
    (tmp_path / "r.toml.bak").write_text("", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)
    monkeypatch.setattr(gather, "MAX_DEPTH", 2)
    found, refused = gather.find([tmp_path])
    assert sorted(p.name for p in found) == ["r0.toml", "r1.toml"]  # in the two levels of folders below
    assert {p.path.name: p.reason[:8] for p in refused} == {"d2": "フォルダの入れ子", "loop": "シンボリックリン"}
    monkeypatch.setattr(gather, "MAX_FILES", 1)
    found, refused = gather.find([tmp_path])
    assert len(found) == 1 and any("最初の1個だけ" in u.reason for u in refused)


def test_rows_are_added_only_where_openpyxl_wrote_a_table():
    from dejiden.model.workbook.cached import CacheError, _append

    xml = b'<worksheet><dimension ref="A1:C1" /><sheetData><row r="1"></row></sheetData></worksheet>'
    assert _append(xml, b'<row r="2"></row>', "A1:C2", "s") == (
        b'<worksheet><dimension ref="A1:C2" /><sheetData><row r="1"></row><row r="2"></row></sheetData></worksheet>')
    with pytest.raises(CacheError):
        _append(b"<worksheet><sheetData/></worksheet>", b"", "A1", "s")  # a form openpyxl's upgrade might write


def test_a_report_is_never_overwritten_by_the_summary(made, tmp_path, capsys, monkeypatch):
    """-o naming a received workbook (in a folder read) or a file named as an input is refused before
    anything is read; a summary written before in the folder is replaced, as asked."""
    import os

    folder, _, _ = made
    book = folder / "seed.xlsx"
    before = book.read_bytes()
    assert main(["summary", str(folder), "-o", str(book)]) == 2
    assert book.read_bytes() == before and "報告書（dejiden の Excel ファイル）です" in capsys.readouterr().err
    old = tmp_path / "old.xlsx"
    assert main(["summary", str(folder / "seed.toml"), "-o", str(old)]) == 0
    kept = old.read_bytes()
    assert main(["summary", str(folder / "seed.toml"), str(old), "-o", str(old)]) == 2
    assert old.read_bytes() == kept and "読み込むファイルとして指定されています" in capsys.readouterr().err
    assert main(["summary", str(folder / "seed.toml"), "-o", str(old)]) == 0  # a summary is replaced
    calls = []
    monkeypatch.setattr(summary, "read_all", lambda *a, **k: calls.append(a) or iter(()))
    (tmp_path / "dir.xlsx").mkdir()
    assert main(["summary", str(folder), "-o", str(tmp_path / "dir.xlsx")]) == 2 and calls == []
    assert "フォルダです" in capsys.readouterr().err
    (tmp_path / "link.xlsx").symlink_to(old)
    os.mkfifo(tmp_path / "pipe.xlsx")
    for name, why in (("link.xlsx", "シンボリックリンクです"), ("pipe.xlsx", "通常のファイルではありません")):
        assert main(["summary", str(folder), "-o", str(tmp_path / name)]) == 2 and calls == []
        assert why in capsys.readouterr().err


def test_no_text_reorders_or_hides_what_a_cell_shows(tmp_path):
    """Bidi overrides from a report are removed (as on the page); a file's name keeps its odd
    characters as marks, so a planted name reads as what it is."""
    from dejiden.model import draft
    from dejiden.model.example import seed_report

    report = seed_report()
    report.kpis[0].name = "住民の\u202e度福幸\u202c満足度"
    report.header.project_name = "事業\u2066名\u2069"
    folder = tmp_path / "in"
    folder.mkdir()
    odd = "a\u202exslx.toml"  # shows as "a" + "lmot.xslx" where the override is honoured
    draft.save(folder / odd, draft.Draft(report))
    (folder / "b\x1b[31m\nc.toml").write_text("x = [", encoding="utf-8")
    out = tmp_path / "s.xlsx"
    assert main(["summary", str(folder), "-o", str(out)]) == 1
    kpi = sheet(out, summary.KPIS)[0]
    assert kpi["KPI名"] == "住民の度福幸満足度" and kpi["事業名"] == "事業名"
    assert Path(sheet(out, summary.REPORTS)[0]["ファイル"]).name == "a\ufffdxslx.toml"
    assert Path(sheet(out, summary.UNREADABLE)[0]["ファイル"]).name == "b␛[31m␊c.toml"
    with zipfile.ZipFile(out) as z:
        assert not any(re.search("[\u202a-\u202e\u2066-\u2069]", z.read(n).decode("utf-8", "replace")) for n in z.namelist())


def test_an_amount_s_dash_sits_where_its_number_would(made):
    """「-」 (no amount) in an amount column is right-aligned like the numbers, not read with the one before it."""
    _, out, _ = made
    ws = openpyxl.load_workbook(out)[summary.REPORTS]
    heads = [c.value for c in ws[1]]
    dashes = [c for head in heads if head.endswith("（千円）") for c in ws[openpyxl.utils.get_column_letter(heads.index(head) + 1)][1:]
              if c.value == "-" or (isinstance(c.value, str) and c.value.startswith("=IF("))]
    assert dashes and all(c.alignment.horizontal == "right" for c in dashes)


def test_ctrl_c_while_the_workbook_is_built_leaves_nothing(made, tmp_path, capsys, monkeypatch):
    from dejiden.model.summary import book

    folder, _, _ = made

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(book, "save_with_cached_values", interrupted)
    assert main(["summary", str(folder), "-o", str(tmp_path / "s.xlsx")]) == 2
    assert "中断しました。何も書き出していません。" in capsys.readouterr().err and list(tmp_path.iterdir()) == []


def test_two_reports_of_one_body_get_bars_told_apart(tmp_path):
    """The chart by report names each bar by its No., 団体名 and 事業名 (shortened for the axis): two projects of
    会津美里町 are two different labels, each found in 報告書一覧 by its No."""
    from dejiden.model import draft
    from dejiden.model.example import seed_report

    folder = tmp_path / "in"
    folder.mkdir()
    first, second = seed_report(), seed_report()
    second.header.project_name = "全方位デジタル社会形成に向けた行政手続きのオンライン化"  # the same first 10 characters
    draft.save(folder / "a.toml", draft.Draft(first))
    draft.save(folder / "b.toml", draft.Draft(second))
    out = tmp_path / "summary.xlsx"
    assert main(["summary", str(folder), "-o", str(out)]) == 0
    (_, _, _, refs), = [c for c in _chart_refs(out) if c[1] == "bar"]
    sheet_name, cells = refs[1].split("!")
    wb = openpyxl.load_workbook(out)
    ws = wb[sheet_name.strip("'")]
    labels = [c.value for (c,) in ws[cells.replace("$", "")]]
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    listed = {r["No."]: r for r in sheet(out, summary.REPORTS)}
    for label in labels:
        no = int(label.split(".", 1)[0])
        assert listed[no]["団体名"] in label and "全方位デジタル" in label and len(label) <= 30, label


@given(st.lists(st.floats(10, 400), min_size=1, max_size=40), st.data())
def test_columns_are_packed_into_pages_in_order_whole_blocks_within_the_width(widths, data):
    from dejiden.model.summary.sheets import page_width, pages_across

    n = len(widths)
    starts = data.draw(st.lists(st.integers(2, n), unique=True)) if n > 1 else []
    keys = data.draw(st.integers(0, min(3, n)))
    room = 900.0
    pages = pages_across(widths, starts, keys, room)
    assert [c for page in pages for c in page] == list(range(1, n + 1))  # every column once, in order
    for i, page in enumerate(pages):
        assert page[0] == 1 or page[0] in starts  # a page starts a block
        blocks = sum(1 for c in page if c == 1 or c in starts)
        assert blocks == 1 or page_width(widths, page, keys, i) <= room  # only one block too wide alone overflows
