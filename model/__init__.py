"""The report model: the truth of the form. No Textual import here."""

from .report import Report

__all__ = ["Report"]
