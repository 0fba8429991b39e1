"""Every word a user reads. The Python holds the English (the source) and the stable keys; the
Vietnamese is in vi/LC_MESSAGES/r57.po, compiled to r57.mo and read through catalog.py
(docs/translation.md gives the msgctxt scheme).

- messages.py: the validation code table and render(); codes.py, crosscodes.py,
  gatemessages.py hold the codes, phrases.py the fragments, words.py the categories.
- texts.py: the run's language, say(), label(), fmt_date(); staffwords.py the sentences.
- reportwords.py: the report's words, rsay().

May import: nothing else of r57cli but r57cli.errors.
"""
