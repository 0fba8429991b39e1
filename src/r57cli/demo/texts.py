"""The words of the demo's reports: the blockers, requests, notes and reasons that the seed
draws from, and the notes made from a task's own milestones. Data, and pure."""

from __future__ import annotations

from datetime import date

from r57cli.plan.model import Task

# Extra blockers the seed adds: (kind, ref, description, note when lifted).
BLOCKERS: list[tuple[str, str | None, str, str]] = [
    (
        "decree",
        "Decree 73/2019/ND-CP",
        "The decree on IT investment from the state budget has no procedure for renting "
        "cloud services; the contract cannot be signed until it is amended.",
        "Nghị định sửa đổi đã được ban hành, tiếp tục ký hợp đồng thuê dịch vụ.",
    ),
    (
        "decree",
        "Decree 47/2020/ND-CP",
        "Ministries and provinces read the data-sharing rules differently; the connection "
        "to the national data-sharing platform waits for a common interpretation.",
        "Bộ đã có văn bản hướng dẫn thống nhất, tiếp tục kết nối.",
    ),
    (
        "circular",
        "Circular 03/2024/TT-BTTTT",
        "The technical requirements in the circular conflict with the new national "
        "standard; the Legal Department is drafting an amendment.",
        "Thông tư sửa đổi đã được ký ban hành.",
    ),
    (
        "circular",
        "Circular 04/2020/TT-BTTTT",
        "The circular's rules on IT project management do not fit agile software "
        "development; the appraisal of the project is on hold.",
        "Vụ Pháp chế đã hướng dẫn áp dụng, hồ sơ được thẩm định.",
    ),
    (
        "law",
        "Law on Electronic Transactions 20/2023/QH15",
        "The implementing rules for electronic records in the law are not yet in force, so "
        "the pilot cannot accept electronic dossiers.",
        "Nghị định hướng dẫn Luật đã có hiệu lực.",
    ),
    (
        "regulation",
        "Decision 942/QD-TTg",
        "The e-Government strategy's list of national platforms must be updated before the "
        "platform can be named in the programme.",
        "Thủ tướng đã phê duyệt danh mục cập nhật.",
    ),
    (
        "budget",
        None,
        "The 2025 recurrent budget for the task was not allocated; the survey contract "
        "cannot be signed.",
        "Đã được bố trí kinh phí từ nguồn chi thường xuyên.",
    ),
    (
        "staffing",
        None,
        "Two of the three staff on the task moved to the new ministry after the reorganisation.",
        "Đã bổ sung 2 cán bộ từ phòng Tổng hợp.",
    ),
]

# Extra resource requests: (the unit asked, need, amount).
REQUESTS: list[tuple[str, str, str | None]] = [
    ("planning-finance", "Funds to hire national experts for the impact assessment", None),
    ("planning-finance", "Additional budget for the nationwide survey", "850 million VND"),
    ("personnel", "One legal specialist seconded for the drafting team", "1 staff"),
    ("office", "Meeting rooms and video-conference links for 63 provinces", None),
    ("ndta", "Technical staff to connect the system to the data-sharing platform", "2 staff"),
    ("infosec", "A security assessment before the system goes live", None),
]

OUTCOMES = ["granted", "granted", "partly_granted", "granted", "refused", "withdrawn"]
_DECISION_NOTES = {
    "granted": "Đồng ý, bố trí từ nguồn chi thường xuyên năm {year}.",
    "partly_granted": "Đáp ứng một phần, phần còn lại đề xuất trong năm {next}.",
    "refused": "Không còn nguồn năm {year}; đề nghị lồng ghép vào nhiệm vụ khác.",
    "withdrawn": "Đơn vị đã tự bố trí được, rút đề xuất.",
}

NOTES = [
    "Đã gửi dự thảo lấy ý kiến các đơn vị phối hợp.",
    "Đã họp tổ soạn thảo, thống nhất đề cương chi tiết.",
    "Đang tổng hợp, tiếp thu ý kiến góp ý.",
    "Đã hoàn thiện dự thảo lần 2.",
    "Đã báo cáo Lãnh đạo Bộ, đang chỉnh sửa theo ý kiến chỉ đạo.",
    "Đã làm việc với các đơn vị phối hợp về phạm vi và số liệu.",
    "Đã gửi Vụ Pháp chế rà soát hồ sơ.",
    "Hoàn thành khảo sát, đang viết báo cáo.",
]
QUIET_NOTES = [
    "Tuần này chưa có thay đổi: đang chờ ý kiến góp ý của các đơn vị phối hợp.",
    "Đang chờ Lãnh đạo Bộ cho ý kiến, chưa cập nhật tỷ lệ.",
    "Cán bộ phụ trách đi công tác, tiến độ giữ nguyên.",
    "Đang tổng hợp số liệu của các địa phương, chưa đủ để cập nhật.",
]
SETBACKS = [
    "Dự thảo bị Vụ Pháp chế trả lại để hoàn thiện hồ sơ",
    "Phải khảo sát bổ sung theo ý kiến của Lãnh đạo Bộ",
    "Đánh giá lại khối lượng sau khi mở rộng phạm vi",
    "Số liệu báo cáo tuần trước bị nhầm",
]
CANCEL_REASONS = [
    "Nội dung được lồng ghép vào nhiệm vụ khác theo chỉ đạo của Lãnh đạo Bộ",
    "Không còn phù hợp sau khi sắp xếp lại tổ chức bộ máy",
]
_SUBMITTED = {
    "party_secretariat": "Ban Bí thư",
    "national_assembly": "Quốc hội",
    "government": "Chính phủ",
    "prime_minister": "Thủ tướng Chính phủ",
    "minister": "Bộ trưởng",
    "unit": "Lãnh đạo đơn vị",
}


def start_note(name: str) -> str:
    """The note of a task's first report: who leads it."""
    return f"Giao {name} chủ trì, lập kế hoạch chi tiết."


def lift_note(kind: str, ref: str | None) -> str:
    """What lifted one of the bundled plan's own blockers, which carry no such note."""
    if kind in ("law", "decree", "circular", "regulation") and ref:
        return f"Đã ban hành văn bản sửa đổi {ref}."
    if kind == "budget":
        return "Đã được bố trí kinh phí."
    if kind == "staffing":
        return "Đã bổ sung cán bộ cho nhiệm vụ."
    return "Vướng mắc đã được tháo gỡ."


def decision_note(outcome: str, when: date) -> str:
    year = when.year
    return _DECISION_NOTES[outcome].format(year=year, next=year + 1)


def done_note(task: Task) -> str:
    labels = [m.label for m in sorted(task.milestones, key=lambda m: m.date) if m.label]
    if labels:
        return f"Hoàn thành: {labels[-1]}."
    return f"Đã hoàn thành, trình {_SUBMITTED.get(task.submission, 'Lãnh đạo Bộ')}."


def milestone_note(task: Task, old: int, new: int) -> str | None:
    """A note naming the milestone the new figure reaches ("Đạt mốc: ...")."""
    for m in sorted(task.milestones, key=lambda m: m.date):
        if old < m.planned_pct <= new and m.label and m.planned_pct < 100:
            return f"Đạt mốc: {m.label}."
    return None
