"""`dejiden NAME.toml`: which file a name opens, and that a new draft says where it will be made."""

from pathlib import Path

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.tui.cli import draft_path, main
from dejiden.tui.config import DATA_DIR_ENV

pytestmark = pytest.mark.writes_files


@pytest.fixture
def places(tmp_path, monkeypatch):
    """A shell folder (the current one) and a data folder, both per run."""
    here, data = tmp_path / "shell", tmp_path / "data"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    return here, data


def open_with_cli(name: str) -> tuple[Path | None, list[str]]:
    """Run `dejiden NAME` headless; the opened draft's path and the chat's messages."""
    seen: dict = {}

    async def look(pilot) -> None:
        from .tui_helpers import chat_text

        await pilot.pause()
        seen["path"] = pilot.app.screen.session.path
        seen["chat"] = chat_text(pilot.app).split("\n")
        pilot.app.exit()

    assert main([name], headless=True, size=(80, 24), auto_pilot=look) == 0
    return seen["path"], seen["chat"]


def test_a_bare_name_missing_here_is_the_draft_in_the_data_folder(places):
    here, data = places
    data.mkdir()
    draft.save(data / "塩尻市.toml", draft.Draft(seed_report()))
    path, chat = open_with_cli("塩尻市.toml")
    assert path == data / "塩尻市.toml"
    assert not (here / "塩尻市.toml").exists()
    assert not any("新しい下書き" in line for line in chat)  # it exists: opened, not made


def test_a_new_bare_name_is_made_in_the_data_folder_and_says_where(places):
    here, data = places
    path, chat = open_with_cli("新規.toml")
    assert path == data / "新規.toml"
    assert f"新しい下書きを {data / '新規.toml'} に作ります" in chat[0]  # the first message names the full path


def test_a_name_without_toml_means_the_toml_draft(places):
    here, data = places
    data.mkdir()
    draft.save(data / "塩尻市.toml", draft.Draft(seed_report()))
    path, chat = open_with_cli("塩尻市")
    assert path == data / "塩尻市.toml"
    assert not any("新しい下書き" in line for line in chat)  # opened, not made
    path, chat = open_with_cli("新規")
    assert path == data / "新規.toml"  # a new draft gets the name the list of drafts shows
    assert draft_path("sub/x") == Path("sub/x.toml")
    (here / "メモ").write_text("x")
    assert draft_path("メモ") == Path("メモ")  # an existing file is taken as named


def test_a_name_in_the_current_folder_and_a_path_with_a_folder_stay_where_they_are(places):
    here, data = places
    draft.save(here / "ここ.toml", draft.Draft(seed_report()))
    assert open_with_cli("ここ.toml")[0] == Path("ここ.toml")
    path, chat = open_with_cli("./別.toml")
    assert path == Path("別.toml")  # a folder part: the current folder, even when new
    assert f"新しい下書きを {here / '別.toml'} に作ります" in chat[0]
    assert draft_path("sub/x.toml") == Path("sub/x.toml")


def test_check_and_export_take_a_bare_name_from_the_data_folder(places, capsys):
    here, data = places
    data.mkdir()
    draft.save(data / "塩尻市.toml", draft.Draft(seed_report()))
    assert main(["check", "塩尻市.toml"]) == 0
    assert main(["export", "塩尻市.toml"]) == 0
    assert str(data) in capsys.readouterr().out  # written beside the draft, and said where
    assert not list(here.iterdir())


def test_check_of_a_missing_draft_says_to_check_the_name(places, capsys):
    assert main(["check", "ないファイル"]) == 2
    err = capsys.readouterr().err
    assert "ファイルがありません" in err and "名前と場所を確かめてください" in err
    assert "そのまま残してあります" not in err  # there is nothing to keep


def test_import_into_a_named_draft_updates_it_in_the_data_folder_and_lists_changes(places, capsys):
    import openpyxl

    from dejiden.model import workbook

    here, data = places
    data.mkdir()
    draft.save(data / "塩尻市.toml", draft.Draft(seed_report()))
    book = here / "book.xlsx"
    workbook.export(seed_report(), None, book)
    wb = openpyxl.load_workbook(book)
    cell = next(c for c in workbook.layout(seed_report().ed) if c.path == "kpis[0].fy2023.actual")
    wb[cell.sheet][cell.ref] = 5
    wb.save(book)
    assert main(["import", str(book), "-o", "塩尻市"]) == 2  # exists: --force names what it will do
    assert "--force" in capsys.readouterr().err
    assert main(["import", str(book), "-o", "塩尻市", "--force"]) == 0
    said = capsys.readouterr().err
    assert f"変更：KPI① 2023年度末　実績値（{cell.where}）：6.8 → 5" in said, said
    assert "前の版は 塩尻市.toml.bak" in said
    assert draft.load(data / "塩尻市.toml").report.kpis[0].years[2023].actual == 5
    assert not list(here.glob("*.toml"))  # no second copy in the current folder


def test_import_with_fewer_kpis_does_not_keep_notes_that_name_the_wrong_kpi(places, capsys):
    import openpyxl

    from dejiden.model import workbook

    here, data = places
    data.mkdir()
    draft.save(data / "r.toml", draft.Draft(seed_report(), draft.Session(
        current="kpis[2].narrative_unachieved", pending="書きかけ", pending_for="kpis[2].narrative_unachieved",
        closed=["kpis[4].note"])))
    four = seed_report()
    del four.kpis[1]
    book = here / "four.xlsx"
    workbook.export(four, None, book)
    wb = openpyxl.load_workbook(book)
    cell = next(c for c in workbook.layout(four.ed) if c.path == "kpis[0].fy2022.actual")
    wb[cell.sheet][cell.ref] = "６．８"  # read as 6.8: said, though the value is the same
    wb.save(book)
    assert main(["import", str(book), "-o", "r", "--force"]) == 0
    said = capsys.readouterr().err
    assert f"読み替え：KPI① 2022年度末　実績値（{cell.where}）" in said
    assert "書きかけの文章（4字）は前の版 r.toml.bak にだけ残っています" in said
    saved = draft.load(data / "r.toml")
    assert len(saved.report.kpis) == 4
    assert saved.session.pending is None and "kpis[4].note" not in saved.session.closed
    assert draft.load(data / "r.toml.bak").session.pending == "書きかけ"
