"""A workbook's zip parts as the bounds see them: each part's root element, which hold cells, the sheets' titles.

Read from a part's first bytes, or from the workbook part and its relationships, without openpyxl:
``bounds.measure`` needs them before openpyxl may open the file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree.ElementTree import ParseError

_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sheet_titles(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Part name → sheet title, from the workbook and its relationships (best effort: messages, formulas)."""
    titles: dict[str, str] = {}
    book = "xl/workbook.xml"
    rels = "xl/_rels/workbook.xml.rels"
    if book not in names or rels not in names:
        return titles
    try:
        from xml.etree.ElementTree import fromstring

        targets = {r.get("Id"): r.get("Target") or "" for r in fromstring(archive.read(rels))}
        for el in fromstring(archive.read(book)).iter():
            if local_name(el.tag) == "sheet":
                target = targets.get(el.get(f"{{{_NS_REL}}}id"), "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                titles[part] = el.get("name") or part
    except (ParseError, KeyError, ValueError, zipfile.BadZipFile, OSError):
        return {}
    return titles


def root_name(data: bytes) -> str:
    """The local name of a part's root element, read from its first bytes only."""
    start = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", data[:4096], flags=re.S)
    head = re.search(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]", start)
    return head.group(2).decode("ascii", "replace") if head else ""


def holds_cells(root: str, data: bytes) -> bool:
    return root in ("worksheet", "chartsheet", "dialogsheet") or b"sheetData" in data
