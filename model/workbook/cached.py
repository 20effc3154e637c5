"""Cached results for our own formula cells, added to the xlsx openpyxl has just written.

Why: openpyxl writes every formula as ``<c r=".."><f>…</f><v/></c>`` and
has no way to store the result, so readers that do not calculate (python-calamine, pandas, file
previewers) would see blank totals and statuses. XlsxWriter can store results, but switching writers
would mean a second styling vocabulary beside the openpyxl reader for a handful of cells. So we keep
openpyxl and fill in ``<v>`` for exactly the cells we wrote formulas into, nothing else, as openpyxl's
writer puts each worksheet into the zip: we know each cell's sheet, address and value, and fails loudly (``CacheError``) if any one of them is
not found in the form openpyxl writes — which is what an openpyxl upgrade that changes its output
would do (tests/test_workbook_formulas.py exercises it on every run). ``fullCalcOnLoad`` is set too,
so Excel and LibreOffice recalculate on opening and never trust a stale cache.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.writer.excel import ExcelWriter

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


def _fill(xml: bytes, values: dict[str, Any], sheet: str) -> bytes:
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
        raise CacheError(f"{sheet}: no formula cell written at {', '.join(missing[:5])}")
    return out


_DIMENSION = re.compile(rb'<dimension ref="[A-Z0-9:]+" ?/>')


def _append(xml: bytes, rows: bytes, ref: str, sheet: str) -> bytes:
    """Rows written by the caller (``<row>`` elements after openpyxl's), and the sheet's dimension to match."""
    if xml.count(b"</sheetData>") != 1 or not _DIMENSION.search(xml):
        raise CacheError(f"{sheet}: no sheetData or dimension to add rows to")
    head, tail = xml.split(b"</sheetData>")
    return _DIMENSION.sub(f'<dimension ref="{ref}" />'.encode(), head, count=1) + rows + b"</sheetData>" + tail


class _CachingArchive(zipfile.ZipFile):
    """The zip openpyxl saves into: each worksheet part gets its cached values (and rows) on its way in."""

    def __init__(self, file: io.BytesIO, wb: Any, by_title: dict[str, dict[str, Any]],
                 rows: dict[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.wb, self.by_title, self.filled = wb, by_title, set()
        self.rows = rows or {}
        for title in self.rows:
            self.by_title.setdefault(title, {})

    def _values(self, arcname: str | None) -> tuple[str, dict[str, Any]] | None:
        for ws in self.wb.worksheets:
            if ws.title in self.by_title and ws.title not in self.filled and ws.path.lstrip("/") == arcname:
                return ws.title, self.by_title[ws.title]
        return None

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        found = self._values(arcname)
        if found is None:
            return super().write(filename, arcname, *args, **kwargs)
        with open(filename, "rb") as fh:
            self.writestr(arcname, fh.read())

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        found = self._values(getattr(zinfo_or_arcname, "filename", zinfo_or_arcname))
        if found is not None:
            title, values = found
            data = _fill(data if isinstance(data, bytes) else data.encode("utf-8"), values, title)
            if title in self.rows:
                data = _append(data, *self.rows[title], title)
            self.filled.add(title)
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)


def save_with_cached_values(wb: Any, by_title: dict[str, dict[str, Any]],
                            rows: dict[str, tuple[bytes, str]] | None = None) -> bytes:
    """The xlsx bytes of ``wb``, with a cached value for each formula cell in ``by_title``.

    ``by_title`` maps a sheet title to {cell address: value}. openpyxl's own ExcelWriter writes the
    file, into an archive that fills in each worksheet's values as the part goes in (so nothing is
    unzipped and zipped again). ``rows`` maps a sheet title to (``<row>`` elements, the sheet's whole
    range): rows the caller wrote itself, in openpyxl's form, added after the sheet's own (the summary's
    long tables, model/summary/sheets.py).
    """
    buffer = io.BytesIO()
    wb.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)
    archive = _CachingArchive(buffer, wb, {t: v for t, v in by_title.items() if v}, rows)
    ExcelWriter(wb, archive).save()
    missing = set(archive.by_title) - archive.filled
    if missing:
        raise CacheError(f"no worksheet part written for {', '.join(sorted(missing))}")
    return buffer.getvalue()
