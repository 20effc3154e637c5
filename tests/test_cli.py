import json
import subprocess
import sys
from pathlib import Path

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.tui.cli import main

pytestmark = pytest.mark.writes_files
ROOT = Path(__file__).parents[1]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_example_writes_the_seed_report(tmp_path, capsys):
    path = tmp_path / "ex.toml"
    code, out, _ = run(capsys, "example", str(path))
    assert code == 0 and "会津美里町" in out
    assert draft.load(path).report == seed_report()
    code, _, err = run(capsys, "example", str(path))
    assert code == 2 and "--force" in err


def test_check_complete_example_exits_0(tmp_path, capsys):
    path = tmp_path / "ex.toml"
    run(capsys, "example", str(path))
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "1.推進体制 回答済" in out and out.strip().endswith("すべて入力済みで、エラーはありません。")


def test_check_json_has_statuses_totals_counts(tmp_path, capsys):
    path = tmp_path / "ex.toml"
    run(capsys, "example", str(path))
    code, out, _ = run(capsys, "check", "--json", str(path))
    data = json.loads(out)
    assert code == 0 and data["complete"] is True and data["items"] == []
    statuses = [(k["status"]["2022"], k["status"]["2023"]) for k in data["computed"]["kpis"]]
    assert statuses == [("達成", "未達成"), ("未達成", "未達成"), ("未計測", "未計測"), ("未計測", "未達成"), ("達成", "達成")]
    assert data["computed"]["budget"]["planned"]["balance"] == -2000
    assert data["omission_check"]["4.評価・改善"] == "回答済"


def test_check_incomplete_groups_by_section_and_exits_1(tmp_path, capsys):
    path = tmp_path / "p.toml"
    path.write_text('[header]\nmunicipality = "会津美里町"\n[[kpis]]\nname = "x"\n', encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "【基本情報】"
    assert "  [未入力] 記入日：未入力です。" in lines
    assert "【２.　事業のKPI】" in lines and any("KPI① 2023年度末　実績値" in l for l in lines)
    assert lines[-1].startswith("まだ提出できません：未入力")
    code, out, _ = run(capsys, "check", "--json", str(path))
    items = json.loads(out)["items"]
    assert {"path": "kpis[0].fy2023.actual", "label": "KPI① 2023年度末　実績値", "section": "２.　事業のKPI",
            "problem": "missing", "message": "実績値を入力してください（計測していなければ「未計測」）。"} in items


def test_check_unreadable_exits_2_with_line_and_column(tmp_path, capsys):
    path = tmp_path / "b.toml"
    path.write_text('[header]\nphone = 0242-55\n', encoding="utf-8")
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and "2行目" in err and "列目" in err
    code, _, err = run(capsys, "check", str(tmp_path / "none.toml"))
    assert code == 2 and "ファイルがありません" in err


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["example", "--help"]])
def test_help_is_japanese(argv):
    proc = subprocess.run([sys.executable, "-m", "dejiden.tui.cli", *argv], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0
    assert "使い方:" in proc.stdout and "オプション" in proc.stdout and "usage" not in proc.stdout


def test_bad_arguments_are_explained_in_japanese(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check"])
    assert exc.value.code == 2 and "次の引数が必要です" in capsys.readouterr().err


def test_unwritable_place_is_a_message_not_a_traceback(tmp_path, capsys):
    code = main(["example", str(tmp_path / "missing" / "x.toml")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert f"ファイルを読み書きできませんでした（フォルダまたはファイルがありません：{tmp_path / 'missing'}）" in err
