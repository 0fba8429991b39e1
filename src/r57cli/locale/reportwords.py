"""The words of `r57 report`, in English and Vietnamese: status classes, column headings,
section titles and the report's own errors. The run's language is the one texts.py holds."""

from __future__ import annotations

from typing import Any

from r57cli.locale.texts import _safe, language

CLASSES = (
    "overdue",
    "blocked",
    "behind_plan",
    "at_risk",
    "stale",
    "not_started",
    "on_track",
    "done_early",
    "done_on_time",
    "done_late",
    "cancelled",
)

WORDS: dict[str, tuple[str, str]] = {
    # --- status classes ----------------------------------------------------------------
    "overdue": ("overdue", "quá hạn"),
    "blocked": ("blocked", "vướng mắc"),
    "behind_plan": ("behind plan", "chậm so với kế hoạch"),
    "at_risk": ("at risk", "có nguy cơ trễ"),
    "stale": ("no report", "không báo cáo"),
    "not_started": ("not started", "chưa bắt đầu"),
    "on_track": ("on track", "đúng tiến độ"),
    "done_early": ("done early", "xong trước hạn"),
    "done_on_time": ("done on time", "xong đúng hạn"),
    "done_late": ("done late", "xong trễ hạn"),
    "cancelled": ("cancelled", "đã huỷ"),
    "late_report": ("late report", "báo cáo muộn"),
    "days-late-short": ("+{n}d", "+{n} ngày"),
    "days-early-short": ("-{n}d", "-{n} ngày"),
    "new": ("new", "mới"),
    # --- columns ------------------------------------------------------------------------
    "col-task": ("Task", "Nhiệm vụ"),
    "col-unit": ("Unit", "Đơn vị"),
    "col-person": ("Responsible", "Người phụ trách"),
    "col-due": ("Due", "Hạn"),
    "col-start-pct": ("Start %", "% đầu kỳ"),
    "col-end-pct": ("End %", "% cuối kỳ"),
    "col-change": ("Change", "Thay đổi"),
    "col-planned": ("Planned %", "% kế hoạch"),
    "col-gap": ("Gap", "Chênh lệch"),
    "col-status": ("Status", "Tình trạng"),
    "col-days": ("Days", "Số ngày"),
    "col-last-report": ("Last report", "Báo cáo gần nhất"),
    "col-forecast": ("Forecast", "Dự báo xong"),
    "col-rank": ("#", "#"),
    "col-tasks": ("Tasks", "Số NV"),
    "col-avg-pct": ("Avg %", "% TB"),
    "col-on-time": ("On time", "Đúng hạn"),
    "col-delay": ("Avg delay", "Trễ TB"),
    "col-reported": ("Reported", "Đã báo cáo"),
    "col-done": ("Done", "Xong"),
    "col-kind": ("Kind", "Loại"),
    "col-ref": ("Regulation", "Văn bản"),
    "col-blocker": ("Blocker", "Vướng mắc"),
    "col-open-days": ("Open (days)", "Số ngày tồn tại"),
    "col-request": ("Request", "Đề xuất"),
    "col-from": ("Asked of", "Đơn vị đáp ứng"),
    "col-need": ("Need", "Nội dung"),
    "col-amount": ("Amount", "Mức"),
    "col-asked": ("Asked", "Ngày đề xuất"),
    "col-completed": ("Completed", "Ngày xong"),
    "col-days-early": ("Days early", "Sớm (ngày)"),
    "col-days-late": ("Days late", "Trễ (ngày)"),
    "col-report-date": ("For", "Báo cáo cho ngày"),
    "col-recorded": ("Recorded", "Ghi nhận ngày"),
    "col-by": ("By", "Người báo cáo"),
    "col-period": ("Period", "Kỳ"),
    "col-total": ("All units", "Toàn bộ"),
    "col-note": ("Note", "Ghi chú"),
    "col-people": ("People", "Cá nhân"),
    "col-title": ("Title", "Tên nhiệm vụ"),
    "col-raised": ("Raised", "Ngày phát sinh"),
    "col-description": ("Description", "Mô tả"),
    # --- sections -----------------------------------------------------------------------
    "title-week": ("Weekly progress report, week {id}", "Báo cáo tiến độ tuần {id}"),
    "title-month": ("Monthly progress report, {id}", "Báo cáo tiến độ tháng {id}"),
    "title-range": ("Progress report", "Báo cáo tiến độ"),
    "title-at": ("Progress report", "Báo cáo tiến độ"),
    "title-trend": ("Trend", "Xu hướng"),
    "span": ("{first} to {last}", "từ {first} đến {last}"),
    "as-of": ("as of {when}", "tính đến {when}"),
    "sec-summary": ("Summary", "Tổng hợp"),
    "sec-units": ("Units ranked by on-time delivery", "Xếp hạng đơn vị theo tỷ lệ đúng hạn"),
    "sec-tasks": ("Tasks", "Nhiệm vụ"),
    "sec-blockers": (
        "Open blockers, by kind and regulation",
        "Vướng mắc chưa tháo gỡ, theo loại và văn bản",
    ),
    "sec-requests": ("Open resource requests", "Đề xuất nguồn lực chưa giải quyết"),
    "sec-early": ("Finished early this period", "Hoàn thành trước hạn trong kỳ"),
    "sec-overdue": ("Overdue, most late first", "Quá hạn, trễ nhiều nhất trước"),
    "sec-silent": ("No report this period", "Chưa báo cáo trong kỳ"),
    "sec-late": ("Late reports", "Báo cáo muộn"),
    "sec-late-after": (
        "Reports for this period recorded after it closed (the figures above do not include them)",
        "Báo cáo cho kỳ này được ghi nhận sau khi kỳ kết thúc (số liệu ở trên không tính)",
    ),
    "sec-notes": ("Notes of the period", "Ghi chú trong kỳ"),
    "sec-removed": ("Tasks removed during the period", "Nhiệm vụ bị xoá trong kỳ"),
    "sec-trend": ("Trend by period", "Xu hướng theo kỳ"),
    "sec-status": ("Status overview", "Tổng quan tình trạng"),
    "sec-burnup": ("Plan against actual, by unit", "Kế hoạch so với thực hiện, theo đơn vị"),
    "units-silent": ("Units: {list}", "Đơn vị: {list}"),
    "people-silent": ("People: {list}", "Cá nhân: {list}"),
    "none": ("none", "không có"),
    "no-ref": ("(no regulation named)", "(chưa nêu văn bản)"),
    "no-report-yet": ("before {date}", "trước {date}"),
    "trend-avg": ("average %", "% trung bình"),
    "trend-planned": ("planned %", "% kế hoạch"),
    "actual": ("actual", "thực hiện"),
    "planned": ("planned", "kế hoạch"),
    "col-delay-days": ("Avg delay (days)", "Trễ TB (ngày)"),
    "unreadable": (
        "{count} task files could not be read at {commit} and are left out; run r57 "
        "validate on that commit to see why.",
        "{count} tệp nhiệm vụ tại {commit} không đọc được nên không được tính; chạy r57 "
        "validate trên commit đó để xem lý do.",
    ),
    "legend": (
        "Status: the first that applies of overdue, blocked, behind plan ({behind} points "
        "or more below planned), at risk (forecast after due, or no progress for 14 days), "
        "no report this period, not started, on track; done early means {early} or more "
        "days before due.",
        "Tình trạng: lấy mục đầu tiên đúng trong: quá hạn, vướng mắc, chậm so với kế hoạch "
        "(thấp hơn kế hoạch từ {behind} điểm), có nguy cơ trễ (dự báo xong sau hạn, hoặc 14 "
        "ngày không tiến triển), không báo cáo trong kỳ, chưa bắt đầu, đúng tiến độ; xong "
        "trước hạn là sớm từ {early} ngày.",
    ),
    "generated": ("From commit {sha} of branch history.", "Lập từ commit {sha} của lịch sử."),
    "tasks-more": ("… and {count} more tasks", "… và {count} nhiệm vụ khác"),
    # --- errors -------------------------------------------------------------------------
    "no-commits": (
        "There is no commit at {rev} to report on. Commit the plan first (git add, git "
        "commit), then run r57 report.",
        "Không có commit nào tại {rev} để lập báo cáo. Hãy commit kế hoạch trước (git add, "
        "git commit) rồi chạy r57 report.",
    ),
    "shallow": (
        "This clone's history is cut short (a shallow clone) and does not reach back to "
        "{when}, which this report needs: it would come out wrong. Fetch the whole history "
        "with `git fetch --unshallow` (in GitHub Actions: actions/checkout with "
        "`fetch-depth: 0`), then run r57 report again.",
        "Bản clone này chỉ có một phần lịch sử (shallow clone), không có đến ngày {when} mà "
        "báo cáo cần nên sẽ ra sai. Hãy lấy toàn bộ lịch sử bằng `git fetch --unshallow` "
        "(trong GitHub Actions: actions/checkout với `fetch-depth: 0`) rồi chạy lại r57 "
        "report.",
    ),
    "bad-week": (
        "--week {value} is not a week. Write it as 2025-W07 (year, W, ISO week number).",
        "--week {value} không phải một tuần. Viết dạng 2025-W07 (năm, W, số tuần ISO).",
    ),
    "bad-month": (
        "--month {value} is not a month. Write it as 2025-02.",
        "--month {value} không phải một tháng. Viết dạng 2025-02.",
    ),
    "bad-day": (
        "{option} {value} is not a date. Write it as YYYY-MM-DD, e.g. 2025-02-14.",
        "{option} {value} không phải ngày. Viết dạng YYYY-MM-DD, ví dụ 2025-02-14.",
    ),
    "bad-at": (
        "--at {value} is not a date or time. Write 2025-02-14 (the end of that day) or "
        "2025-02-14T17:00.",
        "--at {value} không phải ngày hoặc giờ. Viết 2025-02-14 (cuối ngày đó) hoặc "
        "2025-02-14T17:00.",
    ),
    "bad-range": (
        "--from {first} is after --to {last}. Give the earlier date to --from.",
        "--from {first} sau --to {last}. Hãy đưa ngày sớm hơn vào --from.",
    ),
    "period-conflict": (
        "Choose one period: --week, --month, --at, or --from/--to ({given} were given).",
        "Chỉ chọn một kỳ: --week, --month, --at, hoặc --from/--to (đã đưa {given}).",
    ),
    "trend-conflict": (
        "{option} makes a trend of weeks or months; use it with --week or --month, not "
        "with --at or --from/--to.",
        "{option} lập xu hướng theo tuần hoặc tháng; dùng cùng --week hoặc --month, không "
        "dùng với --at hoặc --from/--to.",
    ),
    "trend-count": (
        "{option} {value}: give a number of periods from 1 to 120.",
        "{option} {value}: hãy đưa số kỳ từ 1 đến 120.",
    ),
    "from-to": (
        "--from and --to go together: give both, e.g. --from 2025-02-01 --to 2025-03-31.",
        "--from và --to đi cùng nhau: hãy đưa cả hai, ví dụ --from 2025-02-01 --to 2025-03-31.",
    ),
    "unknown-person": (
        "--person {value} is not anyone in units.yaml.{suggest}",
        "--person {value} không có trong units.yaml.{suggest}",
    ),
    "bad-format": (
        "--format {value} is not a report format. Use table, markdown, csv, json or html.",
        "--format {value} không phải định dạng báo cáo. Dùng table, markdown, csv, json hoặc html.",
    ),
    "bad-extension": (
        "-o {path}: cannot tell the format from the file name. End it in .md, .csv, .json, "
        ".html or .txt, or give --format.",
        "-o {path}: không đoán được định dạng từ tên tệp. Hãy dùng đuôi .md, .csv, .json, "
        ".html hoặc .txt, hoặc đưa --format.",
    ),
    "written": ("Report written to {path}.", "Đã ghi báo cáo vào {path}."),
}


def rsay(key: str, **fields: Any) -> str:
    """The report's sentence or word `key` in the run's language."""
    en, vi = WORDS[key]
    template = vi if language() == "vi" else en
    return template.format(**{k: _safe(v) for k, v in fields.items()})
