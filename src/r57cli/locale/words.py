"""The code table's vocabulary: severities, categories and the shape of one message.

English is the source; the Vietnamese lives in vi/LC_MESSAGES/r57.po under the msgctxt each
entry names (docs/translation.md), looked up through catalog.pgettext.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from r57cli.locale.catalog import LANGUAGES, pgettext


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Category(StrEnum):
    YAML = "yaml"
    SCHEMA = "schema"
    CROSS = "cross-file"
    ACCESS = "access"  # r57 check: who may change what
    HISTORY = "history"  # r57 check: what history may not do


class Words(Mapping[str, str]):
    """One English word or sentence, readable in every language as `words[lang]`."""

    __slots__ = ("context", "en")

    def __init__(self, context: str, en: str) -> None:
        self.context, self.en = context, en

    def __getitem__(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return pgettext("r57", lang, self.context, self.en)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def _titles(prefix: str, english: dict[Category, str]) -> dict[Category, Words]:
    return {c: Words(f"{prefix}:{c.value}", en) for c, en in english.items()}


CATEGORY_TITLES = _titles(
    "category",
    {
        Category.YAML: "YAML syntax and safety",
        Category.SCHEMA: "Fields and values",
        Category.CROSS: "Consistency across the plan",
        Category.ACCESS: "Who may change what",
        Category.HISTORY: "Honest history",
    },
)


# Short names for the summary line ("4 errors (YAML: 1, fields: 2, consistency: 1)").
CATEGORY_SHORT = _titles(
    "category-short",
    {
        Category.YAML: "YAML",
        Category.SCHEMA: "fields",
        Category.CROSS: "consistency",
        Category.ACCESS: "access",
        Category.HISTORY: "history",
    },
)


@dataclass(frozen=True, slots=True)
class Message:
    category: Category
    severity: Severity
    title: str  # short English name, used as the SARIF rule name
    en: str  # the message template, English (the msgid; msgctxt is the code)
    hint_en: str  # how to fix it, English (msgctxt: the code + " hint")
