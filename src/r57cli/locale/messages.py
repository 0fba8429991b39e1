"""Every user-facing validation message: the code table and the functions that render it.

Codes are an API: editors and CI scripts match on them, so a code is never reused for a
different problem. The tables hold the English (codes.py, crosscodes.py, gatemessages.py,
phrases.py); the Vietnamese is looked up in vi/LC_MESSAGES/r57.po through catalog.pgettext.
"""

from __future__ import annotations

from typing import Any

from r57cli.locale.catalog import pgettext
from r57cli.locale.codes import FILE_CODES
from r57cli.locale.crosscodes import PLAN_CODES
from r57cli.locale.phrases import PHRASES, RELATED_NOTES
from r57cli.locale.unitcodes import UNIT_CODES
from r57cli.locale.words import CATEGORY_SHORT, CATEGORY_TITLES, Category, Message, Severity

__all__ = [
    "CATALOGUE",
    "CATEGORY_SHORT",
    "CATEGORY_TITLES",
    "PHRASES",
    "RELATED_NOTES",
    "Category",
    "Message",
    "Severity",
    "phrase",
    "printable",
    "related_note",
    "render",
]

CATALOGUE: dict[str, Message] = {**FILE_CODES, **PLAN_CODES, **UNIT_CODES}


def _add_gate_messages() -> None:
    from r57cli.locale.gatemessages import GATE_MESSAGES, GATE_PHRASES

    for code, (category, severity, *texts) in GATE_MESSAGES.items():
        CATALOGUE[code] = Message(Category(category), Severity(severity), *texts)
    PHRASES.update(GATE_PHRASES)


_add_gate_messages()


def phrase(key: str, **fields: Any) -> dict[str, Any]:
    """A translatable fragment to put in a message field."""
    return {"$p": key, **fields}


def _fill(value: Any, lang: str) -> Any:
    if isinstance(value, dict) and "$p" in value:
        key = value["$p"]
        text = (
            PHRASES[key] if lang == "en" else pgettext("r57", lang, f"phrase:{key}", PHRASES[key])
        )
        inner = _Blank(
            {
                k: printable(v) if isinstance(v, str) else _fill(v, lang)
                for k, v in value.items()
                if k != "$p"
            }
        )
        return text.format_map(inner)
    return value


def related_note(note: str, lang: str) -> str:
    """The text of a related-location note in `lang`."""
    english = RELATED_NOTES[note]
    return english if lang == "en" else pgettext("r57", lang, f"note:{note}", english)


class _Blank(dict[str, Any]):
    """Renders a missing template field as '' rather than raising KeyError."""

    def __missing__(self, key: str) -> str:
        return ""


# Text from plan files goes into messages; control characters in it must not reach a terminal
# (escape sequences) or a log parser (a newline could forge a `path:line:col:` line).
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
# Line separators and bidirectional controls (U+202E can make text display reversed).
_CONTROL.update(
    {
        c: f"\\u{c:04x}"
        for c in (0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    }
)
# A file name that is not UTF-8 arrives with its bytes as lone surrogates (Python's
# surrogateescape); they cannot be written as UTF-8: show each byte as \xNN.
_CONTROL.update({c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)})


def printable(text: str) -> str:
    return text.translate(_CONTROL)


def render(code: str, args: dict[str, Any], lang: str = "en") -> tuple[str, str]:
    """Return (message, hint) for a diagnostic in `lang` ("en" or "vi")."""
    msg = CATALOGUE[code]
    fields = _Blank(
        {k: printable(v) if isinstance(v, str) else _fill(v, lang) for k, v in args.items()}
    )
    text, hint = msg.en, msg.hint_en
    if lang != "en":
        text = pgettext("r57", lang, code, text)
        hint = pgettext("r57", lang, f"{code} hint", hint)
    return text.format_map(fields), hint.format_map(fields)
