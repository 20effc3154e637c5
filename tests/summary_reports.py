"""Invented reports for the summary and the results page: every ※1 case, 未計測, an incomplete draft, another edition."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from dejiden.model import draft, workbook
from dejiden.model.example import seed_data, seed_report
from dejiden.model.report import Report

SCRIPT = "<script>alert('x')</script>"


def _kpi(name: str, unit: str, years: dict[int, tuple], note: str | None = None, **narratives: str) -> dict:
    kpi = {"name": name, "kind": "アウトカム", "unit": unit,
           **{f"fy{y}": {"target": t, "actual": a} for y, (t, a) in years.items()}, **narratives}
    if note:
        kpi["note"] = note
    return kpi


DONE = "2025年度も同じ取組を続け、年2回の点検で効果を確かめる。"
NOT_YET = "委託先との調整が遅れたため。2025年9月末に計測し、2025年度末の達成に向けて周知を強める。"


def shiojiri() -> Report:
    """令和4年度補正 (KPIs 2023・2024): a 減少KPI, a 0目標KPI, a minus target, an ordinary target of 0, 未計測."""
    data = seed_data()
    data["edition"] = "r4-hosei-type1"
    data["header"].update(prefecture="長野県", municipality="塩尻市", lg_code="20215",
                          project_name="窓口の待ち時間を短くする<b>オンライン予約</b>", entry_date="2025-06-10")
    data["budget"] = {
        "planned": {"expenses": [{"item": "予約システム構築", "amount": 5000}], "incomes": [{"item": "交付金", "amount": 2500}]},
        "actual": {"expenses": [{"item": "予約システム構築", "amount": 4800}], "incomes": [{"item": "交付金", "amount": 2400}]},
    }
    data["kpis"] = [
        _kpi("窓口の平均待ち時間の短縮", "分", {2023: (30, 36), 2024: (20, 16)}, "減少KPI", narrative_achieved=DONE),
        _kpi("窓口での受付ミスの件数", "件", {2023: (0, 2), 2024: (0, 0)}, "0目標KPI", narrative_achieved=DONE),
        _kpi("紙の申請件数の増減", "件", {2023: (-5, 2), 2024: (-10, -12)}, narrative_achieved=DONE + SCRIPT),
        _kpi("新規登録事業者数", "件", {2023: (0, 3), 2024: (10, 4)}, narrative_unachieved=NOT_YET),
        _kpi("予約サイトのアクセス数", "アクセス", {2023: (100, "未計測"), 2024: (200, "未計測")}, narrative_unachieved=NOT_YET),
    ]
    return Report.model_validate(data)


# (status, rate) per KPI of shiojiri(), by year: what the summary must say.
SHIOJIRI = {
    2023: [("未達成", 30 / 36), ("未達成", None), ("未達成", 2 / -5), ("達成", None), ("未計測", None)],
    2024: [("達成", 20 / 16), ("達成", 1.0), ("達成", -12 / -10), ("未達成", 4 / 10), ("未計測", None)],
}


def sapporo_incomplete() -> Report:
    """令和3年度補正, begun: a name, one KPI with its first year only, no checklist."""
    return Report.model_validate({
        "header": {"prefecture": "北海道", "municipality": "札幌市", "lg_code": "01100", "project_name": "=HYPERLINK(\"http://x\")"},
        "kpis": [{"name": "+cmd|' /C calc'!A0", "fy2022": {"target": 10, "actual": 12}}],
    })


def damaged(folder: Path) -> dict[str, str]:
    """Files that are not reports, by name, with a phrase of the reason the summary must give."""
    (folder / "bad.toml").write_text("kpis = [\n", encoding="utf-8")
    (folder / "notzip.xlsx").write_bytes(b"this is not a workbook")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"\0" * (17 * 1024 * 1024))
    (folder / "bomb.xlsx").write_bytes(buffer.getvalue())
    (folder / "link.toml").symlink_to(folder / "seed.toml")
    os.mkfifo(folder / "pipe.toml")
    (folder / "wrong.toml").write_text('edition = "r9-none"\n', encoding="utf-8")
    return {"bad.toml": "TOMLとして読めません", "notzip.xlsx": "zip形式ではありません", "bomb.xlsx": "展開後の大きさ",
            "link.toml": "シンボリックリンク", "pipe.toml": "名前付きパイプ", "wrong.toml": "r9-none"}


def folder_of_reports(folder: Path) -> dict[str, str]:
    """The seed (draft and workbook), the invented reports and the damaged files; returns the damaged ones."""
    folder.mkdir(parents=True, exist_ok=True)
    draft.save(folder / "seed.toml", draft.Draft(seed_report()))
    workbook.export(seed_report(), None, folder / "seed.xlsx")
    sub = folder / "長野県"
    sub.mkdir()
    draft.save(sub / "shiojiri.toml", draft.Draft(shiojiri()))
    draft.save(folder / "sapporo.toml", draft.Draft(sapporo_incomplete()))
    for name in list(os.listdir(folder)) + [f"長野県/{n}" for n in os.listdir(sub)]:
        if name.endswith(".bak"):
            os.unlink(folder / name)
    return damaged(folder)
