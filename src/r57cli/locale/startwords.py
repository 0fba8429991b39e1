"""The words of `r57 init` and `r57 import` (rsay), in English: their messages and errors,
and the comments of the files `r57 init` writes. The Vietnamese is in r57.po (msgctxt
"report:KEY"); reportwords.py adds them to rsay()'s table."""

from __future__ import annotations

START_WORDS: dict[str, str] = {
    "init-plan-comment": "# The plan: its identity and the settings every report uses.",
    "init-basis-comment": "# The documents the plan implements (add their date: and title:).",
    "init-holidays-comment": (
        "# Public holidays on working days, so that deadlines and reports skip them:\n"
        "#   - date: 2025-09-02\n"
        "#     name: {{en: National Day, vi: Quốc khánh}}"
    ),
    "init-policy-comment": "# Rules the pull-request check enforces (docs/plan.md).",
    "init-units-comment": (
        "# Units and their members. Add every unit of the plan's appendix before\n"
        "# `r57 import`, with its Vietnamese name as the appendix writes it."
    ),
    "init-bad-folder": "'{folder}' is not a folder name; give a plain name such as plan",
    "init-bad-settings": (
        "the new plan's settings are not valid:\n  {problems}\nFix these options and run "
        "r57 init again."
    ),
    "init-not-a-folder": "{path} is not a folder. Give a new or empty folder.",
    "init-not-empty": (
        "{path} is not empty. Give a new or empty folder, or --force to add the plan to "
        "it (r57 init never overwrites or deletes a file)."
    ),
    "init-would-overwrite": (
        "{path} already has {files}: r57 init does not overwrite files, even with --force. "
        "Move them away, or choose another folder (--folder for the plan's own)."
    ),
    "init-commit-failed": "git could not make the first commit:\n{output}",
    "init-missing": (
        "missing {options}: give them as options (see r57 init --help), or run r57 init "
        "in a terminal to be asked."
    ),
    "init-done": (
        "Made the plan repository {path}: {files} files, first commit {sha}.\n"
        "Next: add the plan's units to {units}, then `r57 import APPENDIX.xlsx`."
    ),
    "init-ask-again": "That answer is not valid: {problem}. Please answer again.",
    "init-ask-number": "Plan number (e.g. 286)",
    "init-ask-symbol": "Plan symbol (e.g. 286/KH-BTTTT; empty for none)",
    "init-ask-title-vi": "Plan title in Vietnamese",
    "init-ask-title-en": "Plan title in English",
    "init-ask-body-vi": "Issuing body in Vietnamese (e.g. Bộ Khoa học và Công nghệ)",
    "init-ask-body-en": "Issuing body in English (e.g. Ministry of Science and Technology)",
    "init-ask-basis": "The document it implements (e.g. 57-NQ/TW)",
    "init-ask-timezone": "Time zone",
    "init-ask-language": "Language of the plan (vi or en)",
    "init-ask-unit": "First unit's id (e.g. ndta: lower-case letters, digits, dashes)",
    "init-ask-unit-vi": "Its name in Vietnamese",
    "init-ask-unit-en": "Its name in English",
    "init-ask-person": "Coordinator's id (e.g. nguyen.van.an)",
    "init-ask-person-name": "Coordinator's full name",
    "init-ask-email": "Coordinator's git e-mail",
    "imp-unreadable": (
        "cannot read {path}: {reason}. Check that it is the appendix file and that it opens "
        "in Excel or Word."
    ),
    "imp-xls": (
        "{path} is an old Excel file (.xls), which r57 does not read. Open it in Excel and "
        "save it as .xlsx (File > Save As > Excel Workbook), then import the .xlsx."
    ),
    "imp-format": (
        "{path}: r57 import reads .xlsx, .csv and .docx tables. Save the appendix in one of "
        "these formats."
    ),
    "imp-too-big": (
        "{path} is {size} MB; r57 import reads tables up to {limit} MB. Is it the appendix? "
        "Remove images and other sheets, or split the table."
    ),
    "imp-encrypted": (
        "{path} is password-protected (encrypted), or an old .xls under another name. Open "
        "it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
        "Password, leave it empty), save it as .xlsx and import it again."
    ),
    "imp-not-office": (
        "{path} is not a {kind} file (it is not the zip archive that format is). Open it in "
        "Excel or Word and save it again as {kind}."
    ),
    "imp-no-header": (
        "{path}: no header row found in the first 15 rows. The table needs the columns STT, "
        "Nhiệm vụ, Đơn vị chủ trì, Thời gian hoàn thành (or Task, Lead unit, Completion "
        "time); name others with --map 'HEADER=field'."
    ),
    "imp-not-utf8": (
        '{path} is not UTF-8 text (byte {offset}). Save it as "CSV UTF-8" (Excel: File > '
        "Save As > CSV UTF-8), then import it again."
    ),
    "imp-no-sheet": "{path} has no sheet '{sheet}'. Its sheets: {sheets}.",
    "imp-merged-header": (
        "{path}, sheet {sheet}: the header cells {cells} are merged, so r57 cannot tell "
        "which column is which. Unmerge them (Home > Merge & Center > Unmerge Cells) and "
        "give each column its own name, then import again."
    ),
    "imp-docx-table": "table {n}",
    "imp-place": "sheet {sheet}, row {row}",
    "imp-place-column": "{place}, column {column}",
    "imp-formula": (
        "a formula ({formula}): r57 reads what a cell holds, not what Excel computes. "
        "Replace it by its value (copy, then Paste Special > Values)."
    ),
    "imp-duplicate": (
        "the same task as row {row}. Remove one of the two rows, or tell them apart in the "
        "task's text."
    ),
    "imp-exists": (
        "already in the plan as {task}. Remove the row (re-importing a changed table is not "
        "supported yet: change the task with r57 commands or by hand)."
    ),
    "imp-no-title": "no task text. Write the task, or delete the row.",
    "imp-long-title": (
        "the task text has {n} characters; a task's title holds at most 300. Shorten it (the "
        "rest can go in the task's note after import)."
    ),
    "imp-no-person": (
        "unit {unit} has no member in units.yaml to be responsible for its tasks. Add its "
        "focal person (focal:) or a member to units.yaml."
    ),
    "imp-bad-due": (
        "'{text}' is not a completion time r57 reads. Write it as Quý II/2025, Tháng 6/2025, "
        "30/6/2025, Năm 2025, Hằng năm or Thường xuyên."
    ),
    "imp-no-due": "no completion time. Write one, e.g. Quý II/2025 or 30/6/2025.",
    "imp-bad-level": (
        "'{text}' is not a level r57 knows. Write Thủ tướng, Chính phủ, Bộ trưởng, Quốc hội, "
        "Ban Bí thư or Đơn vị."
    ),
    "imp-bad-id": (
        "'{text}' is not a task ID. Write it as T-012 (capital letters, a dash, digits), or "
        "leave the column empty for r57 to number the tasks."
    ),
    "imp-no-unit": "no lead unit. Write the unit as units.yaml names it.",
    "imp-did-you-mean": "did you mean {names}?",
    "imp-add-unit": (
        "add it to units.yaml (its Vietnamese name as the table writes it), or write the "
        "unit as units.yaml names it."
    ),
    "imp-unknown-unit": "no unit '{name}' in units.yaml: {hint}",
    "imp-bad-rows": (
        "{n} problems in {path}; nothing was written (give --skip-bad to import the other "
        "rows):\n{rows}"
    ),
    "imp-bad-map": "--map '{value}': give HEADER=FIELD, the field one of {fields}.",
    "imp-missing-columns": (
        "{path}, sheet {sheet}, row {row}: no column for {fields}. The header row has: "
        "{headers}. Name the column with --map 'HEADER=field'."
    ),
    "imp-nothing": "{path}: no task row to import.",
    "imp-id-clash": (
        "the task IDs {ids} are given twice or are already in the plan. Give each row its "
        "own ID, or leave the ID column empty."
    ),
    "imp-from": "Imported from {source}, row {row}",
    "imp-translate-comment": (
        "# title.en: the appendix gives the Vietnamese only; translate it here."
    ),
    "imp-note-product": "Product: {product}.",
    "imp-note-ongoing": (
        "Completion time in the appendix: {text} (ongoing); due set to the plan's horizon, {due}."
    ),
    "imp-commit-failed": (
        "git could not commit the imported tasks; no file was left behind:\n{output}"
    ),
    "imp-file-exists": (
        "{path} exists already; r57 import does not overwrite a file. Move it away or give "
        "the row another ID."
    ),
    "imp-done": "Imported {n} tasks from {path} into {plan}: one commit {sha} on {branch}.",
    "imp-dry-run": "Dry run: nothing written. r57 import would write {n} task files in one commit:",
    "imp-skipped": "Skipped {n} rows that could not be read (--skip-bad):",
    "imp-headings": "Read as section headings, not tasks (no unit, time or product): rows {rows}.",
    "imp-milestones-comment": (
        "# Add the milestones the unit agrees (date, planned_pct) before this last one."
    ),
    # re-import (start/matching.py, start/reapply.py, render/reimport.py)
    "reimp-two-rows": (
        "rows {rows} all match task {task}. Tell them apart (an ID column, Mã nhiệm vụ, with "
        "each task's ID) or remove the extra rows."
    ),
    "reimp-ambiguous": (
        "matches more than one task of the plan: {tasks}. Give the table an ID column (Mã "
        "nhiệm vụ) with the task's ID, or tell the tasks' titles apart."
    ),
    "reimp-due-moved": (
        "moves the due date of {task} ({change}): that is a reschedule. Run again with "
        '--reason "…" (and --decision "…" if the policy asks for one) to record it as r57 '
        "reschedule does, or write the old completion time back in the table."
    ),
    "reimp-cannot": "{task} cannot take this row's change: {reason}",
    "reimp-dirty": (
        "{task}: {path} has uncommitted edits. Commit or discard them first (git diff -- {path})."
    ),
    "reimp-task-invalid": "{path} is not a valid task file. Run r57 validate and fix it first.",
    "reimp-who": (
        "your git e-mail is not in units.yaml, and a reschedule records who made it. Set git "
        "config user.email to your address in units.yaml."
    ),
    "reimp-nothing": (
        "Nothing changed: the plan already says what every row of {path} says. No commit made."
    ),
    "reimp-dry-run": "Dry run: nothing written. r57 import would make one commit:",
    "reimp-done": "Re-imported {path} into {plan}: one commit {sha} on {branch}.",
    "reimp-added": "Added ({n}):",
    "reimp-row": "row {row}",
    "reimp-changed": "Changed ({n}):",
    "reimp-moved": "Reassigned to another unit ({n}), as r57 assign does:",
    "reimp-file-moves": "the file moves to {path}",
    "reimp-rescheduled": "Rescheduled ({n}), recorded in each task's reschedules:",
    "reimp-missing": (
        "In the plan but not in the table ({n}). r57 import never deletes a task; to cancel "
        "one, run:"
    ),
}
