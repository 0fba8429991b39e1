"""An appendix table's rows as task drafts, or the problems that stop them, each at its
place (sheet, row, column): the columns found by header name in Vietnamese or English
(or --map), unit names matched to units.yaml's ids with suggestions for near misses, the
completion time read by vidates.py, the product's kind and the submission level read from
their words. Pure: the caller gives the units and the tasks already in the plan."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.start.tables import Cell, Table, clean, column_letter
from r57cli.start.vidates import fold, read_due

# field -> the headers that name it, folded (vidates.fold): lower case, no diacritics.
HEADERS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu", "no", "no.", "#"),
    "id": ("ma nhiem vu", "ma", "id", "task id"),
    "title": ("nhiem vu", "ten nhiem vu", "noi dung", "noi dung nhiem vu", "task", "tasks"),
    "title_en": ("nhiem vu (tieng anh)", "task (english)", "task in english", "english"),
    "unit": ("don vi chu tri", "co quan chu tri", "chu tri", "lead unit", "lead agency"),
    "co_units": (
        "don vi phoi hop", "co quan phoi hop", "phoi hop", "co-operating units",
        "cooperating units", "co-operating unit", "co-units",
    ),
    "due": (
        "thoi gian hoan thanh", "thoi han hoan thanh", "thoi han", "thoi gian", "tien do",
        "completion time", "deadline", "due",
    ),
    "product": ("san pham", "san pham du kien", "ket qua", "product", "products", "output"),
    "submission": ("cap trinh", "cap trinh ban hanh", "cap phe duyet", "submitted to"),
}  # fmt: skip
REQUIRED = ("title", "unit", "due")

# The first keyword found in the product's text names its kind (Task.deliverable).
DELIVERABLES: tuple[tuple[str, str], ...] = (
    ("nghi dinh", "decree"), ("thong tu", "circular"), ("nghi quyet", "resolution"),
    ("luat", "law"), ("chi thi", "directive"), ("quyet dinh", "decision"),
    ("chien luoc", "strategy"), ("chuong trinh", "programme"), ("de an", "project"),
    ("du an", "project"), ("bao cao", "report"), ("ke hoach", "plan"),
    ("huong dan", "guideline"), ("tieu chuan", "standard"), ("quy chuan", "standard"),
    ("he thong", "system"), ("nen tang", "system"), ("co so du lieu", "system"),
)  # fmt: skip
# The words of "Cấp trình" and the level they name (Task.submission), most specific first.
SUBMISSIONS: tuple[tuple[str, str], ...] = (
    ("ban bi thu", "party_secretariat"), ("bo chinh tri", "party_secretariat"),
    ("quoc hoi", "national_assembly"), ("thu tuong", "prime_minister"), ("ttg", "prime_minister"),
    ("chinh phu", "government"), ("bo truong", "minister"), ("lanh dao bo", "minister"),
    ("prime minister", "prime_minister"), ("government", "government"),
    ("national assembly", "national_assembly"), ("minister", "minister"),
    ("don vi", "unit"), ("unit", "unit"), ("chu tich", "minister"), ("ubnd", "minister"),
    # a province's department: its director is what a minister is to a ministry
    ("giam doc", "minister"), ("lanh dao so", "minister"), ("thu truong", "minister"),
)  # fmt: skip
# Co-operating units written as a phrase, not names: no unit of units.yaml to list.
ANY_UNIT = ("cac don vi", "cac co quan", "don vi lien quan", "co quan lien quan", "related units")
_SPLIT = re.compile(r"(\s*(?:[;,\n+]|\s-\s|\svà\s|\sand\s)\s*)")


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str  # "D (Đơn vị chủ trì)", or "" for the whole row
    reason: str
    kind: str = ""  # the reason's word (rsay key), e.g. imp-bad-due, and its fields
    fields: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, sheet: str, row: int, column: str, kind: str, /, **fields: Any) -> Problem:
        return cls(sheet, row, column, rsay(kind, **fields), kind, fields)

    def __str__(self) -> str:
        place = rsay("imp-place", sheet=self.sheet, row=self.row)
        if self.column:
            place = rsay("imp-place-column", place=place, column=self.column)
        return f"{place}: {self.reason}"


@dataclass
class Draft:
    """One task as the appendix gives it, before it has a file."""

    row: int
    title_vi: str
    unit: str
    due: date
    title_en: str | None = None
    co_units: list[str] = field(default_factory=list)
    deliverable: str = "other"
    submission: str = "unit"
    product: str = ""
    when_text: str = ""  # the completion time as written, for an ongoing task's note
    ongoing: bool = False
    stt: str = ""
    task_id: str | None = None


def map_columns(headers: list[str], overrides: dict[str, str]) -> dict[str, int]:
    """field -> 0-based column; `overrides` maps a folded header to a field (--map)."""
    found: dict[str, int] = {}
    for j, header in enumerate(headers):
        name = fold(header).strip(" :*")
        bare = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
        wanted = overrides.get(name) or overrides.get(bare)
        for key in (wanted,) if wanted else ():
            found[key] = j
        if wanted:
            continue
        for key, names in HEADERS.items():
            if key not in found and (name in names or bare in names):
                found[key] = j
                break
    return found


def is_header(values: list[str]) -> bool:
    return len(map_columns(values, {})) >= 3


@dataclass
class Units:
    """units.yaml's units, by every name a table may use for them."""

    by_name: dict[str, str]  # folded name -> id
    shown: dict[str, str]  # folded name -> the name as written, for suggestions
    responsible: dict[str, str | None]  # id -> the focal (else leader, else first member)
    members: dict[str, set[str]] = field(default_factory=dict)  # id -> its people

    @classmethod
    def of(cls, units: list[dict[str, Any]]) -> Units:
        by_name: dict[str, str] = {}
        shown: dict[str, str] = {}
        responsible: dict[str, str | None] = {}
        members_of: dict[str, set[str]] = {}
        # An appendix issued before a reorganisation names a merged unit: its tasks are its
        # successor's now (r57 unit merge), so its names lead there.
        into = {u.get("id"): u.get("merged_into") for u in units if u.get("merged_into")}
        for unit in units:
            uid = unit.get("id")
            if not isinstance(uid, str):
                continue
            seen = {uid}
            while isinstance(nxt := into.get(uid), str) and nxt not in seen:
                uid = nxt
                seen.add(uid)
            names = [unit.get("id"), unit.get("short")]
            name = unit.get("name")
            if isinstance(name, dict):
                names += [name.get("vi"), name.get("en")]
            for n in names:
                if isinstance(n, str) and n.strip():
                    by_name.setdefault(fold(n), uid)
                    shown.setdefault(fold(n), n)
            if uid != unit.get("id"):
                continue  # the successor's own entry gives its people
            members = [m.get("id") for m in unit.get("members") or [] if isinstance(m, dict)]
            person = unit.get("focal") or unit.get("leader") or (members[0] if members else None)
            responsible[uid] = person if isinstance(person, str) else None
            members_of[uid] = {m for m in members if isinstance(m, str)}
        return cls(by_name, shown, responsible, members_of)

    def lookup(self, text: str) -> str | None:
        return self.by_name.get(fold(text).strip(" ."))

    def find(self, text: str) -> tuple[str | None, str]:
        """The unit id a name means, or None and the suggestions to give (difflib: slow,
        so only for a name that matches nothing)."""
        key = fold(text).strip(" .")
        if key in self.by_name:
            return self.by_name[key], ""
        near = difflib.get_close_matches(key, list(self.shown), n=3, cutoff=0.6)
        names = ", ".join(f"{self.shown[n]} ({self.by_name[n]})" for n in near)
        return None, names


@dataclass
class Rows:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)  # rows skipped as section headings


def read_rows(
    table: Table,
    columns: dict[str, int],
    units: Units,
    ongoing: date,
    existing: dict[str, str],  # folded title -> the task id it already has
) -> Rows:
    out = Rows()
    seen: dict[str, int] = {}
    for cells in table.rows:
        values = {k: (cells[j] if j < len(cells) else None) for k, j in columns.items()}
        texts = {k: clean(c.value) if c is not None else "" for k, c in values.items()}
        if not any(texts.values()):
            continue
        row = next((c.row for c in cells), 0)
        where = _Place(table, columns, row, out.problems)
        for key, cell in values.items():
            if cell is not None and cell.formula:
                where.add(key, "imp-formula", formula=clean(cell.value))
                where.formulas.add(key)  # its fix is to paste the value: one reason is enough
        if not texts.get("unit") and not texts.get("due") and not texts.get("product"):
            out.headings.append(row)  # "I. NHIỆM VỤ CHUNG": a section, not a task
            continue
        draft = _draft(texts, values, where, units, ongoing, row)
        if draft is None:
            continue
        key = fold(draft.title_vi)
        if key in seen:
            where.add("title", "imp-duplicate", row=seen[key])
            continue
        seen[key] = row
        if key in existing:
            where.add("title", "imp-exists", task=existing[key])
            continue
        out.drafts.append(draft)
    return out


@dataclass
class _Place:
    table: Table
    columns: dict[str, int]
    row: int
    problems: list[Problem]
    count: int = 0
    formulas: set[str] = field(default_factory=set)

    def add(self, key: str, kind: str, /, **fields: Any) -> None:
        if key in self.formulas:
            return
        j = self.columns.get(key)
        column = "" if j is None else f"{column_letter(j + 1)} ({self.table.headers[j]})"
        self.problems.append(Problem.of(self.table.sheet, self.row, column, kind, **fields))
        self.count += 1


def _draft(
    texts: dict[str, str],
    values: dict[str, Cell | None],
    where: _Place,
    units: Units,
    ongoing: date,
    row: int,
) -> Draft | None:
    before = where.count
    title = texts.get("title", "")
    if not title:
        where.add("title", "imp-no-title")
    elif len(title) > 300:
        where.add("title", "imp-long-title", n=len(title))
    unit, _ = _unit(texts.get("unit", ""), units, where, "unit")
    if unit is not None and units.responsible.get(unit) is None:
        where.add("unit", "imp-no-person", unit=unit)
    co_units: list[str] = []
    for name in _names(texts.get("co_units", ""), units):
        if not any(fold(name).startswith(p) for p in ANY_UNIT):
            found, _ = _unit(name, units, where, "co_units")
            if found is not None and found != unit and found not in co_units:
                co_units.append(found)
    cell = values.get("due")
    due = read_due(cell.value if cell is not None else None, ongoing)
    if due is None:
        shown = texts.get("due", "")
        where.add("due", "imp-bad-due", text=shown) if shown else rsay("imp-no-due")
    submission = "unit"
    level = fold(texts.get("submission", ""))
    if level:
        chosen = next((code for word, code in SUBMISSIONS if word in level), None)
        if chosen is None:
            where.add("submission", "imp-bad-level", text=texts["submission"])
        submission = chosen or submission
    product = texts.get("product", "")
    folded = fold(product)
    kind = next((code for word, code in DELIVERABLES if re.search(rf"\b{word}\b", folded)), None)
    task_id = texts.get("id") or None
    if task_id is not None and not re.fullmatch(r"[A-Z]{1,8}-[0-9]{1,6}", task_id):
        where.add("id", "imp-bad-id", text=task_id)
    if where.count > before or unit is None or due is None:
        return None
    return Draft(
        row=row,
        title_vi=title,
        title_en=texts.get("title_en") or None,
        unit=unit,
        due=due.due,
        co_units=co_units,
        deliverable=kind or "other",
        submission=submission,
        product=product,
        when_text=texts.get("due", ""),
        ongoing=due.ongoing,
        stt=texts.get("stt", ""),
        task_id=task_id,
    )


def _names(text: str, units: Units) -> list[str]:
    """The unit names of a list such as "Vụ Kế hoạch - Tài chính, Cục Xuất bản, In và Phát
    hành": names hold commas, dashes and "và" themselves, so each name is the longest run
    of pieces that units.yaml knows, else one piece."""
    tokens = _SPLIT.split(text)
    pieces, seps = tokens[0::2], tokens[1::2]
    out: list[str] = []
    unknown: list[bool] = []  # out[k] matches no unit
    i = 0
    while i < len(pieces):
        j = len(pieces)
        while j > i + 1:
            joined = pieces[i] + "".join(seps[k] + pieces[k + 1] for k in range(i, j - 1))
            if units.lookup(joined) is not None:
                break
            j -= 1
        name = (pieces[i] + "".join(seps[k] + pieces[k + 1] for k in range(i, j - 1))).strip()
        # A name units.yaml does not know yet ("Trung tâm Thông tin và Thống kê") is reported
        # whole: cut at its "và" or " - ", it would read as two unknown units.
        weak = i > 0 and seps[i - 1].strip() in {"-", "và", "and"}
        if name and weak and out and unknown[-1] and units.lookup(name) is None:
            out[-1] += seps[i - 1] + name
        elif name:
            out.append(name)
            unknown.append(j == i + 1 and units.lookup(name) is None)
        i = j
    return out


def _unit(text: str, units: Units, where: _Place, key: str) -> tuple[str | None, str]:
    if not text:
        if key == "unit":
            where.add(key, "imp-no-unit")
        return None, ""
    found, near = units.find(text)
    if found is None:
        hint = rsay("imp-did-you-mean", names=near) if near else rsay("imp-add-unit")
        where.add(key, "imp-unknown-unit", name=text, hint=hint)
    return found, near
