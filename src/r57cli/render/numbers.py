"""Figures as the reader writes them, in the report's language: percentages, signed
changes, shares, days (66.7% in English, 66,7% in Vietnamese). JSON and the plain CSV
keep numbers; everything people read goes through here."""

from __future__ import annotations

from typing import Any

from r57cli.locale.texts import language


def decimal(value: float | int) -> str:
    """A figure as the reader writes it: 66.7 in English, 66,7 in Vietnamese."""
    text = f"{value:g}"
    return text.replace(".", ",") if language() == "vi" else text


def pct(value: Any) -> str:
    if value is None:
        return ""
    return f"{decimal(value)}%" if isinstance(value, float) else f"{value}%"


def signed(value: Any, unit: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = round(value, 1)
        text = f"{value:+g}"
        if language() == "vi":
            text = text.replace(".", ",")
    else:
        text = f"{value:+d}"
    return text + unit if value else "0" + unit


def days(value: float | None) -> str:
    return "" if value is None else decimal(value)


def ratio(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"
