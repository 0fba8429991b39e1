"""What the staff commands say, in English and Vietnamese. Validation messages, which carry
stable codes, live in messages.py; these are the sentences around recording progress.

The language is chosen once per run (`--lang`, then R57_LANG, then the plan's language) and
set here, because errors are raised deep inside the core and must already be in it.
"""

from __future__ import annotations

import os
from typing import Any

from r57cli.locale.messages import printable

_language = os.environ.get("R57_LANG", "") if os.environ.get("R57_LANG") in ("en", "vi") else ""


def set_language(lang: str | None, plan_language: str | None = None) -> str:
    """Fix the language for this run: an explicit choice, else R57_LANG, else the plan's."""
    global _language
    env = os.environ.get("R57_LANG")
    _language = lang or (env if env in ("en", "vi") else None) or plan_language or "en"
    return _language


def language() -> str:
    return _language or "en"


def say(key: str, **fields: Any) -> str:
    """The sentence `key` in the run's language, with user-supplied values made printable."""
    en, vi = TEXTS[key]
    template = vi if language() == "vi" else en
    return template.format(**{k: _safe(v) for k, v in fields.items()})


def _safe(value: Any) -> Any:
    """Control characters escaped line by line: git's output keeps its line breaks."""
    if isinstance(value, str):
        return "\n".join(printable(line) for line in value.split("\n"))
    return value


TEXTS: dict[str, tuple[str, str]] = {
    # --- git and the repository ------------------------------------------------------------
    "git-missing": (
        "git is not installed or not on PATH. Install git, then run the command again.",
        "Chưa cài git hoặc git không có trong PATH. Hãy cài git rồi chạy lại lệnh.",
    ),
    "git-failed": (
        "{command} failed:\n{output}",
        "{command} không thành công:\n{output}",
    ),
    "not-a-repo": (
        "{path} is not inside a git repository. r57 records progress as git commits: clone "
        "the plan repository (git clone URL) and run r57 inside it.",
        "{path} không nằm trong kho git. r57 ghi tiến độ bằng commit git: hãy clone kho kế "
        "hoạch (git clone URL) và chạy r57 trong đó.",
    ),
    "plan-outside-repo": (
        "The plan folder {path} is not inside the git repository at {root}.",
        "Thư mục kế hoạch {path} không nằm trong kho git tại {root}.",
    ),
    "state-merge": (
        "A merge is in progress. Finish it (git commit) or abandon it (git merge --abort), "
        "then record progress.",
        "Đang có một lần merge dở dang. Hãy hoàn tất (git commit) hoặc huỷ (git merge "
        "--abort) rồi mới ghi tiến độ.",
    ),
    "state-rebase": (
        "A rebase is in progress. Finish it (git rebase --continue) or abandon it (git "
        "rebase --abort), then record progress.",
        "Đang có một lần rebase dở dang. Hãy hoàn tất (git rebase --continue) hoặc huỷ (git "
        "rebase --abort) rồi mới ghi tiến độ.",
    ),
    "state-cherry-pick": (
        "A cherry-pick is in progress. Finish it or run git cherry-pick --abort first.",
        "Đang có một lần cherry-pick dở dang. Hãy hoàn tất hoặc chạy git cherry-pick --abort.",
    ),
    "state-revert": (
        "A revert is in progress. Finish it or run git revert --abort first.",
        "Đang có một lần revert dở dang. Hãy hoàn tất hoặc chạy git revert --abort.",
    ),
    "state-bisect": (
        "A git bisect is in progress. Run git bisect reset first.",
        "Đang chạy git bisect. Hãy chạy git bisect reset trước.",
    ),
    "state-detached": (
        "HEAD is detached (not on a branch), so a commit would belong to no branch. Switch "
        "to your branch first: git switch main",
        "HEAD đang tách rời (không ở nhánh nào), commit sẽ không thuộc nhánh nào. Hãy chuyển "
        "về nhánh của bạn: git switch main",
    ),
    "state-unborn": (
        "The branch {branch} has no commits yet. Commit the plan first (git add . && git "
        "commit -m 'Plan'), then record progress.",
        "Nhánh {branch} chưa có commit nào. Hãy commit kế hoạch trước (git add . && git "
        "commit -m 'Plan') rồi mới ghi tiến độ.",
    ),
    "no-identity": (
        "git does not know who you are. Set your name and the e-mail listed for you in "
        'units.yaml:\n  git config user.name "Your Name"\n  git config user.email '
        "you@example.gov.vn",
        "git chưa biết bạn là ai. Hãy đặt tên và e-mail của bạn như trong units.yaml:\n  git "
        'config user.name "Họ Tên"\n  git config user.email ban@example.gov.vn',
    ),
    "index-locked": (
        "git's index is locked ({path} exists). Another git command may be running in this "
        "clone (an editor, a GUI, another terminal). If none is, a crashed git left the "
        "file behind: delete it and run the command again. Nothing was changed.",
        "Chỉ mục của git đang bị khoá (có tệp {path}). Có thể một lệnh git khác đang chạy "
        "(trình soạn thảo, phần mềm git, cửa sổ khác). Nếu không có, một lệnh git bị treo đã "
        "để lại tệp này: hãy xoá nó rồi chạy lại. Chưa có gì bị thay đổi.",
    ),
    "lock-busy": (
        "Another r57 command is recording progress in this clone and did not finish within "
        "{seconds} s. Wait for it, then run the command again.",
        "Một lệnh r57 khác đang ghi tiến độ trong bản sao này và chưa xong sau {seconds} "
        "giây. Hãy chờ rồi chạy lại.",
    ),
    "recovered": (
        "note: an earlier r57 run was interrupted before it committed {path}; the file was "
        "put back as it was.",
        "lưu ý: một lần chạy r57 trước bị ngắt trước khi commit {path}; tệp đã được khôi "
        "phục như cũ.",
    ),
    "recovery-conflict": (
        "An earlier r57 run was interrupted while recording {path}, and the file has been "
        "edited since. Check it with git diff -- {path}, keep or discard the change (git "
        "restore -- {path}), then delete {journal}.",
        "Một lần chạy r57 trước bị ngắt khi đang ghi {path}, và tệp đã bị sửa sau đó. Hãy "
        "xem git diff -- {path}, giữ hoặc bỏ thay đổi (git restore -- {path}), rồi xoá "
        "{journal}.",
    ),
    "bad-config": (
        "git config {setting} is not true or false. The commit was made; fix the setting (git "
        "config {setting} true) and push with git push.\n{output}",
        "git config {setting} không phải true hay false. Commit đã được tạo; hãy sửa thiết lập "
        "(git config {setting} true) rồi push bằng git push.\n{output}",
    ),
    "journal-odd": (
        "{path} is not a file r57 wrote. Remove it (it holds nothing r57 needs), then run the "
        "command again.",
        "{path} không phải tệp do r57 tạo. Hãy xoá nó (r57 không cần nội dung trong đó) rồi "
        "chạy lại lệnh.",
    ),
    "task-symlink": (
        "{path} is a symbolic link. A task file must be a file in the repository (r57 "
        "validate ignores links); replace the link with the file itself.",
        "{path} là liên kết tượng trưng. Tệp nhiệm vụ phải là tệp thật trong kho (r57 "
        "validate bỏ qua liên kết); hãy thay liên kết bằng chính tệp đó.",
    ),
    "journal-pending": (
        "note: an earlier r57 run was interrupted; the next real run finishes or undoes it.",
        "lưu ý: một lần chạy r57 trước bị ngắt; lần chạy thật tiếp theo sẽ hoàn tất hoặc "
        "hoàn tác nó.",
    ),
    "changed-meanwhile": (
        "{path} or the current branch changed while r57 was checking the plan (an editor "
        "saving, or git in another window). Nothing was written; run the command again.",
        "{path} hoặc nhánh hiện tại đã thay đổi trong lúc r57 kiểm tra kế hoạch (trình soạn "
        "thảo lưu tệp, hoặc git ở cửa sổ khác). Chưa ghi gì; hãy chạy lại lệnh.",
    ),
    "rollback-failed": (
        "Recording failed, and putting {path} back failed too ({reason}). Free some space or "
        "fix the cause, then run any r57 recording command: it restores the file from "
        "the journal in .git/r57.",
        "Ghi không thành công, và khôi phục {path} cũng không được ({reason}). Hãy giải "
        "phóng dung lượng hoặc khắc phục nguyên nhân, rồi chạy một lệnh ghi bất kỳ của r57: "
        "lệnh đó khôi phục tệp từ nhật ký trong .git/r57.",
    ),
    "commit-failed": (
        "git commit failed, so nothing was recorded and {path} is back as it was.\n{output}",
        "git commit không thành công nên chưa ghi gì, tệp {path} đã được khôi phục như "
        "cũ.\n{output}",
    ),
    "write-failed": (
        "Could not write {path}: {reason}. Nothing was changed.",
        "Không ghi được {path}: {reason}. Chưa có gì bị thay đổi.",
    ),
    # --- the task ---------------------------------------------------------------------------
    "bad-task-id": (
        "'{value}' is not a task ID. Task IDs look like T-012: capital letters, a dash and digits.",
        "'{value}' không phải mã nhiệm vụ. Mã nhiệm vụ có dạng T-012: chữ in hoa, gạch "
        "ngang và chữ số.",
    ),
    "unknown-task": (
        "There is no task {task} in {plan}.{suggest}",
        "Không có nhiệm vụ {task} trong {plan}.{suggest}",
    ),
    "did-you-mean": (" Did you mean {ids}?", " Có phải ý bạn là {ids}?"),
    "task-dirty": (
        "{path} has changes that are not committed. r57 commits only its own change, so "
        "first commit yours (git commit -- {path}) or discard them (git restore --staged "
        "--worktree -- {path}).",
        "{path} có thay đổi chưa commit. r57 chỉ commit thay đổi của chính nó, nên hãy commit "
        "thay đổi của bạn trước (git commit -- {path}) hoặc bỏ chúng (git restore --staged "
        "--worktree -- {path}).",
    ),
    "task-untracked": (
        "{path} is not committed yet. Add the new task with git (git add {path} && git "
        "commit), then record progress.",
        "{path} chưa được commit. Hãy thêm nhiệm vụ mới vào git (git add {path} && git "
        "commit) rồi mới ghi tiến độ.",
    ),
    "task-invalid": (
        "{path} has problems, so r57 will not change it. Run r57 validate to see them.",
        "{path} đang có lỗi nên r57 không sửa tệp này. Chạy r57 validate để xem.",
    ),
    "plan-would-break": (
        "This change would leave the plan invalid, so nothing was written:",
        "Thay đổi này sẽ làm kế hoạch không hợp lệ nên chưa ghi gì:",
    ),
    "cannot-edit": (
        "r57 cannot change {path} safely ({reason}). Nothing was written. Make the change "
        "by hand, or report the file's layout to the r57 team.",
        "r57 không sửa được {path} một cách an toàn ({reason}). Chưa ghi gì. Hãy sửa bằng "
        "tay, hoặc báo bố cục tệp này cho nhóm r57.",
    ),
    # --- user input ------------------------------------------------------------------------
    "bad-text": (
        "{option} contains control characters or is too long. Use plain text of at most "
        "{limit} characters{line}.",
        "{option} chứa ký tự điều khiển hoặc quá dài. Hãy dùng văn bản thường, tối đa "
        "{limit} ký tự{line}.",
    ),
    "text-divider": (
        "A line of {option} starts with ---, which git reads as the end of a commit message "
        "(the trailers after it would be lost). Write the line another way.",
        "Một dòng của {option} bắt đầu bằng ---, git coi đó là chỗ kết thúc nội dung commit "
        "(các dòng trailer phía sau sẽ mất). Hãy viết dòng đó theo cách khác.",
    ),
    "list-status": (
        "--status {value} is not a status. Use not_started, in_progress, done or cancelled.",
        "--status {value} không phải trạng thái. Dùng not_started, in_progress, done hoặc "
        "cancelled.",
    ),
    "one-line": (" on one line", " trên một dòng"),
    "empty-text": ("{option} must not be empty.", "{option} không được để trống."),
    "bad-date": (
        "{option} '{value}' is not a date. Write it as YYYY-MM-DD, for example 2026-11-20.",
        "{option} '{value}' không phải ngày. Hãy viết YYYY-MM-DD, ví dụ 2026-11-20.",
    ),
    "future-date": (
        "{option} {value} is in the future (today is {today}). Progress can only be "
        "recorded for today or earlier.",
        "{option} {value} là ngày trong tương lai (hôm nay là {today}). Chỉ ghi được tiến "
        "độ của hôm nay hoặc trước đó.",
    ),
    "bad-duration": (
        "'{value}' is not a period. Write days or weeks, for example 14d or 2w.",
        "'{value}' không phải khoảng thời gian. Hãy viết số ngày hoặc tuần, ví dụ 14d, 2w.",
    ),
    # --- the status model ------------------------------------------------------------------
    "pct-lower": (
        '{task} is at {old}%; going down to {new}% needs --reason "why" (it goes into '
        "the commit, and reviewers see it).",
        '{task} đang ở {old}%; giảm xuống {new}% cần có --reason "lý do" (lý do được ghi '
        "vào commit để người duyệt xem).",
    ),
    "pct-100": (
        "100% means the task is finished: record it with r57 done {task}, which also sets "
        "the completion date.",
        "100% nghĩa là đã hoàn thành: hãy dùng r57 done {task}, lệnh này ghi cả ngày hoàn thành.",
    ),
    "pct-same": (
        "{task} is already at {pct}% with status {status}. Nothing to record; add --note "
        "to report without a change.",
        "{task} đã ở {pct}% với trạng thái {status}. Không có gì để ghi; thêm --note để báo "
        "cáo mà không đổi số liệu.",
    ),
    "is-done": (
        "{task} is done (completed {date}). To change it, first run r57 reopen {task} "
        '--reason "why".',
        "{task} đã hoàn thành (ngày {date}). Muốn sửa, trước hết chạy r57 reopen {task} "
        '--reason "lý do".',
    ),
    "is-cancelled": (
        '{task} is cancelled. To work on it again, run r57 reopen {task} --reason "why".',
        '{task} đã bị huỷ. Muốn làm tiếp, chạy r57 reopen {task} --reason "lý do".',
    ),
    "already-started": (
        "{task} is already {status}; nothing to start.",
        "{task} đã ở trạng thái {status}; không cần bắt đầu.",
    ),
    "not-reopenable": (
        "{task} is {status}, not done or cancelled; there is nothing to reopen.",
        "{task} đang ở trạng thái {status}, chưa hoàn thành hay huỷ; không có gì để mở lại.",
    ),
    "reopen-pct": (
        "Reopening sets the task below 100%: give the new figure with --pct (0-99).",
        "Mở lại nhiệm vụ thì tỉ lệ phải dưới 100%: hãy cho số mới bằng --pct (0-99).",
    ),
    "needs-reason": (
        '{action} needs --reason "why": it goes into the commit for reviewers.',
        '{action} cần --reason "lý do": lý do được ghi vào commit cho người duyệt.',
    ),
    "before-start": (
        "{option} {value} is before the task starts ({start}).",
        "{option} {value} trước ngày bắt đầu của nhiệm vụ ({start}).",
    ),
    "not-started-pct": (
        "A task that has not started is at 0%: use --status not_started with --pct 0.",
        "Nhiệm vụ chưa bắt đầu thì ở mức 0%: dùng --status not_started cùng --pct 0.",
    ),
    "pct-with-status": (
        "--pct does not go with --status {status}: done is always 100%, and cancel keeps "
        "the percentage. Leave out --pct (or use r57 done / r57 cancel).",
        "--pct không dùng cùng --status {status}: hoàn thành luôn là 100%, còn huỷ giữ "
        "nguyên tỉ lệ. Hãy bỏ --pct (hoặc dùng r57 done / r57 cancel).",
    ),
    "done-blocked": (
        "{task} still has open blockers ({ids}). Lift them first (r57 unblock {task} ID), "
        "then mark it done.",
        "{task} vẫn còn vướng mắc chưa gỡ ({ids}). Hãy gỡ trước (r57 unblock {task} MÃ), "
        "rồi mới đánh dấu hoàn thành.",
    ),
    "before-raised": (
        "--date {value} is before blocker {id} was raised ({raised}).",
        "--date {value} trước ngày phát sinh vướng mắc {id} ({raised}).",
    ),
    "before-asked": (
        "--date {value} is before request {id} was made ({asked}).",
        "--date {value} trước ngày gửi đề xuất {id} ({asked}).",
    ),
    "status-choice": (
        "--status {value} is not something update sets. Use r57 start, done, reopen or cancel.",
        "update không đặt được --status {value}. Hãy dùng r57 start, done, reopen hoặc cancel.",
    ),
    "ref-needed": (
        'A {kind} blocker must name the document to amend: add --ref "Decree 47/2020/ND-CP".',
        'Vướng mắc loại {kind} phải nêu văn bản cần sửa: thêm --ref "Nghị định 47/2020/NĐ-CP".',
    ),
    "unknown-blocker": (
        "{task} has no blocker {id}. Its blockers: {ids}.",
        "{task} không có vướng mắc {id}. Các vướng mắc: {ids}.",
    ),
    "blocker-lifted": (
        "Blocker {id} of {task} was already lifted on {date}.",
        "Vướng mắc {id} của {task} đã được gỡ ngày {date}.",
    ),
    "unknown-request": (
        "{task} has no resource request {id}. Its requests: {ids}.",
        "{task} không có đề xuất nguồn lực {id}. Các đề xuất: {ids}.",
    ),
    "request-decided": (
        "Request {id} of {task} is already {status} ({date}).",
        "Đề xuất {id} của {task} đã ở trạng thái {status} ({date}).",
    ),
    "unknown-unit": (
        "There is no unit '{unit}' in units.yaml.{suggest}",
        "Không có đơn vị '{unit}' trong units.yaml.{suggest}",
    ),
    "none": ("none", "không có"),
    "not-in-units": (
        "{email} (git config user.email) is not listed for anyone in units.yaml, so r57 "
        "cannot tell which tasks are yours. Set the e-mail listed for you, or use --person.",
        "{email} (git config user.email) không có trong units.yaml nên r57 không biết nhiệm "
        "vụ nào của bạn. Hãy đặt đúng e-mail đã khai báo, hoặc dùng --person.",
    ),
    # --- results ---------------------------------------------------------------------------
    "recorded": ("Recorded {subject}  [{branch} {sha}]", "Đã ghi {subject}  [{branch} {sha}]"),
    "dry-run": (
        "Dry run: nothing was written or committed. The commit would be:",
        "Chạy thử: chưa ghi hay commit gì. Commit sẽ là:",
    ),
    "not-member": (
        "warning: {email} is not listed as a member of {unit} (the owner of {task}). The "
        "commit was made, but the pull-request check will reject it unless a member, a "
        "coordinator or an admin makes it. Check git config user.email.",
        "cảnh báo: {email} không có trong danh sách thành viên của {unit} (đơn vị chủ trì "
        "{task}). Commit đã được tạo, nhưng kiểm tra pull request sẽ từ chối nếu người "
        "commit không phải thành viên, điều phối viên hoặc quản trị. Hãy kiểm tra git config "
        "user.email.",
    ),
    # --- push ------------------------------------------------------------------------------
    "no-upstream": (
        "The commit is made, but the branch {branch} has no upstream to push to. Push it "
        "once with: git push -u origin {branch}",
        "Commit đã được tạo nhưng nhánh {branch} chưa có nhánh upstream để push. Hãy push "
        "một lần bằng: git push -u origin {branch}",
    ),
    "pushed": ("Pushed to {remote}/{branch}.", "Đã push lên {remote}/{branch}."),
    "rebased-as": (
        "Rebased on the remote's new commits: your report is now commit {sha}.",
        "Đã rebase lên các commit mới trên máy chủ: báo cáo của bạn giờ là commit {sha}.",
    ),
    "push-retry": (
        "The remote moved on; rebased on it and trying again ({attempt}/{limit}).",
        "Nhánh trên máy chủ đã thay đổi; đã rebase và thử lại ({attempt}/{limit}).",
    ),
    "push-conflict": (
        "Your commit is kept here, but it was not pushed: someone else changed {path} at "
        "the same time, so the two changes conflict. Run git pull --rebase, fix {path} "
        "(r57 validate helps), git rebase --continue, then git push.",
        "Commit của bạn vẫn được giữ ở máy này nhưng chưa push: người khác đã sửa {path} "
        "cùng lúc nên hai thay đổi xung đột. Hãy chạy git pull --rebase, sửa {path} (r57 "
        "validate hỗ trợ), git rebase --continue, rồi git push.",
    ),
    "push-invalid": (
        "Your commit is kept here, but it was not pushed: on top of the latest remote "
        "changes the plan is invalid. Run r57 validate, fix it, commit, then git push.",
        "Commit của bạn vẫn được giữ ở máy này nhưng chưa push: khi ghép với thay đổi mới "
        "nhất trên máy chủ, kế hoạch không hợp lệ. Hãy chạy r57 validate, sửa, commit rồi "
        "git push.",
    ),
    "push-failed": (
        "Your commit is kept here, but the push failed. Fix the cause and run git push:\n{output}",
        "Commit của bạn vẫn được giữ ở máy này nhưng push không thành công. Hãy khắc phục "
        "rồi chạy git push:\n{output}",
    ),
    "push-gave-up": (
        "Your commit is kept here, but the remote kept moving and {limit} attempts to push "
        "failed. Run git pull --rebase && git push.",
        "Commit của bạn vẫn được giữ ở máy này, nhưng nhánh trên máy chủ liên tục thay đổi "
        "và {limit} lần push đều không thành công. Hãy chạy git pull --rebase && git push.",
    ),
    # --- r57 demo --------------------------------------------------------------------------
    "demo-not-empty": (
        "{path} is not empty. Give r57 demo a new folder or an empty one; nothing was changed.",
        "{path} không trống. Hãy chỉ cho r57 demo một thư mục mới hoặc trống; chưa có gì bị "
        "thay đổi.",
    ),
    "demo-not-a-folder": (
        "{path} exists and is not a folder. Give r57 demo a new folder; nothing was changed.",
        "{path} đã tồn tại và không phải thư mục. Hãy chỉ cho r57 demo một thư mục mới; chưa "
        "có gì bị thay đổi.",
    ),
    "demo-no-bundled": (
        "The bundled plan286/ was not found next to r57's source (r57 was installed "
        "without it). Pass the plan folder with --from PATH.",
        "Không tìm thấy kế hoạch mẫu plan286/ cạnh mã nguồn r57 (r57 được cài không kèm "
        "nó). Hãy chỉ thư mục kế hoạch bằng --from ĐƯỜNG_DẪN.",
    ),
    "demo-bad-source": (
        "{path} is not a plan r57 demo can use ({reason} is missing or invalid). Run "
        "r57 validate --plan {path} to see why.",
        "{path} không phải kế hoạch r57 demo dùng được ({reason} thiếu hoặc không hợp lệ). "
        "Hãy chạy r57 validate --plan {path} để xem lý do.",
    ),
    "demo-invalid": (
        "The plan in {path} has errors, so no report could be recorded on it. Run "
        "r57 validate --plan {path} and fix them first.",
        "Kế hoạch tại {path} có lỗi nên không thể ghi báo cáo. Hãy chạy r57 validate --plan "
        "{path} và sửa trước.",
    ),
    "demo-no-people": (
        "units.yaml has no member with an e-mail address: the demo needs people to "
        "report progress.",
        "units.yaml không có thành viên nào có e-mail: bản demo cần người để báo cáo tiến độ.",
    ),
    "demo-too-early": (
        "--today {today} is before the plan's kick-off on {kickoff}: there is no history "
        "to make. Choose a later day.",
        "--today {today} trước ngày khởi động kế hoạch {kickoff}: chưa có lịch sử để tạo. "
        "Hãy chọn một ngày sau đó.",
    ),
    "demo-progress": ("Recording reports", "Đang ghi báo cáo"),
    "demo-built": (
        "Made a plan repository in {path}: {commits} commits by {people} people, from the "
        "kick-off on {first} to {last} ({late} reports recorded late), in {seconds:.1f} s.",
        "Đã tạo kho kế hoạch tại {path}: {commits} commit của {people} người, từ ngày khởi "
        "động {first} đến {last} ({late} báo cáo ghi muộn), trong {seconds:.1f} giây.",
    ),
    "demo-next": (
        "Next, the weekly synthesis:\n    cd {path} && r57 report --week",
        "Tiếp theo, xem tổng hợp tuần:\n    cd {path} && r57 report --week",
    ),
    # --- r57 signing setup --------------------------------------------------------------------
    "signing-no-ssh-keygen": (
        "ssh-keygen was not found: install OpenSSH (the openssh-client package, or Git for "
        "Windows) and run `r57 signing setup` again.",
        "Không tìm thấy ssh-keygen: hãy cài OpenSSH (gói openssh-client, hoặc Git for "
        "Windows) rồi chạy lại `r57 signing setup`.",
    ),
    "signing-not-a-repo": (
        "{path} is not inside a git repository: run `r57 signing setup` in your clone of the "
        "plan, or add --global to set it up for every repository.",
        "{path} không nằm trong một kho git: hãy chạy `r57 signing setup` trong bản sao kho "
        "kế hoạch của bạn, hoặc thêm --global để thiết lập cho mọi kho.",
    ),
    "signing-key-missing": (
        "--key {path}: no such file. Give the path of an existing SSH key, or leave --key out "
        "to make one.",
        "--key {path}: không có tệp này. Hãy ghi đường dẫn của một khóa SSH có sẵn, hoặc bỏ "
        "--key để tạo khóa mới.",
    ),
    "signing-key-exists": (
        "{path} (or its .pub) exists already and is not overwritten: use it with --key {path}.",
        "{path} (hoặc tệp .pub của nó) đã có và không bị ghi đè: hãy dùng nó với --key {path}.",
    ),
    "signing-keygen-failed": (
        "ssh-keygen could not make a key at {path}: {output}",
        "ssh-keygen không tạo được khóa tại {path}: {output}",
    ),
    "signing-key-unreadable": (
        "{path} is not an SSH key ssh-keygen can read: {output}",
        "{path} không phải là khóa SSH mà ssh-keygen đọc được: {output}",
    ),
    "signing-key-created": (
        "Made a new SSH key (ed25519, no passphrase) at {path}.",
        "Đã tạo khóa SSH mới (ed25519, không có mật khẩu) tại {path}.",
    ),
    "signing-key-used": (
        "Signing with the existing key {path}.",
        "Ký bằng khóa có sẵn {path}.",
    ),
    "signing-where-global": ("every repository (--global)", "mọi kho (--global)"),
    "signing-configured": (
        "git now signs your commits with it (gpg.format ssh, user.signingkey, commit.gpgsign "
        "true) in {where}.",
        "Từ nay git ký các commit của bạn bằng khóa này (gpg.format ssh, user.signingkey, "
        "commit.gpgsign true) trong {where}.",
    ),
    "signing-send-admin": (
        "Send this public line to the plan's admin (it is public; never send the private key):",
        "Gửi dòng khóa công khai này cho quản trị viên kế hoạch (đây là khóa công khai; "
        "đừng bao giờ gửi khóa bí mật):",
    ),
    "signing-snippet": (
        "The admin adds it to your member entry ({email}) in units.yaml, then runs "
        "`r57 allowed-signers -o .github/allowed_signers`:",
        "Quản trị viên thêm nó vào mục thành viên của bạn ({email}) trong units.yaml, rồi "
        "chạy `r57 allowed-signers -o .github/allowed_signers`:",
    ),
    # --- r57 codeowners, r57 allowed-signers ----------------------------------------------------
    "access-check-stdout": (
        "--check compares with a file: give -o PATH, not -o -.",
        "--check so sánh với một tệp: hãy ghi -o ĐƯỜNG_DẪN, không phải -o -.",
    ),
    "access-output-or-config": (
        "Choose one: -o/--output PATH or --git-config.",
        "Chọn một trong hai: -o/--output ĐƯỜNG_DẪN hoặc --git-config.",
    ),
    "access-check-needs-file": (
        "--check compares with a file: give -o PATH or --git-config.",
        "--check so sánh với một tệp: hãy ghi -o ĐƯỜNG_DẪN hoặc --git-config.",
    ),
    "access-no-units": (
        "{path}: no units could be read from it, so there is nothing to generate. Run r57 "
        "validate to see why.",
        "{path}: không đọc được đơn vị nào, nên không có gì để tạo. Hãy chạy r57 validate để "
        "xem lý do.",
    ),
    "access-setting-elsewhere": (
        "r57: {setting} does not point at {target}. Run `{fix}`.",
        "r57: {setting} không trỏ tới {target}. Hãy chạy `{fix}`.",
    ),
    "access-setting-set": (
        "set {setting} to it in this repository's git config: git log --show-signature and git "
        "verify-commit now check SSH signatures against units.yaml. Run `{fix}` again after "
        "units.yaml changes.",
        "đã đặt {setting} trỏ tới tệp này trong cấu hình git của kho: git log --show-signature "
        "và git verify-commit nay kiểm tra chữ ký SSH theo units.yaml. Hãy chạy lại `{fix}` "
        "mỗi khi units.yaml thay đổi.",
    ),
    "access-no-keys": (
        "r57: note: units.yaml lists no ssh_keys yet: no signature will verify.",
        "r57: lưu ý: units.yaml chưa có ssh_keys nào: không chữ ký nào được xác minh.",
    ),
    "access-cannot-read": (
        "{path}: cannot read it: {reason}.",
        "{path}: không đọc được: {reason}.",
    ),
    "access-current": ("{path} is current.", "{path} đã cập nhật."),
    "access-missing": (
        "r57: {path} is missing. Run `{fix}` and commit the result.",
        "r57: thiếu {path}. Hãy chạy `{fix}` rồi commit kết quả.",
    ),
    "access-more-lines": (
        "... {count} more lines of difference",
        "... còn {count} dòng khác biệt",
    ),
    "access-stale": (
        "r57: {path} is stale: it differs from what units.yaml gives now. Run `{fix}` and "
        "commit the result.",
        "r57: {path} đã cũ: khác với nội dung units.yaml hiện cho ra. Hãy chạy `{fix}` rồi "
        "commit kết quả.",
    ),
    "access-unchanged": (
        "{path} is already current; nothing written.",
        "{path} đã cập nhật; không ghi gì.",
    ),
    "access-cannot-write": (
        "{path}: cannot write it: {reason}. Nothing was changed.",
        "{path}: không ghi được: {reason}. Không có gì bị thay đổi.",
    ),
    "access-wrote": ("wrote {path}", "đã ghi {path}"),
    # --- r57 check ----------------------------------------------------------------------------
    "check-bad-range": (
        "'{spec}' is not a range of commits. Give BASE..HEAD (for example origin/main..HEAD), "
        "or one revision, which means REV..HEAD.",
        "'{spec}' không phải một dải commit. Hãy ghi BASE..HEAD (ví dụ origin/main..HEAD), "
        "hoặc một phiên bản, nghĩa là REV..HEAD.",
    ),
    "check-three-dots": (
        "'{spec}': r57 check takes BASE..HEAD with two dots: the commits reachable from HEAD "
        "and not from BASE, which is what a pull request adds.",
        "'{spec}': r57 check nhận BASE..HEAD với hai dấu chấm: các commit có từ HEAD mà "
        "không có từ BASE, tức là những gì một pull request thêm vào.",
    ),
    "check-unknown-rev": (
        "'{rev}' is not a commit in this repository. Fetch it first (git fetch origin), or "
        "check the spelling.{shallow}",
        "'{rev}' không phải một commit trong kho này. Hãy tải về trước (git fetch origin), "
        "hoặc kiểm tra lại chính tả.{shallow}",
    ),
    "check-shallow-hint": (
        " This is a shallow clone: fetch the whole history with git fetch --unshallow "
        "(GitHub Actions: actions/checkout with fetch-depth: 0).",
        " Đây là bản sao nông (shallow clone): tải toàn bộ lịch sử bằng git fetch --unshallow "
        "(GitHub Actions: actions/checkout với fetch-depth: 0).",
    ),
    "check-shallow": (
        "The range {spec} reaches past the history this shallow clone holds (commit {commit} "
        "has no parents here), so who changed what cannot be checked. Fetch the whole history "
        "with git fetch --unshallow (GitHub Actions: actions/checkout with fetch-depth: 0), "
        "then run r57 check again.",
        "Dải {spec} vượt quá phần lịch sử mà bản sao nông (shallow clone) này có (commit "
        "{commit} không có commit cha ở đây), nên không kiểm tra được ai đã sửa gì. Hãy tải "
        "toàn bộ lịch sử bằng git fetch --unshallow (GitHub Actions: actions/checkout với "
        "fetch-depth: 0) rồi chạy lại r57 check.",
    ),
    "check-git-too-old": (
        "r57 check needs git 2.38 or newer to check merge commits (git merge-tree "
        "--write-tree). Upgrade git, or rebase the branch instead of merging.",
        "r57 check cần git 2.38 trở lên để kiểm tra commit merge (git merge-tree "
        "--write-tree). Hãy nâng cấp git, hoặc rebase nhánh thay vì merge.",
    ),
    "check-worktree-differs": (
        "The plan files on disk are not those of commit {head} ({files}): uncommitted "
        "changes, or a .gitattributes filter that rewrites files on checkout. r57 check "
        "judges what was committed: commit or stash the changes (git stash), or remove the "
        "filter for the plan's files.",
        "Các tệp kế hoạch trên đĩa không giống commit {head} ({files}): có thay đổi chưa "
        "commit, hoặc bộ lọc .gitattributes sửa tệp khi checkout. r57 check đánh giá những gì "
        "đã commit: hãy commit hoặc cất thay đổi (git stash), hoặc bỏ bộ lọc cho các tệp kế "
        "hoạch.",
    ),
    "check-not-head": (
        "r57 check validates the plan as checked out, but the checkout is at {checkout}, not "
        "at the end of the range {head}. Run git checkout {head} first, or end the range at "
        "HEAD.",
        "r57 check kiểm tra kế hoạch trong bản đang checkout, nhưng bản checkout đang ở "
        "{checkout}, không phải cuối dải {head}. Hãy chạy git checkout {head} trước, hoặc kết "
        "thúc dải tại HEAD.",
    ),
}


# Labels of the read-only views: (English, Vietnamese).
LABELS: dict[str, tuple[str, str]] = {
    "not_started": ("not started", "chưa bắt đầu"),
    "in_progress": ("in progress", "đang thực hiện"),
    "done": ("done", "hoàn thành"),
    "cancelled": ("cancelled", "đã huỷ"),
    "blocked": ("blocked", "vướng mắc"),
    "overdue": ("overdue", "quá hạn"),
    "late": ("{days} d late", "trễ {days} ngày"),
    "col-id": ("Task", "Nhiệm vụ"),
    "col-unit": ("Unit", "Đơn vị"),
    "col-person": ("Responsible", "Phụ trách"),
    "col-due": ("Due", "Hạn"),
    "col-pct": ("%", "%"),
    "col-plan": ("Plan %", "% KH"),
    "col-status": ("Status", "Trạng thái"),
    "col-title": ("Title", "Tên nhiệm vụ"),
    "col-flags": ("Notes", "Ghi chú"),
    "col-date": ("Date", "Ngày"),
    "col-who": ("Who", "Người báo cáo"),
    "col-what": ("What", "Nội dung"),
    "col-commit": ("Commit", "Commit"),
    "no-tasks": ("No task matches.", "Không có nhiệm vụ nào phù hợp."),
    "no-history": ("No progress recorded yet.", "Chưa có báo cáo tiến độ nào."),
    "count": ("{n} tasks", "{n} nhiệm vụ"),
    "count-1": ("1 task", "1 nhiệm vụ"),
    "owner": ("Owner unit", "Đơn vị chủ trì"),
    "co-units": ("Co-operating", "Đơn vị phối hợp"),
    "responsible": ("Responsible", "Người phụ trách"),
    "period": ("Period", "Thời gian"),
    "deliverable": ("Deliverable", "Sản phẩm"),
    "progress": ("Progress", "Tiến độ"),
    "planned-today": ("planned today {pct}%", "kế hoạch đến nay {pct}%"),
    "completed": ("completed {date}", "hoàn thành {date}"),
    "milestones": ("Milestones", "Mốc"),
    "blockers": ("Blockers", "Vướng mắc"),
    "requests": ("Resource requests", "Đề xuất nguồn lực"),
    "timeline": ("Timeline", "Diễn biến"),
    "raised": ("raised {date}", "phát sinh {date}"),
    "lifted": ("lifted {date}", "đã gỡ {date}"),
    "open": ("open", "đang chờ"),
    "granted": ("granted", "đã đáp ứng"),
    "partly_granted": ("partly granted", "đáp ứng một phần"),
    "refused": ("refused", "từ chối"),
    "withdrawn": ("withdrawn", "đã rút"),
    "late-report": ("reported {date}", "báo cáo ngày {date}"),
    "act-update": ("{prev}% → {pct}%", "{prev}% → {pct}%"),
    "act-report": ("report, no change ({pct}%)", "báo cáo, không đổi ({pct}%)"),
    "act-done": ("done ({prev}% → 100%)", "hoàn thành ({prev}% → 100%)"),
    "act-start": ("started", "bắt đầu"),
    "act-reopen": ("reopened ({prev}% → {pct}%)", "mở lại ({prev}% → {pct}%)"),
    "act-cancel": ("cancelled", "huỷ"),
    "act-block": ("blocked: {ref} ({blocker})", "vướng mắc: {ref} ({blocker})"),
    "act-unblock": ("blocker {blocker} lifted", "đã gỡ vướng mắc {blocker}"),
    "act-request": ("asks {unit} for resources ({request})", "đề xuất {unit} hỗ trợ ({request})"),
    "act-decide": ("request {request}: {status}", "đề xuất {request}: {status}"),
    "act-edit": ("edited: {subject}", "sửa tay: {subject}"),
    "reason": ("reason: {reason}", "lý do: {reason}"),
}


def label(key: str, **fields: Any) -> str:
    en, vi = LABELS[key]
    template = vi if language() == "vi" else en
    return template.format(
        **{k: printable(v) if isinstance(v, str) else v for k, v in fields.items()}
    )


def fmt_date(value: Any) -> str:
    """A date as the reader's language writes it: dd/mm/yyyy in Vietnamese, ISO in English."""
    if value is None:
        return ""
    if isinstance(value, str):
        from datetime import date

        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return printable(value)
    return str(value.strftime("%d/%m/%Y") if language() == "vi" else value.isoformat())
