"""Every word a user reads, in English (the source) and Vietnamese: the validation
code table, the staff commands' sentences, the report's words, the gate's messages, the
run's language, and escaping of text that came from the plan.

May import: nothing else of r57cli but r57cli.errors.
"""
