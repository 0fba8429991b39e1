"""The plan as data: the pydantic models, safe YAML reading with positions (and the fast
plain-YAML reader the reports use), discovery of plan files, the JSON Schemas, task facts,
and the plan folder inside its repository (Workspace).

May import: r57cli.git, r57cli.locale, r57cli.errors, r57cli.fingerprint.
"""
