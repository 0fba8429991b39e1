"""One change to one task as one git commit: the change itself (progress), the minimal
YAML edit, the commit with its lock and journal, and the push.

May import: r57cli.validate, r57cli.plan and below.
"""
