"""LibreOffice headless for the workbook tests: a private profile per run, conversions, calamine values."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")


def convert(src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """``soffice --convert-to fmt``; the profile folder is per test, so parallel runs never share one."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=240)
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert out.exists(), f"LibreOffice wrote no {out.name}"
    return out


def recalculated(src: Path, tmp: Path) -> Path:
    """The workbook as LibreOffice computes it from the formulas alone.

    openpyxl drops every cached result when it saves, so LibreOffice has nothing to trust and must
    calculate each formula; its saved copy then holds LibreOffice's own results.
    """
    stripped = tmp / "stripped" / src.name
    stripped.parent.mkdir(parents=True, exist_ok=True)
    openpyxl.load_workbook(src).save(stripped)
    return convert(stripped, "xlsx:Calc MS Excel 2007 XML", tmp / "recalculated", tmp / "lo-profile")


def values(path: Path, sheet: str, refs: list[str]) -> dict[str, object]:
    """Cell values as a reader that never calculates sees them (python-calamine: cached results only)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    out: dict[str, object] = {}
    for ref in refs:
        col = openpyxl.utils.column_index_from_string("".join(c for c in ref if c.isalpha())) - 1
        row = int("".join(c for c in ref if c.isdigit())) - 1
        value = rows[row][col] if row < len(rows) and col < len(rows[row]) else ""
        out[ref] = int(value) if isinstance(value, float) and value.is_integer() else value
    return out
