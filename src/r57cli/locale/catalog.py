"""The one mechanism behind every translated word: gettext catalogues, English as the source.

Each domain is a PO file under `locale/<lang>/LC_MESSAGES/<domain>.po` that a translator edits
in Poedit or Weblate without reading Python, compiled to the `.mo` beside it that ships in the
wheel (`make locale` compiles; a test fails when a `.mo` is older than its PO). English needs
no catalogue: the message ids are the English text, so `en` is gettext's NullTranslations.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent
LANGUAGES = ("en", "vi")

# The domains r57 ships. `r57`: every sentence and word of r57's output; `r57-help`: the
# --help texts of r57's commands and options; `click`: click's and typer's own words
# ("Usage:", "No such option"), which click marks with gettext.
DOMAINS = ("r57", "r57-help", "click")


@functools.cache
def translations(domain: str, lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `domain` in `lang`; English, or a missing file, gives the
    identity (a missing `.mo` is a packaging bug that tests/test_locale.py catches)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, LOCALE_DIR, languages=[lang], fallback=True)


def pgettext(domain: str, lang: str, context: str, message: str) -> str:
    """`message` (English) in `lang`, looked up under `context` (the key or code it has)."""
    return translations(domain, lang).pgettext(context, message)


def gettext_(domain: str, lang: str, message: str) -> str:
    """`message` (English) in `lang`, with no context (click's and help's words)."""
    return translations(domain, lang).gettext(message)
