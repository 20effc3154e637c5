"""Cached results for our own formula cells, added to the xlsx openpyxl has just written.

Why a pass over the saved file: openpyxl writes every formula as ``<c r=".."><f>…</f><v/></c>`` and
has no way to store the result, so readers that do not calculate (python-calamine, pandas, file
previewers) would see blank totals and statuses. XlsxWriter can store results, but switching writers
would mean a second styling vocabulary beside the openpyxl reader for a handful of cells. So we keep
openpyxl and fill in ``<v>`` for exactly the cells we wrote formulas into, nothing else: the pass
knows each cell's sheet, address and value, and fails loudly (``CacheError``) if any one of them is
not found in the form openpyxl writes — which is what an openpyxl upgrade that changes its output
would do (tests/test_workbook_formulas.py exercises it on every run). ``fullCalcOnLoad`` is set too,
so Excel and LibreOffice recalculate on opening and never trust a stale cache.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

# One formula cell as openpyxl 3.1 writes it (attributes r and s; no t; an empty <v>).
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"((?: s="[0-9]+")?)><f>([^<]*)</f><v ?/></c>')


class CacheError(RuntimeError):
    """The saved file does not hold a formula cell where we wrote one (openpyxl's output changed)."""


def _cell_xml(ref: bytes, style: bytes, formula: bytes, value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise CacheError(f"unsupported cached value {value!r} for {ref.decode()}")
    if isinstance(value, (int, float)):
        return b'<c r="%s"%s><f>%s</f><v>%s</v></c>' % (ref, style, formula, repr(value).encode())
    text = escape(str(value)).encode("utf-8")
    return b'<c r="%s"%s t="str"><f>%s</f><v>%s</v></c>' % (ref, style, formula, text)


def _fill(xml: bytes, values: dict[str, Any], part: str) -> bytes:
    wanted = {ref.encode(): value for ref, value in values.items()}
    seen: set[bytes] = set()

    def one(m: re.Match[bytes]) -> bytes:
        ref = m.group(1)
        if ref not in wanted:
            return m.group(0)
        seen.add(ref)
        return _cell_xml(ref, m.group(2), m.group(3), wanted[ref])

    out = _FORMULA_CELL.sub(one, xml)
    missing = sorted(r.decode() for r in set(wanted) - seen)
    if missing:
        raise CacheError(f"{part}: no formula cell written at {', '.join(missing[:5])}")
    return out


def add_cached_values(data: bytes, by_part: dict[str, dict[str, Any]]) -> bytes:
    """``data`` (an xlsx) with a cached value for each formula cell named in ``by_part``.

    ``by_part`` maps a worksheet's part name (``xl/worksheets/sheet1.xml``) to {cell address: value}.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    names = set(src.namelist())
    absent = [p for p in by_part if p not in names]
    if absent:
        raise CacheError(f"no worksheet part {absent[0]} in the saved file")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in by_part:
                body = _fill(body, by_part[info.filename], info.filename)
            dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
