"""The words of the demo's reports: the blockers, requests, notes and reasons that the seed
draws from, and the notes made from a task's own milestones. Data, and pure."""

from __future__ import annotations

from datetime import date

from r57cli.plan.model import Task

# Extra blockers the seed adds: (kind, ref, description, note when lifted).
BLOCKERS: list[tuple[str, str | None, str, str]] = [
    (
        "decree",
        "Nghị định 73/2019/NĐ-CP",
        "Nghị định về đầu tư ứng dụng công nghệ thông tin bằng ngân sách nhà nước chưa có "
        "thủ tục thuê dịch vụ đám mây; chưa thể ký hợp đồng cho đến khi được sửa đổi.",
        "Nghị định sửa đổi đã được ban hành, tiếp tục ký hợp đồng thuê dịch vụ.",
    ),
    (
        "decree",
        "Nghị định 47/2020/NĐ-CP",
        "Các bộ, tỉnh hiểu quy định chia sẻ dữ liệu khác nhau; việc kết nối với nền tảng "
        "chia sẻ dữ liệu quốc gia chờ hướng dẫn thống nhất.",
        "Bộ đã có văn bản hướng dẫn thống nhất, tiếp tục kết nối.",
    ),
    (
        "circular",
        "Thông tư 03/2024/TT-BTTTT",
        "Yêu cầu kỹ thuật của thông tư mâu thuẫn với tiêu chuẩn quốc gia mới; Vụ Pháp chế "
        "đang soạn thảo văn bản sửa đổi.",
        "Thông tư sửa đổi đã được ký ban hành.",
    ),
    (
        "circular",
        "Thông tư 04/2020/TT-BTTTT",
        "Quy định quản lý dự án công nghệ thông tin của thông tư không phù hợp với phát "
        "triển phần mềm linh hoạt; việc thẩm định dự án tạm dừng.",
        "Vụ Pháp chế đã hướng dẫn áp dụng, hồ sơ được thẩm định.",
    ),
    (
        "law",
        "Luật Giao dịch điện tử 20/2023/QH15",
        "Văn bản hướng dẫn Luật về hồ sơ điện tử chưa có hiệu lực nên việc thí điểm chưa "
        "thể tiếp nhận hồ sơ điện tử.",
        "Nghị định hướng dẫn Luật đã có hiệu lực.",
    ),
    (
        "regulation",
        "Quyết định 942/QĐ-TTg",
        "Danh mục nền tảng quốc gia trong Chiến lược phát triển Chính phủ điện tử phải được "
        "cập nhật trước khi đưa nền tảng vào chương trình.",
        "Thủ tướng đã phê duyệt danh mục cập nhật.",
    ),
    (
        "budget",
        None,
        "Kinh phí chi thường xuyên năm 2025 cho nhiệm vụ chưa được bố trí; chưa thể ký hợp "
        "đồng khảo sát.",
        "Đã được bố trí kinh phí từ nguồn chi thường xuyên.",
    ),
    (
        "staffing",
        None,
        "Hai trong ba cán bộ thực hiện nhiệm vụ đã chuyển sang bộ mới sau khi sắp xếp.",
        "Đã bổ sung 2 cán bộ từ phòng Tổng hợp.",
    ),
]

# Extra resource requests: (the unit asked, need, amount).
REQUESTS: list[tuple[str, str, str | None]] = [
    ("planning-finance", "Kinh phí thuê chuyên gia trong nước đánh giá tác động", None),
    ("planning-finance", "Bổ sung kinh phí khảo sát toàn quốc", "850 triệu đồng"),
    ("personnel", "Biệt phái một chuyên viên pháp chế cho tổ soạn thảo", "1 người"),
    ("office", "Phòng họp và đường truyền hội nghị trực tuyến tới 63 tỉnh", None),
    ("ndta", "Cán bộ kỹ thuật kết nối hệ thống với nền tảng chia sẻ dữ liệu", "2 người"),
    ("infosec", "Đánh giá an toàn thông tin trước khi đưa hệ thống vào vận hành", None),
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
# What staff say they will do next week (`r57 update --next`).
NEXT_PLANS = [
    "Hoàn thiện dự thảo, gửi Vụ Pháp chế thẩm định.",
    "Tổng hợp ý kiến góp ý, trình Lãnh đạo Bộ.",
    "Họp tổ soạn thảo chốt nội dung các chương còn lại.",
    "Gửi lấy ý kiến các đơn vị phối hợp.",
    "Hoàn thành báo cáo giải trình, tiếp thu.",
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
