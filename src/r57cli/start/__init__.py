"""Starting a plan: `r57 init` makes a new plan repository (plan.yaml, units.yaml, an empty
tasks/, the schemas and the day-one files of demo/day_one.py) and `r57 import` turns the
plan's appendix table (.xlsx, .csv, .docx) into task files in one commit. It may import
demo (for the day-one files), record (the lock, the durable writes), validate, plan, git
and the words; the commands above call it and nothing below imports it."""
