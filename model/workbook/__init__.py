"""The workbook officers submit: ``layout`` (where each field sits), ``write`` (export), ``read`` (import)."""

from __future__ import annotations

from .layout import CellSpec, layout
from .read import CellProblem, ImportResult, import_workbook
from .write import ExportResult, build, default_name, export, put_text, safe_text, to_bytes

__all__ = [
    "CellSpec", "layout", "CellProblem", "ImportResult", "import_workbook",
    "ExportResult", "build", "default_name", "export", "put_text", "safe_text", "to_bytes",
]
