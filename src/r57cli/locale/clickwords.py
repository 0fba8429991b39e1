"""Click's own words in a usage error, in the run's language (the `click` gettext domain).

Typer 0.29's vendored click writes these words as f-strings, with no gettext call to hook,
so r57 shows the error itself: each English sentence is matched by its msgid's shape, and
its fields (already escaped by the caller) go into the translated msgstr. English is the
identity, so English output stays byte-identical to click's own `show()`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from r57cli.locale.catalog import gettext_

# r57's plain words for a bad option value (plain()): the value, and how to write it. First
# in SENTENCES: translate() tries them in order, and click's "{value} is not one of
# {choices}." would match the last one too.
PLAIN_SENTENCES = (
    "{value} is not a whole number. Write digits only, for example {example}.",
    "{value} is not a number. Write digits, for example {example}.",
    "{value} is too small: it must be {ge} or more, for example {example}.",
    "{value} is too large: it must be {le} or less, for example {example}.",
    "{value} is too small: it must be more than {gt}.",
    "{value} is too large: it must be less than {lt}.",
    "{value} is not one of {choices}. Choose one of them, for example {example}.",
)
# msgid exactly as click/typer write it; the regex captures its format fields.
SENTENCES = (
    *PLAIN_SENTENCES,
    "{message} (Possible options: {options})",
    "Invalid value for {param_hint}: {message}",
    "Invalid value: {message}",
    "No such option: {name}",
    "No such command {name}.",
    "Missing argument '{name}'.",
    "Missing option '{name}'.",
    "Missing command.",
    "Got unexpected extra argument(s) ({args})",
    "Value error, {value} is not one of {choices}.",
    "{value} is not one of {choices}.",
    "{message}. Did you mean {suggestions}?",
    "No such command {name}",
    "Option {name} requires an argument.",
    "Option {name} does not take a value.",
    "Value {value} is not a valid {label}.",
    # typer 0.29 converts values with pydantic and shows its first error's message.
    "Input should be a valid integer, unable to parse string as an integer",
    "Input should be a valid integer, got a number with a fractional part",
    "Input should be a valid number, unable to parse string as a number",
    "Input should be greater than or equal to {ge}",
    "Input should be less than or equal to {le}",
    "Input should be greater than {gt}",
    "Input should be less than {lt}",
)
USAGE = "Usage: "
TRY = "Try '{command} {option}' for help."
ERROR = "Error: {message}"


def _pattern(msgid: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", msgid)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.*)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Compiled on the first Vietnamese usage error: every run imports this module."""
    return tuple((msgid, _pattern(msgid)) for msgid in SENTENCES)


def translate(message: str, lang: str) -> str:
    """One of click's sentences in `lang`; an unknown sentence is left as it is."""
    for msgid, pattern in _patterns():
        match = pattern.match(message)
        if match:
            fields = {k: translate(v, lang) for k, v in match.groupdict().items()}
            return gettext_("click", lang, msgid).format(**fields)
    return message


# pydantic's and click's wording of a bad option value -> r57's, with the fix.
_PLAIN = (
    ("Input should be a valid integer, unable to parse string as an integer", 0),
    ("Input should be a valid integer, got a number with a fractional part", 0),
    ("Input should be a valid number, unable to parse string as a number", 1),
    ("Input should be greater than or equal to {ge}", 2),
    ("Input should be less than or equal to {le}", 3),
    ("Input should be greater than {gt}", 4),
    ("Input should be less than {lt}", 5),
    ("Value error, {value} is not one of {choices}.", 6),
    ("{value} is not one of {choices}.", 6),
)


def option_value(args: list[str], names: list[str]) -> str | None:
    """The value the command line gave an option (its last one): `--pct 60.5`, `--pct=60.5`."""
    found = None
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                found = args[i + 1]
            elif name.startswith("--") and arg.startswith(name + "="):
                found = arg[len(name) + 1 :]
    return found


def plain(message: str, option: str, value: str | None) -> str:
    """A bad option value said in r57's plain English, with the value and an example of a
    good one; a message it does not know is left as it is (translate() still applies)."""
    for msgid, kind in _PLAIN:
        match = _pattern(msgid).match(message)
        if match is None:
            continue
        fields = match.groupdict()
        if kind == 6:
            choices = fields["choices"]
            first = choices.split(",")[0].strip().strip("'")
            fields["example"] = f"{option} {first}"
            return PLAIN_SENTENCES[6].format(**fields)
        if value is None:
            return message
        shown = repr(value)
        if kind in (0, 1):
            try:
                example = str(max(0, round(float(value))))
            except (ValueError, OverflowError):
                example = "10"
            return PLAIN_SENTENCES[kind].format(value=shown, example=f"{option} {example}")
        bound = next(iter(fields.values()))
        key = ("ge", "le", "gt", "lt")[kind - 2]
        return PLAIN_SENTENCES[kind].format(
            value=shown, example=f"{option} {bound}", **{key: bound}
        )
    return message


def usage_error(exc: Any, lang: str) -> str:
    """What click's UsageError.show() prints (stderr), in `lang`."""
    out = ""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage()
        if usage.startswith(USAGE):
            usage = gettext_("click", lang, USAGE) + usage[len(USAGE) :]
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = gettext_("click", lang, TRY).format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            hint += "\n"
        out = f"{usage}\n{hint}\n"
    message = gettext_("click", lang, ERROR).format(message=translate(exc.format_message(), lang))
    return out + _ENV_HINT.sub(lambda m: _env_hint(m.group(1), lang), message)


# typer's Option.get_error_hint writes "'--lang' (env var: 'R57_LANG')" without gettext.
_ENV_HINT = re.compile(r"\(env var: ('[^']*')\)")


def _env_hint(var: str, lang: str) -> str:
    return "(" + gettext_("click", lang, "env var: {var}").format(var=var) + ")"


# typer's own help words, marked with gettext in typer/core.py ("Options", "[default: x]").
HELP_WORDS = (
    "Arguments",
    "Options",
    "Commands",
    "default: {default}",
    "required",
    "env var: {var}",
    "(dynamic)",
)


# The language of the help about to be shown when the command line says it (the last --lang):
# it wins over R57_LANG, which an earlier, eager root --lang may still set.
_help_lang: str | None = None


def set_help_language(lang: str | None) -> None:
    global _help_lang
    _help_lang = lang


def install() -> None:
    """Point typer.core's gettext `_` at the `click` catalogue in the run's language (read
    from R57_LANG when a word is formatted, so an eager root --lang counts), and translate
    the help's "Usage: " prefix. English is the identity, so English help is unchanged."""
    import os

    from typer import core
    from typer._click import formatting

    def _(message: str) -> str:
        lang = _help_lang or os.environ.get("R57_LANG")
        return gettext_("click", lang, message) if lang == "vi" else message

    core._ = _  # type: ignore[attr-defined]
    original = formatting.HelpFormatter.write_usage
    if getattr(original, "_r57", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, _(USAGE) if prefix is None else prefix)

    write_usage._r57 = True  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
