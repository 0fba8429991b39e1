"""The r57 catalogue: every English word of r57's output has its Vietnamese in r57.po, the
`str.format` fields agree, the committed .mo is what the PO compiles to, and the PO holds no
entry that no table asks for."""

from __future__ import annotations

import gettext
import importlib.util
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import r57cli.locale.messages as messages
import r57cli.locale.reportwords as reportwords
import r57cli.locale.texts as texts
from r57cli.locale.catalog import LOCALE_DIR, translations

ROOT = Path(__file__).resolve().parent.parent
PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "r57.po"


def wanted() -> dict[str, str]:
    """msgctxt -> English msgid, from the code and key tables (the scheme in
    docs/translation.md)."""
    out: dict[str, str] = {}
    for cat, words in messages.CATEGORY_TITLES.items():
        out[f"category:{cat.value}"] = words["en"]
    for cat, words in messages.CATEGORY_SHORT.items():
        out[f"category-short:{cat.value}"] = words["en"]
    for code, msg in messages.CATALOGUE.items():
        out[code] = msg.en
        out[f"{code} hint"] = msg.hint_en
    for key, en in messages.RELATED_NOTES.items():
        out[f"note:{key}"] = en
    for key, en in messages.PHRASES.items():
        out[f"phrase:{key}"] = en
    for key, en in texts.TEXTS.items():
        out[f"say:{key}"] = en
    for key, en in texts.LABELS.items():
        out[f"label:{key}"] = en
    for key, en in reportwords.WORDS.items():
        out[f"report:{key}"] = en
    return out


def po_entries() -> dict[str, tuple[str, str]]:
    with PO.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    return {str(m.context): (str(m.id), str(m.string)) for m in catalog if m.id and m.context}


def fields(template: str) -> list[str]:
    return sorted(
        f"{name}:{spec}!{conv}"
        for _, name, spec, conv in string.Formatter().parse(template)
        if name is not None
    )


def test_every_word_has_a_vietnamese_translation() -> None:
    po = po_entries()
    missing = [ctx for ctx, en in wanted().items() if ctx not in po or po[ctx][0] != en]
    assert missing == [], f"not in r57.po (or its msgid is not the English): {missing[:10]}"
    empty = [ctx for ctx in wanted() if not po[ctx][1].strip()]
    assert empty == [], f"no Vietnamese in r57.po: {empty[:10]}"


def test_po_has_no_unused_entries() -> None:
    unused = sorted(set(po_entries()) - set(wanted()))
    assert unused == [], f"r57.po entries no table asks for: {unused[:10]}"


# A Vietnamese template may use a field the code fills for it alone (the holiday's own name).
VI_ONLY_FIELDS = {"R57W002": {"holiday_vi:!None": "holiday:!None"}}


def test_format_fields_match_between_languages() -> None:
    def vi_fields(ctx: str, vi: str) -> list[str]:
        swap = VI_ONLY_FIELDS.get(ctx, {})
        return sorted(swap.get(f, f) for f in fields(vi))

    wrong = [
        (ctx, fields(en), vi_fields(ctx, vi))
        for ctx, (en, vi) in po_entries().items()
        if fields(en) != vi_fields(ctx, vi)
    ]
    assert wrong == []


def test_committed_mo_is_what_the_po_compiles_to() -> None:
    spec = importlib.util.spec_from_file_location(
        "compile_locale", ROOT / "tools" / "compile_locale.py"
    )
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    mo = PO.with_suffix(".mo")
    assert mo.read_bytes() == tool.compiled(PO), "run `make locale` and commit the .mo"


def test_the_mo_is_what_runs() -> None:
    """The lookups read the compiled .mo through gettext, never the PO."""
    cat = translations("r57", "vi")
    assert isinstance(cat, gettext.GNUTranslations)
    assert translations("r57", "vi") is cat  # loaded once, cached
    assert cat.pgettext("R57E008 hint", messages.CATALOGUE["R57E008"].hint_en) == (
        "giữ lại một trong hai dòng; YAML sẽ âm thầm bỏ dòng kia"
    )


@pytest.mark.parametrize(
    ("code", "args", "want"),
    [
        (
            "R57E008",
            {"key": "id", "first_line": 1},
            (
                "khoá 'id' xuất hiện hai lần trong cùng một khối (lần đầu ở dòng 1)",
                "giữ lại một trong hai dòng; YAML sẽ âm thầm bỏ dòng kia",
            ),
        ),
        (
            "R57E001",
            {"reason": "x"},
            ("không đọc được tệp: x", "kiểm tra tệp có tồn tại và bạn có quyền đọc"),
        ),
    ],
)
def test_known_codes_render_the_vietnamese_of_before(
    code: str, args: dict[str, object], want: tuple[str, str]
) -> None:
    assert messages.render(code, args, "vi") == want
    assert messages.render(code, args, "en") != want


def test_say_label_and_rsay_follow_the_language() -> None:
    try:
        texts.set_language("vi")
        assert texts.say("git-missing").startswith("Chưa cài git")
        assert reportwords.rsay("overdue") == "quá hạn"
        assert messages.CATEGORY_TITLES[messages.Category.YAML]["vi"] == "Cú pháp và an toàn YAML"
        texts.set_language("en")
        assert reportwords.rsay("overdue") == "overdue"
    finally:
        texts.set_language("en")


def test_no_locale_module_is_over_400_lines() -> None:
    long = [p.name for p in LOCALE_DIR.glob("*.py") if len(p.read_text("utf-8").splitlines()) > 400]
    assert long == []


def test_every_catalogue_and_template_reads_whole() -> None:
    """The templates too (a merge once left entries without msgstr): babel reads each, and
    the template and the Vietnamese catalogue hold the same keys."""
    from babel.messages.pofile import read_po

    base = Path(__file__).resolve().parents[1] / "src" / "r57cli" / "locale"
    for pot, po in (("r57.pot", "r57.po"), ("r57-help.pot", "r57-help.po")):
        with (base / pot).open("rb") as f:
            template = read_po(f, abort_invalid=True)
        with (base / "vi" / "LC_MESSAGES" / po).open("rb") as f:
            catalogue = read_po(f, abort_invalid=True)
        keys = {(m.context, m.id) for m in template if m.id}
        assert keys == {(m.context, m.id) for m in catalogue if m.id}, pot
