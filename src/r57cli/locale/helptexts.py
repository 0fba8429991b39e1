"""r57's own --help texts in the run's language (the `r57-help` gettext domain).

The msgids are the English help exactly as the click tree holds it (a command's help,
short_help and epilog, each option's and argument's help, and the --help option's own
"Show this message and exit."), collected by `texts()`: tools/extract_help.py writes them to
`r57-help.pot` and merges them into `vi/LC_MESSAGES/r57-help.po`. `translate()` swaps them
in a built tree before its help is formatted; it is only called for a language other than
English, so English help is untouched and costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from r57cli.locale.catalog import gettext_

DOMAIN = "r57-help"
COMMAND_FIELDS = ("help", "short_help", "epilog")


class _HelpNames:
    """What `Command.get_help_option` reads of a context: the names of the help option."""

    def __init__(self, names: Sequence[str]) -> None:
        self.help_option_names = list(names)


def texts(
    command: Any, help_option_names: Sequence[str], path: str = "r57"
) -> Iterator[tuple[str, Any, str]]:
    """(where, holder, attribute) of every help text of `command` and the commands under it;
    `where` is how a user calls it ("r57 report", "r57 report --week")."""
    for field in COMMAND_FIELDS:
        if getattr(command, field, None):
            yield path, command, field
    params = list(getattr(command, "params", ()))
    help_option = command.get_help_option(_HelpNames(help_option_names))
    if help_option is not None:
        params.append(help_option)
    for param in params:
        if getattr(param, "help", None):
            is_option = getattr(param, "param_type_name", "") == "option"
            name = max(param.opts, key=len) if is_option else (param.metavar or param.name.upper())
            yield f"{path} {name}", param, "help"
    for name, sub in getattr(command, "commands", {}).items():
        yield from texts(sub, help_option_names, f"{path} {name}")


def translate(command: Any, lang: str, help_option_names: Sequence[str]) -> None:
    """Put the `lang` help texts into the tree under `command` (a missing one stays English)."""
    for _, holder, field in texts(command, help_option_names):
        setattr(holder, field, gettext_(DOMAIN, lang, getattr(holder, field)))
