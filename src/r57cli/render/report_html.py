"""The report as one self-contained HTML page (placeholder until the page is built)."""

from __future__ import annotations

import html
from typing import Any

from r57cli.render.report_text import render_markdown


def render_html(doc: dict[str, Any]) -> str:
    body = html.escape(render_markdown(doc))
    return f"<!doctype html>\n<html><body><pre>{body}</pre></body></html>\n"
