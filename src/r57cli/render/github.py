"""GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message` per problem."""

from __future__ import annotations

from r57cli.locale.messages import render
from r57cli.render import RenderOptions
from r57cli.validate.engine import ValidationResult


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: ValidationResult, opts: RenderOptions) -> str:
    lines = []
    for d in result.diagnostics:
        message, hint = render(d.code, d.args, opts.lang)
        props = (
            f"file={_prop(opts.shown(d.path))},line={d.line},col={d.column},"
            f"endColumn={d.column + d.length},title={_prop(d.code)}"
        )
        lines.append(
            f"::{d.severity.value} {props}::{_data(f'{message}. {opts.fix_label()}: {hint}')}"
        )
    status = "error" if result.failed(opts.strict) else "notice"
    lines.append(
        f"::{status}::r57 validate: {result.errors} error(s), {result.warnings} warning(s) "
        f"in {result.files} files"
    )
    return "\n".join(lines) + "\n"
