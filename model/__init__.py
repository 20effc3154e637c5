"""The report model: the truth of the form. No Textual import here.

``Report`` is loaded on first use, so that light modules of this package (``normalize``, ``lock``)
can be imported without pydantic: the app draws its first frame before the model is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .report import Report

__all__ = ["Report"]


def __getattr__(name: str) -> Any:
    if name == "Report":
        from .report import Report

        return Report
    raise AttributeError(f"module 'dejiden.model' has no attribute {name!r}")
