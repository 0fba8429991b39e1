"""The messages of the pull-request gate (`r57 check`), in English and Vietnamese. They join
messages.CATALOGUE there; the codes are an API like every other (R57E3xx, R57W3xx)."""

from __future__ import annotations

# code -> (category, severity, rule name, message en, message vi, fix en, fix vi)
GATE_MESSAGES: dict[str, tuple[str, str, str, str, str, str, str]] = {
    # --- who may change what -----------------------------------------------------------------
    "R57E301": (
        "access",
        "error",
        "unknown-author",
        "commit {commit} ({subject}) is by {author}, an e-mail units.yaml does not list",
        "commit {commit} ({subject}) do {author} tạo, e-mail này không có trong units.yaml",
        "commit with the e-mail units.yaml lists for you (git config user.email …), then redo "
        "the commit: git commit --amend --reset-author; or ask an admin to add your e-mail to "
        "units.yaml first",
        "dùng e-mail của bạn ghi trong units.yaml (git config user.email …) rồi làm lại commit: "
        "git commit --amend --reset-author; hoặc đề nghị quản trị viên thêm e-mail vào "
        "units.yaml trước",
    ),
    "R57E302": (
        "access",
        "error",
        "not-task-owner",
        "commit {commit} ({subject}): {person} (unit {units}) changes task {task}, which "
        "belongs to unit {unit}; only members of {unit}{co}, coordinators and admins may "
        "change it",
        "commit {commit} ({subject}): {person} (đơn vị {units}) sửa nhiệm vụ {task} của đơn vị "
        "{unit}; chỉ thành viên {unit}{co}, điều phối viên và quản trị viên được sửa",
        "ask someone in {unit} to make this change, and drop this commit from the pull request "
        "(git rebase -i)",
        "đề nghị người của {unit} thực hiện thay đổi này, và bỏ commit này khỏi pull request "
        "(git rebase -i)",
    ),
    "R57E303": (
        "access",
        "error",
        "admin-only-file",
        "commit {commit} ({subject}): {person} changes {file}; only admins may change it",
        "commit {commit} ({subject}): {person} sửa {file}; chỉ quản trị viên được sửa tệp này",
        "ask an admin ({admins}) to make this change in a pull request of its own",
        "đề nghị quản trị viên ({admins}) thực hiện thay đổi này trong một pull request riêng",
    ),
    "R57E304": (
        "access",
        "error",
        "task-moved",
        "commit {commit} ({subject}): {person} moves task {task} from unit {unit} to {to}; "
        "only admins may move a task to another unit",
        "commit {commit} ({subject}): {person} chuyển nhiệm vụ {task} từ đơn vị {unit} sang "
        "{to}; chỉ quản trị viên được chuyển nhiệm vụ sang đơn vị khác",
        "leave the task with {unit}; ask an admin ({admins}) to move it",
        "giữ nhiệm vụ ở {unit}; đề nghị quản trị viên ({admins}) chuyển",
    ),
    "R57E305": (
        "access",
        "error",
        "task-created",
        "commit {commit} ({subject}): {person} creates task {task} in unit {unit}'s folder; "
        "only admins may create tasks",
        "commit {commit} ({subject}): {person} tạo nhiệm vụ {task} trong thư mục của đơn vị "
        "{unit}; chỉ quản trị viên được tạo nhiệm vụ",
        "ask an admin ({admins}) to add the task",
        "đề nghị quản trị viên ({admins}) thêm nhiệm vụ",
    ),
    "R57E306": (
        "access",
        "error",
        "task-deleted",
        "commit {commit} ({subject}): {person} deletes task {task} of unit {unit}; only admins "
        "may delete tasks",
        "commit {commit} ({subject}): {person} xoá nhiệm vụ {task} của đơn vị {unit}; chỉ quản "
        "trị viên được xoá nhiệm vụ",
        'to stop a task, cancel it: r57 cancel {task} --reason "…"; or ask an admin ({admins})',
        'để dừng một nhiệm vụ, hãy huỷ nó: r57 cancel {task} --reason "…"; hoặc đề nghị quản '
        "trị viên ({admins})",
    ),
    "R57E308": (
        "access",
        "error",
        "unsigned-commit",
        "commit {commit} ({subject}) by {author} is not signed, and this plan requires signed "
        "commits (policy.require_signed_commits in plan.yaml)",
        "commit {commit} ({subject}) của {author} chưa được ký, mà kế hoạch này yêu cầu commit "
        "có chữ ký (policy.require_signed_commits trong plan.yaml)",
        "sign with the SSH key units.yaml lists for you: git config gpg.format ssh; git config "
        "user.signingkey ~/.ssh/id_ed25519.pub; git commit --amend --no-edit -S (several "
        "commits: git rebase --exec 'git commit --amend --no-edit -S' BASE)",
        "ký bằng khoá SSH của bạn ghi trong units.yaml: git config gpg.format ssh; git config "
        "user.signingkey ~/.ssh/id_ed25519.pub; git commit --amend --no-edit -S (nhiều commit: "
        "git rebase --exec 'git commit --amend --no-edit -S' BASE)",
    ),
    "R57E309": (
        "access",
        "error",
        "unknown-signing-key",
        "commit {commit} ({subject}) is signed with key {key}, which units.yaml does not list "
        "for anyone",
        "commit {commit} ({subject}) được ký bằng khoá {key}, khoá này không thuộc về ai trong "
        "units.yaml",
        "sign with the key units.yaml lists for you, or ask an admin to add your public key to "
        "your ssh_keys in units.yaml (in an earlier pull request)",
        "ký bằng khoá của bạn ghi trong units.yaml, hoặc đề nghị quản trị viên thêm khoá công "
        "khai vào ssh_keys của bạn trong units.yaml (trong một pull request trước đó)",
    ),
    "R57E310": (
        "access",
        "error",
        "bad-signature",
        "the signature of commit {commit} ({subject}) cannot be accepted: {detail}",
        "chữ ký của commit {commit} ({subject}) không được chấp nhận: {detail}",
        "sign the commit again with your SSH key: git commit --amend --no-edit -S",
        "ký lại commit bằng khoá SSH của bạn: git commit --amend --no-edit -S",
    ),
    "R57E311": (
        "access",
        "error",
        "forged-author",
        "commit {commit} ({subject}) is signed with {signer}'s key, but its author is {author}",
        "commit {commit} ({subject}) được ký bằng khoá của {signer}, nhưng tác giả lại là {author}",
        "each person commits and signs as themselves: set user.email to the signer's own "
        "e-mail and redo the commit (git commit --amend --reset-author -S)",
        "mỗi người commit và ký bằng chính danh tính của mình: đặt user.email là e-mail của "
        "người ký và làm lại commit (git commit --amend --reset-author -S)",
    ),
    # --- honest history ------------------------------------------------------------------------
    "R57E320": (
        "history",
        "error",
        "pct-lowered-without-reason",
        "commit {commit} ({subject}) lowers {task} from {old}% to {new}% without a reason",
        "commit {commit} ({subject}) hạ {task} từ {old}% xuống {new}% mà không nêu lý do",
        'record it with r57 update {task} --pct {new} --reason "…" (it adds an R57-Reason '
        "trailer), or end the commit message with a line 'R57-Reason: …'",
        'ghi bằng r57 update {task} --pct {new} --reason "…" (lệnh thêm dòng R57-Reason), hoặc '
        "thêm dòng 'R57-Reason: …' ở cuối thông điệp commit",
    ),
    "R57E321": (
        "history",
        "error",
        "closed-task-undone",
        "commit {commit} ({subject}) changes {task} from {old} back to {new} without reopening it",
        "commit {commit} ({subject}) đổi {task} từ {old} về {new} mà không mở lại nhiệm vụ",
        'reopen it: r57 reopen {task} --reason "…" (it records R57-Action: reopen and a reason)',
        'mở lại nhiệm vụ: r57 reopen {task} --reason "…" (lệnh ghi R57-Action: reopen và lý do)',
    ),
    "R57E322": (
        "history",
        "error",
        "closed-week-rewritten",
        "commit {commit} ({subject}) changes {field} of {task} from {old} to {new}, but {old} "
        "is in a week that has closed (the current week began {week_start})",
        "commit {commit} ({subject}) đổi {field} của {task} từ {old} thành {new}, nhưng {old} "
        "thuộc một tuần đã khoá sổ (tuần hiện tại bắt đầu {week_start})",
        "keep the dates of closed weeks as recorded; if one was wrong, explain it in a note "
        "(the task's note, or --note on the next report)",
        "giữ nguyên các ngày đã ghi của tuần đã khoá sổ; nếu ngày nào sai, hãy giải thích trong "
        "ghi chú (note của nhiệm vụ, hoặc --note ở lần báo cáo sau)",
    ),
    "R57W301": (
        "history",
        "warning",
        "late-report",
        "commit {commit} ({subject}) reports for {date}, in a week that has closed (the "
        "current week began {week_start})",
        "commit {commit} ({subject}) báo cáo cho ngày {date}, thuộc một tuần đã khoá sổ (tuần "
        "hiện tại bắt đầu {week_start})",
        "nothing to fix for a late report: weekly reports list it as recorded after its week "
        "closed",
        "không cần sửa nếu đây là báo cáo muộn: báo cáo tuần ghi nhận nó là ghi sau khi tuần "
        "khoá sổ",
    ),
}

GATE_PHRASES: dict[str, dict[str, str]] = {
    "co-units-may": {
        "en": " or of its co-operating units ({units})",
        "vi": " hoặc của đơn vị phối hợp ({units})",
    },
    "no-admins": {
        "en": "units.yaml names none: give someone roles: [admin]",
        "vi": "units.yaml chưa có ai: hãy gán roles: [admin] cho một người",
    },
    "sig-bad": {
        "en": "it does not match the commit (changed after signing, or a wrong key)",
        "vi": "chữ ký không khớp với commit (bị sửa sau khi ký, hoặc sai khoá)",
    },
    "sig-expired-signature": {"en": "the signature has expired", "vi": "chữ ký đã hết hạn"},
    "sig-expired-key": {"en": "the key has expired", "vi": "khoá đã hết hạn"},
    "sig-revoked-key": {"en": "the key has been revoked", "vi": "khoá đã bị thu hồi"},
    "sig-cannot-check": {
        "en": "git could not check it (is ssh-keygen installed?)",
        "vi": "git không kiểm tra được (đã cài ssh-keygen chưa?)",
    },
    "sig-kind-openpgp": {
        "en": "it is an OpenPGP (gpg) signature; this plan checks SSH signatures",
        "vi": "đây là chữ ký OpenPGP (gpg); kế hoạch này kiểm tra chữ ký SSH",
    },
    "sig-kind-x509": {
        "en": "it is an X.509 signature; this plan checks SSH signatures",
        "vi": "đây là chữ ký X.509; kế hoạch này kiểm tra chữ ký SSH",
    },
}
