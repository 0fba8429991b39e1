"""Collect r57's --help texts into the `r57-help` catalogue (`python tools/extract_help.py`).

Walks the click tree of `r57cli.cli.app` (every command and option, and the --help option),
writes every help text, in English exactly as the tree holds it, to
`src/r57cli/locale/r57-help.pot`, and merges them into
`src/r57cli/locale/vi/LC_MESSAGES/r57-help.po`: existing translations are kept, new texts
come in untranslated, and texts no command uses any more are dropped (and listed). The
headers carry fixed dates, so the files and the compiled .mo change only when a text does.
Then translate the empty entries (Poedit) and run `make locale`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from r57cli.locale.catalog import LOCALE_DIR

POT = LOCALE_DIR / "r57-help.pot"
PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "r57-help.po"
DATE = "2026-12-07 00:00+0000"
HEADER = {
    "Project-Id-Version": "r57",
    "POT-Creation-Date": DATE,
    "PO-Revision-Date": DATE,
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}
# The template's header: no language, no translator's date.
POT_FIELDS = [key for key in HEADER if key not in ("PO-Revision-Date", "Language", "Plural-Forms")]
POT_HEADER = {key: HEADER[key] for key in POT_FIELDS}
POT_TITLE = "r57's own --help texts (r57-help domain); tools/extract_help.py writes it."
PO_TITLE = "Vietnamese of r57's own --help texts; tools/extract_help.py merges new ones."
MAX_PLACES = 3


def collect() -> dict[str, list[str]]:
    """English help text -> where it is used, in the order `r57 --help` walks the tree."""
    import typer

    from r57cli.cli import HELP_OPTION_NAMES, app
    from r57cli.locale.helptexts import texts

    found: dict[str, list[str]] = {}
    for where, holder, field in texts(typer.main.get_command(app), HELP_OPTION_NAMES):
        found.setdefault(getattr(holder, field), []).append(where)
    return found


def translated(po: Path) -> dict[str, str]:
    """msgid -> msgstr of an existing PO (empty when there is none)."""
    if not po.exists():
        return {}
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    return {str(m.id): str(m.string or "") for m in catalog if m.id}


def quoted(text: str) -> str:
    """A PO string: one quoted line, or "" then a line for each line of a multi-line text."""

    def q(part: str) -> str:
        escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        return '"' + escaped.replace("\n", "\\n") + '"'

    lines = text.splitlines(keepends=True)
    if len(lines) <= 1:
        return q(text)
    return '""\n' + "\n".join(q(line) for line in lines)


def render(
    title: str, header: dict[str, str], entries: dict[str, list[str]], vi: dict[str, str]
) -> str:
    head = "".join(f"{key}: {value}\n" for key, value in header.items())
    out = [f'# {title}\nmsgid ""\nmsgstr {quoted(head)}\n']
    for msgid, places in entries.items():
        shown = ", ".join(places[:MAX_PLACES])
        if len(places) > MAX_PLACES:
            shown += f" and {len(places) - MAX_PLACES} more"
        out.append(f"#. {shown}\nmsgid {quoted(msgid)}\nmsgstr {quoted(vi.get(msgid, ''))}\n")
    return "\n".join(out)


def main() -> int:
    entries = collect()
    old = translated(PO)
    POT.write_text(render(POT_TITLE, POT_HEADER, entries, {}), encoding="utf-8")
    PO.write_text(render(PO_TITLE, HEADER, entries, old), encoding="utf-8")
    for msgid in old:
        if msgid not in entries:
            print(f"dropped (no command uses it): {msgid!r}")
    todo = [msgid for msgid in entries if not old.get(msgid)]
    print(f"{len(entries)} texts, {len(todo)} to translate in {PO.relative_to(LOCALE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
