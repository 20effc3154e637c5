"""WORKBOOK_BOUNDS: what a workbook may hold, measured on what its XML holds, never on what it claims.

A sheet may claim ``<dimension ref="A1:XFD1048576"/>`` and hold one cell, or merge a range of 17
billion cells in 40 bytes; readers that trust such claims work for minutes. ``measure`` walks every
sheet and the shared strings once, streaming, before openpyxl sees the file, and refuses (``BookRefused``,
Japanese) a workbook holding more cells, rows, merged or linked cells, or characters than
``WORKBOOK_BOUNDS`` allows, a cell written twice, or an entity declaration; the walk stops at the first
bound crossed and within the time budget. Every reader of a workbook (``dejiden import``, ``upload``
over SSH, the summary) opens it through ``guard.open_book``, which applies these bounds.
On the way it collects the formulas (``<f>``) by (sheet, cell), so no second pass is needed.
"""

from __future__ import annotations

import re
import time
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, XMLPullParser

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_ISO8601

from ..loaderrors import MAX_STRING
from ..normalize import TOO_LARGE
from ..safe_text import shown
from .parts import holds_cells, local_name, root_name, sheet_titles


class BookRefused(Exception):
    """Why a workbook is not read at all (Japanese); ``cell`` is (sheet title, reference) when one cell is why."""

    def __init__(self, message: str, cell: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.cell = cell


@dataclass(frozen=True)
class WorkbookBounds:
    """Limits on what a workbook holds. An exported report has about 1,000 cells, 150 rows and 3,000
    XML elements (5,000 once LibreOffice saves it); a copy saved by Excel or LibreOffice adds styled
    empty cells, so the limits leave a margin of 20 times, and no more: 40,000 inline-text cells kept
    an upload busy for 3 s."""

    cells: int = 20_000  # <c> elements in all sheets
    rows: int = 20_000  # <row> elements in all sheets
    strings: int = 20_000  # shared strings (<si>): no more than cells could use
    styles: int = 20_000  # formats, fonts, fills, borders and cell styles
    sheets: int = 100  # <sheet> entries in the workbook (many may name one part: each is read again)
    names: int = 5_000  # defined names (an export has one per input cell)
    spanned: int = 200_000  # cells covered by merged ranges and hyperlink ranges (openpyxl makes each one)
    elements: int = 60_000  # XML elements of any name in all parts; each costs openpyxl 10-25 µs
    cell_chars: int = MAX_STRING  # characters in one cell: what a draft can keep of it
    chars: int = 300_000  # characters in all cells and shared strings (a draft holds at most 1 MB)
    seconds: float = 5.0  # the whole reading, openpyxl's load included


WORKBOOK_BOUNDS = WorkbookBounds()
_NUMBER_CHARS = 40  # a number cell's text: 15 digits, sign, point and exponent fit with room to spare
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")  # what Excel writes in <v>
_BROKEN = "壊れたファイルです。Excel か LibreOffice で開いて保存し直してください。"


def cell_name(row: int, col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _area(ref: str) -> int:
    """Cells a range covers (``A1:XFD1048576`` → 17,179,869,184); 1 for a cell; 0 for what is not a range."""
    ends = [_REF.match(part.strip()) for part in ref.split(":")]
    if not ends or any(m is None for m in ends) or len(ends) > 2:
        return 0
    if len(ends) == 1:
        return 1
    (c1, r1), (c2, r2) = ((column_index_from_string(m.group(1)), int(m.group(2))) for m in ends)  # type: ignore[union-attr]
    return (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)


class _Walk:
    """One streaming pass over the parts that hold cells, counting against the bounds."""

    def __init__(self, bounds: WorkbookBounds, deadline: float) -> None:
        self.bounds, self.deadline = bounds, deadline
        self.cells = self.rows = self.spanned = self.chars = self.elements = 0
        self.events = 0
        self.formulas: dict[tuple[str, str], str] = {}
        self.long_shared: dict[int, int] = {}  # shared string index → its length, when over cell_chars
        self.strings = 0  # shared strings the workbook holds (a cell naming a later one is broken)
        self.at: tuple[str, str] | None = None  # the cell being read: (sheet title, reference)

    def tick(self) -> None:
        self.events += 1
        if self.events % 2000 == 0 and time.monotonic() > self.deadline:
            raise BookRefused(f"読み込みに時間がかかりすぎます（{self.bounds.seconds:g}秒で打ち切りました）。"
                              "dejiden export で作ったファイルを指定してください。")

    def over(self, what: str, count: int, limit: int) -> BookRefused:
        return BookRefused(f"{what}が多すぎます（{count:,}。上限は{limit:,}）。dejiden export で作ったファイルを指定してください。")

    def text(self, n: int, where: str) -> None:
        if n > self.bounds.cell_chars:
            raise BookRefused(f"{where}の文字が多すぎます（{n:,}字。1つのセルの上限は{self.bounds.cell_chars:,}字）。", self.at)
        self.chars += n
        if self.chars > self.bounds.chars:
            raise self.over("ファイル全体の文字", self.chars, self.bounds.chars)

    def events_of(self, data: bytes):
        parser = XMLPullParser(events=("start", "end"))
        for i in range(0, len(data), 1 << 16):
            parser.feed(data[i: i + (1 << 16)])
            for event in parser.read_events():
                self.tick()
                yield event
        parser.close()
        yield from parser.read_events()

    def count(self, data: bytes, limits: dict[str, tuple[str, int]]) -> None:
        """Count the elements named in ``limits`` (local name → (what, limit)) in one part."""
        for tag, (what, limit) in limits.items():
            self.quick_count(data, tag.encode(), what, 0, limit)
        self.any_elements(data)
        counts = dict.fromkeys(limits, 0)
        for event, elem in self.events_of(data):
            tag = local_name(elem.tag)
            if event == "end":
                if tag in counts:
                    counts[tag] += 1
                    what, limit = limits[tag]
                    if counts[tag] > limit:
                        raise self.over(what, counts[tag], limit)
                elem.clear()

    def shared_strings(self, data: bytes) -> None:
        self.quick_count(data, b"si", "共有文字列", 0, self.bounds.strings)
        self.any_elements(data)
        index, length = 0, 0
        for event, elem in self.events_of(data):
            tag = local_name(elem.tag)
            if event == "end" and tag == "t":
                length += len(elem.text or "")
            elif event == "end" and tag == "si" and index >= self.bounds.strings:
                raise self.over("共有文字列", index + 1, self.bounds.strings)
            elif event == "end" and tag == "si":
                if length > self.bounds.cell_chars:
                    self.long_shared[index] = length
                else:
                    self.text(length, "共有文字列")
                index, length = index + 1, 0
                self.strings = index
                elem.clear()

    def quick_count(self, data: bytes, tag: bytes, what: str, counted: int, limit: int) -> None:
        """Refuse at once when the bytes hold more ``<tag`` openings than the bound (before any parsing)."""
        n = counted + sum(1 for _ in re.finditer(rb"<(?:[\w.-]+:)?" + tag + rb"[\s/>]", data))
        if n > limit:
            raise self.over(what, n, limit)

    def any_elements(self, data: bytes) -> None:
        """Refuse at once when the parts hold more elements of any name than the bound: empty or nested
        elements no other bound counts (``<x/>`` three million times in 40 KB) still cost time to parse."""
        self.elements += data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")
        if self.elements > self.bounds.elements:
            raise self.over("XMLの要素", self.elements, self.bounds.elements)

    def sheet(self, data: bytes, title: str) -> None:
        self.quick_count(data, b"c", "セル", self.cells, self.bounds.cells)
        self.quick_count(data, b"row", "行", self.rows, self.bounds.rows)
        self.any_elements(data)
        seen: set[tuple[int, int]] = set()
        row = col = 0
        cell: dict[str, str] | None = None
        shared: dict[str, str] = {}  # shared formulas: the first cell's text by its index
        value = ""
        for event, elem in self.events_of(data):
            tag = local_name(elem.tag)
            if event == "start":
                if tag == "row":
                    self.rows += 1
                    if self.rows > self.bounds.rows:
                        raise self.over("行", self.rows, self.bounds.rows)
                    r = elem.get("r")
                    row = int(r) if r and r.isascii() and r.isdigit() and len(r) < 8 else row + 1
                    col = 0
                elif tag == "c":
                    self.cells += 1
                    if self.cells > self.bounds.cells:
                        raise self.over("セル", self.cells, self.bounds.cells)
                    m = _REF.match(elem.get("r") or "")
                    if m:
                        row, col = int(m.group(2)), column_index_from_string(m.group(1))
                    else:
                        col += 1
                    if (row, col) in seen:
                        raise BookRefused(f"「{title}」シートのセル {cell_name(row, col)} が2回書かれています。"
                                          + _BROKEN, (title, cell_name(row, col)))
                    seen.add((row, col))
                    cell, value = {"t": elem.get("t") or ""}, ""
                elif tag in ("mergeCell", "hyperlink"):
                    self.spanned += _area(elem.get("ref") or "")
                    if self.spanned > self.bounds.spanned:
                        raise self.over("結合またはリンクしたセル", self.spanned, self.bounds.spanned)
                continue
            if cell is None:
                if tag in ("row", "mergeCell", "hyperlink"):
                    elem.clear()
                continue
            where, self.at = f"「{title}」シートのセル {cell_name(row, col)}", (title, cell_name(row, col))
            if tag == "f":
                text, si = elem.text or "", elem.get("si")
                if elem.get("t") == "shared" and si is not None:
                    text = shared.setdefault(si, text) if text else shared.get(si, "")
                self.text(len(text), where)
                self.formulas[(title, cell_name(row, col))] = "=" + text
            elif tag == "t":
                value += elem.text or ""
            elif tag == "v":
                value = elem.text or ""
            elif tag == "c":
                index = value.strip()
                if cell["t"] == "s" and index.isascii() and index.isdigit() and int(index) in self.long_shared:
                    self.text(self.long_shared[int(value)], where)
                elif cell["t"] != "s":
                    self.text(len(value), where)
                if cell["t"] in ("", "n") and len(value.strip()) > _NUMBER_CHARS:
                    raise BookRefused(f"{where}の数値の桁が多すぎます（{len(value.strip()):,}文字）。{TOO_LARGE}", self.at)
                self.typed(cell["t"], value, where)
                cell, self.at = None, None
                elem.clear()

    def typed(self, kind: str, raw: str, where: str) -> None:
        """Refuse a cell whose value is not of its own type (``NaN`` as a number, a shared string that is
        not there, a date cell holding no date): openpyxl would stop with a bare ValueError, OverflowError
        or IndexError naming no cell. A date is tried as openpyxl reads it, spaces and all."""
        value = raw.strip()
        if not value and (kind != "d" or not raw):
            return
        fits = {"": lambda: _NUMBER.match(value), "n": lambda: _NUMBER.match(value), "d": lambda: _iso_date(raw),
                "b": lambda: value in ("0", "1"),
                "s": lambda: value.isascii() and value.isdigit() and int(value) < self.strings}.get(kind, lambda: True)
        if not fits():
            raise BookRefused(f"{where}の値「{shown(raw[:20], newlines=False)}」が読めません。{_BROKEN}", self.at)


def _iso_date(text: str) -> bool:
    """Whether openpyxl reads a date cell's text (ISO 8601: a date, a time, both, or a duration)."""
    try:
        from_ISO8601(text)
    except (ValueError, OverflowError):
        return False
    return True


def measure(archive: zipfile.ZipFile, bounds: WorkbookBounds = WORKBOOK_BOUNDS,
            deadline: float | None = None) -> dict[tuple[str, str], str]:
    """Walk every part that holds cells, within ``bounds``; the formulas by (sheet title, cell).

    Raises ``BookRefused`` with a Japanese message at the first bound crossed."""
    walk = _Walk(bounds, deadline if deadline is not None else time.monotonic() + bounds.seconds)
    names = {m.filename for m in archive.infolist()}
    parts = [(name, archive.read(name)) for name in sorted(names) if not name.endswith("/")]
    if any(b"<!ENTITY" in data or b"<!DOCTYPE" in data for _, data in parts):  # in any part openpyxl reads
        raise BookRefused("Excelファイルに実体宣言（DOCTYPE/ENTITY）があります。安全のため読みません。")
    styles = {tag: ("書式", bounds.styles) for tag in ("xf", "font", "fill", "border", "numFmt", "dxf", "cellStyle")}
    book = {"sheet": ("シート", bounds.sheets), "definedName": ("名前の定義", bounds.names)}
    try:
        for name, data in parts:
            root = root_name(data)
            if root == "sst":
                walk.shared_strings(data)
            elif root in ("styleSheet", "workbook"):
                walk.count(data, styles if root == "styleSheet" else book)
            elif not holds_cells(root, data):
                walk.any_elements(data)  # every other part openpyxl may parse (sheets: counted when walked)
        titles = sheet_titles(archive, names)  # the workbook part is known to be small by now
        for name, data in parts:
            if holds_cells(root_name(data), data):
                walk.sheet(data, titles.get(name, name))
    except ParseError:
        raise BookRefused("Excelファイル（.xlsx）として読めません（XMLが壊れています）。") from None
    return walk.formulas
