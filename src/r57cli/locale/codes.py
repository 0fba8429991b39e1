"""The validation codes of one file (YAML syntax, then fields and values): code -> message.

Codes are an API: editors and CI scripts match on them, so a code is never reused for a
different problem. Templates use `str.format` fields; each entry has a message (what is wrong)
and a hint (how to fix it). English only: the Vietnamese is in vi/LC_MESSAGES/r57.po.
"""

from __future__ import annotations

from r57cli.locale.words import Category, Message, Severity

E, W = Severity.ERROR, Severity.WARNING
Y, S, X = Category.YAML, Category.SCHEMA, Category.CROSS

FILE_CODES: dict[str, Message] = {
    # --- YAML: reading the bytes and parsing them safely -----------------------------------
    "R57E001": Message(
        Y,
        E,
        "unreadable-file",
        "cannot read the file: {reason}",
        "check that the file exists and that you may read it",
    ),
    "R57E002": Message(
        Y,
        E,
        "file-too-large",
        "the file is {size} bytes, over the {limit}-byte limit for one plan file",
        "split it, or move long text out of the plan",
    ),
    "R57E003": Message(
        Y,
        E,
        "not-utf8",
        "byte {byte} is not valid UTF-8",
        "save the file as UTF-8 (in most editors: Save with encoding > UTF-8)",
    ),
    "R57E004": Message(
        Y,
        E,
        "nul-byte",
        "the file contains a NUL byte",
        "the file is binary or corrupted; restore it from git (git checkout -- FILE)",
    ),
    "R57E005": Message(
        Y,
        E,
        "empty-file",
        "the file is empty",
        "fill it in (see the bundled plan286/ for an example) or delete it",
    ),
    "R57E006": Message(
        Y,
        E,
        "yaml-syntax",
        "YAML syntax error: {problem}",
        "check indentation and the ':' after each key; quote text that contains ': ' or '#'",
    ),
    "R57E007": Message(
        Y,
        E,
        "tab-indent",
        "a tab character is used for indentation",
        "indent with spaces only (two per level)",
    ),
    "R57E008": Message(
        Y,
        E,
        "duplicate-key",
        "key '{key}' appears twice in the same block (first on line {first_line})",
        "keep one of the two lines; YAML would silently drop the other",
    ),
    "R57E009": Message(
        Y,
        E,
        "anchor-alias",
        "YAML {what} '{name}' is not allowed in plan files",
        "write the value out in full; each task file must read on its own",
    ),
    "R57E010": Message(
        Y,
        E,
        "merge-key",
        "the YAML merge key '<<' is not allowed in plan files",
        "write the keys out in full",
    ),
    "R57E011": Message(
        Y,
        E,
        "explicit-tag",
        "the YAML tag '{tag}' is not allowed in plan files",
        "remove the tag; put the value in quotes if it must be text",
    ),
    "R57E012": Message(
        Y,
        E,
        "not-a-mapping",
        "the file must hold one mapping of 'key: value' lines, found {found}",
        "start the file with keys such as 'id:' at column 1, and use a single YAML document",
    ),
    "R57E013": Message(
        Y,
        E,
        "line-separator",
        "the invisible character {char} breaks the line here",
        "delete it (it often comes with text pasted from a word processor)",
    ),
    "R57E015": Message(
        Y,
        E,
        "double-byte-order-mark",
        "the file starts with two byte-order marks (invisible U+FEFF characters)",
        "save the file as UTF-8 without a BOM; an editor that added a second one may need "
        "the setting changed",
    ),
    "R57E014": Message(
        Y,
        E,
        "control-character",
        "the control character {char} is not allowed in a YAML file",
        "delete it; it is invisible in most editors, so retype the text around it if unsure",
    ),
    "R57E017": Message(
        Y,
        E,
        "quote-not-closed",
        "this quote is never closed on its line, so the lines after it run into the value",
        "close the quote at the end of the value, or remove it",
    ),
    "R57E018": Message(
        Y,
        E,
        "conflict-markers",
        "this file is half-way through a git merge or rebase: conflict markers (<<<<<<<, "
        "=======, >>>>>>>) from here to line {end}",
        "the simple way out: git rebase --abort (or git merge --abort), then git reset --hard "
        "@{{u}} to take the shared version, and run your r57 update again; or keep the right "
        "lines, delete the three marker lines, then git add the file",
    ),
    # --- Schema: one file's fields ----------------------------------------------------------
    "R57E016": Message(
        S,
        E,
        "more-errors",
        "and {n} more errors in this file ({codes}); only the first {max} problems of a file "
        "are listed",
        "fix the problems listed, then run r57 validate again to see the rest",
    ),
    "R57E101": Message(
        S,
        E,
        "unknown-key",
        "unknown key '{key}'{suggestion}",
        "remove it or fix its spelling; allowed here: {allowed}",
    ),
    "R57E102": Message(
        S, E, "missing-key", "required key '{key}' is missing", "add '{key}:' to this block"
    ),
    "R57E103": Message(S, E, "wrong-type", "'{field}' must be {expected}, found {found}", "{fix}"),
    "R57E104": Message(
        S,
        E,
        "bad-date",
        "'{field}': {value} is not a real calendar date",
        "write a date that exists, as YYYY-MM-DD: month 01-12, day within that month",
    ),
    "R57E105": Message(
        S,
        E,
        "yes-no-boolean",
        "'{field}': '{value}' is ambiguous as a yes/no value",
        "write true or false",
    ),
    "R57E106": Message(
        S,
        E,
        "pct-range",
        "'{field}': {value} is outside 0..100",
        "a percentage is a whole number from 0 to 100",
    ),
    "R57E107": Message(
        S, E, "bad-id", "'{field}': '{value}' is not a valid {what}", "use the form {example}"
    ),
    "R57E108": Message(
        S,
        E,
        "id-filename",
        "task ID '{task_id}' does not match the file name '{filename}'",
        "rename the file to {task_id}.yaml, or fix the ID",
    ),
    "R57E109": Message(
        S,
        E,
        "not-allowed-value",
        "'{field}': '{value}' is not one of the allowed values",
        "use one of: {allowed}",
    ),
    "R57E110": Message(S, E, "invalid-value", "'{field}': {problem}", "{fix}"),
    "R57E111": Message(
        S,
        E,
        "task-folder",
        "task of unit '{unit}' is filed under the folder of unit '{folder}'",
        "move the file to tasks/{unit}/, or fix 'unit'",
    ),
    "R57E112": Message(
        S,
        E,
        "misplaced-task",
        "task files must be at tasks/<unit>/<ID>.yaml, one folder below tasks/",
        "move the file into the folder of the unit that owns the task",
    ),
    "R57E113": Message(
        S,
        E,
        "tasks-not-a-folder",
        "'tasks' must be a folder holding one folder per unit, but it is a file",
        "remove the file and create the folder tasks/",
    ),
}
