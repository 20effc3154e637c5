"""An administrator's mistakes in an edition folder (docs/editions.md step 5): each said by its file and row, with
what to write; the edition not offered; drafts and workbooks of it left as they are."""

from __future__ import annotations

import pytest

from dejiden.model import edition
from dejiden.model.draft import Draft, Session
from dejiden.prompts.walker import Walker
from dejiden.tui.cli import main

from .test_admin_edition import NEW_ROW, admin_folder  # noqa: F401 (the fixture)
from .test_editions import TODAY

pytestmark = pytest.mark.writes_files

# An administrator's mistakes (docs/editions.md step 5): each named by its file and row with what to write,
# the edition not offered, the shipped ones still listed. (old text in the new row, new text, what stderr says)
MISTAKES = {
    "rule name mistyped": ('label = "事業開始日"', 'label = "事業開始日"\nwarn = "after_final_yaer"',
                           ['forms/type1.toml の path = "header.start_date" の行', "after_final_yaer", "after_final_year"]),
    "path used twice": ('path = "header.start_date"', 'path = "header.phone"',
                        ['path = "header.phone" の行が2つあります']),
    "cell used twice": ('cell = "B10"', 'cell = "B9"', ["セル B9 は単独・広域連携（header.collaboration）"]),
    "the form's own cell": ('cell = "B10"\nlabel_cell = "A10"', 'cell = "D9"\nlabel_cell = "C9"', ["事業開始日（header.start_date）の値のセル D9 は様式の「事業年度」"]),
    "a cell outside the header": ('cell = "B10"', 'cell = "ZZ10"', ['cell = "ZZ10" は使えないセルです', "「B10」のような形"]),
    "label missing": ('label = "事業開始日"\n', "", ['path = "header.start_date" の行：label がありません', "label = "]),
    "key mistyped": ('label_cell = "A10"', 'labelcell = "A10"', ['path = "header.start_date" の行：labelcell という項目はありません']),
    "type mistyped": ('type = "date"', 'type = "dat"', ['type = "dat" はありません', "date"]),
    "choice without choices": ('type = "date"', 'type = "choice"', ['path = "header.start_date" の行：選ぶ項目なのに選択肢がありません', "choices = ["]),
    "numbers as choices, not in their own places": ('type = "date"', 'type = "choice"\nchoices = ["2", "3", "5"]',
                                                    ['path = "header.start_date" の行：選択肢「2」は2番目ではないので番号と紛れます']),
    "TOML broken": ('label = "事業開始日"', 'label = "事業開始日', ["forms/type1.toml の", "行目：TOMLとして読めません"]),
    "a placeholder the wording has not": ('question = "', 'question = "{年月日}の形で',
                                          ['path = "header.start_date" の行：question の {年月日} は使えません', "{budget_year}"]),
    "a brace alone": ('label = "事業開始日"', 'label = "事業開始日{"', ["label の「{」「}」が対になっていません", "{{"]),
    "huge": ("question = ", "# " + "x" * 1_100_000 + "\nquestion = ", ["forms/type1.toml：ファイルが大きすぎます"]),
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=list(MISTAKES))
def test_an_administrators_mistake_is_named_by_its_row_and_the_edition_not_offered(admin_folder, mistake, capsys):
    old, new, said = MISTAKES[mistake]
    form = admin_folder / "forms" / "type1.toml"
    text = form.read_text("utf-8")
    assert text.endswith(NEW_ROW) and old in NEW_ROW
    form.write_text(text[: -len(NEW_ROW)] + NEW_ROW.replace(old, new), "utf-8")
    edition.reload()
    assert main(["editions"]) == 0
    out, err = capsys.readouterr()
    assert "r5-kaitei-type1" not in out and "r4-hosei-type1（既定）" in out
    assert all(s in err for s in said), err
    assert "Traceback" not in err and not any(w in err for w in ("Field required", "Value error", "Extra inputs"))


def test_a_mistake_in_the_checklist_or_the_edition_file_is_named_too(admin_folder, capsys):
    checklist = admin_folder / "forms" / "type1_checklist.toml"
    checklist.write_text(checklist.read_text("utf-8").replace('id = "2-2"', 'id = "2-1"'), "utf-8")
    edition.reload()
    main(["editions"])
    assert 'forms/type1_checklist.toml の id = "2-1" の設問が2つあります' in capsys.readouterr().err
    checklist.write_text(checklist.read_text("utf-8").replace('id = "2-1"', 'id = "2-2"', 1), "utf-8")
    for old, new, said in (('id = "4-1"', 'id = "4 1"', 'id = "4 1" の設問：id は「4-1」のように'),
                           ("first_row = 5, ", "", "sheet に first_row がありません。sheet = { answer_col =")):
        checklist.write_text(checklist.read_text("utf-8").replace(old, new), "utf-8")
        edition.reload()
        main(["editions"])
        assert said in capsys.readouterr().err
        checklist.write_text(checklist.read_text("utf-8").replace(new, old) if new else
                             checklist.read_text("utf-8").replace("sheet = { ", "sheet = { first_row = 5, "), "utf-8")
    many = "".join(f'\n[[sections.questions]]\nid = "4-{i}"\nlabel = "設問{i}"\ntype = "text"\n' for i in range(10, 600))
    kept = checklist.read_text("utf-8")
    checklist.write_text(kept + many, "utf-8")
    edition.reload()
    main(["editions"])
    assert "forms/type1_checklist.toml：設問が605個あります。上限は500個です。" in capsys.readouterr().err
    checklist.write_text(kept, "utf-8")
    ed_file = admin_folder / "r5_kaitei_type1.toml"
    ed_file.write_text(ed_file.read_text("utf-8").replace("kpi_years = [2023, 2024]", "kpi_years = []"), "utf-8")
    edition.reload()
    main(["editions"])
    out, err = capsys.readouterr()
    assert "r5-kaitei-type1" not in out and "kpi_years は [2025, 2026, 2027] のように" in err
    text = ed_file.read_text("utf-8").replace("kpi_years = []", "kpi_years = [2023, 2024]")
    ed_file.write_text(text.replace("{first}年度及び{final}年度末", "{year}年度末"), "utf-8")
    edition.reload()
    main(["editions"])
    assert "kpi_instructions の {year} は使えません（使えるもの：{first}、{final}、{years}）" in capsys.readouterr().err
    ed_file.write_text(text, "utf-8")
    form = admin_folder / "forms" / "type1.toml"
    form.write_text(form.read_text("utf-8").replace("{budget_year}年度の事業収支", "{year}年度の事業収支"), "utf-8")
    edition.reload()
    main(["editions"])
    assert "forms/type1.toml の [texts.budget_sides] planned の {year} は使えません（使えるもの：{budget_year}）" in capsys.readouterr().err


def test_kpi_instructions_may_name_every_kpi_year(admin_folder, tmp_path):
    ed_file = admin_folder / "r5_kaitei_type1.toml"
    ed_file.write_text(ed_file.read_text("utf-8").replace("{first}年度及び{final}年度末", "{years}年度末"), "utf-8")
    edition.reload()
    assert edition.load_edition("r5-kaitei-type1").instructions.startswith("2023・2024年度末のKPI目標値")


def test_the_placeholders_a_row_may_use_are_the_ones_the_conversation_gives():
    """formcheck's list of what a row's wording may name follows prompts/wording.py (no KeyError when asked)."""
    from dejiden.model.formcheck import PLACEHOLDERS

    from dejiden.model.example import seed_report

    w = Walker(Draft(seed_report(), Session(closed=["edition"])), today=lambda: TODAY)
    narrative = "kpis[0].narrative_unachieved"  # a narrative box: every name a KPI row may use
    for path in ("header.department", "checklist.1-1", narrative, "budget.planned.expenses[0].item"):
        step = w.questions.step(path)
        assert step is not None, path
        assert set(PLACEHOLDERS[path.split(".")[0].split("[")[0]]) <= set(w.wording.context(step)), path


def test_an_officers_draft_of_an_edition_the_administrator_broke_says_so_and_stays(admin_folder, tmp_path, capsys):
    draft, book = tmp_path / "d.toml", tmp_path / "d.xlsx"
    assert main(["new", str(draft), "--from", str(_seed(tmp_path))]) == 0
    assert main(["export", str(draft), "-o", str(book)]) == 1 and book.exists()  # 1: written, not yet complete
    before = draft.read_bytes()
    form = admin_folder / "forms" / "type1.toml"
    form.write_text(form.read_text("utf-8").replace('path = "header.start_date"', 'path = "header.phone"'), "utf-8")
    edition.reload()
    capsys.readouterr()
    assert main(["check", str(draft)]) == 2 and main(["import", str(book), "-o", str(tmp_path / "back.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("様式の版「r5-kaitei-type1」のファイルが使えません") == 2, err
    assert 'path = "header.phone" の行が2つあります' in err and "管理者" in err
    assert draft.read_bytes() == before


def _seed(tmp_path):
    seed = tmp_path / "seed.toml"
    assert main(["example", str(seed)]) == 0
    return seed


def _without(text: str, path: str) -> str:
    """The form's text without the row of ``path`` (up to the next row or section comment)."""
    start = text.index(f'[[fields]]\npath = "{path}"')
    ends = [i for i in (text.find("[[fields]]", start + 1), text.find("\n# ---", start)) if i > 0]
    return text[:start] + text[min(ends, default=len(text)):]


# Rows the program reads besides asking them (file names, the summary, 達成状況, the narrative boxes, the units).
NEEDED = ["header.municipality", "header.prefecture", "header.project_name", "budget.*.*[*].item", "budget.*.*[*].amount",
          "kpis[*].name", "kpis[*].fy*.target", "kpis[*].fy*.actual", "kpis[*].note", "kpis[*].narrative_achieved",
          "kpis[*].narrative_unachieved"]


@pytest.mark.parametrize("old, new, said", [
    ('cell = { planned = "A", actual = "E" }', 'cell = { planned = "A" }', "cell は { planned = \"A\", actual = \"E\" } のように"),
    ('col = "D"\nrow = 1', 'col = "Z"\nrow = 1', 'path = "kpis[*].unit" の行：列「Z」は印刷される A〜H の列ではありません'),
    ('col = "D"\nrow = 1', 'col = "d"\nrow = 1', "列「d」は印刷される A〜H の列ではありません"),
])
def test_a_budget_or_kpi_column_off_the_page_or_a_side_missing_is_said(admin_folder, old, new, said, capsys):
    form = admin_folder / "forms" / "type1.toml"
    form.write_text(form.read_text("utf-8").replace(old, new, 1), "utf-8")
    edition.reload()
    main(["editions"])
    out, err = capsys.readouterr()
    assert "r5-kaitei-type1" not in out and said in err, err


@pytest.mark.parametrize("line, said", [('fiscal_year = "事業年度"\n', "[texts] に fiscal_year がありません"),
                                        ('actual = "実際"\n', "[texts] に budget_side_short.actual がありません")])
def test_a_fixed_text_removed_from_the_form_is_named(admin_folder, line, said, capsys):
    form = admin_folder / "forms" / "type1.toml"
    form.write_text(form.read_text("utf-8").replace(line, "", 1), "utf-8")
    edition.reload()
    main(["editions"])
    out, err = capsys.readouterr()
    assert "r5-kaitei-type1" not in out and f"forms/type1.toml の {said}。コピー元の様式の" in err, err


@pytest.mark.parametrize("path", [*NEEDED, "kpis[*].unit"])
def test_a_row_the_program_needs_cannot_be_removed_and_says_so(admin_folder, path, capsys):
    form = admin_folder / "forms" / "type1.toml"
    form.write_text(_without(form.read_text("utf-8"), path), "utf-8")
    edition.reload()
    assert main(["editions"]) == 0
    out, err = capsys.readouterr()
    assert "r5-kaitei-type1" not in out
    if path == "kpis[*].unit":  # named by the rows whose numbers it is the unit of
        assert 'path = "kpis[*].fy*.target" の行：unit = "unit" の行（kpis[*].unit）がありません' in err, err
    else:
        assert f'path = "{path}" の行がありません。この行は消せません' in err, err


def _rename(folder, name):
    (folder / "r5_kaitei_type1.toml").rename(folder / name)


def _edit(folder, old, new):
    f = folder / "r5_kaitei_type1.toml"
    f.write_text(f.read_text("utf-8").replace(old, new), "utf-8")


EDITION_MISTAKES = {  # what an administrator does to the edition file, what stderr says
    "file named with -": (lambda f: _rename(f, "r5-kaitei-type1.toml"), ["ファイル名は", "r5_kaitei_type1.toml にしてください"]),
    "file named in capitals": (lambda f: _rename(f, "R5_Kaitei.toml"), ["R5_Kaitei.toml", "小文字の英字・数字"]),
    "id not the file's": (lambda f: _edit(f, 'id = "r5-kaitei-type1"', 'id = "r5-kaitei"'),
                          ['id = "r5-kaitei" がファイル名と合いません', 'id = "r5-kaitei-type1" にしてください']),
    "form file missing": (lambda f: _edit(f, "published", 'form = "forms/type1_2025.toml"\npublished'),
                          ["forms/type1_2025.toml がありません", "form・checklist"]),
    "date written as text": (lambda f: _edit(f, "published = 2024-04-01", 'published = "2024年4月1日"'),
                             ["published の値が正しくありません（日付は 2025-06-01 のように書きます）。"]),
}


@pytest.mark.parametrize("mistake", EDITION_MISTAKES, ids=list(EDITION_MISTAKES))
def test_a_mistake_in_the_edition_file_or_its_name_is_said(admin_folder, mistake, capsys):
    do, said = EDITION_MISTAKES[mistake]
    do(admin_folder)
    edition.reload()
    assert main(["editions"]) == 0
    out, err = capsys.readouterr()
    assert "r5-kaitei" not in out and all(s in err for s in said), err
