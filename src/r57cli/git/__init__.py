"""The only code that runs git: the repository, its plumbing reads, and the gate's
commit and signature reads. Every git failure becomes a sentence the user can act on.

May import: r57cli.locale, r57cli.errors.
"""
