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
}
