"""Every user-facing validation message, in English and Vietnamese, in one catalogue.

Codes are an API: editors and CI scripts match on them, so a code is never reused for a
different problem. Templates use `str.format` fields; each entry has a message (what is wrong)
and a hint (how to fix it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Category(StrEnum):
    YAML = "yaml"
    SCHEMA = "schema"
    CROSS = "cross-file"
    ACCESS = "access"  # r57 check: who may change what
    HISTORY = "history"  # r57 check: what history may not do


CATEGORY_TITLES: dict[Category, dict[str, str]] = {
    Category.YAML: {"en": "YAML syntax and safety", "vi": "Cú pháp và an toàn YAML"},
    Category.SCHEMA: {"en": "Fields and values", "vi": "Trường và giá trị"},
    Category.CROSS: {
        "en": "Consistency across the plan",
        "vi": "Tính nhất quán trong toàn kế hoạch",
    },
    Category.ACCESS: {"en": "Who may change what", "vi": "Quyền thay đổi"},
    Category.HISTORY: {"en": "Honest history", "vi": "Lịch sử trung thực"},
}


# Short names for the summary line ("4 errors (YAML: 1, fields: 2, consistency: 1)").
CATEGORY_SHORT: dict[Category, dict[str, str]] = {
    Category.YAML: {"en": "YAML", "vi": "YAML"},
    Category.SCHEMA: {"en": "fields", "vi": "trường"},
    Category.CROSS: {"en": "consistency", "vi": "nhất quán"},
    Category.ACCESS: {"en": "access", "vi": "quyền"},
    Category.HISTORY: {"en": "history", "vi": "lịch sử"},
}


@dataclass(frozen=True, slots=True)
class Message:
    category: Category
    severity: Severity
    title: str  # short English name, used as the SARIF rule name
    en: str
    vi: str
    hint_en: str
    hint_vi: str


E, W = Severity.ERROR, Severity.WARNING
Y, S, X = Category.YAML, Category.SCHEMA, Category.CROSS

CATALOGUE: dict[str, Message] = {
    # --- YAML: reading the bytes and parsing them safely -----------------------------------
    "R57E001": Message(
        Y,
        E,
        "unreadable-file",
        "cannot read the file: {reason}",
        "không đọc được tệp: {reason}",
        "check that the file exists and that you may read it",
        "kiểm tra tệp có tồn tại và bạn có quyền đọc",
    ),
    "R57E002": Message(
        Y,
        E,
        "file-too-large",
        "the file is {size} bytes, over the {limit}-byte limit for one plan file",
        "tệp có {size} byte, vượt giới hạn {limit} byte cho một tệp kế hoạch",
        "split it, or move long text out of the plan",
        "tách tệp, hoặc chuyển văn bản dài ra ngoài kế hoạch",
    ),
    "R57E003": Message(
        Y,
        E,
        "not-utf8",
        "byte {byte} is not valid UTF-8",
        "byte {byte} không phải UTF-8 hợp lệ",
        "save the file as UTF-8 (in most editors: Save with encoding > UTF-8)",
        "lưu tệp với mã hoá UTF-8 (trong trình soạn thảo: Lưu với mã hoá > UTF-8)",
    ),
    "R57E004": Message(
        Y,
        E,
        "nul-byte",
        "the file contains a NUL byte",
        "tệp chứa byte NUL",
        "the file is binary or corrupted; restore it from git (git checkout -- FILE)",
        "đây là tệp nhị phân hoặc tệp đã bị hỏng; khôi phục từ git (git checkout -- TỆP)",
    ),
    "R57E005": Message(
        Y,
        E,
        "empty-file",
        "the file is empty",
        "tệp rỗng",
        "fill it in (see the bundled plan286/ for an example) or delete it",
        "điền nội dung (xem ví dụ trong plan286/) hoặc xoá tệp",
    ),
    "R57E006": Message(
        Y,
        E,
        "yaml-syntax",
        "YAML syntax error: {problem}",
        "lỗi cú pháp YAML: {problem}",
        "check indentation and the ':' after each key; quote text that contains ': ' or '#'",
        "kiểm tra thụt lề và dấu ':' sau mỗi khoá; đặt trong ngoặc kép văn bản chứa ': ' hoặc '#'",
    ),
    "R57E007": Message(
        Y,
        E,
        "tab-indent",
        "a tab character is used for indentation",
        "dùng ký tự tab để thụt lề",
        "indent with spaces only (two per level)",
        "chỉ thụt lề bằng dấu cách (hai dấu cách mỗi cấp)",
    ),
    "R57E008": Message(
        Y,
        E,
        "duplicate-key",
        "key '{key}' appears twice in the same block (first on line {first_line})",
        "khoá '{key}' xuất hiện hai lần trong cùng một khối (lần đầu ở dòng {first_line})",
        "keep one of the two lines; YAML would silently drop the other",
        "giữ lại một trong hai dòng; YAML sẽ âm thầm bỏ dòng kia",
    ),
    "R57E009": Message(
        Y,
        E,
        "anchor-alias",
        "YAML {what} '{name}' is not allowed in plan files",
        "không được dùng {what} YAML '{name}' trong tệp kế hoạch",
        "write the value out in full; each task file must read on its own",
        "viết đầy đủ giá trị; mỗi tệp nhiệm vụ phải đọc được độc lập",
    ),
    "R57E010": Message(
        Y,
        E,
        "merge-key",
        "the YAML merge key '<<' is not allowed in plan files",
        "không được dùng khoá gộp YAML '<<' trong tệp kế hoạch",
        "write the keys out in full",
        "viết đầy đủ các khoá",
    ),
    "R57E011": Message(
        Y,
        E,
        "explicit-tag",
        "the YAML tag '{tag}' is not allowed in plan files",
        "không được dùng thẻ YAML '{tag}' trong tệp kế hoạch",
        "remove the tag; put the value in quotes if it must be text",
        "bỏ thẻ; đặt giá trị trong ngoặc kép nếu cần là văn bản",
    ),
    "R57E012": Message(
        Y,
        E,
        "not-a-mapping",
        "the file must hold one mapping of 'key: value' lines, found {found}",
        "tệp phải chứa một khối 'khoá: giá trị', nhưng thấy {found}",
        "start the file with keys such as 'id:' at column 1, and use a single YAML document",
        "bắt đầu tệp bằng các khoá như 'id:' ở cột 1, và chỉ dùng một tài liệu YAML",
    ),
    "R57E013": Message(
        Y,
        E,
        "line-separator",
        "the invisible character {char} breaks the line here",
        "ký tự ẩn {char} làm ngắt dòng tại đây",
        "delete it (it often comes with text pasted from a word processor)",
        "xoá ký tự này (thường lẫn vào khi dán văn bản từ trình soạn thảo văn bản)",
    ),
    "R57E015": Message(
        Y,
        E,
        "double-byte-order-mark",
        "the file starts with two byte-order marks (invisible U+FEFF characters)",
        "tệp bắt đầu bằng hai dấu thứ tự byte (ký tự ẩn U+FEFF)",
        "save the file as UTF-8 without a BOM; an editor that added a second one may need "
        "the setting changed",
        "lưu tệp ở dạng UTF-8 không có BOM; có thể phải đổi thiết lập của trình soạn thảo "
        "đã thêm dấu thứ hai",
    ),
    "R57E014": Message(
        Y,
        E,
        "control-character",
        "the control character {char} is not allowed in a YAML file",
        "ký tự điều khiển {char} không được phép trong tệp YAML",
        "delete it; it is invisible in most editors, so retype the text around it if unsure",
        "xoá ký tự này; nó không hiện trên hầu hết trình soạn thảo, "
        "nên gõ lại đoạn văn bản quanh đó nếu không chắc",
    ),
    # --- Schema: one file's fields ----------------------------------------------------------
    "R57E016": Message(
        S,
        E,
        "more-errors",
        "and {n} more errors in this file ({codes}); only the first {max} problems of a file "
        "are listed",
        "và còn {n} lỗi nữa trong tệp này ({codes}); mỗi tệp chỉ liệt kê {max} vấn đề đầu tiên",
        "fix the problems listed, then run r57 validate again to see the rest",
        "sửa các vấn đề đã liệt kê rồi chạy lại r57 validate để xem phần còn lại",
    ),
    "R57E101": Message(
        S,
        E,
        "unknown-key",
        "unknown key '{key}'{suggestion}",
        "khoá không xác định '{key}'{suggestion}",
        "remove it or fix its spelling; allowed here: {allowed}",
        "xoá hoặc sửa chính tả; các khoá hợp lệ ở đây: {allowed}",
    ),
    "R57E102": Message(
        S,
        E,
        "missing-key",
        "required key '{key}' is missing",
        "thiếu khoá bắt buộc '{key}'",
        "add '{key}:' to this block",
        "thêm '{key}:' vào khối này",
    ),
    "R57E103": Message(
        S,
        E,
        "wrong-type",
        "'{field}' must be {expected}, found {found}",
        "'{field}' phải là {expected}, nhưng thấy {found}",
        "{fix}",
        "{fix}",
    ),
    "R57E104": Message(
        S,
        E,
        "bad-date",
        "'{field}': {value} is not a real calendar date",
        "'{field}': {value} không phải ngày có thật",
        "write a date that exists, as YYYY-MM-DD: month 01-12, day within that month",
        "ghi ngày có thật theo dạng YYYY-MM-DD: tháng 01-12, ngày có trong tháng đó",
    ),
    "R57E105": Message(
        S,
        E,
        "yes-no-boolean",
        "'{field}': '{value}' is ambiguous as a yes/no value",
        "'{field}': '{value}' không rõ nghĩa khi dùng làm giá trị có/không",
        "write true or false",
        "ghi true hoặc false",
    ),
    "R57E106": Message(
        S,
        E,
        "pct-range",
        "'{field}': {value} is outside 0..100",
        "'{field}': {value} nằm ngoài khoảng 0..100",
        "a percentage is a whole number from 0 to 100",
        "tỷ lệ phần trăm là số nguyên từ 0 đến 100",
    ),
    "R57E107": Message(
        S,
        E,
        "bad-id",
        "'{field}': '{value}' is not a valid {what}",
        "'{field}': '{value}' không phải {what} hợp lệ",
        "use the form {example}",
        "dùng dạng {example}",
    ),
    "R57E108": Message(
        S,
        E,
        "id-filename",
        "task ID '{task_id}' does not match the file name '{filename}'",
        "mã nhiệm vụ '{task_id}' không khớp tên tệp '{filename}'",
        "rename the file to {task_id}.yaml, or fix the ID",
        "đổi tên tệp thành {task_id}.yaml, hoặc sửa mã",
    ),
    "R57E109": Message(
        S,
        E,
        "not-allowed-value",
        "'{field}': '{value}' is not one of the allowed values",
        "'{field}': '{value}' không thuộc các giá trị cho phép",
        "use one of: {allowed}",
        "dùng một trong: {allowed}",
    ),
    "R57E110": Message(
        S,
        E,
        "invalid-value",
        "'{field}': {problem}",
        "'{field}': {problem}",
        "{fix}",
        "{fix}",
    ),
    "R57E111": Message(
        S,
        E,
        "task-folder",
        "task of unit '{unit}' is filed under the folder of unit '{folder}'",
        "nhiệm vụ của đơn vị '{unit}' lại nằm trong thư mục của đơn vị '{folder}'",
        "move the file to tasks/{unit}/, or fix 'unit'",
        "chuyển tệp vào tasks/{unit}/, hoặc sửa 'unit'",
    ),
    "R57E112": Message(
        S,
        E,
        "misplaced-task",
        "task files must be at tasks/<unit>/<ID>.yaml, one folder below tasks/",
        "tệp nhiệm vụ phải nằm ở tasks/<đơn vị>/<mã>.yaml, ngay dưới thư mục tasks/",
        "move the file into the folder of the unit that owns the task",
        "chuyển tệp vào thư mục của đơn vị chủ trì nhiệm vụ",
    ),
    "R57E113": Message(
        S,
        E,
        "tasks-not-a-folder",
        "'tasks' must be a folder holding one folder per unit, but it is a file",
        "'tasks' phải là thư mục chứa mỗi đơn vị một thư mục con, nhưng đây là một tệp",
        "remove the file and create the folder tasks/",
        "xoá tệp này và tạo thư mục tasks/",
    ),
    # --- Cross-file: references and consistency --------------------------------------------
    "R57E201": Message(
        X,
        E,
        "unknown-unit",
        "unit '{value}' is not defined in units.yaml{suggestion}",
        "đơn vị '{value}' không có trong units.yaml{suggestion}",
        "use a unit ID from units.yaml, or add the unit there",
        "dùng mã đơn vị có trong units.yaml, hoặc bổ sung đơn vị đó",
    ),
    "R57E202": Message(
        X,
        E,
        "unknown-person",
        "person '{value}' is not a member of any unit in units.yaml{suggestion}",
        "người '{value}' không là thành viên của đơn vị nào trong units.yaml{suggestion}",
        "use a member ID from units.yaml, or add the person to their unit's members",
        "dùng mã thành viên có trong units.yaml, hoặc bổ sung người đó vào đơn vị",
    ),
    "R57E203": Message(
        X,
        E,
        "duplicate-id",
        "{what} '{value}' is used more than once",
        "{what} '{value}' được dùng nhiều lần",
        "each must be unique: keep one, or change the other",
        "mỗi giá trị phải là duy nhất: giữ một, hoặc đổi giá trị kia",
    ),
    "R57E204": Message(
        X,
        E,
        "unknown-dependency",
        "depends on task '{value}', which does not exist{suggestion}",
        "phụ thuộc vào nhiệm vụ '{value}', nhưng nhiệm vụ này không tồn tại{suggestion}",
        "fix the ID or remove the dependency",
        "sửa mã hoặc bỏ phụ thuộc",
    ),
    "R57E205": Message(
        X,
        E,
        "dependency-cycle",
        "tasks depend on each other in a circle: {cycle}",
        "các nhiệm vụ phụ thuộc vòng tròn: {cycle}",
        "remove one of these dependencies so that the chain has a first task",
        "bỏ một trong các phụ thuộc để chuỗi có nhiệm vụ bắt đầu",
    ),
    "R57E206": Message(
        X,
        E,
        "start-after-due",
        "start date {start} is after due date {due}",
        "ngày bắt đầu {start} sau hạn hoàn thành {due}",
        "move 'start' on or before 'due'",
        "đặt 'start' không muộn hơn 'due'",
    ),
    "R57E207": Message(
        X,
        E,
        "milestone-outside",
        "milestone date {date} is outside the task's period {start} .. {due}",
        "mốc {date} nằm ngoài thời gian thực hiện {start} .. {due}",
        "move the milestone inside the period, or change 'start'/'due'",
        "chuyển mốc vào trong thời gian thực hiện, hoặc sửa 'start'/'due'",
    ),
    "R57E208": Message(
        X,
        E,
        "milestone-order",
        "milestone date {date} is not after the previous milestone ({previous})",
        "mốc {date} không muộn hơn mốc trước đó ({previous})",
        "list milestones in date order, each on a different date",
        "liệt kê các mốc theo thứ tự thời gian, mỗi mốc một ngày khác nhau",
    ),
    "R57E209": Message(
        X,
        E,
        "milestone-pct-decrease",
        "planned {pct}% is lower than the previous milestone's {previous}%",
        "tỷ lệ kế hoạch {pct}% thấp hơn mốc trước đó ({previous}%)",
        "planned percentages must not decrease from one milestone to the next",
        "tỷ lệ kế hoạch không được giảm giữa các mốc",
    ),
    "R57E210": Message(
        X,
        E,
        "done-incomplete",
        "status is 'done' but {problem}",
        "trạng thái 'done' nhưng {problem}",
        "a finished task has pct: 100 and completed: YYYY-MM-DD",
        "nhiệm vụ đã hoàn thành phải có pct: 100 và completed: YYYY-MM-DD",
    ),
    "R57E211": Message(
        X,
        E,
        "finished-not-done",
        "{problem} but status is '{status}'",
        "{problem} nhưng trạng thái là '{status}'",
        "set status: done with completed: YYYY-MM-DD, or lower pct and remove 'completed'",
        "đặt status: done kèm completed: YYYY-MM-DD, hoặc giảm pct và bỏ 'completed'",
    ),
    "R57E212": Message(
        X,
        E,
        "blocker-lifted-early",
        "blocker lifted on {lifted}, before it was raised on {raised}",
        "vướng mắc được gỡ ngày {lifted}, trước ngày phát sinh {raised}",
        "fix one of the two dates",
        "sửa một trong hai ngày",
    ),
    "R57E213": Message(
        X,
        E,
        "request-no-unit",
        "resource request '{request}' does not name the unit asked to provide it",
        "đề xuất nguồn lực '{request}' không ghi đơn vị được đề nghị đáp ứng",
        "add 'unit:' with the ID of the unit that should provide the resource",
        "thêm 'unit:' với mã đơn vị được đề nghị cung cấp nguồn lực",
    ),
    "R57E214": Message(
        X,
        E,
        "missing-plan-file",
        "the plan folder has no {filename}",
        "thư mục kế hoạch thiếu {filename}",
        "create {filename} (copy it from the bundled plan286/ and edit)",
        "tạo {filename} (sao chép từ plan286/ rồi sửa)",
    ),
    "R57E215": Message(
        X,
        E,
        "unit-parent-cycle",
        "units are each other's parents in a circle: {cycle}",
        "các đơn vị là cấp trên của nhau theo vòng tròn: {cycle}",
        "fix 'parent' so that the chain reaches a top unit",
        "sửa 'parent' để chuỗi dẫn tới một đơn vị cấp cao nhất",
    ),
    "R57E216": Message(
        X,
        E,
        "not-a-member",
        "{role} '{value}' is not a member of unit '{unit}'",
        "{role} '{value}' không là thành viên của đơn vị '{unit}'",
        "list the person under the unit's members, or choose a member",
        "bổ sung người đó vào danh sách thành viên, hoặc chọn một thành viên",
    ),
    "R57E217": Message(
        X,
        E,
        "self-dependency",
        "task '{value}' depends on itself",
        "nhiệm vụ '{value}' phụ thuộc chính nó",
        "remove it from depends_on",
        "bỏ mã này khỏi depends_on",
    ),
    "R57E218": Message(
        X,
        E,
        "regulation-without-ref",
        "a '{kind}' blocker must name the regulation to amend",
        "vướng mắc loại '{kind}' phải ghi rõ văn bản cần sửa đổi",
        'add ref:, for example ref: "Decree 47/2020/ND-CP"',
        'thêm ref:, ví dụ ref: "Nghị định 47/2020/NĐ-CP"',
    ),
    "R57E219": Message(
        X,
        E,
        "status-pct-mismatch",
        "status is 'not_started' but pct is {pct}",
        "trạng thái 'not_started' nhưng pct là {pct}",
        "set status: in_progress, or pct: 0",
        "đặt status: in_progress, hoặc pct: 0",
    ),
    "R57E220": Message(
        X,
        E,
        "request-decided-early",
        "request decided on {decided}, before it was asked on {asked}",
        "đề xuất được quyết định ngày {decided}, trước ngày đề nghị {asked}",
        "fix one of the two dates",
        "sửa một trong hai ngày",
    ),
    "R57E221": Message(
        X,
        E,
        "completed-before-start",
        "completed on {completed}, before the task started on {start}",
        "hoàn thành ngày {completed}, trước ngày bắt đầu {start}",
        "correct 'completed' or 'start'",
        "sửa lại 'completed' hoặc 'start'",
    ),
    "R57E222": Message(
        X,
        E,
        "done-but-blocked",
        "the task is done but blocker '{blocker}' was never lifted",
        "nhiệm vụ đã hoàn thành nhưng vướng mắc '{blocker}' chưa được gỡ",
        "add lifted: YYYY-MM-DD to the blocker (r57 unblock), or reopen the task",
        "thêm lifted: YYYY-MM-DD cho vướng mắc (r57 unblock), hoặc mở lại nhiệm vụ",
    ),
    "R57E223": Message(
        X,
        E,
        "completed-in-the-future",
        "the task is marked completed on {completed}, which has not come yet (today is {today})",
        "nhiệm vụ ghi hoàn thành ngày {completed}, ngày này chưa đến (hôm nay là {today})",
        "write the day the work was actually finished, today or earlier (r57 done --date)",
        "ghi ngày thực tế hoàn thành, hôm nay hoặc trước đó (r57 done --date)",
    ),
    "R57E224": Message(
        X,
        E,
        "decision-without-date",
        "request '{request}' is {status} but has no decided: date",
        "đề xuất '{request}' đã ở trạng thái {status} nhưng không có ngày quyết định decided:",
        "add decided: YYYY-MM-DD, the day the decision was made (r57 decide does this)",
        "thêm decided: YYYY-MM-DD, ngày ra quyết định (lệnh r57 decide tự ghi ngày này)",
    ),
    # --- Warnings ----------------------------------------------------------------------------
    "R57W001": Message(
        X,
        W,
        "milestone-weekend",
        "milestone date {date} falls on a {weekday}",
        "mốc {date} rơi vào {weekday}",
        "move it to a working day",
        "chuyển sang ngày làm việc",
    ),
    "R57W002": Message(
        X,
        W,
        "milestone-holiday",
        "milestone date {date} is a public holiday ({holiday})",
        "mốc {date} là ngày nghỉ lễ ({holiday_vi})",
        "move it to a working day",
        "chuyển sang ngày làm việc",
    ),
    "R57W003": Message(
        X,
        W,
        "no-milestones",
        "the task has a due date but no milestones",
        "nhiệm vụ có hạn hoàn thành nhưng không có mốc nào",
        "add milestones with planned_pct so progress can be measured week by week",
        "bổ sung các mốc với planned_pct để theo dõi tiến độ hằng tuần",
    ),
    "R57W004": Message(
        Y,
        W,
        "tab-in-text",
        "a tab character in the text",
        "có ký tự tab trong văn bản",
        "use spaces; tabs show differently in every editor",
        "dùng dấu cách; tab hiển thị khác nhau trên mỗi trình soạn thảo",
    ),
    "R57W005": Message(
        X,
        W,
        "last-milestone-not-100",
        "the last milestone plans {pct}%, not 100%",
        "mốc cuối cùng chỉ đạt kế hoạch {pct}%, không phải 100%",
        "add a final milestone at the due date with planned_pct: 100",
        "thêm mốc cuối vào ngày hạn với planned_pct: 100",
    ),
    "R57W006": Message(
        S,
        W,
        "no-schema-line",
        "the first line does not point editors to the schema",
        "dòng đầu tiên chưa khai báo lược đồ cho trình soạn thảo",
        "start the file with: # yaml-language-server: $schema={schema}",
        "bắt đầu tệp bằng: # yaml-language-server: $schema={schema}",
    ),
    "R57W007": Message(
        X,
        W,
        "dependency-due-later",
        "depends on {value}, which is due {dep_due}, after this task's due date {due}",
        "phụ thuộc {value} có hạn {dep_due}, muộn hơn hạn của nhiệm vụ này ({due})",
        "bring the dependency forward or move this task's due date",
        "đẩy sớm nhiệm vụ phụ thuộc hoặc lùi hạn của nhiệm vụ này",
    ),
    "R57W010": Message(
        X,
        W,
        "blocker-before-start",
        "blocker '{blocker}' is raised on {raised}, before the task starts ({start})",
        "vướng mắc '{blocker}' phát sinh ngày {raised}, trước khi nhiệm vụ bắt đầu ({start})",
        "check the date: a blocker is raised on the day it is found; if the obstacle was "
        "known before the task began, keep the date and say so in the description",
        "kiểm tra lại ngày: vướng mắc ghi ngày phát hiện; nếu đã biết trước khi nhiệm vụ bắt "
        "đầu, giữ ngày đó và nêu rõ trong phần mô tả",
    ),
    "R57W009": Message(
        X,
        W,
        "no-tasks-folder",
        "the plan has no tasks/ folder, so no tasks",
        "kế hoạch không có thư mục tasks/, nên không có nhiệm vụ nào",
        "add tasks as tasks/<unit>/<ID>.yaml",
        "thêm nhiệm vụ dưới dạng tasks/<đơn vị>/<mã>.yaml",
    ),
    "R57W011": Message(
        S,
        W,
        "more-warnings",
        "and {n} more warnings in this file ({codes}); only the first {max} problems of a file "
        "are listed",
        "và còn {n} cảnh báo nữa trong tệp này ({codes}); mỗi tệp chỉ liệt kê {max} vấn đề đầu "
        "tiên",
        "fix the problems listed, then run r57 validate again to see the rest",
        "sửa các vấn đề đã liệt kê rồi chạy lại r57 validate để xem phần còn lại",
    ),
    "R57W008": Message(
        X,
        W,
        "stray-file",
        "{why}: not part of the plan, ignored",
        "{why}: không thuộc kế hoạch, bị bỏ qua",
        "task files live in tasks/<unit>/<ID>.yaml",
        "tệp nhiệm vụ nằm ở tasks/<đơn vị>/<mã>.yaml",
    ),
}

RELATED_NOTES: dict[str, dict[str, str]] = {
    "first-occurrence": {"en": "first occurrence", "vi": "lần xuất hiện đầu"},
    "first-definition": {"en": "first defined here", "vi": "định nghĩa lần đầu ở đây"},
    "noticed-here": {"en": "the parser noticed it here", "vi": "trình phân tích phát hiện tại đây"},
}


# Fragments that call sites put into message fields. A field value {"$p": key, ...} is rendered
# from this table in the user's language, with the other items as its own fields.
PHRASES: dict[str, dict[str, str]] = {
    "several-documents": {"en": "several YAML documents", "vi": "nhiều tài liệu YAML"},
    "a-list": {"en": "a list", "vi": "một danh sách"},
    "a-single-value": {"en": "a single value", "vi": "một giá trị đơn"},
    "key-not-scalar": {
        "en": "a key must be a plain word such as 'due', not a list or block",
        "vi": "khoá phải là một từ đơn như 'due', không phải danh sách hay khối",
    },
    "too-deep": {
        "en": "nested more than {depth} levels deep",
        "vi": "lồng nhau quá {depth} cấp",
    },
    "anchor": {"en": "anchor", "vi": "neo"},
    "alias": {"en": "alias", "vi": "bí danh"},
    "did-you-mean": {"en": " (did you mean '{name}'?)", "vi": " (có phải ý bạn là '{name}'?)"},
    "id-task": {"en": "task ID", "vi": "mã nhiệm vụ"},
    "id-unit": {"en": "unit ID", "vi": "mã đơn vị"},
    "id-person": {"en": "person ID", "vi": "mã người"},
    "id-blocker": {"en": "blocker ID", "vi": "mã vướng mắc"},
    "id-request": {"en": "request ID", "vi": "mã đề xuất"},
    "id-email": {"en": "e-mail address", "vi": "địa chỉ e-mail"},
    "id-ssh-key": {"en": "SSH public key", "vi": "khoá công khai SSH"},
    "id-github": {"en": "GitHub user name", "vi": "tên người dùng GitHub"},
    "id-holiday": {"en": "holiday date", "vi": "ngày nghỉ lễ"},
    "t-decimal": {"en": "a decimal number", "vi": "số thập phân"},
    "symlink-refused": {
        "en": "it is a symbolic link; plan files must be real files in the repository",
        "vi": "đây là liên kết tượng trưng; tệp kế hoạch phải là tệp thật trong kho",
    },
    "at-line": {"en": "line {line}", "vi": "dòng {line}"},
    "not-a-file-folder": {
        "en": "it is a folder, not a file",
        "vi": "đây là thư mục, không phải tệp",
    },
    "not-a-regular-file": {
        "en": "it is not a regular file (a pipe, device or socket)",
        "vi": "đây không phải tệp thông thường (ống, thiết bị hoặc socket)",
    },
    "symlink": {"en": "a symbolic link", "vi": "liên kết tượng trưng"},
    "not-yaml": {"en": "not a .yaml file", "vi": "không phải tệp .yaml"},
    "must-be-gt": {"en": "must be greater than {limit}", "vi": "phải lớn hơn {limit}"},
    "must-be-ge": {"en": "must be at least {limit}", "vi": "phải từ {limit} trở lên"},
    "must-be-lt": {"en": "must be less than {limit}", "vi": "phải nhỏ hơn {limit}"},
    "must-be-le": {"en": "must be at most {limit}", "vi": "phải không quá {limit}"},
    "fix-number": {"en": "change the number", "vi": "sửa lại số"},
    "bad-zone-name": {
        "en": "'{value}' is not a time zone name",
        "vi": "'{value}' không phải tên múi giờ",
    },
    "leader": {"en": "leader", "vi": "lãnh đạo"},
    "focal": {"en": "focal person", "vi": "đầu mối"},
    "pct-not-100": {"en": "pct is {pct}, not 100", "vi": "pct là {pct}, không phải 100"},
    "no-completed": {
        "en": "there is no 'completed' date",
        "vi": "không có ngày hoàn thành 'completed'",
    },
    "pct-is-100": {"en": "pct is 100", "vi": "pct là 100"},
    "has-completed": {
        "en": "a 'completed' date is set",
        "vi": "đã có ngày hoàn thành 'completed'",
    },
    "saturday": {"en": "Saturday", "vi": "thứ Bảy"},
    "sunday": {"en": "Sunday", "vi": "Chủ nhật"},
    # type names, for R57E103
    "t-text": {"en": "text", "vi": "văn bản"},
    "t-int": {"en": "a whole number", "vi": "số nguyên"},
    "t-date": {"en": "a date (YYYY-MM-DD)", "vi": "một ngày (YYYY-MM-DD)"},
    "t-bool": {"en": "true or false", "vi": "true hoặc false"},
    "t-list": {"en": "a list", "vi": "một danh sách"},
    "t-mapping": {"en": "a block of 'key: value' lines", "vi": "một khối các dòng 'khoá: giá trị'"},
    "t-nothing": {"en": "nothing", "vi": "giá trị rỗng"},
    "t-datetime": {"en": "a date with a time", "vi": "ngày kèm giờ"},
    "fix-quote": {
        "en": "put the value in quotes if it is meant as text",
        "vi": "đặt giá trị trong ngoặc kép nếu đó là văn bản",
    },
    "fix-date": {"en": "write the date as YYYY-MM-DD", "vi": "ghi ngày theo dạng YYYY-MM-DD"},
    "fix-list": {
        "en": "write a list: one '- item' per line, or [a, b]",
        "vi": "ghi danh sách: mỗi dòng một '- mục', hoặc [a, b]",
    },
    "fix-mapping": {
        "en": "indent 'key: value' lines under this key",
        "vi": "thụt lề các dòng 'khoá: giá trị' dưới khoá này",
    },
    "fix-value": {"en": "give a value of the expected kind", "vi": "ghi giá trị đúng loại"},
    "fix-whole": {"en": "write a whole number such as 60", "vi": "ghi số nguyên, ví dụ 60"},
    "fix-nonempty": {"en": "fill in a value", "vi": "điền giá trị"},
    "fix-zone": {
        "en": "use an IANA time zone name such as Asia/Ho_Chi_Minh",
        "vi": "dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh",
    },
    "bad-zone": {"en": "unknown time zone '{value}'", "vi": "múi giờ không hợp lệ '{value}'"},
    "empty-text": {"en": "must not be empty", "vi": "không được để trống"},
    "too-long": {
        "en": "is longer than {max} characters",
        "vi": "dài quá {max} ký tự",
    },
    "fix-shorten": {"en": "shorten it", "vi": "rút gọn"},
    "list-too-short": {
        "en": "needs at least {min} item(s)",
        "vi": "cần ít nhất {min} mục",
    },
    "fix-add-item": {"en": "add an item", "vi": "thêm một mục"},
    "with-time": {"en": "has a time of day; a date is expected", "vi": "có giờ; chỉ cần ngày"},
    "quoted-date": {
        "en": "is {value} in quotes: text, not a date, so reports cannot read it",
        "vi": "là {value} trong dấu nháy: văn bản chứ không phải ngày, báo cáo không đọc được",
    },
    "fix-unquote-date": {
        "en": "remove the quotes: {value}",
        "vi": "bỏ dấu nháy: {value}",
    },
    "fix-drop-time": {"en": "remove the time part", "vi": "bỏ phần giờ"},
    "duplicate-in-list": {"en": "'{value}' is listed twice", "vi": "'{value}' bị liệt kê hai lần"},
    "fix-remove-dup": {"en": "remove the repeated entry", "vi": "bỏ mục lặp lại"},
}


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
        text = PHRASES[value["$p"]].get(lang) or PHRASES[value["$p"]]["en"]
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
    return RELATED_NOTES[note].get(lang) or RELATED_NOTES[note]["en"]


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
    if lang == "vi":
        return msg.vi.format_map(fields), msg.hint_vi.format_map(fields)
    return msg.en.format_map(fields), msg.hint_en.format_map(fields)
