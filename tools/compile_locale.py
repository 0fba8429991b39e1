"""Compile every PO catalogue under src/r57cli/locale/ to its .mo (`make locale`).

Run by hand after editing a PO file; tests/test_locale.py fails when a committed .mo is not
what its PO compiles to. Babel is a development dependency only: the wheel ships the .mo
files and reads them with the standard library's gettext.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from r57cli.locale.catalog import LOCALE_DIR


def compiled(po_path: Path) -> bytes:
    """The .mo bytes of one PO file (fuzzy entries are left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def main() -> int:
    for po in po_files():
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            print(f"compiled {po.relative_to(LOCALE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
