"""The words of the report's CSV for people that no other table has (rsay; the headings of
`--csv-table changes` and `--csv-table people`) and the CSV options' refusal, in English;
the Vietnamese is in r57.po (msgctxt "report:KEY")."""

CSV_WORDS: dict[str, str] = {
    "col-section": "Section",
    "col-changed": "What",
    "col-item": "Item",
    "col-before": "Before",
    "col-after": "After",
    "col-change-csv": "Change",
    "col-detail": "Detail",
    "csv-rank-move": "rank {move}",
    "col-open-tasks": "Open tasks",
    "col-silent-since": "Silent since",
    "col-reported-in-period": "Reported in the period",
    "col-silent-task": "Task silent longest",
    "csv-yes": "yes",
    "csv-no": "no",
    "csv-removed": "removed during the period (its file was deleted); not counted",
    "csv-unreadable": "not counted: its file could not be read (run r57 validate)",
    "csv-only": (
        "{options} only shapes CSV output, and this output is not CSV. Add --format csv "
        "(or -o FILE.csv), or leave {options} out."
    ),
}
