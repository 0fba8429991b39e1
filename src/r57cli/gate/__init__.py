"""What a range of commits may do (`r57 check`): the range check, the rules for each
changed file, who is who (people, units and roles read from units.yaml), and the access
files made from it (CODEOWNERS, allowed_signers).

May import: r57cli.validate, r57cli.history, r57cli.plan and below.
"""
