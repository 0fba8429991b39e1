"""`r57 report --format docx`: the Decree-30 document built from a real git plan repository
with eight weeks of pinned history (the HTML test's), read back with python-docx: the
header table's two columns and their lines, the number and the date line (the day after
a closed week, the reference day of an open one), the document type and subject, the five
parts with their tables (header rows repeating on each page, as many rows as the JSON
report's lists), the recipients and the signer; both languages, a plan without a
`report:` block, a unit name XML cannot hold, the same bytes on a rerun weeks later, and
the filters and periods a report accepts."""

from __future__ import annotations

import copy
import io
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from r57cli.locale import texts
from r57cli.render import docx_head
from r57cli.render.report_docxbody import LATE
from tests.conftest import PLAN, UNITS, Plan, git
from tests.test_report_html import STEPS, TASKS, TODAY, WEEK, _at, _cli
from tests.test_report_xlsx import ODD_NAME, ODD_SHOWN

BLOCK: dict[str, Any] = {
    "parent_body": {"en": "Government", "vi": "Chính phủ"},
    "body": {"en": "Ministry of Science", "vi": "Bộ Khoa học và Công nghệ"},
    "symbol": "BC-BKHCN",
    "place": {"en": "Hanoi", "vi": "Hà Nội"},
    "recipients": [
        {"en": "The Prime Minister (for reporting)", "vi": "Thủ tướng Chính phủ (để b/c)"},
        {"en": "The Deputy Ministers;", "vi": "Các Thứ trưởng;"},
    ],
    "signer": {
        "authority": {"en": "p.p. the Minister", "vi": "KT. Bộ trưởng"},
        "title": {"en": "Deputy Minister", "vi": "Thứ trưởng"},
        "name": "Hà Minh Quân",
    },
}


@dataclass
class Built:
    repo: Path
    root: Path
    files: dict[str, bytes] = field(default_factory=dict)  # name -> document bytes
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> JSON document


RUNS: list[tuple[str, str, list[str]]] = [
    ("en", TODAY, []),
    ("en-again", TODAY, []),
    ("en-later", "2025-05-12", []),  # the same closed week, rerun six weeks on
    ("vi", TODAY, ["--lang", "vi"]),
    ("open", "2025-04-02", ["--week", "2025-W14"]),  # the week still running
    ("open-vi", "2025-04-02", ["--week", "2025-W14", "--lang", "vi"]),
    ("trend", TODAY, ["--weeks", "4"]),
    ("ndta", TODAY, ["--unit", "ndta"]),
    ("rollup", TODAY, ["--rollup"]),
    ("person", TODAY, ["--person", "chi"]),
    ("month", TODAY, ["--month", "2025-03", "--lang", "vi"]),
    ("range", TODAY, ["--from", "2025-03-10", "--to", "2025-03-30"]),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The plan repository and its documents, made once for the module (the isolation of
    conftest.git_env, set up here because that fixture is per test): first of the plan
    without a `report:` block, then with one."""
    root = tmp_path_factory.mktemp("docx")
    home = root / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        mp.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        mp.setenv("GIT_CONFIG_GLOBAL", os.devnull)
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.setenv("GIT_CEILING_DIRECTORIES", str(root))
        for name in ("AUTHOR", "COMMITTER"):
            mp.setenv(f"GIT_{name}_NAME", "Nguyễn Văn An")
            mp.setenv(f"GIT_{name}_EMAIL", "an@example.gov.vn")
        for name in ("GITHUB_ACTIONS", "NO_COLOR", "R57_LANG", "R57_PLAN", "R57_CACHE_DIR"):
            mp.delenv(name, raising=False)
        mp.setattr(texts, "_language", "")
        repo = root / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        plan = Plan(repo, repo / "plan286")
        plan.dir.mkdir()
        plan.write_plan(PLAN)
        units = copy.deepcopy(UNITS)
        units["units"][2]["name"]["en"] = ODD_NAME
        plan.write_units(units)
        for t in TASKS:
            plan.write_task(t)
        _at(mp, "2025-02-03")
        plan.commit("initial plan")
        for day, args in STEPS:
            _at(mp, day)
            _cli(mp, repo, *args)
        b = Built(repo, root)

        def make(name: str, day: str, extra: list[str]) -> None:
            _at(mp, day)
            chosen = any(x in extra for x in ("--week", "--month", "--from"))
            period = [] if chosen else ["--week", WEEK]
            out = root / f"{name}.docx"
            _cli(mp, repo, "report", *period, "-o", str(out), *extra)
            b.files[name] = out.read_bytes()
            doc = _cli(mp, repo, "report", *period, "--format", "json", *extra)
            b.docs[name] = json.loads(doc)

        make("bare", TODAY, [])
        make("bare-vi", TODAY, ["--lang", "vi"])
        plan.write_plan({**PLAN, "symbol": "286/KH-BKHCN", "report": BLOCK})
        _at(mp, TODAY)
        plan.commit("the report block")
        for name, day, extra in RUNS:
            make(name, day, extra)
        yield b


def document(built: Built, name: str) -> Any:
    return docx.Document(io.BytesIO(built.files[name]))


def texts_of(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def bold(cell: Any, text: str) -> bool:
    runs = [r for p in cell.paragraphs for r in p.runs if r.text == text]
    return bool(runs) and all(r.bold for r in runs)


def data_tables(d: Any) -> dict[str, Any]:
    """The body's tables (all but the header and the closing) by their first headings."""
    return {" | ".join(c.text for c in t.rows[0].cells[:3]): t for t in d.tables[1:-1]}


def table_by(d: Any, heading: str) -> Any:
    found = [t for t in d.tables[1:-1] if heading in [c.text for c in t.rows[0].cells]]
    assert len(found) == 1, (heading, list(data_tables(d)))
    return found[0]


def paragraphs(d: Any) -> list[str]:
    return [p.text for p in d.paragraphs if p.text.strip()]


# ---------------------------------------------------------------------------- the frame


def test_header_table_in_english(built: Built) -> None:
    d = document(built, "en")
    head = d.tables[0]
    assert len(head.columns) == 2
    left, right = head.rows[0].cells
    assert texts_of(left) == ["GOVERNMENT", "MINISTRY OF SCIENCE"]
    assert bold(left, "MINISTRY OF SCIENCE")
    assert not bold(left, "GOVERNMENT")
    assert texts_of(right) == [
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
    ]
    assert bold(right, "SOCIALIST REPUBLIC OF VIET NAM")
    motto = next(r for p in right.paragraphs for r in p.runs if r.text.startswith("Indep"))
    assert motto.bold
    assert motto.underline
    number, date = head.rows[1].cells
    assert texts_of(number) == ["No.: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-BKHCN"]
    assert texts_of(date) == ["Hanoi, 31 March 2025"]  # the day after the closed week
    assert all(r.italic for p in date.paragraphs for r in p.runs)
    # borderless: no border is drawn anywhere in the header
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_header_table_in_vietnamese(built: Built) -> None:
    d = document(built, "vi")
    left, right = d.tables[0].rows[0].cells
    assert texts_of(left) == ["CHÍNH PHỦ", "BỘ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert texts_of(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, date = d.tables[0].rows[1].cells
    assert texts_of(number)[0].startswith("Số:")
    assert texts_of(number)[0].endswith("/BC-BKHCN")
    assert texts_of(date) == ["Hà Nội, ngày 31 tháng 3 năm 2025"]
    body = paragraphs(d)
    assert body[0] == "BÁO CÁO"
    assert body[1] == (
        "Tình hình thực hiện Kế hoạch số 286/KH-BKHCN, tuần 13 năm 2025 (từ 24/03 đến 30/03/2025)"
    )


def test_the_date_of_an_open_period_is_its_reference_day(built: Built) -> None:
    assert built.docs["open"]["period"]["reference_day"] == "2025-04-02"
    assert texts_of(document(built, "open").tables[0].rows[1].cells[1]) == ["Hanoi, 2 April 2025"]
    date = document(built, "open-vi").tables[0].rows[1].cells[1]
    assert texts_of(date) == ["Hà Nội, ngày 02 tháng 4 năm 2025"]  # Decree 30: 02, 4
    subject = paragraphs(document(built, "open"))[1]
    assert subject.endswith("(31 March to 6 April 2025); figures as of 2 April 2025")


@pytest.mark.parametrize(
    ("lang", "last", "today", "expected"),
    [
        ("vi", "2025-02-06", "2025-02-10", "Hà Nội, ngày 07 tháng 02 năm 2025"),
        ("vi", "2026-12-06", "2026-12-07", "Hà Nội, ngày 07 tháng 12 năm 2026"),
        ("vi", "2026-01-18", "2026-01-19", "Hà Nội, ngày 19 tháng 01 năm 2026"),
        ("en", "2026-12-06", "2027-03-01", "Hanoi, 7 December 2026"),
        ("en", "2026-12-06", "2026-12-03", "Hanoi, 3 December 2026"),  # open: today
    ],
)
def test_date_line_follows_decree_30(lang: str, last: str, today: str, expected: str) -> None:
    texts.set_language(lang, "en")
    try:
        doc = {
            "language": lang,
            "today": today,
            "period": {"last_day": last, "reference_day": min(last, today)},
            "plan": {"report": {"place": {"en": "Hanoi", "vi": "Hà Nội"}}},
        }
        assert docx_head.date_line(doc) == expected
    finally:
        texts.set_language("en", "en")


def test_closing_recipients_and_signer(built: Built) -> None:
    for name, lines, signer in (
        (
            "en",
            [
                "Recipients:",
                "- The Prime Minister (for reporting);",
                "- The Deputy Ministers;",
                "- Archive: Records, ….",
            ],
            ["P.P. THE MINISTER", "DEPUTY MINISTER", "Hà Minh Quân"],
        ),
        (
            "vi",
            [
                "Nơi nhận:",
                "- Thủ tướng Chính phủ (để b/c);",
                "- Các Thứ trưởng;",
                "- Lưu: VT, ….",
            ],
            ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Hà Minh Quân"],
        ),
    ):
        left, right = document(built, name).tables[-1].rows[0].cells
        assert texts_of(left) == lines
        head = left.paragraphs[0].runs[0]
        assert head.bold
        assert head.italic
        assert head.font.size.pt == 12
        assert texts_of(right) == signer
        assert all(bold(right, x) for x in signer)


def test_a_plan_without_a_report_block(built: Built) -> None:
    d = document(built, "bare")
    left, right = d.tables[0].rows[0].cells
    assert texts_of(left) == ["MINISTRY"]  # the plan's issuing body
    number, date = d.tables[0].rows[1].cells
    assert texts_of(number)[0].endswith("/BC")
    assert texts_of(date) == ["……, 31 March 2025"]  # the place left for the Office
    assert paragraphs(d)[1].startswith("Implementation of Plan 286, week 13 of 2025")
    left, right = d.tables[-1].rows[0].cells
    assert texts_of(left) == ["Recipients:", "- Archive: Records, …."]
    assert texts_of(right) == ["……" * 3, "……" * 3]
    vi = document(built, "bare-vi").tables[-1].rows[0].cells[0]
    assert texts_of(vi) == ["Nơi nhận:", "- Lưu: VT, …."]
    assert document(built, "bare").core_properties.author == "Ministry"


# ---------------------------------------------------------------------------- the parts


def headings(d: Any) -> list[str]:
    return [
        p.text
        for p in d.paragraphs
        if p.runs and all(r.bold for r in p.runs) and p.text[:2] in ("I.", "II", "IV", "V.")
    ]


def test_the_five_parts(built: Built) -> None:
    assert headings(document(built, "en")) == [
        "I. Results",
        "II. Tasks behind schedule and overdue",
        "III. Difficulties and obstacles",
        "IV. Proposals and recommendations",
        "V. Tasks for next week (2025-03-31 to 2025-04-06)",
    ]
    assert headings(document(built, "vi")) == [
        "I. Kết quả thực hiện",
        "II. Nhiệm vụ chậm tiến độ, quá hạn",
        "III. Khó khăn, vướng mắc",
        "IV. Đề xuất, kiến nghị",
        "V. Nhiệm vụ tuần tới (từ 31/03/2025 đến 06/04/2025)",
    ]
    assert headings(document(built, "month"))[-1].startswith("V. Nhiệm vụ tháng tới")


def rows_of(t: Any) -> int:
    return len(t.rows) - 1


def check_tables(d: Any, doc: dict[str, Any], lang: str) -> None:
    """Every body table: its header row repeats, its rows are the JSON report's."""
    for t in d.tables[1:-1]:
        tr = t.rows[0]._tr
        assert tr.trPr is not None
        assert tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in t.rows[1:])
    en = lang == "en"
    assert rows_of(table_by(d, "Rank" if en else "Hạng")) == len(doc["units"])
    late = [t for t in doc["tasks"] if t["status"] in LATE]
    if late:
        assert rows_of(table_by(d, "Progress" if en else "Tiến độ")) == len(late)
    if doc["blockers"]:
        assert rows_of(table_by(d, "Obstacle" if en else "Nội dung vướng mắc")) == len(
            doc["blockers"]
        )
    if doc["requests"]:
        assert rows_of(table_by(d, "Request" if en else "Nội dung đề xuất")) == len(doc["requests"])
    nxt = doc["next_period"]["tasks"]
    if nxt:
        assert rows_of(table_by(d, "Planned work" if en else "Công việc dự kiến")) == len(nxt)
    if len(doc["periods"]) > 1:
        assert rows_of(table_by(d, "Period" if en else "Kỳ")) == len(doc["periods"])
    expected = 1 + bool(late) + bool(doc["blockers"]) + bool(doc["requests"]) + bool(nxt)
    assert len(d.tables) - 2 == expected + (len(doc["periods"]) > 1)


@pytest.mark.parametrize(
    "name", ["en", "vi", "trend", "ndta", "rollup", "person", "month", "range", "open"]
)
def test_tables_match_the_json_report(built: Built, name: str) -> None:
    doc = built.docs[name]
    check_tables(document(built, name), doc, doc["language"])


def test_the_lists_are_not_empty_here(built: Built) -> None:
    """The fixture reaches every table: a blocker, a request, late and next tasks."""
    doc = built.docs["en"]
    assert doc["blockers"]
    assert doc["requests"]
    assert doc["next_period"]["tasks"]
    assert any(t["status"] in LATE for t in doc["tasks"])
    assert len(built.docs["trend"]["periods"]) == 4


def test_blockers_are_grouped_by_regulation(built: Built) -> None:
    text = paragraphs(document(built, "en"))
    line = next(x for x in text if x.startswith("- Decree 47/2020/ND-CP"))
    assert f"blocks T-004 (tasks: 1) of {ODD_SHOWN}, for up to 5 days" in line
    assert "needs amending" in line


def test_an_empty_list_says_so(built: Built) -> None:
    doc = built.docs["ndta"]
    assert doc["blockers"] == doc["requests"] == []
    text = paragraphs(document(built, "ndta"))
    assert "No open obstacle was reported in the period." in text
    assert "No resource request awaits a decision." in text


def test_trend_and_range_subjects(built: Built) -> None:
    assert paragraphs(document(built, "trend"))[1] == (
        "Implementation of Plan No. 286/KH-BKHCN, 4 weeks from 3 March to 30 March 2025"
    )
    assert paragraphs(document(built, "month"))[1].endswith(
        "tháng 03 năm 2025 (từ 01/03 đến 31/03/2025)"
    )
    assert paragraphs(document(built, "range"))[1].endswith("from 10 March to 30 March 2025")


# ---------------------------------------------------------------------------- the file


def test_user_text_xml_cannot_hold_is_shown_escaped(built: Built) -> None:
    units = table_by(document(built, "en"), "Rank")
    cells = [r.cells[1].text for r in units.rows[1:]]
    assert ODD_SHOWN in cells
    assert ODD_NAME not in cells


def test_a_closed_week_gives_the_same_bytes(built: Built) -> None:
    assert built.files["en"] == built.files["en-again"] == built.files["en-later"]
    with zipfile.ZipFile(io.BytesIO(built.files["en"])) as z:
        infos = z.infolist()
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert infos[0].filename == "[Content_Types].xml"
        assert not any("thumbnail" in i.filename for i in infos)
        assert b"thumbnail" not in z.read("_rels/.rels")


def test_core_properties_are_the_reports(built: Built) -> None:
    props = document(built, "en").core_properties
    assert props.created == props.modified == datetime(2025, 3, 31, tzinfo=UTC)
    assert props.author == props.last_modified_by == "Ministry of Science"
    assert props.title == paragraphs(document(built, "en"))[1]
    assert props.revision == 1
    assert props.comments == ""


def test_page_and_fonts_follow_decree_30(built: Built) -> None:
    d = document(built, "vi")
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    margins = (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert s.different_first_page_header_footer
    assert "PAGE" in s.header._element.xml
    assert not s.first_page_header.paragraphs[0].text
    fonts = d.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(key)) == "Times New Roman", key
    assert not [k for k in fonts.attrib if k.endswith("Theme")]
    assert d.styles["Normal"].font.size.pt == 13
    xml = d.element.xml
    assert "<w:drawing" not in xml
    assert "<w:pict" not in xml


def subject_line(d: Any) -> str:
    found = [p for p in paragraphs(d) if p.startswith(("Implementation of", "Tình hình"))]
    assert len(found) == 1, found
    return found[0]


def test_a_narrowed_document_names_whose_tasks_it_holds(built: Built) -> None:
    """--unit / --person: the subject says whose report it is (a unit's report is not the
    whole ministry's), the plan-wide one says nothing of the kind."""
    assert " by " not in subject_line(document(built, "en"))
    unit = built.docs["ndta"]["units"][0]["name"]["en"]
    assert f" by {unit}, week " in subject_line(document(built, "ndta"))
    person = next(t["responsible_name"] for t in built.docs["person"]["tasks"])
    assert f" by {person}, week " in subject_line(document(built, "person"))


def test_the_unranked_dash_is_explained_on_the_page(built: Built) -> None:
    d = document(built, "en")
    unranked = [u for u in built.docs["en"]["units"] if not u["rank"]]
    notes = [p for p in paragraphs(d) if p.startswith("Rank –: not ranked")]
    assert unranked  # the fixture has a unit with too few tasks judged
    assert len(notes) == 1
    assert not [p for p in paragraphs(document(built, "vi")) if p.startswith("Rank –")]
