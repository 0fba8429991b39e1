"""Vietnamese all the way (issue 15, items 6 and 10): enums in the reader's language in
every format but JSON, Vietnamese period names, regulation references grouped as
documents (and R57W020), summary heads with units, and the CSV for people and machines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from r57cli.plan.regref import parse, ref_key
from tests.test_report_model import week7  # noqa: F401  (the fixture)

W07 = ("report", "--week", "2025-W07", "--weeks", "2")
W08 = ("report", "--week", "2025-W08")  # after the fixture's last commit (18 February)


def run(h: Any, *args: str) -> Any:
    res = h.run(*args, cwd=h.repo)
    assert res.code == 0, res.err
    return res


# ---------------------------------------------------------------------------- enums


@pytest.mark.parametrize(("lang", "kind"), [("vi", "nghị định"), ("en", "decree")])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_blocker_kind_in_the_reports_language(week7: Any, lang: str, kind: str, fmt: str) -> None:  # noqa: F811
    out = run(week7, *W07, "--lang", lang, "--format", fmt).out
    assert kind in out
    if lang == "vi":
        # The code is not shown as a word of its own (it is inside no Vietnamese word).
        assert "decree" not in out.replace("Decree", "")


def test_json_keeps_the_codes(week7: Any) -> None:  # noqa: F811
    doc = json.loads(run(week7, *W07, "--lang", "vi", "--format", "json").out)
    assert [b["kind"] for b in doc["blockers"]] == ["decree"]
    assert doc["periods"][-1]["id"] == "2025-W07"
    assert doc["blockers"][0]["ref_key"] == "decree:47:2020:CP"


def test_show_and_log_name_the_enums(week7: Any) -> None:  # noqa: F811
    vi = run(week7, "show", "T-002", "--lang", "vi").out
    assert "[nghị định]" in vi
    assert "[decree]" not in vi
    en = run(week7, "show", "T-002", "--lang", "en").out
    assert "[decree]" in en


# ---------------------------------------------------------------------------- periods


def test_vietnamese_period_titles_and_trend_heads(week7: Any) -> None:  # noqa: F811
    vi = run(week7, *W07, "--lang", "vi").out
    assert vi.startswith("Báo cáo tiến độ — Tuần 7 (10/02–16/02/2025)\n")
    assert "Tuần 6/2025" in vi
    assert "Tuần 7/2025" in vi
    assert "2025-W0" not in vi
    month = run(week7, "report", "--month", "2025-02", "--lang", "vi").out
    assert month.startswith("Báo cáo tiến độ — Tháng 02/2025\n")


def test_english_period_titles_keep_the_iso_ids(week7: Any) -> None:  # noqa: F811
    en = run(week7, *W07, "--lang", "en").out
    assert en.startswith("Weekly progress report, week 2025-W07\n")
    assert "2025-W06" in en
    month = run(week7, "report", "--month", "2025-02", "--lang", "en").out
    assert month.startswith("Monthly progress report, 2025-02\n")


def test_a_week_across_the_new_year_names_both_years() -> None:
    from r57cli.locale.texts import language, set_language
    from r57cli.render.periodname import period_name

    before = language()
    try:
        set_language("vi")
        p = {"id": "2026-W53", "kind": "week", "first_day": "2026-12-28", "last_day": "2027-01-03"}
        assert period_name(p) == "Tuần 53 (28/12/2026–03/01/2027)"
        assert period_name(p, short=True) == "Tuần 53/2026"
        set_language("en")
        assert period_name(p) == "2026-W53"
    finally:
        set_language(before)


# ---------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("lang", "present", "absent"),
    [
        (
            "vi",
            ["Số nhiệm vụ", "Tiến độ TB (%)", "Trễ hạn TB (ngày)"],
            ["Số NV", "% TB", "Trễ TB "],
        ),
        ("en", ["Avg delay (days)", "Change (pts)"], ["Avg delay  "]),
    ],
)
def test_summary_and_unit_heads_carry_units(
    week7: Any,  # noqa: F811
    lang: str,
    present: list[str],
    absent: list[str],
) -> None:
    for fmt in ("table", "markdown"):
        out = run(week7, *W07, "--lang", lang, "--format", fmt).out
        for word in present:
            assert word in out, (fmt, word)
        for word in absent:
            assert word not in out, (fmt, word)


# ---------------------------------------------------------------------------- regulations


@pytest.mark.parametrize(
    "text",
    [
        "Decree 47/2020/ND-CP",
        "Nghị định 47/2020/NĐ-CP",
        "NĐ 47/2020/NĐ-CP",
        "nghị định số 47/2020/nđ-cp",
    ],
)
def test_every_spelling_of_a_decree_is_one_document(text: str) -> None:
    found = parse(text)
    assert found is not None
    assert found.key == "decree:47:2020:CP"
    assert found.canonical("vi") == "Nghị định 47/2020/NĐ-CP"
    assert found.canonical("en") == "Decree 47/2020/ND-CP"


def test_kinds_issuers_and_what_is_not_parsed() -> None:
    assert ref_key("Quyết định 749/QD-TTG") == ref_key("Decision 749/QĐ-TTg")
    assert parse("QĐ 749/QĐ-TTg").canonical("vi") == "Quyết định 749/QĐ-TTg"  # type: ignore[union-attr]
    assert parse("Resolution 57-NQ/TW").canonical("vi") == "Nghị quyết 57-NQ/TW"  # type: ignore[union-attr]
    assert parse("TT 12/2022/TT-BTTTT").kind == "circular"  # type: ignore[union-attr]
    assert ref_key("Decree 47/2020/ND-CP") != ref_key("Decree 47/2021/ND-CP")
    assert ref_key("Decree 47/2020/ND-CP") != ref_key("Circular 47/2020/TT-CP")
    assert parse("Decree 12/2022/TT-BTTTT") is None  # the word and the code disagree
    assert parse("Law on Digital Technology Industry") is None


def _blocked_three_ways(h: Any) -> None:
    h.at("2025-02-19T09:00:00")
    run(h, "block", "T-001", "--kind", "decree", "--ref", "Decree 47/2020/ND-CP", "--reason", "x")
    h.at("2025-02-19T10:00:00")
    run(h, "block", "T-004", "--kind", "decree", "--ref", "NĐ 47/2020/NĐ-CP", "--reason", "y")


def test_the_report_groups_the_spellings_under_the_first(week7: Any) -> None:  # noqa: F811
    _blocked_three_ways(week7)
    doc = json.loads(run(week7, *W08, "--format", "json").out)
    assert {b["ref_key"] for b in doc["blockers"]} == {"decree:47:2020:CP"}
    # T-001 comes first by task ID: its spelling names the group; each keeps its own ref.
    assert {b["ref_shown"] for b in doc["blockers"]} == {"Decree 47/2020/ND-CP"}
    assert sorted(b["ref"] for b in doc["blockers"]) == [
        "Decree 47/2020/ND-CP",
        "Nghị định 47/2020/NĐ-CP",
        "NĐ 47/2020/NĐ-CP",
    ]
    table = run(week7, *W08, "--lang", "vi").out
    section = table.split("Vướng mắc chưa tháo gỡ")[1].split("\n\n")[0]
    assert section.count("Decree 47/2020/ND-CP") == 3
    assert "NĐ 47/2020" not in section


def test_validate_suggests_the_canonical_form(week7: Any) -> None:  # noqa: F811
    _blocked_three_ways(week7)
    res = week7.run("validate", "--format", "json", "--lang", "en", cwd=week7.repo)
    found = [d for d in json.loads(res.out)["diagnostics"] if d["code"] == "R57W020"]
    # The test plan is in English (language: en): its canonical form is the English one,
    # so T-001's spelling passes and the Vietnamese and abbreviated ones get the warning.
    assert sorted(d["path"].rsplit("/", 1)[1] for d in found) == ["T-002.yaml", "T-004.yaml"]
    assert all(d["severity"] == "warning" for d in found)
    assert all("'Decree 47/2020/ND-CP'" in d["hint"] for d in found)
    assert any("'Nghị định 47/2020/NĐ-CP'" in d["message"] for d in found)
    assert any("'NĐ 47/2020/NĐ-CP'" in d["message"] for d in found)


def test_a_vietnamese_plan_wants_the_vietnamese_form() -> None:
    from r57cli.validate.regrefs import ref_warnings

    facts = {"tasks/a/T-1.yaml": {"refs": [["Decree 47/2020/ND-CP", 3, 10, 20]]}}
    (vi,) = ref_warnings(facts, "vi")
    assert vi.args == {"ref": "Decree 47/2020/ND-CP", "canonical": "Nghị định 47/2020/NĐ-CP"}
    assert (vi.code, vi.line, vi.column) == ("R57W020", 3, 10)
    assert ref_warnings(facts, "en") == []


# ---------------------------------------------------------------------------- CSV

BOM = b"\xef\xbb\xbf"


def csv_bytes(h: Any, tmp: Path, *args: str) -> bytes:
    out = tmp / "out.csv"
    run(h, *W07, "-o", str(out), *args)
    return out.read_bytes()


def read_back(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_people_csv_has_a_bom_and_speaks_vietnamese(week7: Any, tmp_path: Path) -> None:  # noqa: F811
    data = csv_bytes(week7, tmp_path, "--lang", "vi")
    assert data.startswith(BOM)
    rows = {r["Nhiệm vụ"]: r for r in read_back(data)}
    t2 = rows["T-002"]
    assert t2["Người phụ trách"] == "Trần Thị Bình"  # a name, not the id binh
    assert t2["Hạn"] == "14/02/2025"
    assert t2["% cuối kỳ"] == "60%"
    assert t2["Tình trạng"].startswith("quá hạn")
    units = read_back(csv_bytes(week7, tmp_path, "--lang", "vi", "--csv-table", "units"))
    assert units[0]["Đúng hạn"] == "100%"  # a percentage, not 1.0
    periods = read_back(csv_bytes(week7, tmp_path, "--lang", "vi", "--csv-table", "periods"))
    assert periods[-1]["Kỳ"] == "Tuần 7 (10/02–16/02/2025)"


def test_people_csv_in_english(week7: Any, tmp_path: Path) -> None:  # noqa: F811
    data = csv_bytes(week7, tmp_path, "--lang", "en")
    assert data.startswith(BOM)
    rows = {r["Task"]: r for r in read_back(data)}
    assert rows["T-002"]["Responsible"] == "Trần Thị Bình"
    assert rows["T-002"]["Due"] == "2025-02-14"
    assert rows["T-001"]["Change (pts)"] == "+10"  # a number to a spreadsheet, not '+10


def test_no_csv_bom(week7: Any, tmp_path: Path) -> None:  # noqa: F811
    data = csv_bytes(week7, tmp_path, "--lang", "vi", "--no-csv-bom")
    assert not data.startswith(BOM)
    assert data.decode("utf-8").startswith("Nhiệm vụ,")


def test_plain_csv_is_the_machine_one(week7: Any, tmp_path: Path) -> None:  # noqa: F811
    data = csv_bytes(week7, tmp_path, "--lang", "vi", "--csv-dialect", "plain")
    assert not data.startswith(BOM)
    rows = {r["id"]: r for r in read_back(data)}
    assert rows["T-002"]["responsible"] == "binh"
    assert rows["T-002"]["due"] == "2025-02-14"
    assert rows["T-002"]["status"] == "overdue"
    units = read_back(csv_bytes(week7, tmp_path, "--csv-dialect", "plain", "--csv-table", "units"))
    assert units[0]["on_time_rate"] == "1.0"
    asked = csv_bytes(week7, tmp_path, "--lang", "vi", "--csv-dialect", "plain", "--csv-bom")
    assert asked.startswith(BOM)
    assert asked[len(BOM) :] == data
